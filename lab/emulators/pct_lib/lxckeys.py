"""Raw `lxc.*` keys a container config may hold (pve-container src/PVE/LXC/Config.pm
$valid_lxc_conf_keys, $deprecated_lxc_conf_keys, is_valid_lxc_conf_key)."""
from pvesm_lib.errors import warn

VALID = set("""
lxc.apparmor.profile lxc.apparmor.allow_incomplete lxc.apparmor.allow_nesting lxc.apparmor.raw
lxc.selinux.context lxc.include lxc.arch lxc.uts.name lxc.signal.halt lxc.signal.reboot
lxc.signal.stop lxc.init.cmd lxc.init.cwd lxc.init.uid lxc.init.gid lxc.init.groups lxc.pty.max
lxc.console.logfile lxc.console.path lxc.tty.max lxc.devtty.dir lxc.hook.autodev lxc.autodev
lxc.kmsg lxc.mount.fstab lxc.mount.entry lxc.mount.auto lxc.rootfs.mount lxc.cap.drop lxc.cap.keep
lxc.seccomp.profile lxc.seccomp.notify.proxy lxc.seccomp.notify.cookie lxc.idmap
lxc.hook.pre-start lxc.hook.pre-mount lxc.hook.mount lxc.hook.start lxc.hook.stop
lxc.hook.post-stop lxc.hook.clone lxc.hook.destroy lxc.hook.version lxc.log.level lxc.log.file
lxc.start.auto lxc.start.delay lxc.start.order lxc.group lxc.environment lxc.environment.runtime
lxc.environment.hooks lxc.sysctl.fs.mqueue lxc.sysctl.kernel.msgmax lxc.sysctl.kernel.msgmnb
lxc.sysctl.kernel.msgmni lxc.sysctl.kernel.sem lxc.sysctl.kernel.shmall lxc.sysctl.kernel.shmmax
lxc.sysctl.kernel.shmmni lxc.sysctl.kernel.shm_rmid_forced
""".split())
REFUSED = {
    "lxc.rootfs.path": "lxc.rootfs.path is auto generated from rootfs",
    "lxc.rootfs.options": "lxc.rootfs.options is not supported",
}
DEPRECATED = {
    "lxc.aa_profile": "lxc.apparmor.profile", "lxc.aa_allow_incomplete": "lxc.apparmor.allow_incomplete",
    "lxc.console": "lxc.console.path", "lxc.devttydir": "lxc.tty.dir", "lxc.haltsignal": "lxc.signal.halt",
    "lxc.rebootsignal": "lxc.signal.reboot", "lxc.stopsignal": "lxc.signal.stop", "lxc.id_map": "lxc.idmap",
    "lxc.init_cmd": "lxc.init.cmd", "lxc.loglevel": "lxc.log.level", "lxc.logfile": "lxc.log.file",
    "lxc.mount": "lxc.mount.fstab", "lxc.network.type": "lxc.net.INDEX.type",
    "lxc.network.flags": "lxc.net.INDEX.flags", "lxc.network.link": "lxc.net.INDEX.link",
    "lxc.network.mtu": "lxc.net.INDEX.mtu", "lxc.network.name": "lxc.net.INDEX.name",
    "lxc.network.hwaddr": "lxc.net.INDEX.hwaddr", "lxc.network.ipv4": "lxc.net.INDEX.ipv4.address",
    "lxc.network.ipv4.gateway": "lxc.net.INDEX.ipv4.gateway", "lxc.network.ipv6": "lxc.net.INDEX.ipv6.address",
    "lxc.network.ipv6.gateway": "lxc.net.INDEX.ipv6.gateway", "lxc.network.script.up": "lxc.net.INDEX.script.up",
    "lxc.network.script.down": "lxc.net.INDEX.script.down", "lxc.pts": "lxc.pty.max",
    "lxc.se_context": "lxc.selinux.context", "lxc.seccomp": "lxc.seccomp.profile", "lxc.tty": "lxc.tty.max",
    "lxc.utsname": "lxc.uts.name",
}


def check(vmid, key):
    """None when the key is kept (warnings printed as PVE does), else the warning that drops it."""
    if key.startswith("lxc.limit."):
        warn(f"vm {vmid} - {key}: lxc.limit.* was renamed to lxc.prlimit.*\n")
        return None
    if key in DEPRECATED:
        warn(f"vm {vmid} - {key} is deprecated and was renamed to {DEPRECATED[key]}\n")
        return None
    if key in VALID:
        return None
    if key in REFUSED:
        return f"vm {vmid} - {key}: {REFUSED[key]}\n"
    if key.startswith("lxc.cgroup."):
        warn(f"vm {vmid} - {key} is deprecated, this will be a hard error in the future!\n")
        return None
    if key.startswith(("lxc.cgroup2.", "lxc.prlimit.", "lxc.net.")):
        return None
    return f"vm {vmid} - unable to parse config: {key}\n"

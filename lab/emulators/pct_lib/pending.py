"""`pct set` semantics (pve-container src/PVE/LXC/Config.pm update_pct_config,
vmconfig_hotplug_pending, vmconfig_apply_pending, apply_pending_mountpoint; pve-guest-common
AbstractConfig.pm add_to_pending_delete / cleanup_pending / add_unused_volume)."""
import os
import re
import stat
import subprocess
import sys

from pvesm_lib.errors import PveError, warn
from pvesm_lib.schema import split_list

from . import conf as cfg
from . import runtime, schema, volumes

# Config.pm $LXC_FASTPLUG_OPTIONS: taken into the running config at once.
FASTPLUG = {"description", "onboot", "startup", "protection", "hostname", "hookscript", "cores", "tags", "lock"}
HOTMOUNT = os.path.join(os.path.dirname(os.path.realpath(__file__)), "hotmount.py")
NEW_DISK_RE = re.compile(r"^(?:([a-z][a-z0-9\-_.]*[a-z0-9]):)?(\d+(\.\d+)?)$", re.I)


def pending_delete(conf):
    """AbstractConfig::parse_pending_delete: `!key` marks a forced delete."""
    return [k.lstrip("!") for k in split_list(conf.get("pending", {}).get("delete"))]


def _set_pending_delete(conf, keys):
    if keys:
        conf["pending"]["delete"] = ",".join(keys)
    else:
        conf["pending"].pop("delete", None)


def add_to_pending_delete(conf, key):
    keys = pending_delete(conf)
    conf["pending"].pop(key, None)
    if key not in keys:
        keys.append(key)
    _set_pending_delete(conf, keys)


def remove_from_pending_delete(conf, key):
    _set_pending_delete(conf, [k for k in pending_delete(conf) if k != key])


def cleanup_pending(conf):
    """Drops pending values equal to the current ones, and deletes of keys that are not set."""
    for key in [k for k in conf["pending"] if k != "delete"]:
        if str(conf["pending"][key]) == str(conf.get(key, "\0")):
            del conf["pending"][key]
    _set_pending_delete(conf, [k for k in pending_delete(conf) if k in conf])


def add_unused_volume(conf, volid):
    """AbstractConfig::add_unused_volume: the first free unusedN, unless already listed."""
    for i in range(256):
        if conf.get(f"unused{i}") == volid:
            return
    for i in range(256):
        if f"unused{i}" not in conf:
            conf[f"unused{i}"] = volid
            return
    raise PveError("Too many unused volumes - please delete them first.\n")


def _in_use(conf, volid, skip_key):
    for key, mp in volumes.foreach_volume(conf):
        if key != skip_key and mp["type"] == "volume" and mp["volume"] == volid:
            return True
    for snap in conf.get("snapshots", {}).values():
        for _, mp in volumes.foreach_volume(snap):
            if mp["type"] == "volume" and mp["volume"] == volid:
                return True
    return False


def validate_param(vmid, conf, key, value):
    """update_pct_config's per-option checks; returns the value to store in [pve:pending]."""
    if re.match(r"^mp\d+$", key) or key == "rootfs":
        cfg.check_protection(conf, f"can't update CT {vmid} drive '{key}'")
        mp = schema.parse_volume(key, value)
        if mp["type"] == "volume" and not NEW_DISK_RE.match(mp["volume"]):
            sid, _ = volumes.parse_volid(mp["volume"])
            volumes.storage(sid, "rootdir")
        elif mp["type"] == "volume":
            sid = NEW_DISK_RE.match(mp["volume"]).group(1)
            if sid:
                volumes.storage(sid, "rootdir")
        return value
    if key in ("nameserver", "searchdomain"):
        return " ".join(split_list(value))
    if key == "unprivileged":
        raise PveError(f"unable to modify read-only option: '{key}'\n")
    if key == "tags":
        return schema.unique_tags(value)
    if re.match(r"^dev\d+$", key):
        dev = schema.parse_propstr("dev", value)
        if dev.get("path") is None:
            raise PveError(f"Path is not defined for passthrough device {key}")
        check_device(dev["path"])
    return value


def check_device(path):
    """LXC/Tools.pm get_device_mode_and_rdev."""
    if not path.startswith("/dev/"):
        raise PveError(f"{path} is not a valid device path\n")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise PveError(f"Device {path} does not exist\n") from None
    if not (stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)):
        raise PveError(f"{path} is not a device\n")


def update(vmid, conf, running, param, delete):
    """update_pct_config: everything goes through [pve:pending], then is applied or hot-plugged."""
    modified = set()
    for key in delete:
        if key not in conf and key not in conf["pending"]:
            warn(f"cannot delete '{key}' - not set in current configuration!\n")
            continue
        modified.add(key)
        if key in ("memory", "rootfs", "ostype"):
            raise PveError(f"unable to delete required option '{key}'\n")
        if re.match(r"^(unused|mp)\d+$", key):
            cfg.check_protection(conf, f"can't remove CT {vmid} drive '{key}'")
        elif key == "unprivileged":
            raise PveError(f"unable to delete read-only option: '{key}'\n")
        add_to_pending_delete(conf, key)
    for key in sorted(param):
        modified.add(key)
        conf["pending"][key] = validate_param(vmid, conf, key, param[key])
        remove_from_pending_delete(conf, key)
    cleanup_pending(conf)
    if running:
        return hotplug(vmid, conf, modified)
    apply(vmid, conf, modified)
    return {}


def _alloc_new(vmid, conf, key, value, default_storage=None):
    """LXC.pm create_disks for one `STORAGE:SIZE` mount point; returns the normalized string."""
    mp = schema.parse_volume(key, value)
    match = NEW_DISK_RE.match(mp["volume"]) if mp["type"] == "volume" else None
    if not match:
        return schema.print_volume(key, mp)
    sid = match.group(1) or default_storage
    size_gib = match.group(2)
    rootuid = volumes.ROOT_SHIFT if conf.get("unprivileged") else 0
    volid, size = volumes.alloc(sid, vmid, size_gib, rootuid)
    mp["volume"], mp["size"] = volid, size
    return schema.print_volume(key, mp)


def _apply_mountpoint(vmid, conf, key, running):
    value = conf["pending"][key]
    old = conf.get(key)
    conf["pending"][key] = _alloc_new(vmid, conf, key, value)
    if running:  # only for a new mount point: hotplug() leaves existing ones pending
        try:
            hotplug_mount(vmid, conf, key, conf["pending"][key])
        except PveError:
            # apply_pending_mountpoint: a disk made for a failed hotplug is destroyed again.
            new = schema.parse_volume(key, conf["pending"][key])
            if new["type"] == "volume" and NEW_DISK_RE.match(schema.parse_volume(key, value)["volume"]):
                volumes.free(new["volume"])
            conf["pending"][key] = value
            raise
    if old is not None:
        mp = schema.parse_volume(key, old)
        if mp["type"] == "volume" and not _in_use(conf, mp["volume"], key):
            add_unused_volume(conf, mp["volume"])


def hotplug_mount(vmid, conf, key, value):
    """LXC.pm mountpoint_hotplug: the mount appears in the running container at once."""
    pid = runtime.find_pid(vmid)
    mp = schema.parse_volume(key, value)
    src = volumes.volume_path(mp["volume"]) if mp["type"] == "volume" else mp["volume"]
    res = subprocess.run([sys.executable, HOTMOUNT, str(pid), src, mp["mp"], "1" if mp.get("ro") else "0"],
                         capture_output=True, text=True, check=False)
    if res.returncode:
        raise PveError(f"{res.stderr.strip()}\n")


def _net(value):
    return schema.print_propstr("net", schema.parse_net(value))


def hotplug(vmid, conf, selection):
    """vmconfig_hotplug_pending: fastplug keys, memory/swap/cpu, netN, new mpN at once."""
    pending = conf["pending"]
    for key in sorted(k for k in pending if k in FASTPLUG and k in selection):
        conf[key] = pending.pop(key)
    for key in sorted(pending_delete(conf)):
        if key not in selection:
            continue
        if key in FASTPLUG or key in ("swap", "cpulimit", "cpuunits") or re.match(r"^net\d+$", key):
            pass
        elif re.match(r"^unused\d+$", key):
            if not _in_use(conf, conf[key], key):
                volumes.free(conf[key])
        else:
            continue
        conf.pop(key, None)
        remove_from_pending_delete(conf, key)
    errors = {}
    for key in sorted(k for k in pending if k != "delete"):
        if key not in selection:
            continue
        value = pending[key]
        try:
            if key in ("memory", "swap", "cpulimit", "cpuunits"):
                pass  # no cgroup limits in the lab: the value is taken as LXC would apply it
            elif re.match(r"^net\d+$", key):
                value = _net(value)
            elif re.match(r"^mp\d+$", key):
                if key in conf:
                    continue
                _apply_mountpoint(vmid, conf, key, True)
                value = pending[key]
            else:
                continue
        except PveError as err:
            errors[key] = f"unable to hotplug {key}: {err.msg.rstrip()}"
            continue
        conf[key] = value
        del pending[key]
    return errors


def apply(vmid, conf, selection=None):
    """vmconfig_apply_pending: deletes first (a replaced volume mp becomes unusedN), then values."""
    for key in sorted(pending_delete(conf)):
        if selection is not None and key not in selection:
            continue
        if re.match(r"^mp\d+$", key):
            mp = schema.parse_volume(key, conf[key])
            if mp["type"] == "volume" and not _in_use(conf, mp["volume"], key):
                add_unused_volume(conf, mp["volume"])
        elif re.match(r"^unused\d+$", key):
            if not _in_use(conf, conf[key], key):
                volumes.free(conf[key])
        conf.pop(key, None)
        remove_from_pending_delete(conf, key)
    cleanup_pending(conf)
    for key in sorted(k for k in conf["pending"] if k != "delete"):
        if selection is not None and key not in selection:
            continue
        if re.match(r"^mp\d+$", key):
            _apply_mountpoint(vmid, conf, key, False)
        elif re.match(r"^net\d+$", key):
            conf["pending"][key] = _net(conf["pending"][key])
        conf[key] = conf["pending"].pop(key)

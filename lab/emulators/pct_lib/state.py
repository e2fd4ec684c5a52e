"""pct start / stop / shutdown / reboot / status / list / exec / push / pull (pve-container
src/PVE/API2/LXC/Status.pm, src/PVE/CLI/pct.pm list/status/exec/push/pull, LXC.pm vmstatus)."""
import os
import pwd
import shutil
import grp

from pvesm_lib.errors import PveError

from . import conf as cfg
from . import create, pending, runtime, schema, volumes


def _start(vmid, conf):
    """vm_start: pending changes are applied first, the hostname files rewritten."""
    if conf["pending"]:
        pending.apply(vmid, conf)
        cfg.write(vmid, conf)
    rootfs = runtime.plan(vmid, conf)["rootfs"]
    if rootfs:
        create.setup_files(vmid, conf, rootfs)
    runtime.start(vmid, conf)


def cmd_start(param):
    vmid = int(param["vmid"])
    if runtime.is_running(vmid):
        raise PveError(f"CT {vmid} already running\n")
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        if cfg.is_template(conf):
            raise PveError("you can't start a CT if it's a template\n")
        if param.get("skiplock") != "1":
            cfg.check_lock(conf)
        _start(vmid, conf)


def _require_running(vmid, word="CT"):
    if not runtime.is_running(vmid):
        raise PveError(f"{word} {vmid} not running\n")


def cmd_stop(param):
    vmid = int(param["vmid"])
    _require_running(vmid)
    conf = cfg.load(vmid)
    if param.get("skiplock") != "1":
        cfg.check_lock(conf)
    runtime.stop(vmid)


def cmd_shutdown(param):
    vmid = int(param["vmid"])
    _require_running(vmid)
    conf = cfg.load(vmid)
    cfg.check_lock(conf)
    runtime.shutdown(vmid, int(param.get("timeout", 60)), param.get("forceStop") == "1")


def cmd_reboot(param):
    vmid = int(param["vmid"])
    _require_running(vmid, "VM")
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        cfg.check_lock(conf)
        runtime.shutdown(vmid, int(param.get("timeout", 60)), True)
        _start(vmid, conf)


def _maxdisk(conf):
    try:
        mp = schema.parse_volume("rootfs", conf["rootfs"])
        return mp.get("size") or 4 * 1024**3
    except (KeyError, PveError):
        return 4 * 1024**3


def vmstatus(vmid, conf):
    """LXC.pm vmstatus for one CT (usage counters are zero: the lab keeps no cgroup stats)."""
    pid = runtime.find_pid(vmid)
    memory = int(conf.get("memory", 512))
    swap = int(conf.get("swap", 512))
    res = {"cpus": int(conf.get("cores", 0)) or os.cpu_count(), "disk": 0, "diskread": 0, "diskwrite": 0,
           "maxdisk": _maxdisk(conf), "maxmem": memory * 1024**2, "maxswap": swap * 1024**2, "mem": 0,
           "name": (conf.get("hostname") or f"CT{vmid}").strip(), "netin": 0, "netout": 0,
           "status": "running" if pid else "stopped", "swap": 0, "type": "lxc",
           "uptime": runtime.uptime(vmid), "vmid": vmid}
    if pid:
        res["pid"] = pid
    for key in ("lock", "tags"):
        if conf.get(key):
            res[key] = conf[key]
    if cfg.is_template(conf):
        res["template"] = 1
    return res


def cmd_status(param):
    vmid = int(param["vmid"])
    conf = cfg.load(vmid)
    stat = vmstatus(vmid, conf)
    if param.get("verbose") == "1":
        for key in sorted(stat):
            if key != "cpu":
                print(f"{key}: {stat[key]}")
    else:
        print(f"status: {stat['status']}")


def cmd_list(param):
    """pct.pm list: no header at all without containers; printf columns with trailing spaces."""
    out = ""
    for vmid in cfg.all_vmids():
        try:
            conf = cfg.load(vmid)
        except PveError:
            continue
        stat = vmstatus(vmid, conf)
        out += "%-10s %-10s %-12s %-20s\n" % (vmid, stat["status"], conf.get("lock", ""), stat["name"])
    if out:
        print("%-10s %-10s %-12s %-20s" % ("VMID", "Status", "Lock", "Name"))
        print(out, end="")


def cmd_exec(param, command):
    vmid = int(param["vmid"])
    cfg.load(vmid)
    if not command:
        raise PveError("missing command at /usr/share/perl5/PVE/CLI/pct.pm line 200.\n")
    return runtime.exec_in(vmid, command)


def _ids(perms, user, group, pid):
    """pct.pm push/pull: user and group names resolved inside the CT."""
    def lookup(name, path, idx):
        if name is None:
            return None
        if name.isdigit():
            return int(name)
        with open(f"/proc/{pid}/root/etc/{path}", encoding="utf-8") as fh:
            for line in fh:
                fields = line.split(":")
                if fields[0] == name:
                    return int(fields[idx])
        raise PveError(f"unknown {'user' if path == 'passwd' else 'group'} '{name}'\n")
    mode = None
    if perms is not None:
        mode = int(perms, 16) if perms.lower().startswith("0x") else int(perms, 8)
    return mode, lookup(user, "passwd", 2), lookup(group, "group", 2)


def _shift(conf):
    return volumes.ROOT_SHIFT if conf.get("unprivileged") else 0


def cmd_push(param):
    vmid = int(param["vmid"])
    conf = cfg.load(vmid)
    pid = runtime.find_pid(vmid)
    if pid is None:
        raise PveError("can only push files to a running CT\n")
    mode, uid, gid = _ids(param.get("perms"), param.get("user"), param.get("group"), pid)
    dest = f"/proc/{pid}/root/{param['destination'].lstrip('/')}"
    if not os.path.isdir(os.path.dirname(dest)):
        raise PveError(f"failed to open {param['destination']} for writing: No such file or directory\n")
    with open(param["file"], "rb") as src, open(dest, "wb") as dst:
        shutil.copyfileobj(src, dst)
    if mode is not None:
        os.chmod(dest, mode)
    os.chown(dest, (uid or 0) + _shift(conf), (gid or 0) + _shift(conf))


def cmd_pull(param):
    vmid = int(param["vmid"])
    cfg.load(vmid)
    pid = runtime.find_pid(vmid)
    if pid is None:
        raise PveError("can only pull files from a running VM at /usr/share/perl5/PVE/CLI/pct.pm line 325.\n")
    mode, uid, gid = _ids(param.get("perms"), param.get("user"), param.get("group"), pid)
    src = f"/proc/{pid}/root/{param['path'].lstrip('/')}"
    if not os.path.isfile(src):
        raise PveError(f"failed to open {param['path']} for reading\n")
    with open(src, "rb") as s, open(param["destination"], "wb") as d:
        shutil.copyfileobj(s, d)
    if mode is not None:
        os.chmod(param["destination"], mode)
    if uid is not None or gid is not None:
        os.chown(param["destination"], uid if uid is not None else -1, gid if gid is not None else -1)

"""Running containers. A started container is a real process tree: `unshare` gives it its own
PID, mount, UTS, IPC and network namespaces, ctinit.py mounts its volumes, devices and /proc,
sets its hostname and chroots into the rootfs, and a small shell init stays up as its PID 1.
This stands in for lxc-start (pve-container LXC.pm vm_start, lxc-pve's lxc.hook.*).
Status comes from that process (LXC.pm check_running / find_lxc_pid), never from a flag file:
its pid and start time are recorded so a reused pid is not mistaken for the container."""
import json
import os
import signal
import stat
import subprocess
import sys
import time

from pvesm_lib.errors import PveError

from . import schema, volumes

RUN_DIR = "/run/phoenix-lab/pct"
CTINIT = os.path.join(os.path.dirname(os.path.realpath(__file__)), "ctinit.py")


def _pidfile(vmid):
    return os.path.join(RUN_DIR, f"{vmid}.pid")


def _starttime(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None, None
    return fields[0], fields[19]


def find_pid(vmid):
    """The container init's pid when it runs (not a zombie), else None."""
    try:
        with open(_pidfile(vmid), encoding="utf-8") as fh:
            pid, start = fh.read().split()
    except (FileNotFoundError, ValueError):
        return None
    state, actual = _starttime(pid)
    if actual != start or state in ("Z", "X"):
        return None
    return int(pid)


def is_running(vmid):
    return find_pid(vmid) is not None


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="utf-8") as fh:
            return [int(p) for p in fh.read().split()]
    except FileNotFoundError:
        return []


def _device_nodes(conf):
    """devN entries (LXC.pm device passthrough): node type and numbers from the host's node."""
    res = []
    for i in range(256):
        if not conf.get(f"dev{i}"):
            continue
        dev = schema.parse_propstr("dev", conf[f"dev{i}"])
        st = os.stat(dev["path"])
        kind = "c" if stat.S_ISCHR(st.st_mode) else "b"
        res.append({"path": dev["path"], "kind": kind, "major": os.major(st.st_rdev),
                    "minor": os.minor(st.st_rdev), "mode": int(dev.get("mode", "0660"), 8),
                    "uid": int(dev.get("uid", 0)), "gid": int(dev.get("gid", 0))})
    return res


def _raw_mount_entries(conf):
    """lxc.mount.entry lines: `src dst type opts` (bind mounts with create=file|dir)."""
    res = []
    for key, value in conf.get("lxc", []):
        if key != "lxc.mount.entry":
            continue
        fields = value.split()
        if len(fields) < 4 or "bind" not in fields[3].split(","):
            continue
        opts = fields[3].split(",")
        create = "file" if "create=file" in opts else "dir" if "create=dir" in opts else None
        res.append({"src": fields[0], "dst": "/" + fields[1].lstrip("/"), "ro": "ro" in opts,
                    "create": create, "optional": "optional" in opts})
    return res


def plan(vmid, conf):
    """What ctinit.py must set up, computed here where the storages are known."""
    mounts = []
    rootfs = None
    for key, mp in volumes.foreach_volume(conf):
        src = volumes.volume_path(mp["volume"]) if mp["type"] == "volume" else mp["volume"]
        if key == "rootfs":
            rootfs = src
            continue
        mounts.append({"src": src, "dst": mp["mp"], "ro": bool(mp.get("ro")), "create": "dir", "optional": False})
    mounts.sort(key=lambda m: m["dst"].rstrip("/").count("/"))
    return {"vmid": vmid, "rootfs": rootfs, "hostname": conf.get("hostname") or f"CT{vmid}",
            "mounts": mounts + _raw_mount_entries(conf), "devices": _device_nodes(conf),
            "unprivileged": bool(conf.get("unprivileged"))}


def start(vmid, conf):
    os.makedirs(RUN_DIR, exist_ok=True)
    spec = plan(vmid, conf)
    if not spec["rootfs"] or not os.path.isdir(spec["rootfs"]):
        raise PveError(f"unable to start CT {vmid}: rootfs '{spec['rootfs']}' is not mounted\n")
    log = open(os.path.join(RUN_DIR, f"{vmid}.log"), "w")
    proc = subprocess.Popen(
        ["unshare", "--pid", "--mount", "--uts", "--ipc", "--net", "--fork",
         "--propagation", "private", sys.executable, CTINIT, json.dumps(spec)],
        stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=True, start_new_session=True)
    log.close()
    want = os.stat(spec["rootfs"])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        kids = _children(proc.pid)
        if kids:
            pid = kids[0]
            try:
                # The init has chrooted (its root is the rootfs: readlink would show the path
                # outside the lab host's own chroot) and exec'd the shell.
                root = os.stat(f"/proc/{pid}/root/")
                if (root.st_dev, root.st_ino) == (want.st_dev, want.st_ino) and _comm(pid) == "sh":
                    state, start_time = _starttime(pid)
                    with open(_pidfile(vmid), "w", encoding="utf-8") as fh:
                        fh.write(f"{pid} {start_time}\n")
                    return pid
            except (FileNotFoundError, PermissionError):
                pass
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    with open(os.path.join(RUN_DIR, f"{vmid}.log"), encoding="utf-8", errors="replace") as fh:
        detail = fh.read().strip()
    if proc.poll() is None:
        proc.kill()
    raise PveError(f"startup for container '{vmid}' failed\n" + (detail + "\n" if detail else ""))


def _comm(pid):
    with open(f"/proc/{pid}/comm", encoding="utf-8") as fh:
        return fh.read().strip()


def _wait_gone(vmid, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_running(vmid):
            return True
        time.sleep(0.02)
    return not is_running(vmid)


def stop(vmid):
    """lxc-stop --kill: the init dies, and with it the whole PID namespace."""
    pid = find_pid(vmid)
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
        _wait_gone(vmid, 10)
    _cleanup(vmid)


def shutdown(vmid, timeout, force):
    """lxc-stop with a timeout: the init is asked to stop (SIGTERM here, SIGPWR/RTMIN+3 on LXC)."""
    pid = find_pid(vmid)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        if not _wait_gone(vmid, timeout):
            if not force:
                raise PveError("container did not stop\n")
            stop(vmid)
    _cleanup(vmid)


def _cleanup(vmid):
    for suffix in (".pid",):
        try:
            os.unlink(os.path.join(RUN_DIR, f"{vmid}{suffix}"))
        except FileNotFoundError:
            pass


def nsenter_argv(pid):
    return ["nsenter", "--target", str(pid), "--pid", "--mount", "--uts", "--ipc", "--net", "--root", "--wd"]


def exec_in(vmid, argv):
    """lxc-attach: the command inside the container's namespaces and root; its exit code."""
    pid = find_pid(vmid)
    if pid is None:
        raise PveError(f"container '{vmid}' not running!\n")
    sys.stdout.flush()
    env = dict(os.environ)
    env.setdefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
    try:
        return subprocess.run(nsenter_argv(pid) + ["--"] + argv, env=env, check=False).returncode
    except KeyboardInterrupt:
        return 130


def uptime(vmid):
    pid = find_pid(vmid)
    if pid is None:
        return 0
    _, start = _starttime(pid)
    with open("/proc/uptime", encoding="utf-8") as fh:
        up = float(fh.read().split()[0])
    return max(0, int(up - int(start) / os.sysconf("SC_CLK_TCK")))

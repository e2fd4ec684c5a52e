"""What storage activation and status do on the host: `zfs` and `mountpoint` calls, directories
and statvfs (DirPlugin.pm, Plugin.pm activate_storage/status, ZFSPoolPlugin.pm)."""
import os
import re
import subprocess

from .errors import PveError, warn
from .schema import parse_boolean, verify_path

# Plugin.pm $vtype_subdirs: where each content type lives below a dir storage's path.
VTYPE_SUBDIRS = {"images": "images", "rootdir": "private", "iso": "template/iso",
                 "vztmpl": "template/cache", "backup": "dump", "snippets": "snippets",
                 "import": "import"}
# PVE gives zfs 10 s outside workers; zfs-fuse on a busy 2-core lab host needs more slack.
ZFS_TIMEOUT = 60


def _run(argv):
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=ZFS_TIMEOUT, check=False)
    except FileNotFoundError:
        return 127, "", f"{argv[0]}: command not found\n"
    except subprocess.TimeoutExpired:
        raise PveError(f"command '{' '.join(argv)}' failed: got timeout\n") from None
    return proc.returncode, proc.stdout, proc.stderr


def zfs_request(*params):
    """ZFSPoolPlugin::zfs_request via run_command(errmsg => 'zfs error'): stderr lines are
    echoed as they come, except that the last one of a failed run becomes the error text."""
    code, out, err = _run(["zfs", *params])
    lines = [line for line in re.split(r"\r\n?|\n", err) if line]
    if code != 0:
        for line in lines[:-1]:
            warn(line)
        raise PveError(f"zfs error: {lines[-1] if lines else f'exit code {code}'}\n")
    for line in lines:
        warn(line)
    return out


def zfs_mountpoint(pool):
    """on_add_hook: the dataset's mountpoint, or None (errors ignored, as PVE does)."""
    try:
        first = (zfs_request("get", "-o", "value", "-Hp", "mountpoint", pool).split("\n") or [""])[0]
    except PveError:
        return None
    return first if verify_path(first) else None


def activate_zfspool(sid, scfg):
    """Phoenix's emulator checks the dataset exists; PVE itself only imports the pool and runs
    `zfs mount -a`, so a typo'd dataset would be accepted there."""
    try:
        zfs_request("list", "-H", "-o", "name", scfg["pool"])
    except PveError as err:
        raise PveError(f"could not activate storage '{sid}', {err.msg}\n") from None


def zfspool_status(scfg):
    """ZFSPoolPlugin::status: total = available + used of the dataset; failures only warn."""
    try:
        lines = zfs_request("get", "-o", "value", "-Hp", "available,used", scfg["pool"]).split("\n")
    except PveError as err:
        warn(err.msg)
        return 0, 0, 0, 0
    avail = int(lines[0]) if re.fullmatch(r"\d+", lines[0]) else 0
    used = int(lines[1]) if len(lines) > 1 and re.fullmatch(r"\d+", lines[1]) else 0
    return avail + used, avail, used, 1


def mountpoint_of(scfg):
    """DirPlugin::parse_is_mountpoint: yes → the storage path, no/unset → None, else a path."""
    value = scfg.get("is_mountpoint")
    if value is None:
        return None
    flag = parse_boolean(str(value))
    if flag is not None:
        return scfg["path"] if flag else None
    return value


def is_mounted(path):
    """`mountpoint -q` (zfs-fuse datasets are real mounts); /proc/self/mounts when it is missing."""
    try:
        return subprocess.run(["mountpoint", "-q", path], check=False).returncode == 0
    except FileNotFoundError:
        real = os.path.realpath(path)
        with open("/proc/self/mounts", encoding="utf-8") as fh:
            return any(line.split()[1] == real for line in fh if len(line.split()) > 1)


def _flag(scfg, *keys):
    """`$scfg->{a} // $scfg->{b} // 1`: the first defined option wins, default on."""
    for key in keys:
        if scfg.get(key) is not None:
            return scfg[key]
    return 1


def subdir(scfg, vtype):
    overrides = dict(item.split("=", 1) for item in re.split(r"[,;\s]+", scfg.get("content-dirs", "")) if "=" in item)
    return f"{scfg['path']}/{overrides.get(vtype, VTYPE_SUBDIRS[vtype])}"


def _mkpath(path):
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as err:
        raise PveError(f"mkdir {path}: {err.strerror}\n") from None


def activate_dir(sid, scfg):
    """DirPlugin + Plugin activate_storage: mount check first, so an unmounted dataset is never
    written into; then the base path and the per-content subdirectories."""
    path, mount = scfg["path"], mountpoint_of(scfg)
    if mount is not None and not is_mounted(mount):
        raise PveError(f"unable to activate storage '{sid}' - directory is expected to be a mount point but is not mounted: '{mount}'\n")
    if _flag(scfg, "create-base-path", "mkdir"):
        _mkpath(path)
    if not os.path.isdir(path):
        raise PveError(f"unable to activate storage '{sid}' - directory '{path}' does not exist or is unreachable\n")
    content = scfg.get("content", set())
    if _flag(scfg, "create-subdirs") and _flag(scfg, "mkdir"):
        for vtype in sorted(VTYPE_SUBDIRS):
            # Plugin.pm: rootdir storages also get dump/ ("OpenVZMigrate uses backup (dump) dir").
            if vtype in content or (vtype == "backup" and "rootdir" in content):
                if subdir(scfg, vtype) != path:
                    _mkpath(subdir(scfg, vtype))


def dir_status(scfg):
    """Plugin::status via Filesys::Df: bytes from statvfs; a zero total means inactive."""
    try:
        st = os.statvfs(scfg["path"])
    except OSError:
        return 0, 0, 0, 0
    total = st.f_blocks * st.f_frsize
    if total == 0:
        return 0, 0, 0, 0
    return total, st.f_bavail * st.f_frsize, total - st.f_bfree * st.f_frsize, 1

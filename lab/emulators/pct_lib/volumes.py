"""Container volumes on zfspool storages (pve-storage ZFSPoolPlugin.pm alloc_image/free_image/
volume_snapshot*/volume_resize/create_base/clone_image, pve-container LXC.pm create_disks and
AbstractConfig foreach_volume). ZFS goes through the lab's OpenZFS front end (`zfs`), so
acltype/xattr are kept as OpenZFS shows them; send/recv use zfs-fuse itself."""
import os
import time
import re
import subprocess

from pvesm_lib import host
from pvesm_lib.cfgfile import read_config
from pvesm_lib.commands import activate, is_enabled, nodename, storage_config
from pvesm_lib.errors import PveError

from . import schema

VOLID_RE = re.compile(r"^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$", re.I)
ZFS_VOLNAME_RE = re.compile(r"^(((base|basevol)-(\d+)-\S+)/)?((base|basevol|vm|subvol)-(\d+)-\S+)$")
MP_KEYS = ["rootfs"] + [f"mp{i}" for i in range(256)]
ZFS_FUSE = "/usr/sbin/zfs"
ROOT_SHIFT = 100000  # the default unprivileged id map: u/g 0:100000:65536


def foreach_volume(conf, include_unused=False):
    """AbstractConfig::foreach_volume: rootfs then mp0..mp255 (then unusedN), parsed."""
    keys = MP_KEYS + ([f"unused{i}" for i in range(256)] if include_unused else [])
    for key in keys:
        if conf.get(key):
            try:
                yield key, schema.parse_volume(key, conf[key])
            except PveError:
                continue


def parse_volid(volid):
    match = VOLID_RE.match(volid)
    if not match:
        raise PveError(f"unable to parse volume ID '{volid}'\n")
    return match.group(1), match.group(2)


def storage(sid, content=None):
    """storage_config + storage_check_enabled + activate_storage for one storage id."""
    cfg = read_config()
    scfg = storage_config(cfg, sid)
    if not is_enabled(scfg):
        raise PveError(f"storage '{sid}' is disabled\n" if scfg.get("disable")
                       else f"storage '{sid}' is not available on node '{nodename()}'\n")
    if content and content not in scfg.get("content", ()):
        raise PveError(f"storage '{sid}' does not allow content type '{content}' (Container)\n")
    activate(sid, scfg)
    return scfg


def zfs_storage(sid):
    scfg = storage(sid)
    if scfg["type"] != "zfspool":
        raise PveError(f"pct emulator: container volumes on '{scfg['type']}' storage '{sid}' are not emulated (only zfspool)\n")
    return scfg


def zfs_name(volname):
    match = ZFS_VOLNAME_RE.match(volname)
    if not match:
        raise PveError(f"unable to parse zfs volume name '{volname}'\n")
    return match.group(5), match.group(2)


def dataset(volid):
    sid, volname = parse_volid(volid)
    scfg = zfs_storage(sid)
    return f"{scfg['pool']}/{zfs_name(volname)[0]}"


def volume_path(volid):
    """ZFSPoolPlugin::path for a subvol: <mountpoint or /pool>/<name>."""
    sid, volname = parse_volid(volid)
    scfg = zfs_storage(sid)
    base = scfg.get("mountpoint") or f"/{scfg['pool']}"
    return f"{base}/{zfs_name(volname)[0]}"


def _zfs(*args):
    return host.zfs_request(*args)


def _list_names(pool):
    out = _zfs("list", "-H", "-o", "name", "-t", "filesystem,volume", "-r", pool)
    return {line.rpartition("/")[2] for line in out.splitlines() if line.startswith(pool + "/")}


def alloc(sid, vmid, size_gib, rootuid=0):
    """ZFSPoolPlugin::alloc_image(fmt subvol): first free disk-N, refquota in KiB."""
    scfg = zfs_storage(sid)
    if "rootdir" not in scfg.get("content", ()):
        raise PveError(f"storage '{sid}' does not allow content type 'rootdir' (Container)\n")
    taken = _list_names(scfg["pool"])
    n = 0
    while any(f"{p}-{vmid}-disk-{n}" in taken for p in ("vm", "base", "subvol", "basevol")):
        n += 1
    name = f"subvol-{vmid}-disk-{n}"
    size_kib = int(float(size_gib) * 1024 * 1024)
    quota = f"{size_kib}k" if size_kib else "none"
    _zfs("create", "-o", "acltype=posixacl", "-o", "xattr=sa", "-o", f"refquota={quota}", f"{scfg['pool']}/{name}")
    volid = f"{sid}:{name}"
    if rootuid:
        os.chown(volume_path(volid), rootuid, rootuid)
    return volid, size_kib * 1024


def free(volid):
    """ZFSPoolPlugin::free_image: `zfs destroy -r`; a base volume with clones cannot go.

    As zfs_delete_zvol does, "dataset is busy" is retried (6 tries, 1 s apart): a container just
    stopped may still hold its mounts while its namespaces are torn down."""
    for attempt in range(6):
        try:
            _zfs("destroy", "-r", dataset(volid))
            return
        except PveError as err:
            if "dataset is busy" not in str(err) or attempt == 5:
                raise
            time.sleep(1)


def snapshot(volid, snap):
    _zfs("snapshot", f"{dataset(volid)}@{snap}")


def delsnapshot(volid, snap):
    _zfs("destroy", f"{dataset(volid)}@{snap}")


def snapshots(volid):
    out = _zfs("list", "-H", "-o", "name", "-t", "snapshot", "-s", "creation", "-r", dataset(volid))
    ds = dataset(volid)
    return [line.split("@", 1)[1] for line in out.splitlines() if line.startswith(ds + "@")]


def rollback(volid, snap):
    """ZFSPoolPlugin::volume_rollback_is_possible, then `zfs rollback`."""
    snaps = snapshots(volid)
    if snap not in snaps:
        raise PveError(f"snapshot '{snap}' does not exist\n")
    if snaps[-1] != snap:
        raise PveError(f"can't rollback, '{snap}' is not most recent snapshot on '{volid}'\n")
    _zfs("rollback", f"{dataset(volid)}@{snap}")
    # ZFSPoolPlugin unmounts a rolled-back subvol to drop stale kernel caches; activate_volume
    # mounts it again.
    _zfs("unmount", dataset(volid))
    _zfs("mount", dataset(volid))


def refquota(volid):
    value = _zfs("get", "-Hp", "-o", "value", "refquota", dataset(volid)).strip()
    return int(value) if value.isdigit() else 0


def resize(volid, size):
    _zfs("set", f"refquota={size // 1024}k", dataset(volid))


def create_base(volid):
    """ZFSPoolPlugin::create_base: subvol-N-disk-M -> basevol-N-disk-M, snapshot @__base__."""
    sid, volname = parse_volid(volid)
    name = zfs_name(volname)[0]
    if not name.startswith("subvol-"):
        return volid
    scfg = zfs_storage(sid)
    newname = "basevol-" + name[len("subvol-"):]
    # zfs-fuse refuses to rename a mounted filesystem ("dataset is busy"); OpenZFS remounts it.
    _zfs("unmount", f"{scfg['pool']}/{name}")
    _zfs("rename", f"{scfg['pool']}/{name}", f"{scfg['pool']}/{newname}")
    subprocess.run([ZFS_FUSE, "mount", f"{scfg['pool']}/{newname}"], capture_output=True, check=False)
    _zfs("snapshot", f"{scfg['pool']}/{newname}@__base__")
    return f"{sid}:{newname}"


def linked_clone(volid, vmid):
    """ZFSPoolPlugin::clone_image: `zfs clone base@__base__`, keeping the base's refquota."""
    sid, volname = parse_volid(volid)
    name, base = zfs_name(volname)
    if not name.startswith("basevol-"):
        raise PveError(f"Linked clone feature for '{volid}' is not available\n")
    scfg = zfs_storage(sid)
    taken = _list_names(scfg["pool"])
    n = 0
    while f"subvol-{vmid}-disk-{n}" in taken:
        n += 1
    new = f"subvol-{vmid}-disk-{n}"
    quota = refquota(volid)
    _zfs("clone", "-o", f"refquota={quota // 1024}k" if quota else "refquota=none",
         f"{scfg['pool']}/{name}@__base__", f"{scfg['pool']}/{new}")
    return f"{sid}:{name}/{new}"


def _fuse(*args, stdin=None, stdout=None):
    return subprocess.run([ZFS_FUSE, *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, check=False)


def full_copy(src_volid, snap, dst_volid):
    """What LXC.pm copy_volume's rsync achieves, done with send/recv (same files, owners, modes):
    the destination gets the source's content at `snap` (or now) and no snapshots of its own."""
    src, dst = dataset(src_volid), dataset(dst_volid)
    temp = None
    if snap is None:
        temp = snap = "__phoenix_copy__"
        _fuse("snapshot", f"{src}@{snap}")
    try:
        quota = refquota(dst_volid)
        _zfs("destroy", "-r", dst)
        send = subprocess.Popen([ZFS_FUSE, "send", f"{src}@{snap}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        recv = _fuse("recv", dst, stdin=send.stdout)
        send.stdout.close()
        send.wait()
        if send.returncode or recv.returncode:
            raise PveError(f"zfs error: copy of {src}@{snap} failed: {(send.stderr.read() or recv.stderr).decode().strip()}\n")
        _fuse("destroy", f"{dst}@{snap}")
        _zfs("set", "acltype=posixacl", dst)
        _zfs("set", "xattr=sa", dst)
        _zfs("set", f"refquota={quota // 1024}k" if quota else "refquota=none", dst)
        subprocess.run([ZFS_FUSE, "mount", dst], capture_output=True, check=False)
    finally:
        if temp:
            _fuse("destroy", f"{src}@{temp}")


def shift_ownership(path, offset=ROOT_SHIFT):
    """What extracting through lxc-usernsexec gives: every owner shifted by the id map."""
    for dirpath, dirnames, filenames in os.walk(path):
        for name in [dirpath] + [os.path.join(dirpath, n) for n in dirnames + filenames]:
            st = os.lstat(name)
            if st.st_uid < offset or st.st_gid < offset:
                os.lchown(name, st.st_uid + offset if st.st_uid < 65536 else st.st_uid,
                          st.st_gid + offset if st.st_gid < 65536 else st.st_gid)
                if not os.path.islink(name):
                    os.chmod(name, st.st_mode & 0o7777)

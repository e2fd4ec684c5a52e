"""pvesm list (minimal): ZFS guest volumes, and templates/ISOs/backups/snippets of dir storages
(PVE::Storage::volume_list, pvesm.pm $print_content). Disk images inside dir storages are not
listed."""
import glob
import os
import re

from . import host
from .cfgfile import pve_root, read_config
from .commands import activate, is_enabled, nodename, storage_config
from .errors import PveError

ALL_CTYPES = ["rootdir", "images", "vztmpl", "iso", "backup", "snippets", "import"]
FILE_PATTERNS = {
    "iso": (re.compile(r"^(.+\.(?:iso|img))$", re.I), lambda m: "iso"),
    "vztmpl": (re.compile(r"^(.+\.tar\.([gx]z|zst|bz2))$"), lambda m: "t" + m.group(2)),
    "backup": (re.compile(r"^(vzdump-.+\.(tgz|tar|vma|(?:tar|vma)\.(?:gz|lzo|zst|bz2)))$"), lambda m: m.group(2)),
    "snippets": (re.compile(r"^(.+)$"), lambda m: "snippet"),
}


def _container_ids():
    """VMIDs with a container config: their ZFS volumes are `rootdir`, all others `images`."""
    paths = glob.glob(os.path.join(pve_root(), "lxc", "*.conf"))
    paths += glob.glob(os.path.join(pve_root(), "nodes", "*", "lxc", "*.conf"))
    return {os.path.basename(p)[:-5] for p in paths}


def _zfs_volumes(sid, scfg):
    # PVE lists with -d1; -r plus the parent filter below gives the same rows on zfs-fuse.
    text = host.zfs_request("list", "-o", "name,volsize,origin,type,refquota", "-t", "volume,filesystem",
                            "-r", "-Hp", scfg["pool"])
    cts, res = _container_ids(), []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 5 or fields[3] not in ("volume", "filesystem"):
            continue
        parent, _, name = fields[0].rpartition("/")
        match = re.match(r"^(vm|base|subvol|basevol)-(\d+)-\S+$", name)
        if parent != scfg["pool"] or not match:
            continue
        subvol = fields[3] == "filesystem"
        size = (0 if fields[4] == "none" else int(fields[4])) if subvol else int(fields[1])
        content = "rootdir" if match.group(2) in cts else "images"
        res.append({"volid": f"{sid}:{name}", "format": "subvol" if subvol else "raw",
                     "content": content, "size": size, "vmid": int(match.group(2))})
    return res


def _files(sid, scfg, ctype):
    if ctype not in FILE_PATTERNS:
        return []
    pattern, fmt = FILE_PATTERNS[ctype]
    res, folder = [], host.subdir(scfg, ctype)
    for fn in sorted(glob.glob(os.path.join(folder, "*"))):
        match = pattern.match(os.path.basename(fn))
        if os.path.isdir(fn) or not match:
            continue
        prefix = {"vztmpl": "vztmpl/", "iso": "iso/", "backup": "backup/", "snippets": "snippets/"}[ctype]
        info = {"volid": f"{sid}:{prefix}{match.group(1)}", "format": fmt(match),
                "content": ctype, "size": os.stat(fn).st_size}
        vmid = re.search(r"-([1-9][0-9]{2,8})-", match.group(1)) if ctype == "backup" else None
        if vmid:
            info["vmid"] = int(vmid.group(1))
        res.append(info)
    return res


def cmd_list(param):
    cfg = read_config()
    sid = param["storage"]
    scfg = storage_config(cfg, sid)
    ctypes = [param["content"]] if param.get("content") else ALL_CTYPES
    ctypes = [c for c in ctypes if c in scfg.get("content", ())]
    if not is_enabled(scfg):
        raise PveError(f"storage '{sid}' is disabled\n" if scfg.get("disable")
                       else f"storage '{sid}' is not available on node '{nodename()}'\n")
    activate(sid, scfg)
    vols = []
    if scfg["type"] == "zfspool":
        zvols = _zfs_volumes(sid, scfg)
        vols = [v for c in ctypes for v in zvols if v["content"] == c]
    else:
        vols = [v for c in ctypes for v in _files(sid, scfg, c)]
    if param.get("vmid"):
        vols = [v for v in vols if str(v.get("vmid")) == str(int(param["vmid"]))]
    print_content(sorted(vols, key=lambda v: v["volid"].lower()))


def print_content(vols):
    """pvesm.pm $print_content: guest volumes (with VMID) first, then the rest by format."""
    width = max((len(v["volid"]) for v in vols), default=0)
    digits = len(str(max((v.get("size", 0) for v in vols), default=0)))
    base = f"%-{width}s %-7s %-9s %{digits}s"
    out = (base + " %s\n") % ("Volid", "Format", "Type", "Size", "VMID")
    for v in vols:
        if v.get("vmid"):
            out += (base + " %d\n") % (v["volid"], v["format"], v["content"], v["size"], v["vmid"])
    for v in sorted((v for v in vols if not v.get("vmid")), key=lambda v: v["format"]):
        out += (base + "\n") % (v["volid"], v["format"], v["content"], v["size"])
    print(out, end="")

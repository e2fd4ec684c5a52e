"""pct create (pve-container src/PVE/API2/LXC.pm create_vm, LXC/Create.pm restore_archive /
detect_architecture, LXC/Setup.pm os detection, LXC.pm create_disks / destroy_disks)."""
import os
import re
import struct
import subprocess

from pvesm_lib import host
from pvesm_lib.cfgfile import read_config
from pvesm_lib.commands import storage_config
from pvesm_lib.errors import ParamError, PveError

from . import conf as cfg
from . import pending, runtime, schema, volumes
from .schema import OSTYPES

ELF_ARCH = {(1, 0x03): "i386", (2, 0x3E): "amd64", (2, 0xB7): "arm64", (1, 0x28): "armhf",
            (1, 0xF3): "riscv32", (2, 0xF3): "riscv64"}


def template_path(ostemplate):
    """check_volume_access + abs_filesystem_path for a `vztmpl` volume or an absolute path."""
    if ostemplate.startswith("/"):
        if not os.path.isfile(ostemplate):
            raise PveError(f"can't find file '{ostemplate}'\n")
        return ostemplate
    sid, volname = volumes.parse_volid(ostemplate)
    scfg = storage_config(read_config(), sid)
    match = re.match(r"^vztmpl/([^/]+\.tar\.(gz|xz|zst|bz2))$", volname)
    if not match or "vztmpl" not in scfg.get("content", ()):
        raise PveError(f"storage '{sid}' does not support content type 'vztmpl'\n" if match
                       else f"unable to parse directory volume name '{volname}'\n")
    path = os.path.join(host.subdir(scfg, "vztmpl"), match.group(1))
    if not os.path.isfile(path):
        raise PveError(f"volume '{ostemplate}' does not exist\n")
    return path


def detect_architecture(rootdir):
    """Create.pm detect_architecture: the ELF header of the container's /bin/sh."""
    path = os.path.join(rootdir, "bin/sh")
    for _ in range(10):
        if not os.path.islink(path):
            break
        target = os.readlink(path)
        path = os.path.join(rootdir, target.lstrip("/")) if target.startswith("/") else os.path.join(os.path.dirname(path), target)
    try:
        with open(path, "rb") as fh:
            head = fh.read(20)
        cls, machine = head[4], struct.unpack("<H", head[18:20])[0]
        return ELF_ARCH.get((cls, machine), "amd64")
    except (OSError, IndexError, struct.error):
        print("Architecture detection failed: /bin/sh not found\n\nFalling back to 'amd64'.")
        return "amd64"


def detect_ostype(rootdir):
    """LXC/Setup.pm: lsb-release says Ubuntu, else os-release ID, else debian_version."""
    def read(rel):
        try:
            with open(os.path.join(rootdir, rel), encoding="utf-8", errors="replace") as fh:
                return fh.read()
        except OSError:
            return ""
    if re.search(r"^DISTRIB_ID=Ubuntu", read("etc/lsb-release"), re.M):
        return "ubuntu"
    match = re.search(r'^ID="?([a-z]+)"?', read("etc/os-release") or read("usr/lib/os-release"), re.M)
    if match and match.group(1) in OSTYPES:
        return match.group(1)
    if read("etc/debian_version"):
        return "debian"
    raise PveError("unable to detect OS distribution\n")


def extract(archive, rootdir, unprivileged):
    """Create.pm restore_archive: tar with --totals; unprivileged owners shifted by the id map."""
    print(f"extracting archive '{archive}'", flush=True)
    res = subprocess.run(["tar", "xpf", archive, "--totals", "--sparse", "--numeric-owner", "--acls",
                          "--xattrs", "--xattrs-include=user.*", "--xattrs-include=security.capability",
                          "--warning=no-file-ignored", "--warning=no-xattr-write", "-C", rootdir,
                          "--skip-old-files", "--anchored", "--exclude", "./dev/*"],
                         capture_output=True, text=True, check=False)
    for line in res.stderr.splitlines():
        if line.startswith("Total bytes read"):
            print(line, flush=True)
    if res.returncode:
        raise PveError(f"command 'tar xpf {archive} ...' failed: exit code {res.returncode}\n")
    if unprivileged:
        volumes.shift_ownership(rootdir)


def setup_files(vmid, conf, rootdir):
    """The parts of LXC/Setup.pm's post_create/pre_start hooks the lab emulates: hostname, hosts."""
    hostname = conf.get("hostname") or f"CT{vmid}"
    shift = volumes.ROOT_SHIFT if conf.get("unprivileged") else 0
    etc = os.path.join(rootdir, "etc")
    if not os.path.isdir(etc):
        return
    files = {"hostname": hostname + "\n"}
    hosts_path = os.path.join(etc, "hosts")
    try:
        with open(hosts_path, encoding="utf-8") as fh:
            hosts = [l for l in fh.read().splitlines() if not l.startswith("127.0.1.1")]
    except OSError:
        hosts = ["127.0.0.1\tlocalhost"]
    hosts.insert(1, f"127.0.1.1\t{hostname}")
    files["hosts"] = "\n".join(hosts) + "\n"
    for name, text in files.items():
        path = os.path.join(etc, name)
        if os.path.islink(path):
            continue
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.lchown(path, shift, shift)


def split_params(param):
    disks, rest = {}, {}
    for key, value in param.items():
        (disks if key == "rootfs" or re.match(r"^mp\d+$", key) else rest)[key] = value
    return disks, rest


def cmd_create(param):
    vmid = int(param.pop("vmid"))
    ostemplate = param.pop("ostemplate")
    storage = param.pop("storage", "local")
    unprivileged = param.pop("unprivileged", None)
    start = param.pop("start", None)
    for key in ("password", "ssh-public-keys", "pool", "force", "ignore-unpack-errors", "restore", "unique", "bwlimit"):
        param.pop(key, None)
    if cfg.exists(vmid):
        raise PveError(f"CT {vmid} already exists on node '{cfg.nodename()}'\n")
    archive = template_path(ostemplate)
    disks, rest = split_params(param)
    for key, value in list(disks.items()):
        if re.match(r"^\d+(\.\d+)?$", value):
            disks[key] = f"{storage}:{value}"
    if disks and "rootfs" not in disks:
        raise PveError("mount points configured, but 'rootfs' not set - aborting\n")
    disks.setdefault("rootfs", f"{storage}:4")
    for key, value in disks.items():
        mp = schema.parse_volume(key, value)
        if mp["type"] != "volume":
            continue
        sid = volumes.parse_volid(mp["volume"])[0]
        scfg = storage_config(read_config(), sid)
        if "rootdir" not in scfg.get("content", ()):
            raise ParamError("Parameter verification failed.\n",
                             {"storage": f"storage '{sid}' does not support container directories"})
        volumes.storage(sid)
    conf = cfg.new_conf()
    pending.update(vmid, conf, False, rest, [])
    if unprivileged == "1":
        conf["unprivileged"] = 1
    with cfg.locked(vmid):
        if cfg.exists(vmid):
            raise PveError(f"unable to create CT {vmid} - CT {vmid} already exists on node '{cfg.nodename()}'\n")
        cfg.write(vmid, {**cfg.new_conf(), "lock": "create"})
    allocated = []
    try:
        for key in sorted(disks, key=lambda k: (k != "rootfs", k)):
            value = pending._alloc_new(vmid, conf, key, disks[key])
            mp = schema.parse_volume(key, value)
            if mp["type"] == "volume":
                allocated.append(mp["volume"])
            conf[key] = value
        rootdir = volumes.volume_path(schema.parse_volume("rootfs", conf["rootfs"])["volume"])
        extract(archive, rootdir, conf.get("unprivileged"))
        conf["arch"] = conf.get("arch") or detect_architecture(rootdir)
        print(f"Detected container architecture: {conf['arch']}", flush=True)
        conf["ostype"] = conf.get("ostype") or detect_ostype(rootdir)
        conf.setdefault("hostname", f"CT{vmid}")
        conf.setdefault("memory", 512)
        conf.setdefault("swap", 512)
        setup_files(vmid, conf, rootdir)
        cfg.write(vmid, conf)
    except (PveError, OSError) as err:
        for volid in reversed(allocated):
            try:
                volumes.free(volid)
            except PveError:
                pass
        cfg.remove(vmid)
        msg = err.msg if isinstance(err, PveError) else f"{err}\n"
        raise PveError(f"unable to create CT {vmid} - {msg}") from None
    if start == "1":
        runtime.start(vmid, conf)

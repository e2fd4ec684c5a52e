"""/etc/pve/lxc/<vmid>.conf: reading, writing, locking (pve-container src/PVE/LXC/Config.pm
parse_pct_config / write_pct_config, pve-guest-common AbstractConfig.pm lock_config and
load_config, PVE::Tools encode_text/decode_text)."""
import contextlib
import fcntl
import glob
import hashlib
import os
import re
import tempfile
import urllib.parse

from pvesm_lib.cfgfile import pve_root
from pvesm_lib.errors import PveError, warn

from . import lxckeys


def nodename():
    return os.uname().nodename.split(".")[0]


def conf_dir():
    """/etc/pve/lxc is pmxcfs's link to nodes/<node>/lxc; the files live below the node."""
    return os.path.join(pve_root(), "nodes", nodename(), "lxc")


def conf_path(vmid):
    return os.path.join(conf_dir(), f"{vmid}.conf")


def all_vmids():
    return sorted(int(os.path.basename(p)[:-5]) for p in glob.glob(os.path.join(conf_dir(), "*.conf"))
                  if re.fullmatch(r"\d+\.conf", os.path.basename(p)))


def exists(vmid):
    return os.path.isfile(conf_path(vmid))


def encode_text(text):
    """PVE::Tools::encode_text: URI-escape all but 0x20-0x24, 0x26-0x39, 0x3b-0x7e (UTF-8 first)."""
    out = []
    for byte in text.encode("utf-8"):
        keep = 0x20 <= byte <= 0x24 or 0x26 <= byte <= 0x39 or 0x3B <= byte <= 0x7E
        out.append(chr(byte) if keep else "%%%02X" % byte)
    return "".join(out)


def decode_text(text):
    return urllib.parse.unquote(text, encoding="utf-8", errors="replace")


def new_conf():
    return {"snapshots": {}, "pending": {}}


def parse(vmid, raw):
    """parse_pct_config (non-strict): unparsable lines only warn and are dropped."""
    res = new_conf()
    res["digest"] = hashlib.sha1(raw.encode("utf-8")).hexdigest()
    conf, descr, section = res, "", ""
    for line in raw.split("\n"):
        if re.match(r"^\s*$", line):
            continue
        if re.match(r"^\[pve:pending\]\s*$", line, re.I):
            if descr:
                conf["description"] = descr
            descr, section = "", "pending"
            conf = res["pending"] = {}
            continue
        header = re.match(r"^\[([a-z][a-z0-9_\-]+)\]\s*$", line, re.I)
        if header:
            if descr:
                conf["description"] = descr
            descr, section = "", header.group(1)
            conf = res["snapshots"][section] = {}
            continue
        comment = re.match(r"^#(.*)$", line)
        if comment:
            descr += decode_text(comment.group(1)) + "\n"
            continue
        raw_key = re.match(r"^(lxc\.[a-z0-9_\-\.]+)(:|\s*=)\s*(.*?)\s*$", line)
        if raw_key:
            key, value = raw_key.group(1), raw_key.group(3)
            problem = lxckeys.check(vmid, key)
            if problem is None:
                conf.setdefault("lxc", []).append([key, value])
            else:
                warn(problem)
            continue
        simple = re.match(r"^(description):\s*(.*\S)\s*$", line)
        if simple:
            descr += decode_text(simple.group(2))
            continue
        snapstate = re.search(r"snapstate:\s*(prepare|delete)\s*$", line)
        if snapstate:
            conf["snapstate"] = snapstate.group(1)
            continue
        delete = re.match(r"^delete:\s*(.*\S)\s*$", line)
        if delete:
            if section == "pending":
                conf["delete"] = delete.group(1)
            else:
                warn(f"vm {vmid} - property 'delete' is only allowed in [pve:pending]\n")
            continue
        kv = re.match(r"^([a-z][a-z_]*\d*):\s*(.+?)\s*$", line)
        if kv:
            from .schema import check_type  # schema imports conf helpers; import late
            key, value = kv.group(1), kv.group(2)
            try:
                value = check_type(key, value)
            except PveError as err:
                warn(f"vm {vmid} - unable to parse value of '{key}' - {err.msg}")
            conf[key] = value
            continue
        warn(f"vm {vmid} - unable to parse config: {line}\n")
    if descr:
        conf["description"] = descr
    res.pop("snapstate", None)
    return res


def _section(conf):
    # Perl split drops trailing empty fields only; keep inner empty lines.
    lines = (conf.get("description") or "").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    raw = "".join("#" + encode_text(line) + "\n" for line in lines)
    for key in sorted(conf):
        if key in ("digest", "description", "pending", "snapshots", "snapname", "lxc"):
            continue
        value = str(conf[key])
        if "\n" in value:
            raise PveError(f"detected invalid newline inside property '{key}'\n")
        raw += f"{key}: {value}\n"
    for key, value in conf.get("lxc", []):
        raw += f"{key}: {value}\n"
    return raw


def _used_volids(conf):
    from .volumes import foreach_volume
    return {mp["volume"] for _, mp in foreach_volume(conf) if mp["type"] == "volume"}


def format_conf(conf):
    """write_pct_config: unusedN that is still in use is dropped; main, pending, snapshots."""
    used = _used_volids(conf)
    for key in [k for k in conf if k.startswith("unused") and conf[k] in used]:
        del conf[key]
    conf.pop("snapstate", None)
    raw = _section(conf)
    if conf.get("pending"):
        raw += "\n[pve:pending]\n" + _section(conf["pending"])
    for name in sorted(conf.get("snapshots", {})):
        raw += f"\n[{name}]\n" + _section(conf["snapshots"][name])
    return raw


def load(vmid):
    """AbstractConfig::load_config, with the cfs-relative path in the error as PVE prints it."""
    try:
        with open(conf_path(vmid), encoding="utf-8") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise PveError(f"Configuration file 'nodes/{nodename()}/lxc/{vmid}.conf' does not exist\n") from None
    return parse(vmid, raw)


def write(vmid, conf):
    """Atomic replace, as pmxcfs presents a whole new file to readers."""
    text = format_conf(conf)
    os.makedirs(conf_dir(), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{vmid}.conf.", dir=conf_dir())
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o640)
        os.replace(tmp, conf_path(vmid))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove(vmid):
    with contextlib.suppress(FileNotFoundError):
        os.unlink(conf_path(vmid))


@contextlib.contextmanager
def locked(vmid):
    """AbstractConfig::lock_config: /run/lock/lxc/pve-config-<vmid>.lock, one writer at a time."""
    os.makedirs("/run/lock/lxc", exist_ok=True)
    with open(f"/run/lock/lxc/pve-config-{vmid}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def check_lock(conf):
    """AbstractConfig::check_lock."""
    if conf.get("lock"):
        raise PveError(f"CT is locked ({conf['lock']})\n")


def check_protection(conf, msg):
    if conf.get("protection"):
        raise PveError(f"{msg} - protection mode enabled\n")


def is_template(conf):
    return bool(conf.get("template"))

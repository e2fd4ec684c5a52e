"""Reading, locking and writing /etc/pve/storage.cfg (PHOENIX_PVE_ROOT moves /etc/pve for tests),
and SectionConfig::write_config's exact layout."""
import contextlib
import fcntl
import hashlib
import os
import tempfile

from .errors import PveError
from .schema import PLUGINS, PROPERTIES
from .sectionconfig import parse_storage_cfg


def pve_root():
    return os.environ.get("PHOENIX_PVE_ROOT", "/etc/pve")


def cfg_path():
    return os.path.join(pve_root(), "storage.cfg")


def read_raw():
    """cfs_read_file: a missing file parses like an empty one."""
    try:
        with open(cfg_path(), encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        return ""


def read_config():
    """Parsed config plus the SHA1 digest of the raw text (what `--digest` compares against)."""
    raw = read_raw()
    cfg = parse_storage_cfg(raw)
    cfg.digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()
    return cfg


def _format_line(key, value):
    """SectionConfig format_config_line: booleans as 1/0, empty strings are not written."""
    if PROPERTIES.get(key, {}).get("type") == "boolean":
        return f"\t{key} {1 if value else 0}\n"
    return f"\t{key} {value}\n" if str(value) != "" else ""


def _encode(key, value):
    """Plugin::encode_value. Perl joins hash keys in random order; sorted keeps runs stable."""
    if key == "content":
        return ",".join(sorted(value)) or "none"
    if key == "nodes":
        return ",".join(sorted(value))
    return value


def _format_section(sid, scfg):
    stype = scfg["type"]
    data = f"{stype}: {sid}\n"
    if stype not in PLUGINS:
        # Types the emulator does not implement are written back like SectionConfig's allow_unknown.
        for key in sorted(k for k in scfg if k != "type"):
            data += f"\t{key} {scfg[key]}\n" if scfg[key] is not None else f"\t{key}\n"
        return data
    # `disable` is the one boolean written bare, and only when true.
    if scfg.get("disable"):
        data += "\tdisable\n"
    options = PLUGINS[stype]["options"]
    keys = sorted(options)
    for key in [k for k in keys if options[k] == "fixed"] + [k for k in keys if options[k] != "fixed"]:
        if key == "disable":
            continue
        value = scfg.get(key)
        if value is None:
            if options[key] == "fixed":
                raise PveError(f"section '{sid}' - missing value for required option '{key}'\n")
            continue
        data += _format_line(key, _encode(key, value))
    return data


def format_config(cfg):
    """SectionConfig::write_config: sections by parse order, new ones after; a blank line after each."""
    order = dict(cfg.order)
    maxpri = max(order.values(), default=0)
    # Perl numbers unordered ids in hash order; `local` first, then insertion order, is stable.
    for sid in sorted((s for s in cfg.ids if s not in order), key=lambda s: s != "local"):
        maxpri += 1
        order[sid] = maxpri
    return "".join(_format_section(sid, cfg.ids[sid]) + "\n" for sid in sorted(cfg.ids, key=order.get))


def write_config(cfg):
    """Replaces storage.cfg atomically (readers never see half a file), mode 0640 like pmxcfs."""
    text = format_config(cfg)
    os.makedirs(pve_root(), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".storage.cfg.", dir=pve_root())
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o640)
        os.replace(tmp, cfg_path())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def locked(errmsg):
    """PVE::Storage::lock_storage_config: one writer at a time; failures get the `errmsg: ` prefix."""
    os.makedirs(pve_root(), exist_ok=True)
    with open(os.path.join(pve_root(), ".storage.cfg.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        except PveError as err:
            raise PveError(f"{errmsg}: {err.msg}") from None

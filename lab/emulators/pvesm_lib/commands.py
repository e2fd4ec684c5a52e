"""pvesm add / set / remove / status (PVE::API2::Storage::Config create/update/delete,
PVE::API2::Storage::Status index and pvesm.pm's $print_status)."""
import os
import re

from . import host
from .cfgfile import locked, read_config, write_config
from .errors import ParamError, PveError, warn
from .schema import PLUGINS, split_list
from .sectionconfig import check_config


def nodename():
    return os.uname().nodename.split(".")[0]


def storage_config(cfg, sid):
    """PVE::Storage::storage_config."""
    if not sid:
        raise PveError("no storage ID specified\n")
    if sid not in cfg.ids:
        raise PveError(f"storage '{sid}' does not exist\n")
    return cfg.ids[sid]


def is_enabled(scfg):
    """storage_check_enabled(..., noerr): not disabled and not restricted to other nodes."""
    return not scfg.get("disable") and (not scfg.get("nodes") or nodename() in scfg["nodes"])


def require_emulated(stype):
    if stype not in PLUGINS:
        raise PveError(f"pvesm emulator: storage type '{stype}' is not emulated (only dir and zfspool)\n")


def activate(sid, scfg):
    """PVE::Storage::activate_storage for the emulated types."""
    require_emulated(scfg["type"])
    if scfg["type"] == "dir":
        host.activate_dir(sid, scfg)
    else:
        host.activate_zfspool(sid, scfg)


def _warn_mkdir(sid, scfg):
    if scfg.get("mkdir") is not None:
        warn(f"NOTE: The 'mkdir' option set for '{sid}' is deprecated and will be removed in Proxmox VE 9."
             " Use 'create-base-path' or 'create-subdirs' instead.\n")


def _on_add_zfspool(sid, scfg):
    """ZFSPoolPlugin::on_add_hook: store the dataset's current mountpoint unless one was given."""
    actual = host.zfs_mountpoint(scfg["pool"])
    configured = scfg.get("mountpoint")
    if configured is None:
        if actual is not None:
            scfg["mountpoint"] = actual
    elif actual is not None and not re.fullmatch(re.escape(actual) + "/?", configured):
        warn(f"warning for {sid} - mountpoint: {configured} does not match current mount point: {actual}\n")


def cmd_add(param):
    stype, sid = param.pop("type"), param.pop("storage")
    if not param.get("nodes"):
        param.pop("nodes", None)
    require_emulated(stype)
    opts = check_config(stype, param, create=True)
    with locked("create storage failed"):
        cfg = read_config()
        if sid in cfg.ids:
            raise PveError(f"storage ID '{sid}' already defined\n")
        cfg.ids[sid] = opts
        if stype == "zfspool":
            _on_add_zfspool(sid, opts)
        _warn_mkdir(sid, opts)
        # PVE activates only to detect problems early; a failure aborts before the write.
        if is_enabled(opts):
            activate(sid, opts)
        write_config(cfg)


def _apply_delete(stype, scfg, delete, opts):
    options = PLUGINS[stype]["options"]
    for key in delete:
        if key not in options:
            raise PveError(f"no such option '{key}'\n")
        # Fixed options are also required, so PVE reports them as required (the fixed check is unreachable).
        if options[key] == "fixed":
            raise PveError(f"unable to delete required option '{key}'\n")
        if key in opts:
            raise PveError(f"cannot set and delete property '{key}' at the same time!\n")
        scfg.pop(key, None)


def cmd_set(param):
    sid, digest, delete = param.pop("storage"), param.pop("digest", None), param.pop("delete", None)
    with locked("update storage failed"):
        cfg = read_config()
        if digest and cfg.digest != digest:
            raise PveError("detected modified configuration - file changed by other user? Try again.\n")
        scfg = storage_config(cfg, sid)
        require_emulated(scfg["type"])
        opts = check_config(scfg["type"], param, create=False)
        if delete:
            _apply_delete(scfg["type"], scfg, split_list(delete), opts)
        scfg.update(opts)
        _warn_mkdir(sid, scfg)
        write_config(cfg)


def cmd_remove(param):
    sid = param["storage"]
    with locked("delete storage failed"):
        cfg = read_config()
        storage_config(cfg, sid)
        # Config only: PVE never touches the data (or the dataset) on remove.
        del cfg.ids[sid]
        write_config(cfg)


def _usage(sid, scfg):
    """Activation then plugin status; activation problems are warnings and leave zeros."""
    if scfg["type"] not in PLUGINS:
        warn(f"pvesm emulator: storage type '{scfg['type']}' is not emulated\n")
        return 0, 0, 0, 0
    if scfg["type"] == "zfspool":
        return host.zfspool_status(scfg)
    try:
        host.activate_dir(sid, scfg)
    except PveError as err:
        warn(err.msg)
        return 0, 0, 0, 0
    return host.dir_status(scfg)


def _selected(cfg, param):
    """storage_info's filters: with --content only enabled storages holding one of the types."""
    ctypes = split_list(param.get("content"))
    rows = {}
    for sid, scfg in cfg.ids.items():
        if "content" in param and (not is_enabled(scfg) or not set(ctypes) & set(scfg.get("content", ()))):
            continue
        rows[sid] = scfg
    if param.get("storage") and param["storage"] not in rows:
        raise ParamError("Parameter verification failed.\n", {"storage": "No such storage."})
    target = param.get("target")
    remote = target and target not in (nodename(), "localhost")
    return {sid: scfg for sid, scfg in rows.items()
            if not (param.get("storage") and param["storage"] != sid)
            and not (param.get("enabled") == "1" and scfg.get("disable"))
            and not (remote and not scfg.get("shared"))}


def cmd_status(param):
    # Only the listed storages are activated (PVE activates all of them), so filters keep
    # warnings about unrelated storages out of the output.
    rows = []
    for sid, scfg in sorted(_selected(read_config(), param).items()):
        enabled = is_enabled(scfg)
        total, avail, used, active = _usage(sid, scfg) if enabled else (0, 0, 0, 0)
        rows.append((sid, scfg["type"], enabled, active, total, used, avail))
    print_status(rows)


def print_status(rows):
    """pvesm.pm $print_status, byte for byte (KiB columns, trailing %, N/A for disabled)."""
    width = max((len(r[0]) for r in rows), default=0) + 1
    out = ("%-*s %10s %10s %15s %15s %15s %8s\n"
           % (width, "Name", "Type", "Status", "Total", "Used", "Available", "%"))
    for sid, stype, enabled, active, total, used, avail in rows:
        state = "active" if active else "inactive"
        per, per_fmt = (used * 100 / total if total > 0 else 0), "% 7.2f%%"
        if not enabled:
            per, per_fmt, state = "N/A", "% 8s", "disabled"
        out += ("%-*s %10s %10s %15d %15d %15d " + per_fmt + "\n") % (
            width, sid, stype, state, total // 1024, used // 1024, avail // 1024, per)
    print(out, end="")

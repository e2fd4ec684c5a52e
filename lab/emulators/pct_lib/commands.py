"""pct set / config / pending / destroy / resize / template / unlock (pve-container
src/PVE/API2/LXC/Config.pm update_vm, src/PVE/CLI/pct.pm config printers, src/PVE/API2/LXC.pm
destroy_vm / resize_vm / template)."""
import os
import re

from pvesm_lib.cfgfile import pve_root
from pvesm_lib.errors import PveError
from pvesm_lib.schema import split_list

from . import conf as cfg
from . import pending, runtime, schema, volumes


def cmd_set(param):
    vmid = int(param.pop("vmid"))
    delete = split_list(param.pop("delete", ""))
    revert = split_list(param.pop("revert", ""))
    digest = param.pop("digest", None)
    if not param and not delete and not revert:
        raise PveError("no options specified\n")
    for key in delete:
        if key in param:
            from pvesm_lib.errors import ParamError
            raise ParamError("Parameter verification failed.\n",
                             {"delete": f"you can't use '-{key}' and -delete {key}' at the same time"})
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        if digest and digest != conf["digest"]:
            raise PveError("detected modified configuration - file changed by other user? Try again.\n")
        cfg.check_lock(conf)
        for key in revert:
            conf["pending"].pop(key, None)
            pending.remove_from_pending_delete(conf, key)
        errors = pending.update(vmid, conf, runtime.is_running(vmid), param, delete) or {}
        cfg.write(vmid, conf)
    if errors:
        raise PveError("".join(f"{v}\n" for _, v in sorted(errors.items())))


def _print_conf(section):
    """pct.pm config: sorted keys (no digest/lxc/pending/snapshots), description encoded, lxc last."""
    out = ""
    for key in sorted(section):
        if key in ("digest", "lxc", "pending", "snapshots", "snapstate"):
            continue
        value = section[key]
        if key == "description":
            value = cfg.encode_text(value)
        out += f"{key}: {value}\n"
    for key, value in section.get("lxc", []):
        out += f"{key}: {value}\n"
    return out


def merged(conf):
    """AbstractConfig::load_current_config without --current: pending values win, deletes drop."""
    res = {k: v for k, v in conf.items() if k not in ("pending", "snapshots")}
    for key, value in conf["pending"].items():
        if key != "delete":
            res[key] = value
    for key in pending.pending_delete(conf):
        res.pop(key, None)
    return res


def cmd_config(param):
    vmid = int(param["vmid"])
    conf = cfg.load(vmid)
    if param.get("snapshot"):
        if param.get("current") == "1":
            raise PveError("parameter 'current' not allowed together with 'snapshot'\n")
        snap = conf["snapshots"].get(param["snapshot"])
        if snap is None:
            raise PveError(f"snapshot '{param['snapshot']}' does not exist\n")
        print(_print_conf(snap), end="")
        return
    section = {k: v for k, v in conf.items() if k not in ("pending", "snapshots")} if param.get("current") == "1" else merged(conf)
    print(_print_conf(section), end="")


def cmd_pending(param):
    """pct.pm pending: `cur`/`new`/`del` lines sorted by key (PVE::GuestHelpers::format_pending)."""
    vmid = int(param["vmid"])
    conf = cfg.load(vmid)
    deletes = set(pending.pending_delete(conf))
    keys = sorted(set(k for k in conf if k not in ("digest", "pending", "snapshots", "lxc"))
                  | set(k for k in conf["pending"] if k != "delete") | deletes)
    out = ""
    for key in keys:
        cur = conf.get(key)
        if key == "description" and cur is not None:
            cur = cfg.encode_text(cur)
        new = conf["pending"].get(key)
        if key == "description" and new is not None:
            new = cfg.encode_text(new)
        if key in deletes:
            out += f"del {key}: {cur}\n"
        elif new is not None:
            if cur is not None:
                out += f"cur {key}: {cur}\n"
            out += f"new {key}: {new}\n"
        elif cur is not None:
            out += f"cur {key}: {cur}\n"
    print(out, end="")


def cmd_destroy(param):
    vmid = int(param["vmid"])
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        cfg.check_protection(conf, f"can't remove CT {vmid}")
        if runtime.is_running(vmid):
            if param.get("force") != "1":
                raise PveError(f"unable to destroy CT {vmid} - container is running\n")
            runtime.stop(vmid)
        cfg.check_lock(conf)
        cfg.write(vmid, {**conf, "lock": "destroyed"})
        seen = set()
        for _, mp in volumes.foreach_volume(conf, include_unused=True):
            if mp["type"] == "volume" and mp["volume"] not in seen:
                seen.add(mp["volume"])
                volumes.free(mp["volume"])
        cfg.remove(vmid)
        try:
            os.unlink(os.path.join(pve_root(), "firewall", f"{vmid}.fw"))
        except FileNotFoundError:
            pass


def cmd_resize(param):
    """API2/LXC.pm resize_vm; its errors happen in the worker, so pct exits 0 (no $upid_exit)."""
    vmid, disk, size = int(param["vmid"]), param["disk"], param["size"]
    match = re.match(r"^(\+)?(\d+(\.\d+)?)([KMGT])?$", size)
    if not match:
        raise PveError(f"invalid size string '{size}'\n")
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        cfg.check_lock(conf)
        if param.get("digest") and param["digest"] != conf["digest"]:
            raise PveError("detected modified configuration - file changed by other user? Try again.\n")
        if not conf.get(disk):
            raise PveError(f"no such volume '{disk}'\n") if disk in volumes.MP_KEYS else PveError(f"unable to parse volume '{disk}'\n")
        mp = schema.parse_volume(disk, conf[disk])
        if mp["type"] != "volume":
            raise PveError("you can't resize a mount point of type 'bind'\n" if mp["type"] == "bind" else "you can't resize a device pass-through\n")
        current = volumes.refquota(mp["volume"])
        wanted = schema.parse_size(match.group(2) + (match.group(4) or ""))
        newsize = current + wanted if match.group(1) else wanted
        if newsize < current:
            raise PveError("unable to shrink disk size\n")
        if newsize == current:
            raise PveError("disk is already at specified size\n")
        volumes.resize(mp["volume"], newsize)
        mp["size"] = newsize
        conf[disk] = schema.print_volume(disk, mp)
        cfg.write(vmid, conf)


def cmd_template(param):
    vmid = int(param["vmid"])
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        cfg.check_lock(conf)
        if cfg.is_template(conf):
            raise PveError("you can't convert a template to a template\n")
        if runtime.is_running(vmid):
            raise PveError("you can't convert a CT to template if the CT is running\n")
        if conf["snapshots"]:
            raise PveError("unable to create template, because CT contains snapshots\n")
        for key, mp in list(volumes.foreach_volume(conf)):
            if mp["type"] == "volume":
                mp["volume"] = volumes.create_base(mp["volume"])
                conf[key] = schema.print_volume(key, mp)
        conf["template"] = 1
        cfg.write(vmid, conf)


def cmd_unlock(param):
    vmid = int(param["vmid"])
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        conf.pop("lock", None)
        cfg.write(vmid, conf)

"""pct set / config / pending / destroy / resize / template / unlock / clone (pve-container
src/PVE/API2/LXC/Config.pm update_vm, src/PVE/CLI/pct.pm config printers, src/PVE/API2/LXC.pm
destroy_vm / resize_vm / template / clone_vm)."""
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


def cmd_clone(param):
    """API2/LXC.pm clone_vm: full copies (default unless template) or linked from a base."""
    vmid, newid = int(param["vmid"]), int(param["newid"])
    snapname = param.get("snapname")
    conf = cfg.load(vmid)
    if cfg.exists(newid):
        raise PveError(f"CT {newid} already exists on node '{cfg.nodename()}'\n")
    running = runtime.is_running(vmid)
    src = conf
    if snapname:
        src = conf["snapshots"].get(snapname)
        if src is None:
            raise PveError(f"snapshot '{snapname}' does not exist\n")
    full = param.get("full")
    full = (full == "1") if full is not None else not cfg.is_template(conf)
    if not full and param.get("storage"):
        raise PveError("parameter 'storage' not allowed for linked clones\n")
    if full and running and not snapname:
        raise PveError("Cannot do full clones on a running container without snapshots\n")
    cfg.check_lock(conf)
    newconf = {k: v for k, v in src.items() if k not in ("template", "parent", "snaptime", "snapstate", "lock", "digest", "pending", "snapshots")}
    newconf.update(cfg.new_conf())
    for key in [k for k in newconf if k.startswith("unused")]:
        del newconf[key]
    for key in [k for k in newconf if re.match(r"^net\d+$", k)]:
        net = schema.parse_net(newconf[key])
        net["hwaddr"] = schema.random_ether_addr()
        newconf[key] = schema.print_propstr("net", net)
    if param.get("hostname"):
        newconf["hostname"] = param["hostname"]
    if param.get("description"):
        newconf["description"] = param["description"]
    for key, mp in volumes.foreach_volume(newconf):
        if mp["type"] != "volume":
            raise PveError(f"unable to clone mountpoint '{key}' (type {mp['type']})\n")
        if not full:
            name = volumes.zfs_name(volumes.parse_volid(mp["volume"])[1])[0]
            if not name.startswith("basevol-"):
                raise PveError(f"Linked clone feature for '{mp['volume']}' is not available\n")
    with cfg.locked(newid):
        if cfg.exists(newid):
            raise PveError(f"CT {newid} already exists on node '{cfg.nodename()}'\n")
        cfg.write(newid, {**cfg.new_conf(), "lock": "create"})
    created = []
    try:
        for key, mp in list(volumes.foreach_volume(newconf)):
            if full:
                print(f"create full clone of mountpoint {key} ({mp['volume']})", flush=True)
                sid = param.get("storage") or volumes.parse_volid(mp["volume"])[0]
                size = volumes.refquota(mp["volume"])
                newvol, _ = volumes.alloc(sid, newid, size / 1024**3)
                created.append(newvol)
                volumes.full_copy(mp["volume"], snapname, newvol)
            else:
                print(f"create linked clone of mount point {key} ({mp['volume']})", flush=True)
                newvol = volumes.linked_clone(mp["volume"], newid)
                created.append(newvol)
            mp["volume"] = newvol
            newconf[key] = schema.print_volume(key, mp)
        cfg.write(newid, newconf)
    except (PveError, OSError) as err:
        for volid in reversed(created):
            try:
                volumes.free(volid)
            except PveError:
                pass
        cfg.remove(newid)
        raise PveError(f"clone failed: {err.msg if isinstance(err, PveError) else err}") from None
    fw = os.path.join(pve_root(), "firewall", f"{vmid}.fw")
    if os.path.isfile(fw):
        with open(fw, encoding="utf-8") as fh:
            text = fh.read()
        with open(os.path.join(pve_root(), "firewall", f"{newid}.fw"), "w", encoding="utf-8") as fh:
            fh.write(text)

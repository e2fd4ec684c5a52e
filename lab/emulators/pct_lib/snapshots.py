"""pct snapshot / listsnapshot / rollback / delsnapshot (pve-guest-common AbstractConfig.pm
snapshot_create / snapshot_rollback / snapshot_delete / snapshot_copy_config, GuestHelpers.pm
print_snapshot_tree; pve-container LXC/Config.pm mountpoint_backup_enabled)."""
import time

from pvesm_lib.errors import PveError

from . import conf as cfg
from . import runtime, schema, volumes

COPY_SKIP = {"snapshots", "snapname", "snapstate", "snaptime", "vmstate", "lock", "digest", "description", "pending"}


def _snap_volumes(conf):
    """rootfs always; mpN volumes only with backup=1 (mountpoint_backup_enabled)."""
    for key, mp in volumes.foreach_volume(conf):
        if mp["type"] == "volume" and (key == "rootfs" or mp.get("backup")):
            yield key, mp


def _copy(conf):
    return {k: v for k, v in conf.items() if k not in COPY_SKIP and not k.startswith("unused")}


def cmd_snapshot(param):
    vmid, name = int(param["vmid"]), param["snapname"]
    if name in ("current", "vzdump"):
        raise PveError(f"unable to use snapshot name '{name}' (reserved name)\n")
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        if cfg.is_template(conf):
            raise PveError("you can't take a snapshot if it's a template\n")
        cfg.check_lock(conf)
        if name in conf["snapshots"]:
            raise PveError(f"snapshot name '{name}' already used\n")
        snap = _copy(conf)
        snap["snaptime"] = int(time.time())
        if param.get("description"):
            snap["description"] = param["description"]
        done = []
        try:
            for _, mp in _snap_volumes(conf):
                volumes.snapshot(mp["volume"], name)
                done.append(mp["volume"])
        except PveError:
            for volid in done:
                try:
                    volumes.delsnapshot(volid, name)
                except PveError:
                    pass
            raise
        conf["snapshots"][name] = snap
        conf["parent"] = name
        cfg.write(vmid, conf)


def cmd_delsnapshot(param):
    vmid, name = int(param["vmid"]), param["snapname"]
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        cfg.check_lock(conf)
        snap = conf["snapshots"].get(name)
        if snap is None:
            raise PveError(f"snapshot '{name}' does not exist\n")
        for _, mp in _snap_volumes(snap):
            try:
                volumes.delsnapshot(mp["volume"], name)
            except PveError:
                if param.get("force") != "1":
                    raise
        parent = snap.get("parent")
        del conf["snapshots"][name]
        for section in [conf] + list(conf["snapshots"].values()):
            if section.get("parent") == name:
                if parent:
                    section["parent"] = parent
                else:
                    section.pop("parent", None)
        cfg.write(vmid, conf)


def cmd_rollback(param):
    vmid, name = int(param["vmid"]), param["snapname"]
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        snap = conf["snapshots"].get(name)
        if snap is None:
            raise PveError(f"snapshot '{name}' does not exist\n")
        cfg.check_lock(conf)
        for _, mp in _snap_volumes(snap):
            snaps = volumes.snapshots(mp["volume"])
            if name in snaps and snaps[-1] != name:
                raise PveError(f"can't rollback, '{name}' is not most recent snapshot on '{mp['volume']}'\n")
        if runtime.is_running(vmid):
            runtime.stop(vmid)
        for _, mp in _snap_volumes(snap):
            volumes.rollback(mp["volume"], name)
        newconf = {**_copy(snap), "snapshots": conf["snapshots"], "pending": {}, "parent": name}
        if conf.get("description"):
            newconf["description"] = conf["description"]
        for key in [k for k in conf if k.startswith("unused")]:
            newconf[key] = conf[key]
        cfg.write(vmid, newconf)
    if param.get("start") == "1":
        runtime.start(vmid, newconf)


def cmd_listsnapshot(param):
    vmid = int(param["vmid"])
    conf = cfg.load(vmid)
    entries = {n: {"snaptime": s.get("snaptime"), "description": s.get("description", ""), "parent": s.get("parent")}
               for n, s in conf["snapshots"].items()}
    entries["current"] = {"snaptime": None, "description": "You are here!", "parent": conf.get("parent")}
    roots, children = [], {}
    for name, e in entries.items():
        if e["parent"] and e["parent"] in entries and e["parent"] != name:
            children.setdefault(e["parent"], []).append(name)
        else:
            roots.append(name)

    def order(names):
        return sorted(names, key=lambda n: (entries[n]["snaptime"] is None, entries[n]["snaptime"] or 0))

    out = []

    def walk(prefix, name):
        e = entries[name]
        descr = (e["description"] or "no-description").split("\n")[0] or "no-description"
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(e["snaptime"])) if e["snaptime"] is not None else ""
        width = max(30 - len(prefix), 0)
        out.append(f"{prefix} {name:<{width}} {stamp:<23} {descr}\n")
        for child in order(children.get(name, [])):
            walk(" " + prefix, child)

    for root in order(roots):
        walk("`->", root)
    print("".join(out), end="")


def check_snapname(name):
    """The pve-configid format of `snapname`, max 40 characters (AbstractConfig snapname schema)."""
    if len(name) > 40:
        return "value may only be 40 characters long"
    if not schema.CONFIGID_RE.match(name):
        return f"invalid format - invalid configuration ID '{name}'"
    return None

"""pct clone (pve-container 5.x src/PVE/API2/LXC.pm clone_vm, LXC.pm copy_volume; pve-storage
ZFSPoolPlugin clone_image): the source is locked `disk` while its volumes are copied (full, the
default for a CT) or cloned from its base snapshot (linked, the default for a template)."""
import contextlib
import os
import re

from pvesm_lib.cfgfile import pve_root
from pvesm_lib.errors import PveError

from . import conf as cfg
from . import runtime, schema, volumes

DROPPED = ("snapshots", "parent", "snaptime", "snapstate", "pending", "template", "lock", "digest")


@contextlib.contextmanager
def _source_locked(vmid):
    """AbstractConfig set_lock/remove_lock: a locked source refuses the clone."""
    with cfg.locked(vmid):
        conf = cfg.load(vmid)
        cfg.check_lock(conf)
        conf["lock"] = "disk"
        cfg.write(vmid, conf)
    try:
        yield {**conf, "lock": None}
    finally:
        with cfg.locked(vmid):
            current = cfg.load(vmid)
            if current.get("lock") == "disk":
                del current["lock"]
                cfg.write(vmid, current)


def _new_config(src, param, full, running, snapname):
    """The loop over the source's keys: volumes checked, new MACs, the rest copied."""
    newconf, mounts = cfg.new_conf(), {}
    for key in sorted(src):
        if key.startswith("unused") or key in DROPPED:
            continue
        value = src[key]
        if key == "rootfs" or re.match(r"^mp\d+$", key):
            mp = schema.parse_volume(key, value)
            if mp["type"] != "volume":
                raise PveError(f"unable to clone mountpoint '{key}' (type {mp['type']})\n")
            if full and running and snapname is None:
                raise PveError("Cannot do full clones on a running container without snapshots\n")
            if not full and not volumes.zfs_name(volumes.parse_volid(mp["volume"])[1])[0].startswith("basevol-"):
                raise PveError(f"Linked clone feature for '{mp['volume']}' is not available\n")
            mounts[key] = mp
        elif re.match(r"^net\d+$", key):
            net = schema.parse_net(value)
            net["hwaddr"] = schema.random_ether_addr()
            newconf[key] = schema.print_propstr("net", net)
        else:
            newconf[key] = value
    if param.get("hostname"):
        newconf["hostname"] = param["hostname"]
    if param.get("description"):
        newconf["description"] = param["description"]
    return newconf, mounts


def _copy_firewall(vmid, newid):
    """PVE::Firewall::clone_vmfw_conf."""
    src = os.path.join(pve_root(), "firewall", f"{vmid}.fw")
    if os.path.isfile(src):
        with open(src, encoding="utf-8") as fh:
            text = fh.read()
        with open(os.path.join(pve_root(), "firewall", f"{newid}.fw"), "w", encoding="utf-8") as fh:
            fh.write(text)


def _remove_firewall(newid):
    with contextlib.suppress(FileNotFoundError):
        os.unlink(os.path.join(pve_root(), "firewall", f"{newid}.fw"))


def cmd_clone(param):
    vmid, newid = int(param["vmid"]), int(param["newid"])
    snapname, storage = param.get("snapname"), param.get("storage")
    if storage:
        volumes.storage(storage)
    with _source_locked(vmid) as conf:
        with cfg.locked(newid):
            if cfg.exists(newid):
                raise PveError(f"CT {newid} already exists on node '{cfg.nodename()}'\n")
            cfg.write(newid, {**cfg.new_conf(), "lock": "create"})
        try:
            running = runtime.is_running(vmid)
            full = param["full"] == "1" if param.get("full") is not None else not cfg.is_template(conf)
            _copy_firewall(vmid, newid)
            if storage and not full:
                raise PveError("parameter 'storage' not allowed for linked clones\n")
            if snapname and snapname not in conf["snapshots"]:
                raise PveError(f"snapshot '{snapname}' does not exist\n")
            src = conf["snapshots"][snapname] if snapname else conf
            newconf, mounts = _new_config(src, param, full, running, snapname)
        except PveError:
            cfg.remove(newid)
            _remove_firewall(newid)
            raise
        created = []
        try:
            for key, mp in mounts.items():
                if full:
                    print(f"create full clone of mountpoint {key} ({mp['volume']})", flush=True)
                    sid = storage or volumes.parse_volid(mp["volume"])[0]
                    mp["volume"] = volumes.full_copy(mp["volume"], snapname, sid, newid)
                else:
                    print(f"create linked clone of mount point {key} ({mp['volume']})", flush=True)
                    mp["volume"] = volumes.linked_clone(mp["volume"], newid)
                created.append(mp["volume"])
                newconf[key] = schema.print_volume(key, mp)
            cfg.write(newid, newconf)
        except (PveError, OSError) as err:
            for volid in reversed(created):
                with contextlib.suppress(PveError):
                    volumes.free(volid)
            cfg.remove(newid)
            _remove_firewall(newid)
            reason = err.msg if isinstance(err, PveError) else f"{err}\n"
            raise PveError(f"clone failed: {reason}") from None

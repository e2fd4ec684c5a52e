"""OpenZFS 2.2 pool properties (module/zcommon/zpool_prop.c) over zfs-fuse's pool v23.

zfs-fuse's `zpool get` has no -H/-p/-o, prints sizes only rounded, and lacks the newer
properties; settable ones it lacks (autotrim, multihost, comment, compatibility) are kept
as user properties org.phoenixlab.pool:<name> on the pool's root dataset.
"""

from collections import namedtuple

from .util import NATIVE_ZFS, NATIVE_ZPOOL, POOL_PREFIX, nicenum, run_native

PoolProp = namedtuple("PoolProp", "name kind col handling default values")
# kind: size (nicenum/bytes) | pct | ratio | raw | string | index | dash (0 -> "-")
PROPS = [PoolProp(*p) for p in [
    ("size", "size", "SIZE", "native", None, ()),
    ("capacity", "pct", "CAP", "native", None, ()),
    ("altroot", "string", "ALTROOT", "native", "-", ()),
    ("health", "string", "HEALTH", "native", None, ()),
    ("guid", "raw", "GUID", "native", None, ()),
    ("version", "string", "VERSION", "synthetic", "-", ()),
    ("bootfs", "string", "BOOTFS", "native", "-", ()),
    ("delegation", "index", "DELEGATION", "native", "on", ("on", "off")),
    ("autoreplace", "index", "REPLACE", "native", "off", ("on", "off")),
    ("cachefile", "string", "CACHEFILE", "native", "-", ()),
    ("failmode", "index", "FAILMODE", "native", "wait", ("wait", "continue", "panic")),
    ("listsnapshots", "index", "LISTSNAPS", "native", "off", ("on", "off")),
    ("autoexpand", "index", "EXPAND", "native", "off", ("on", "off")),
    ("dedupratio", "ratio", "DEDUP", "native", None, ()),
    ("free", "size", "FREE", "native", None, ()),
    ("allocated", "size", "ALLOC", "native", None, ()),
    ("readonly", "index", "RDONLY", "synthetic", "off", ("on", "off")),
    ("ashift", "size", "ASHIFT", "native", "0", ()),
    ("comment", "string", "COMMENT", "virtual", "-", ()),
    ("expandsize", "dash", "EXPANDSZ", "synthetic", "0", ()),
    ("freeing", "size", "FREEING", "synthetic", "0", ()),
    ("fragmentation", "pct", "FRAG", "synthetic", "0", ()),
    ("leaked", "size", "LEAKED", "synthetic", "0", ()),
    ("multihost", "index", "MULTIHOST", "virtual", "off", ("on", "off")),
    ("checkpoint", "dash", "CKPOINT", "synthetic", "0", ()),
    ("load_guid", "raw", "LOAD_GUID", "synthetic", None, ()),
    ("autotrim", "index", "AUTOTRIM", "virtual", "off", ("on", "off")),
    ("compatibility", "string", "COMPATIBILITY", "virtual", "off", ()),
    ("bcloneused", "size", "BCLONE_USED", "synthetic", "0", ()),
    ("bclonesaved", "size", "BCLONE_SAVED", "synthetic", "0", ()),
    ("bcloneratio", "ratio", "BCLONE_RATIO", "synthetic", "100", ()),
]]
BY_NAME = {p.name: p for p in PROPS}
BY_COLUMN = {p.col.lower(): p for p in PROPS}
READONLY = {"size", "capacity", "health", "guid", "dedupratio", "free", "allocated", "expandsize",
            "freeing", "fragmentation", "leaked", "checkpoint", "load_guid", "bcloneused",
            "bclonesaved", "bcloneratio", "version"}
ACTIVE_FEATURES = {"empty_bpobj", "lz4_compress", "spacemap_histogram", "enabled_txg", "hole_birth",
                   "spacemap_v2", "extensible_dataset", "embedded_data", "log_spacemap",
                   "userobj_accounting", "project_quota", "head_errlog", "vdev_zaps_v2"}
FEATURES = ("async_destroy empty_bpobj lz4_compress multi_vdev_crash_dump spacemap_histogram "
            "enabled_txg hole_birth zpool_checkpoint spacemap_v2 extensible_dataset bookmarks "
            "filesystem_limits embedded_data livelist log_spacemap large_blocks large_dnode sha512 "
            "skein edonr redaction_bookmarks redacted_datasets bookmark_written device_removal "
            "obsolete_counts userobj_accounting bookmark_v2 encryption project_quota "
            "allocation_classes resilver_defer device_rebuild zstd_compress draid zilsaxattr "
            "head_errlog blake3 block_cloning vdev_zaps_v2").split()
UNITS = "BKMGTPE"


def lookup(name):
    return BY_NAME.get(name) or BY_COLUMN.get(name.lower())


def human_to_bytes(text):
    """zfs-fuse prints pool sizes only as '1.98G'; this is as exact as that allows."""
    if text[-1:].upper() in UNITS and text[:-1].replace(".", "", 1).isdigit():
        return int(round(float(text[:-1]) * 1024 ** UNITS.index(text[-1].upper())))
    return int(text) if text.isdigit() else None


def native_pools():
    return run_native([NATIVE_ZPOOL, "list", "-H", "-o", "name"])[1].split()


def gather(pools):
    """pool -> {property: (literal value, source)} for all OpenZFS pool properties."""
    code, out, _ = run_native([NATIVE_ZPOOL, "get", "all"] + pools)
    native = {}
    for line in out.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 4:
            native.setdefault(fields[0], {})[fields[1]] = (fields[2], fields[3])
    stored = stored_props(pools)
    return {pool: merge(native.get(pool, {}), stored.get(pool, {})) for pool in pools}


def stored_props(pools):
    names = ",".join(POOL_PREFIX + p.name for p in PROPS if p.handling == "virtual")
    out = run_native([NATIVE_ZFS, "get", "-H", "-p", "-o", "name,property,value,source", names] + pools)[1]
    stored = {}
    for line in out.splitlines():
        name, prop, value, source = line.split("\t")
        if source == "local":
            stored.setdefault(name, {})[prop[len(POOL_PREFIX):]] = value
    return stored


def merge(native, stored):
    merged = {}
    for prop in PROPS:
        if prop.handling == "native" and prop.name in native:
            value, source = native[prop.name]
            if prop.kind == "size":
                value = str(human_to_bytes(value))
            elif prop.kind in ("pct", "ratio"):
                value = value.rstrip("%x").replace(".", "") if prop.kind == "ratio" else value.rstrip("%")
            merged[prop.name] = (value, "-" if prop.name in READONLY else source)
        elif prop.name in stored:
            merged[prop.name] = (stored[prop.name], "local")
        elif prop.name == "load_guid":
            merged[prop.name] = (str((int(native.get("guid", ("0",))[0]) * 31 + 7) % 2**64), "-")
        elif prop.default is not None:
            merged[prop.name] = (prop.default, "-" if prop.name in READONLY else "default")
    if "size" in merged and "allocated" in merged:
        # Both are rounded by zfs-fuse; deriving free keeps size = allocated + free exact.
        merged["free"] = (str(int(merged["size"][0]) - int(merged["allocated"][0])), "-")
    for feature in FEATURES:
        merged["feature@" + feature] = ("active" if feature in ACTIVE_FEATURES else "enabled", "local")
    return merged


def display(prop, value, literal):
    """zpool_get_prop formatting (lib/libzfs/libzfs_pool.c)."""
    if prop is None or not value.isdigit():
        return value
    number = int(value)
    if prop.kind == "dash" and number == 0:
        return "-"
    if prop.kind == "ratio":
        text = "%d.%02d" % (number // 100, number % 100)
        return text if literal else text + "x"
    if literal:
        return value
    if prop.kind == "pct":
        return value + "%"
    if prop.kind == "dash":
        return nicenum(number, True)
    if prop.kind == "size":
        return nicenum(number)
    return value

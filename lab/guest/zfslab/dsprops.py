"""OpenZFS 2.2 dataset properties (module/zcommon/zfs_prop.c at zfs-2.2.7), in the order
`zfs get all` prints them, and how the lab provides each one on top of zfs-fuse:

  native     zfs-fuse has it with the same values and default: passed through.
  shadow     zfs-fuse has it but with fewer values or another default (compression,
             recordsize, ...): the OpenZFS value lives in user property org.phoenixlab:<name>
             (so zfs-fuse does the inheritance), and zfs-fuse gets the closest value it knows.
  virtual    zfs-fuse lacks it (sync, dnodesize, acltype, ...): user property only.
  synthetic  read-only, derived from other values (guid, written, logicalused, ...).
"""

from collections import namedtuple

Prop = namedtuple("Prop", "name kind attr default types col handling values")
# The user property (see util.PREFIX) where the lab keeps each dataset's snapshots_changed time.
SNAPSHOTS_CHANGED = "org.phoenixlab:snapshots_changed"

ON_OFF = ("off", "on")
COMPRESSION = (
    ["on", "off", "lzjb", "gzip"] + ["gzip-%d" % i for i in range(1, 10)] + ["zle", "lz4", "zstd", "zstd-fast"]
    + ["zstd-%d" % i for i in range(1, 20)]
    + ["zstd-fast-%d" % i for i in list(range(1, 11)) + [20, 30, 40, 50, 60, 70, 80, 90, 100, 500, 1000]]
)
# Index values that name the same setting; OpenZFS prints the first name in its table.
ALIASES = {
    "compression": {"gzip-6": "gzip", "zstd-fast-1": "zstd-fast"},
    "xattr": {"dir": "on"},
    "acltype": {"disabled": "off", "noacl": "off", "posixacl": "posix"},
    "aclinherit": {"secure": "restricted"},
    "volmode": {"geom": "full"},
}
VALUE_TEXT = {
    "compression": "on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19] | "
    "zstd-fast | zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000]",
    "checksum": "on | off | fletcher2 | fletcher4 | sha256 | sha512 | skein | edonr | blake3",
    "dedup": "on | off | verify | sha256[,verify] | sha512[,verify] | skein[,verify] | "
    "edonr,verify | blake3[,verify]",
    "acltype": "off | nfsv4 | posix",
    "xattr": "on | off | dir | sa",
    "aclinherit": "discard | noallow | restricted | passthrough | passthrough-x",
    "canmount": "on | off | noauto",
}


def _p(name, kind, attr, default, types, col, handling, values=()):
    return Prop(name, kind, attr, default, types, col, handling, tuple(values))


# kind: string | index | bytes (nicebytes) | quota (bytes, 0 = none) | num (nicenum) |
#       raw | date | date_s (date with seconds) | ratio | limit (UINT64_MAX = none)
# attr: readonly | inherit | default (settable, not inherited) | onetime
# types: f = filesystem, s = snapshot, v = volume
PROPS = [
    _p("type", "string", "readonly", None, "fsv", "TYPE", "native"),
    _p("creation", "date", "readonly", None, "fsv", "CREATION", "native"),
    _p("used", "bytes", "readonly", None, "fsv", "USED", "native"),
    _p("available", "bytes", "readonly", None, "fv", "AVAIL", "native"),
    _p("referenced", "bytes", "readonly", None, "fsv", "REFER", "native"),
    _p("compressratio", "ratio", "readonly", None, "fsv", "RATIO", "native"),
    _p("mounted", "string", "readonly", None, "f", "MOUNTED", "native"),
    _p("origin", "string", "readonly", None, "fv", "ORIGIN", "native"),
    _p("quota", "quota", "default", "0", "f", "QUOTA", "native"),
    _p("reservation", "quota", "default", "0", "fv", "RESERV", "native"),
    _p("volsize", "bytes", "default", None, "sv", "VOLSIZE", "native"),
    _p("volblocksize", "num", "onetime", "16384", "v", "VOLBLOCK", "native"),
    _p("recordsize", "num", "inherit", "131072", "f", "RECSIZE", "shadow"),
    _p("mountpoint", "string", "inherit", None, "f", "MOUNTPOINT", "native"),
    _p("sharenfs", "string", "inherit", "off", "f", "SHARENFS", "native"),
    _p("checksum", "index", "inherit", "on", "fv", "CHECKSUM", "shadow",
       ["on", "off", "fletcher2", "fletcher4", "sha256", "noparity", "sha512", "skein", "edonr", "blake3"]),
    _p("compression", "index", "inherit", "on", "fv", "COMPRESS", "shadow", COMPRESSION),
    _p("atime", "index", "inherit", "on", "f", "ATIME", "native", ON_OFF),
    _p("devices", "index", "inherit", "on", "fs", "DEVICES", "native", ON_OFF),
    _p("exec", "index", "inherit", "on", "fs", "EXEC", "native", ON_OFF),
    _p("setuid", "index", "inherit", "on", "fs", "SETUID", "native", ON_OFF),
    _p("readonly", "index", "inherit", "off", "fv", "RDONLY", "native", ON_OFF),
    _p("zoned", "index", "inherit", "off", "f", "ZONED", "native", ON_OFF),
    _p("snapdir", "index", "inherit", "hidden", "f", "SNAPDIR", "native", ["hidden", "visible"]),
    _p("aclmode", "index", "inherit", "discard", "f", "ACLMODE", "shadow",
       ["discard", "groupmask", "passthrough", "restricted"]),
    _p("aclinherit", "index", "inherit", "restricted", "f", "ACLINHERIT", "shadow",
       ["discard", "noallow", "restricted", "passthrough", "secure", "passthrough-x"]),
    _p("createtxg", "raw", "readonly", None, "fsv", "CREATETXG", "synthetic"),
    _p("canmount", "index", "default", "on", "f", "CANMOUNT", "native", ["off", "on", "noauto"]),
    _p("xattr", "index", "inherit", "on", "fs", "XATTR", "shadow", ["off", "on", "sa", "dir"]),
    _p("copies", "index", "inherit", "1", "fv", "COPIES", "native", ["1", "2", "3"]),
    _p("version", "raw", "readonly", "5", "fs", "VERSION", "synthetic"),
    _p("utf8only", "index", "onetime", "off", "fs", "UTF8ONLY", "native", ON_OFF),
    _p("normalization", "index", "onetime", "none", "fs", "NORMALIZATION", "native",
       ["none", "formC", "formD", "formKC", "formKD"]),
    _p("casesensitivity", "index", "onetime", "sensitive", "fs", "CASE", "native",
       ["sensitive", "insensitive", "mixed"]),
    _p("vscan", "index", "inherit", "off", "f", "VSCAN", "native", ON_OFF),
    _p("nbmand", "index", "inherit", "off", "fs", "NBMAND", "native", ON_OFF),
    _p("sharesmb", "string", "inherit", "off", "f", "SHARESMB", "native"),
    _p("refquota", "quota", "default", "0", "f", "REFQUOTA", "native"),
    _p("refreservation", "quota", "default", "0", "fv", "REFRESERV", "native"),
    _p("guid", "raw", "readonly", None, "fsv", "GUID", "synthetic"),
    _p("primarycache", "index", "inherit", "all", "fsv", "PRIMARYCACHE", "native", ["all", "none", "metadata"]),
    _p("secondarycache", "index", "inherit", "all", "fsv", "SECONDARYCACHE", "native",
       ["all", "none", "metadata"]),
    _p("usedbysnapshots", "bytes", "readonly", None, "fv", "USEDSNAP", "native"),
    _p("usedbydataset", "bytes", "readonly", None, "fv", "USEDDS", "native"),
    _p("usedbychildren", "bytes", "readonly", None, "fv", "USEDCHILD", "native"),
    _p("usedbyrefreservation", "bytes", "readonly", None, "fv", "USEDREFRESERV", "native"),
    _p("defer_destroy", "string", "readonly", None, "s", "DEFER_DESTROY", "native"),
    _p("userrefs", "num", "readonly", None, "s", "USERREFS", "native"),
    _p("logbias", "index", "inherit", "latency", "fv", "LOGBIAS", "native", ["latency", "throughput"]),
    _p("objsetid", "raw", "readonly", None, "fsv", "OBJSETID", "synthetic"),
    _p("dedup", "index", "inherit", "off", "fv", "DEDUP", "shadow",
       ["on", "off", "verify", "sha256", "sha256,verify", "sha512", "sha512,verify", "skein",
        "skein,verify", "edonr,verify", "blake3", "blake3,verify"]),
    _p("mlslabel", "string", "inherit", "none", "fsv", "MLSLABEL", "virtual"),
    _p("sync", "index", "inherit", "standard", "fv", "SYNC", "virtual", ["standard", "always", "disabled"]),
    _p("dnodesize", "index", "inherit", "legacy", "f", "DNSIZE", "virtual",
       ["legacy", "auto", "1k", "2k", "4k", "8k", "16k"]),
    _p("refcompressratio", "ratio", "readonly", None, "fsv", "REFRATIO", "synthetic"),
    _p("written", "num", "readonly", None, "fsv", "WRITTEN", "synthetic"),
    _p("logicalused", "num", "readonly", None, "fv", "LUSED", "synthetic"),
    _p("logicalreferenced", "num", "readonly", None, "fsv", "LREFER", "synthetic"),
    _p("volmode", "index", "inherit", "default", "fv", "VOLMODE", "virtual",
       ["default", "full", "geom", "dev", "none"]),
    _p("filesystem_limit", "limit", "default", str(2**64 - 1), "f", "FSLIMIT", "virtual"),
    _p("snapshot_limit", "limit", "default", str(2**64 - 1), "fv", "SSLIMIT", "virtual"),
    _p("filesystem_count", "limit", "readonly", str(2**64 - 1), "f", "FSCOUNT", "synthetic"),
    _p("snapshot_count", "limit", "readonly", str(2**64 - 1), "fv", "SSCOUNT", "synthetic"),
    _p("snapdev", "index", "inherit", "hidden", "fv", "SNAPDEV", "virtual", ["hidden", "visible"]),
    _p("acltype", "index", "inherit", "off", "fs", "ACLTYPE", "virtual",
       ["off", "posix", "nfsv4", "disabled", "noacl", "posixacl"]),
    _p("context", "string", "default", "none", "fsv", "CONTEXT", "virtual"),
    _p("fscontext", "string", "default", "none", "fsv", "FSCONTEXT", "virtual"),
    _p("defcontext", "string", "default", "none", "fsv", "DEFCONTEXT", "virtual"),
    _p("rootcontext", "string", "default", "none", "fsv", "ROOTCONTEXT", "virtual"),
    _p("relatime", "index", "inherit", "on", "f", "RELATIME", "virtual", ON_OFF),
    _p("redundant_metadata", "index", "inherit", "all", "fv", "REDUND_MD", "virtual",
       ["all", "most", "some", "none"]),
    _p("overlay", "index", "inherit", "on", "f", "OVERLAY", "virtual", ON_OFF),
    _p("encryption", "index", "onetime", "off", "fsv", "ENCRYPTION", "synthetic", ["off"]),
    _p("keylocation", "string", "default", "none", "fv", "KEYLOCATION", "synthetic"),
    _p("keyformat", "index", "onetime", "none", "fv", "KEYFORMAT", "synthetic", ["none"]),
    _p("pbkdf2iters", "raw", "onetime", "0", "fv", "PBKDF2ITERS", "synthetic"),
    _p("special_small_blocks", "num", "inherit", "0", "f", "SPECIAL_SMALL_BLOCKS", "virtual"),
    # Set when a snapshot of the dataset is created or destroyed; absent from `get all` until then
    # (libzfs_dataset.c returns -1 for 0). Kept by the lab's `zfs snapshot`/`zfs destroy` wrappers.
    _p("snapshots_changed", "date_s", "readonly", None, "fv", "SNAPSHOTS_CHANGED", "synthetic"),
    _p("prefetch", "index", "inherit", "all", "fsv", "PREFETCH", "virtual", ["none", "metadata", "all"]),
]
BY_NAME = {p.name: p for p in PROPS}
# OpenZFS also accepts each property's column title as a name (zprop_name_to_prop).
BY_COLUMN = {p.col.lower(): p for p in PROPS}
# Synthetic values are computed from these native ones.
SYNTHETIC_SOURCES = {
    "refcompressratio": "compressratio", "written": "referenced", "logicalused": "used",
    "logicalreferenced": "referenced", "createtxg": "creation", "guid": "creation",
    "objsetid": "creation", "snapshots_changed": SNAPSHOTS_CHANGED,
}


def lookup(name):
    """The property for a name or column alias, or None (user or unknown property)."""
    return BY_NAME.get(name) or BY_COLUMN.get(name.lower()) if ":" not in name else None


def is_user_prop(name):
    return ":" in name


def value_text(prop):
    """The `values` text OpenZFS registers for the property, as its errors quote it."""
    if prop.name in VALUE_TEXT:
        return VALUE_TEXT[prop.name]
    if prop.values == ON_OFF:
        return "on | off"
    return " | ".join(prop.values)


def canonical(prop, value):
    return ALIASES.get(prop.name, {}).get(value, value)

"""Validating and storing dataset property values the way OpenZFS 2.2 does
(zfs_valid_proplist in lib/libzfs/libzfs_dataset.c, zprop_parse_value in libzfs_util.c).

`plan(name, value, creating)` turns one OpenZFS assignment into the zfs-fuse assignments
that store it, or raises ValueError with the OpenZFS detail text ("'sync' must be one of
..."); callers prefix it with "cannot set property for 'x'" or "cannot create 'x'".
"""

from . import dsprops
from .util import PREFIX, UINT64_MAX, nicestrtonum

MAX_BLOCK = 16 * 1024 * 1024  # zfs_max_recordsize on 64-bit OpenZFS 2.2
MIN_BLOCK = 512
NATIVE_VALUES = {
    "compression": {"on", "off", "lzjb", "gzip", "zle"} | {"gzip-%d" % i for i in range(1, 10)},
    "checksum": {"on", "off", "fletcher2", "fletcher4", "sha256"},
    "dedup": {"on", "off", "verify", "sha256", "sha256,verify"},
    "aclmode": {"discard", "groupmask", "passthrough"},
    "aclinherit": {"discard", "noallow", "restricted", "passthrough", "passthrough-x"},
    "xattr": {"on", "off"},
}
USERQUOTA_PREFIXES = ("userquota@", "groupquota@", "projectquota@", "userobjquota@",
                      "groupobjquota@", "projectobjquota@")
WARNINGS = []  # non-fatal messages OpenZFS prints to stderr while validating


def _is_pow2(n):
    return n > 0 and n & (n - 1) == 0


def parse_number(prop, raw):
    if raw == "none":
        return UINT64_MAX if prop.kind == "limit" else 0
    if raw == "auto":
        raise ValueError("'auto' is invalid value for '%s'" % prop.name)
    number = nicestrtonum(raw)
    if prop.name == "recordsize" and (number < MIN_BLOCK or number > MAX_BLOCK or not _is_pow2(number)):
        raise ValueError("'recordsize' must be power of 2 from 512B to 16M")
    if prop.name == "special_small_blocks":
        WARNINGS.append("special_small_blocks: property requires a special device in the pool")
        if number != 0 and (number < MIN_BLOCK or number > MAX_BLOCK or not _is_pow2(number)):
            raise ValueError("invalid 'special_small_blocks=%d' property: must be zero or a power "
                             "of 2 from 512B to 16M" % number)
    return number


def normalize(prop, raw):
    """The canonical stored form of a value, as OpenZFS would store and print it."""
    if prop.kind == "index":
        if raw not in prop.values:
            raise ValueError("'%s' must be one of '%s'" % (prop.name, dsprops.value_text(prop)))
        return dsprops.canonical(prop, raw)
    if prop.kind in ("num", "limit"):
        return str(parse_number(prop, raw))
    return raw


def native_fallback(prop, value):
    """The zfs-fuse value closest to an OpenZFS one, so the data path behaves alike."""
    if prop.name == "recordsize":
        return str(min(int(value), 131072))
    allowed = NATIVE_VALUES.get(prop.name)
    if allowed is None or value in allowed:
        return value
    if prop.name == "compression":
        return "on"
    if prop.name == "checksum":
        return "off" if value == "noparity" else "sha256"
    if prop.name == "dedup":
        return "sha256,verify" if value.endswith(",verify") else "sha256"
    if prop.name == "xattr":
        return "on"
    return None


def plan(name, raw, creating):
    """zfs-fuse assignments [(name, value)] that store `name=raw` the OpenZFS way."""
    prop = dsprops.lookup(name)
    if prop is None:
        if dsprops.is_user_prop(name) or name.startswith(USERQUOTA_PREFIXES):
            return [(name, raw)]
        raise ValueError("invalid property '%s'" % name)
    if prop.attr == "readonly" or (prop.attr == "onetime" and not creating):
        raise ValueError("'%s' is readonly" % prop.name)
    if prop.handling == "native":
        return [(prop.name, raw)]
    if prop.handling == "synthetic":
        return plan_synthetic(prop, raw)
    value = normalize(prop, raw)
    assignments = [(PREFIX + prop.name, value)]
    if prop.handling == "shadow":
        fallback = native_fallback(prop, value)
        if fallback is not None:
            assignments.insert(0, (prop.name, fallback))
    return assignments


def plan_synthetic(prop, raw):
    """Encryption properties: the default is accepted, anything else is beyond zfs-fuse."""
    if raw == prop.default or (prop.name == "encryption" and raw == "off"):
        return []
    raise ValueError("encryption is not supported by the lab host (zfs-fuse); "
                     "'%s=%s' cannot be emulated" % (prop.name, raw))


def parse_assignment(text):
    """'k=v' -> (k, v); None if there is no '='."""
    if "=" not in text:
        return None
    name, value = text.split("=", 1)
    return name, value

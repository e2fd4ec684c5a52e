"""Reading dataset properties: one `zfs get -Hp` from zfs-fuse, merged into OpenZFS 2.2 values.

Each result is a (value, source) pair in literal (-p) form; `display` turns it into the
human form OpenZFS prints without -p.
"""

import hashlib
import time
from collections import OrderedDict

from . import dsprops
from .util import NATIVE_ZFS, POOL_PREFIX, PREFIX, UINT64_MAX, nicenum, run_native

TYPE_LETTER = {"filesystem": "f", "snapshot": "s", "volume": "v"}


def native_names(props):
    """What to ask zfs-fuse for, given OpenZFS property names (or None for all)."""
    if props is None:
        return ["all"]
    names = ["type"]
    for name in props:
        prop = dsprops.lookup(name)
        if prop is None:
            names.append(name)
        elif prop.handling == "native":
            names.append(prop.name)
        elif prop.handling in ("shadow", "virtual"):
            names.append(PREFIX + prop.name)
        elif prop.name in dsprops.SYNTHETIC_SOURCES:
            names.append(dsprops.SYNTHETIC_SOURCES[prop.name])
    return list(OrderedDict.fromkeys(names))


def fetch(datasets, props, recursive=False, depth=None):
    """Returns (rows, stderr, code): rows maps dataset -> {native name: (value, source)}."""
    argv = [NATIVE_ZFS, "get", "-H", "-p", "-o", "name,property,value,source"]
    if recursive:
        argv.append("-r")
    if depth is not None:
        argv += ["-d", str(depth)]
    argv += [",".join(native_names(props))] + list(datasets)
    code, out, err = run_native(argv)
    rows = OrderedDict()
    for line in out.splitlines():
        fields = line.split("\t")
        if len(fields) == 4:
            rows.setdefault(fields[0], {})[fields[1]] = (fields[2], fields[3])
    return rows, err, code


def applies(prop, values):
    kind = values.get("type", ("filesystem", "-"))[0]
    return TYPE_LETTER.get(kind, "f") in prop.types


def resolve(prop, values, dataset):
    """(literal value, source) of an OpenZFS property on one dataset, or None if not shown."""
    if not applies(prop, values):
        return None
    if prop.handling == "native":
        found = values.get(prop.name)
        if found is None:
            return None
        value, source = found
        if prop.kind == "ratio":
            value = value.rstrip("x")
        return value, source
    if prop.handling in ("shadow", "virtual"):
        value, source = values.get(PREFIX + prop.name, ("-", "-"))
        # zfs-fuse inherits every user property; OpenZFS does not inherit these.
        if source == "-" or (prop.attr == "default" and source.startswith("inherited")):
            return prop.default, "default"
        return value, source
    return synthesize(prop, values, dataset)


def _stable_number(dataset, values, salt, bits):
    seed = "%s|%s|%s" % (dataset, values.get("creation", ("", ""))[0], salt)
    return int(hashlib.sha256(seed.encode()).hexdigest(), 16) % (2**bits)


def synthesize(prop, values, dataset):
    source_name = dsprops.SYNTHETIC_SOURCES.get(prop.name)
    if prop.name in ("refcompressratio", "written", "logicalused", "logicalreferenced"):
        found = values.get(source_name)
        return None if found is None else (found[0].rstrip("x"), "-")
    if prop.name == "guid":
        return str(_stable_number(dataset, values, "guid", 64)), "-"
    if prop.name == "objsetid":
        return str(_stable_number(dataset, values, "objset", 16) + 54), "-"
    if prop.name == "createtxg":
        return str(_stable_number(dataset, values, "txg", 10) + 1), "-"
    if prop.name == "snapshots_changed":
        # Only the dataset's own value: zfs-fuse would inherit the user property to children.
        found = values.get(dsprops.SNAPSHOTS_CHANGED)
        return None if found is None or found[1] != "local" else (found[0], "-")
    if prop.name == "version":
        return "5", "-"
    return prop.default, "default"


def user_props(values):
    """User properties zfs-fuse returned, minus the lab's own bookkeeping."""
    return [(name, pair) for name, pair in values.items()
            if ":" in name and not name.startswith(PREFIX) and not name.startswith(POOL_PREFIX)]


def display(prop, value, literal):
    """The printed form of a literal value (zfs_prop_get in libzfs_dataset.c)."""
    if prop is None or not value.isdigit() and prop.kind != "ratio":
        return value
    kind = prop.kind
    number = int(value) if value.isdigit() else None
    if kind == "limit" and number == UINT64_MAX:
        return "none"
    if literal:
        return value
    if kind == "ratio":
        return value + "x"
    if kind == "date":
        return time.strftime("%a %b %e %k:%M %Y", time.localtime(number))
    if kind == "date_s":
        return time.strftime("%a %b %e %k:%M:%S %Y", time.localtime(number))
    if kind == "quota":
        return "none" if number == 0 else nicenum(number, True)
    if kind == "bytes":
        return nicenum(number, True)
    if kind in ("num", "limit"):
        return nicenum(number)
    return value

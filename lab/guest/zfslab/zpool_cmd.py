"""`zpool` front end: OpenZFS 2.2 syntax and output over zfs-fuse (see lab/emulators/zpool)."""

import sys

from . import poolprops
from .util import (NATIVE_ZFS, NATIVE_ZPOOL, POOL_PREFIX, ZfsError, destroy_natively, exec_native, main_wrapper,
                   native_or_fail, parse_options, print_table, run_native)
from .zfs_cmd import plan_all
from .zpool_status import cmd_import_list, cmd_status

LIST_USAGE = "\tlist [-gHLpPv] [-o property[,...]] [-T d|u] [pool] ... [interval [count]]"
GET_USAGE = "\tget [-Hp] [-o \"all\" | field[,...]] <\"all\" | property[,...]> <pool> ..."
SET_USAGE = "\tset <property=value> <pool>"
CREATE_USAGE = ("\tcreate [-fnd] [-o property=value] ... \n\t    [-O file-system-property=value] ...\n"
                "\t    [-m mountpoint] [-R root] [-t tempname] <pool> <vdev> ...")
LIST_DEFAULT = "name,size,allocated,free,checkpoint,expandsize,fragmentation,capacity,dedupratio,health,altroot"
UNSUPPORTED_VDEVS = ("special", "dedup")


def pools_or_all(args):
    pools = args or poolprops.native_pools()
    for pool in pools:
        if pool not in poolprops.native_pools():
            raise ZfsError("cannot open '%s': no such pool" % pool)
    return pools


def parse_names(text, usage):
    names = text.split(",")
    for name in names:
        if name != "name" and poolprops.lookup(name) is None and not name.startswith("feature@"):
            raise ZfsError("bad property list: invalid property '%s'\nusage:\n%s" % (name, usage), 2)
    return names


def value_of(values, name, literal):
    prop = poolprops.lookup(name)
    key = prop.name if prop else name
    value, source = values.get(key, ("-", "-"))
    return poolprops.display(prop, value, literal), source, key


def cmd_list(argv):
    opts, args = parse_options(argv, "gHLpPvo:T:", LIST_USAGE)
    flags = dict(opts)
    names = parse_names(flags.get("-o", LIST_DEFAULT), LIST_USAGE)
    pools = pools_or_all(args)
    if not pools:
        if "-H" not in flags:
            print("no pools available")  # on stdout, and only without -H (zpool_do_list)
        return 0
    gathered = poolprops.gather(pools)
    rows = [[pool if n == "name" else value_of(gathered[pool], n, "-p" in flags)[0] for n in names]
            for pool in pools]
    headers = ["NAME" if n == "name" else (poolprops.lookup(n).col if poolprops.lookup(n) else n.upper())
               for n in names]
    right = {i for i, n in enumerate(names) if poolprops.lookup(n) and
             poolprops.lookup(n).kind in ("size", "pct", "ratio", "dash", "raw")}
    print_table(rows, headers, "-H" in flags, right)
    return 0


def cmd_get(argv):
    opts, args = parse_options(argv, "Hpo:", GET_USAGE)
    flags = dict(opts)
    if not args:
        raise ZfsError("missing property argument\nusage:\n" + GET_USAGE, 2)
    fields = flags.get("-o", "name,property,value,source").split(",")
    if fields == ["all"]:
        fields = ["name", "property", "value", "source"]
    pools = pools_or_all(args[1:])
    gathered = poolprops.gather(pools)
    rows = []
    for pool in pools:
        names = list(gathered[pool]) if args[0] == "all" else parse_names(args[0], GET_USAGE)
        for name in names:
            value, source, key = value_of(gathered[pool], name, "-p" in flags)
            record = {"name": pool, "property": key, "value": value, "source": source}
            rows.append([record.get(f, "-") for f in fields])
    print_table(rows, [f.upper() for f in fields], "-H" in flags)
    return 0


def check_pool_assignment(name, value, creating, errprefix):
    """Raises the OpenZFS error for a bad pool property; True if the lab must store it."""
    if name.startswith("feature@"):
        if value not in ("enabled", "disabled"):
            raise ZfsError("%s: property '%s' can only be set to 'enabled' or 'disabled'" % (errprefix, name))
        return False
    prop = poolprops.lookup(name)
    if prop is None:
        raise ZfsError("%s: invalid property '%s'" % (errprefix, name))
    if prop.name in poolprops.READONLY or prop.handling == "synthetic":
        raise ZfsError("%s: '%s' is readonly" % (errprefix, name))
    if prop.values and value not in prop.values:
        raise ZfsError("%s: '%s' must be one of '%s'" % (errprefix, prop.name, " | ".join(prop.values)))
    return prop.handling == "virtual"


def store_pool_prop(pool, name, value):
    native_or_fail([NATIVE_ZFS, "set", "%s%s=%s" % (POOL_PREFIX, poolprops.lookup(name).name, value), pool])


def cmd_set(argv):
    if argv and argv[0].startswith("-"):
        raise ZfsError("invalid option '%s'\nusage:\n%s" % (argv[0][1:2], SET_USAGE), 2)
    if not argv:
        raise ZfsError("missing property=value argument\nusage:\n" + SET_USAGE, 2)
    if len(argv) < 2:
        raise ZfsError("missing pool name\nusage:\n" + SET_USAGE, 2)
    if "=" not in argv[0]:
        raise ZfsError("missing value in property=value argument\nusage:\n" + SET_USAGE, 2)
    name, value = argv[0].split("=", 1)
    pool = argv[1]
    if pool not in poolprops.native_pools():
        raise ZfsError("cannot open '%s': is not a pool" % pool, 22)
    if check_pool_assignment(name, value, False, "cannot set property for '%s'" % pool):
        store_pool_prop(pool, name, value)
        return 0
    exec_native([NATIVE_ZPOOL, "set", argv[0], pool])
    return 0


def cmd_create(argv):
    opts, args = parse_options(argv, "fndo:O:m:R:t:", CREATE_USAGE)
    if len(args) < 1:
        raise ZfsError("missing pool name argument\nusage:\n" + CREATE_USAGE, 2)
    if len(args) < 2:
        raise ZfsError("missing vdev specification\nusage:\n" + CREATE_USAGE, 2)
    pool, vdevs = args[0], args[1:]
    errprefix = "cannot create '%s'" % pool
    if any(v in UNSUPPORTED_VDEVS or v.startswith("draid") for v in vdevs):
        raise ZfsError("%s: special, dedup and draid vdevs are not supported by the lab host (zfs-fuse)" % errprefix)
    native, stored = [], []
    for option, text in opts:
        if option == "-o":
            name, _, value = text.partition("=")
            if check_pool_assignment(name, value, True, errprefix):
                stored.append((name, value))
            elif not name.startswith("feature@"):
                native += ["-o", text]
        elif option == "-O":
            name, _, value = text.partition("=")
            native += [x for n, v in plan_all([(name, value)], True, errprefix) for x in ("-O", "%s=%s" % (n, v))]
        else:
            native += [option] + ([text] if text else [])
    code, _, err = run_native([NATIVE_ZPOOL, "create"] + native + [pool] + vdevs)
    if code != 0:
        # zfs-fuse notes the ashift it picked; OpenZFS says nothing about it.
        raise ZfsError("\n".join(l for l in err.splitlines() if not l.startswith("Defaulting to 4K")), code)
    for name, value in stored:
        store_pool_prop(pool, name, value)
    return 0


def cmd_destroy(argv):
    destroy_natively([NATIVE_ZPOOL, "destroy"] + argv, "pool is busy")
    return 0


COMMANDS = {
    "list": cmd_list, "get": cmd_get, "set": cmd_set, "status": cmd_status, "create": cmd_create, "destroy": cmd_destroy,
}


def is_import_listing(args):
    """`zpool import` with no pool named (and no -a) only lists what could be imported."""
    positional, i = [], 0
    while i < len(args):
        if args[i] in ("-d", "-c", "-o", "-O", "-R", "-T"):
            i += 2
            continue
        if not args[i].startswith("-"):
            positional.append(args[i])
        i += 1
    return not positional and "-a" not in args


def main(argv):
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    if argv and argv[0] == "import" and is_import_listing(argv[1:]):
        return cmd_import_list(argv[1:])
    exec_native([NATIVE_ZPOOL] + argv)
    return 0


def run():
    main_wrapper(main)


if __name__ == "__main__":
    run()

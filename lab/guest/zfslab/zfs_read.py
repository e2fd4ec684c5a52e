"""`zfs get` and `zfs list` with OpenZFS 2.2 options and output (cmd/zfs/zfs_main.c)."""

import sys

from . import dsget, dsprops
from .util import NATIVE_ZFS, ZfsError, parse_options, print_table, run_native

GET_USAGE = ("\tget [-rHp] [-d max] [-o \"all\" | field[,...]]\n"
             "\t    [-t type[,...]] [-s source[,...]]\n"
             "\t    <\"all\" | property[,...]> [filesystem|volume|snapshot|bookmark] ...")
LIST_USAGE = ("\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n"
              "\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...")
GET_FIELDS = ("name", "property", "value", "received", "source")
SOURCES = ("local", "default", "inherited", "temporary", "received", "none")
TYPES = {"filesystem": "f", "snapshot": "s", "snap": "s", "volume": "v", "vol": "v", "bookmark": "b",
         "all": "fsvb"}


def parse_types(text, usage):
    letters = ""
    for word in text.split(","):
        if word not in TYPES:
            raise ZfsError("invalid type '%s'\nusage:\n%s" % (word, usage), 2)
        letters += TYPES[word]
    return letters


def parse_prop_list(text, usage, allow_all):
    if allow_all and text == "all":
        return None
    names = text.split(",")
    for name in names:
        if dsprops.lookup(name) is None and not dsprops.is_user_prop(name) and name != "name":
            raise ZfsError("bad property list: invalid property '%s'\nusage:\n%s" % (name, usage), 2)
    return names


def source_kind(source):
    if source == "-":
        return "none"
    return source.split(" ")[0]


def rows_for_dataset(dataset, values, names, literal):
    """(property, value, source) rows of one dataset, in OpenZFS order."""
    rows = []
    wanted = dsprops.PROPS if names is None else [dsprops.lookup(n) or n for n in names]
    for prop in wanted:
        if isinstance(prop, str):
            value, source = values.get(prop, ("-", "-"))
            rows.append((prop, value, source))
            continue
        resolved = dsget.resolve(prop, values, dataset)
        if resolved is not None:
            rows.append((prop.name, dsget.display(prop, resolved[0], literal), resolved[1]))
    if names is None:
        rows += [(name, pair[0], pair[1]) for name, pair in dsget.user_props(values)]
    return rows


def cmd_get(argv):
    opts, args = parse_options(argv, "rHpd:o:s:t:", GET_USAGE)
    flags = dict(opts)
    if not args:
        raise ZfsError("missing property argument\nusage:\n" + GET_USAGE, 2)
    names = parse_prop_list(args[0], GET_USAGE, True)
    fields = ["name", "property", "value", "source"]
    if "-o" in flags:
        fields = list(GET_FIELDS) if flags["-o"] == "all" else flags["-o"].split(",")
        for field in fields:
            if field not in GET_FIELDS:
                raise ZfsError("invalid field '%s'\nusage:\n%s" % (field, GET_USAGE), 2)
    sources = flags["-s"].split(",") if "-s" in flags else list(SOURCES)
    types = parse_types(flags["-t"], GET_USAGE) if "-t" in flags else "fsvb"
    depth = flags.get("-d")
    rows_by_ds, err, code = dsget.fetch(args[1:], names, "-r" in flags or depth is not None, depth)
    out = []
    for dataset, values in rows_by_ds.items():
        if dsget.TYPE_LETTER.get(values.get("type", ("filesystem",))[0], "f") not in types:
            continue
        for prop, value, source in rows_for_dataset(dataset, values, names, "-p" in flags):
            if source_kind(source) in sources:
                record = {"name": dataset, "property": prop, "value": value, "received": "-",
                          "source": source}
                out.append([record[f] for f in fields])
    headers = [f.upper() for f in fields]
    print_table(out, headers if out else None, "-H" in flags)
    sys.stderr.write(err)
    return code


def list_names(flags, args, sort_keys):
    argv = [NATIVE_ZFS, "list", "-H", "-o", "name"]
    if "-r" in flags:
        argv.append("-r")
    if "-d" in flags:
        argv += ["-d", flags["-d"]]
    if "-t" in flags:
        argv += ["-t", flags["-t"]]
    for option, key in sort_keys:
        argv += [option, key]
    code, out, err = run_native(argv + args)
    return out.split(), err, code


def cmd_list(argv):
    opts, args = parse_options(argv, "rHpd:o:s:S:t:", LIST_USAGE)
    flags = dict(opts)
    names = parse_prop_list(flags.get("-o", "name,used,available,referenced,mountpoint"), LIST_USAGE, False)
    if "-t" in flags:
        parse_types(flags["-t"], LIST_USAGE)
    sort_keys = [(o, v) for o, v in opts if o in ("-s", "-S")]
    native_sort = all(getattr(dsprops.lookup(k), "handling", "") == "native" for _, k in sort_keys)
    datasets, err, code = list_names(flags, args, sort_keys if native_sort else [])
    if code != 0 and not datasets:
        raise ZfsError(err.rstrip("\n"), code)
    values_by_ds = dsget.fetch(datasets, [n for n in names if n != "name"])[0] if datasets else {}
    rows = []
    for dataset in datasets:
        by_prop = {p: v for p, v, _ in rows_for_dataset(dataset, values_by_ds.get(dataset, {}),
                                                         [n for n in names if n != "name"], "-p" in flags)}
        rows.append([dataset if n == "name" else by_prop.get(getattr(dsprops.lookup(n), "name", n), "-")
                     for n in names])
    if not native_sort:
        rows = sort_rows(rows, names, sort_keys)
    if not rows:
        sys.stderr.write(err or "no datasets available\n")
        return code
    headers = [dsprops.lookup(n).col if dsprops.lookup(n) else n.upper() for n in names]
    headers = ["NAME" if n == "name" else h for n, h in zip(names, headers)]
    right = {i for i, n in enumerate(names)
             if dsprops.lookup(n) and dsprops.lookup(n).kind in ("bytes", "quota", "num", "ratio", "raw")}
    print_table(rows, headers, "-H" in flags, right)
    sys.stderr.write(err)
    return code


def sort_rows(rows, names, sort_keys):
    for option, key in reversed(sort_keys):
        index = names.index(key) if key in names else None
        if index is not None:
            rows.sort(key=lambda row: (row[index].isdigit(), int(row[index]) if row[index].isdigit()
                                       else row[index]), reverse=option == "-S")
    return rows

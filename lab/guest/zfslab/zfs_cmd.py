"""`zfs` front end: OpenZFS 2.2 syntax and messages over zfs-fuse (see lab/emulators/zfs)."""

import sys
import time

from . import dsprops, dsset
from .util import (NATIVE_ZFS, PREFIX, ZfsError, destroy_natively, exec_native, main_wrapper, native_or_fail,
                   parse_options, run_native)
from .zfs_read import cmd_get, cmd_list

SET_USAGE = "\tset [-u] <property=value> ... <filesystem|volume|snapshot> ..."
INHERIT_USAGE = "\tinherit [-rS] <property> <filesystem|volume|snapshot> ..."
CREATE_USAGE = ("\tcreate [-Pnpuv] [-o property=value] ... <filesystem>\n"
                "\tcreate [-Pnpsv] [-b blocksize] [-o property=value] ... -V <size> <volume>")


def usage_error(message, usage):
    return ZfsError("%s\nusage:\n%s" % (message, usage), 2)


def flush_warnings():
    for warning in dsset.WARNINGS:
        sys.stderr.write(warning + "\n")
    dsset.WARNINGS.clear()


def plan_all(assignments, creating, errprefix):
    planned = []
    for name, value in assignments:
        try:
            planned += dsset.plan(name, value, creating)
        except ValueError as error:
            flush_warnings()
            raise ZfsError("%s: %s" % (errprefix, error)) from None
    flush_warnings()
    return planned


def parse_assignments(texts, usage):
    assignments = []
    for text in texts:
        parsed = dsset.parse_assignment(text)
        if parsed is None:
            raise usage_error("missing '=' for property=value argument", usage)
        if parsed[0] in dict(assignments):
            raise usage_error("property '%s' specified multiple times" % parsed[0], usage)
        assignments.append(parsed)
    return assignments


def cmd_set(argv):
    _, args = parse_options(argv, "u", SET_USAGE)
    if not args:
        raise usage_error("missing arguments", SET_USAGE)
    first_ds = next((i for i, a in enumerate(args) if "=" not in a), None)
    if first_ds is None:
        raise usage_error("missing dataset name(s)" if len(args) > 1 or "=" in args[0]
                          else "missing property=value argument(s)", SET_USAGE)
    if any("=" in a for a in args[first_ds:]):
        raise usage_error("invalid argument order", SET_USAGE)
    assignments = parse_assignments(args[:first_ds], SET_USAGE)
    code = 0
    for dataset in args[first_ds:]:
        try:
            native_or_fail([NATIVE_ZFS, "get", "-H", "-o", "name", "type", dataset])
            for name, value in plan_all(assignments, False, "cannot set property for '%s'" % dataset):
                native_or_fail([NATIVE_ZFS, "set", "%s=%s" % (name, value), dataset])
        except ZfsError as error:
            sys.stderr.write(error.message + "\n")
            code = 1
    return code


def cmd_inherit(argv):
    opts, args = parse_options(argv, "rS", INHERIT_USAGE)
    if not args:
        raise usage_error("missing property argument", INHERIT_USAGE)
    if len(args) < 2:
        raise usage_error("missing dataset argument", INHERIT_USAGE)
    name, datasets = args[0], args[1:]
    prop = dsprops.lookup(name)
    if prop is None:
        if not dsprops.is_user_prop(name):
            raise usage_error("invalid property '%s'" % name, INHERIT_USAGE)
        exec_native([NATIVE_ZFS, "inherit"] + [o for o, _ in opts] + args)
    if prop.attr in ("readonly", "onetime"):
        raise ZfsError("%s property is read-only" % name)
    if prop.attr == "default" and "-S" not in dict(opts):
        message = "'%s' property cannot be inherited" % name
        if prop.kind == "quota":
            message += ("\nuse 'zfs set %s=none' to clear\nuse 'zfs inherit -S %s' to revert to "
                        "received value" % (name, name))
        raise ZfsError(message)
    flags = [o for o, _ in opts]
    if prop.handling == "native":
        exec_native([NATIVE_ZFS, "inherit"] + flags + [prop.name] + datasets)
    if prop.handling == "shadow":
        native_or_fail([NATIVE_ZFS, "inherit"] + flags + [prop.name] + datasets)
    native_or_fail([NATIVE_ZFS, "inherit"] + flags + [PREFIX + prop.name] + datasets)
    return 0


def cmd_create(argv):
    opts, args = parse_options(argv, "Pnpuvsb:o:V:", CREATE_USAGE)
    if len(args) != 1:
        raise usage_error("missing filesystem argument" if not args else "too many arguments", CREATE_USAGE)
    dataset = args[0]
    if "-V" in dict(opts):
        raise ZfsError("cannot create '%s': volumes are not supported by the lab host "
                       "(zfs-fuse has no zvols)" % dataset)
    assignments = parse_assignments([v for o, v in opts if o == "-o"], CREATE_USAGE)
    planned = plan_all(assignments, True, "cannot create '%s'" % dataset)
    argv = [NATIVE_ZFS, "create"] + [o for o, _ in opts if o == "-p"]
    for name, value in planned:
        argv += ["-o", "%s=%s" % (name, value)]
    native_or_fail(argv + [dataset])
    if "-u" in dict(opts):
        # zfs-fuse has no `create -u`; unmounting right away leaves the same end state.
        run_native([NATIVE_ZFS, "umount", dataset])
    return 0


def cmd_destroy(argv):
    destroy_natively([NATIVE_ZFS, "destroy"] + argv, "dataset is busy")
    snapshots_changed([a for a in argv if "@" in a and not a.startswith("-")], "-r" in argv)
    return 0


def cmd_snapshot(argv):
    code, out, err = run_native([NATIVE_ZFS, "snapshot"] + argv)
    sys.stdout.write(out)
    if code != 0:
        raise ZfsError(err.rstrip("\n"), code)
    snapshots_changed([a for a in argv if "@" in a and not a.startswith("-")], "-r" in argv)
    return 0


def cmd_rollback(argv):
    """zfs-fuse rolls back, then fails writing /proc/sys/vm/drop_caches (read-only in the lab, and
    this machine's page cache is none of its business): that last step alone is not an error."""
    code, out, err = run_native([NATIVE_ZFS, "rollback"] + argv)
    sys.stdout.write(out)
    rest = [line for line in err.splitlines() if not line.startswith("drop_caches failed")]
    if code != 0 and (rest or not err):
        raise ZfsError("\n".join(rest) or err.rstrip("\n"), code)
    return 0


def snapshots_changed(snapshots, recursive):
    """Records the time as the datasets' snapshots_changed, as OpenZFS 2.2 does on every
    snapshot create or destroy (dsl_dataset_snapshot_sync, dsl_destroy_snapshot_sync)."""
    now = str(int(time.time()))
    for dataset in sorted({s.split("@", 1)[0] for s in snapshots}):
        names = [dataset]
        if recursive:
            code, out, _ = run_native([NATIVE_ZFS, "list", "-H", "-o", "name", "-t", "filesystem", "-r", dataset])
            names = out.split() if code == 0 else names
        for name in names:
            run_native([NATIVE_ZFS, "set", "%s=%s" % (dsprops.SNAPSHOTS_CHANGED, now), name])


COMMANDS = {
    "get": cmd_get, "list": cmd_list, "set": cmd_set, "inherit": cmd_inherit, "create": cmd_create,
    "destroy": cmd_destroy, "snapshot": cmd_snapshot, "snap": cmd_snapshot, "rollback": cmd_rollback,
}


def main(argv):
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    exec_native([NATIVE_ZFS] + argv)
    return 0


def run():
    main_wrapper(main)


if __name__ == "__main__":
    run()

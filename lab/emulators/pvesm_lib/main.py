"""CLI entry (PVE::CLIHandler): command lookup with unique prefixes, option parsing, schema
validation, and PVE's way of failing (stderr text, exit 255)."""
import sys

from .commands import cmd_add, cmd_remove, cmd_set, cmd_status
from .errors import ParamError, PveError
from .getopt_long import get_options
from .listing import cmd_list
from .schema import PROPERTIES, validate

EXE = "pvesm"
# Every pvesm command of PVE 8, so that prefixes resolve (or clash) the way they do on a real host.
REAL_COMMANDS = ["add", "alloc", "apiinfo", "cifsscan", "export", "extractconfig", "free",
                 "glusterfsscan", "help", "import", "iscsiscan", "list", "lvmscan", "lvmthinscan",
                 "nfsscan", "path", "prune-backups", "remove", "scan", "set", "status", "zfsscan"]

_CREATE = dict(PROPERTIES)
_UPDATE = {k: v for k, v in PROPERTIES.items() if k not in ("type", "path")}
_UPDATE["digest"] = {"type": "string"}
_UPDATE["delete"] = {"type": "string", "format": "pve-configid-list"}
_STATUS = {
    "storage": {**PROPERTIES["storage"], "optional": True},
    "content": PROPERTIES["content"],
    "enabled": {"type": "boolean"},
    "target": {"type": "string", "format": "pve-node"},
    "format": {"type": "boolean"},
}
_LIST = {
    "storage": PROPERTIES["storage"],
    "content": {"type": "string", "format": "pve-storage-content"},
    "vmid": {"type": "integer", "minimum": 100, "maximum": 999999999},
}

# name -> (properties, positional args, short usage, handler); usage text as RESTHandler::getopt_usage prints it.
METHODS = {
    "add": (_CREATE, ["type", "storage"], "pvesm add <type> <storage> [OPTIONS]", cmd_add),
    "remove": ({"storage": PROPERTIES["storage"]}, ["storage"], "pvesm remove <storage>", cmd_remove),
    "set": (_UPDATE, ["storage"], "pvesm set <storage> [OPTIONS]", cmd_set),
    "list": (_LIST, ["storage"], "pvesm list <storage> [OPTIONS]", cmd_list),
    "status": (_STATUS, [], "pvesm status  [OPTIONS]", cmd_status),
}
USAGE_GROUPS = [["add", "remove", "set"], ["list"], ["status"]]


def usage_short():
    """CLIHandler::print_usage_short, for the emulated commands (a blank line between API classes)."""
    lines = [f"USAGE: {EXE} <COMMAND> [ARGS] [OPTIONS]\n"]
    for group in USAGE_GROUPS:
        lines.append("".join(f"       {METHODS[name][2]}\n" for name in group))
    lines.append(f"       {EXE} help [<extra-args>] [OPTIONS]\n")
    return "\n".join(lines)


def abort(reason):
    sys.stderr.write(f"ERROR: {reason}\n" + usage_short())
    return 255


def resolve(word):
    """CLIHandler expand_command_name: the exact name or a unique prefix, else None."""
    if word in REAL_COMMANDS:
        return word
    hits = [c for c in REAL_COMMANDS if c.startswith(word)]
    return hits[0] if len(hits) == 1 else None


def run_method(name, args):
    props, arg_names, usage, handler = METHODS[name]
    try:
        param = get_options(props, args, arg_names)
        validate(param, props)
        handler(param)
    except ParamError as err:
        err.usage = usage
        sys.stderr.write(err.render())
        return 255
    except PveError as err:
        sys.stderr.write(err.msg)
        return 255
    return 0


def run(argv):
    if not argv:
        return abort("no command specified")
    name = resolve(argv[0])
    if name is None:
        return abort(f"unknown command '{EXE} {argv[0]}'")
    if name == "help":
        sys.stdout.write(usage_short())
        return 0
    if name not in METHODS:
        sys.stderr.write(f"pvesm emulator: '{EXE} {name}' is not emulated\n")
        return 255
    return run_method(name, argv[1:])

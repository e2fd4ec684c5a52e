"""CLI entry (PVE::CLIHandler): command lookup with unique prefixes, option parsing, schema
validation, and PVE's way of failing (stderr text, exit 255)."""
from .clihandler import CliHandler
from .commands import cmd_add, cmd_remove, cmd_set, cmd_status
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


CLI = CliHandler(EXE, REAL_COMMANDS, METHODS, USAGE_GROUPS, validate=lambda name, param, props: validate(param, props))
run = CLI.run

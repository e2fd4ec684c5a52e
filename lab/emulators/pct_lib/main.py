"""CLI entry (pve-container src/PVE/CLI/pct.pm cmddef on PVE::CLIHandler): command lookup with
unique prefixes, Getopt options (pvesm_lib's get_options), schema checks, exit 255 on failure."""
import re
import sys

from pvesm_lib.clihandler import CliHandler
from pvesm_lib.errors import ParamError, PveError
from pvesm_lib.getopt_long import get_options

from . import clone, commands, create, schema, snapshots, state

EXE = "pct"
REAL_COMMANDS = ["clone", "config", "console", "cpusets", "create", "delsnapshot", "destroy", "df",
                 "enter", "exec", "fsck", "fstrim", "help", "list", "listsnapshot", "migrate", "mount",
                 "move-volume", "move_volume", "pending", "pull", "push", "reboot", "remote-migrate",
                 "rescan", "resize", "restore", "resume", "rollback", "set", "shutdown", "snapshot",
                 "start", "status", "stop", "suspend", "template", "unlock", "unmount"]

VMID = {"type": "integer", "minimum": 100, "maximum": 999999999}
S, B, I = {"type": "string"}, {"type": "boolean"}, {"type": "integer"}
CONFIG_OPTS = {k: dict(v) for k, v in schema.CONFDESC.items() if k not in ("parent", "snaptime")}
LIST = {"type": "string", "format": "pve-configid-list"}

METHODS = {
    "create": ({"vmid": VMID, "ostemplate": S, "storage": S, "password": S, "ssh-public-keys": S,
                "start": B, "pool": S, "force": B, "restore": B, "unique": B, "ignore-unpack-errors": B,
                "bwlimit": S, **CONFIG_OPTS}, ["vmid", "ostemplate"], "pct create <vmid> <ostemplate> [OPTIONS]",
               create.cmd_create),
    "set": ({"vmid": VMID, "delete": LIST, "revert": LIST, "digest": S,
             **CONFIG_OPTS},
            ["vmid"], "pct set <vmid> [OPTIONS]", commands.cmd_set),
    "config": ({"vmid": VMID, "current": B, "snapshot": S}, ["vmid"], "pct config <vmid> [OPTIONS]", commands.cmd_config),
    "pending": ({"vmid": VMID}, ["vmid"], "pct pending <vmid>", commands.cmd_pending),
    "destroy": ({"vmid": VMID, "force": B, "purge": B, "destroy-unreferenced-disks": B}, ["vmid"],
                "pct destroy <vmid> [OPTIONS]", commands.cmd_destroy),
    "resize": ({"vmid": VMID, "disk": S, "size": S, "digest": S}, ["vmid", "disk", "size"],
               "pct resize <vmid> <disk> <size> [OPTIONS]", commands.cmd_resize),
    "template": ({"vmid": VMID}, ["vmid"], "pct template <vmid>", commands.cmd_template),
    "unlock": ({"vmid": VMID}, ["vmid"], "pct unlock <vmid>", commands.cmd_unlock),
    "clone": ({"vmid": VMID, "newid": VMID, "full": B, "snapname": S, "storage": S, "hostname": S,
               "description": S, "pool": S, "target": S, "bwlimit": S}, ["vmid", "newid"],
              "pct clone <vmid> <newid> [OPTIONS]", clone.cmd_clone),
    "start": ({"vmid": VMID, "skiplock": B, "debug": B}, ["vmid"], "pct start <vmid> [OPTIONS]", state.cmd_start),
    "stop": ({"vmid": VMID, "skiplock": B, "overrule-shutdown": B}, ["vmid"], "pct stop <vmid> [OPTIONS]", state.cmd_stop),
    "shutdown": ({"vmid": VMID, "timeout": I, "forceStop": B}, ["vmid"], "pct shutdown <vmid> [OPTIONS]", state.cmd_shutdown),
    "reboot": ({"vmid": VMID, "timeout": I}, ["vmid"], "pct reboot <vmid> [OPTIONS]", state.cmd_reboot),
    "status": ({"vmid": VMID, "verbose": B}, ["vmid"], "pct status <vmid> [OPTIONS]", state.cmd_status),
    "list": ({}, [], "pct list", state.cmd_list),
    "push": ({"vmid": VMID, "file": S, "destination": S, "perms": S, "user": S, "group": S},
             ["vmid", "file", "destination"], "pct push <vmid> <file> <destination> [OPTIONS]", state.cmd_push),
    "pull": ({"vmid": VMID, "path": S, "destination": S, "perms": S, "user": S, "group": S},
             ["vmid", "path", "destination"], "pct pull <vmid> <path> <destination> [OPTIONS]", state.cmd_pull),
    "snapshot": ({"vmid": VMID, "snapname": S, "description": S}, ["vmid", "snapname"],
                 "pct snapshot <vmid> <snapname> [OPTIONS]", snapshots.cmd_snapshot),
    "delsnapshot": ({"vmid": VMID, "snapname": S, "force": B}, ["vmid", "snapname"],
                    "pct delsnapshot <vmid> <snapname> [OPTIONS]", snapshots.cmd_delsnapshot),
    "rollback": ({"vmid": VMID, "snapname": S, "start": B}, ["vmid", "snapname"],
                 "pct rollback <vmid> <snapname> [OPTIONS]", snapshots.cmd_rollback),
    "listsnapshot": ({"vmid": VMID}, ["vmid"], "pct listsnapshot <vmid>", snapshots.cmd_listsnapshot),
}


def validate(name, param, props):
    """JSONSchema::validate: every bad key at once, `400 Parameter verification failed.`."""
    errors = {}
    for key, value in list(param.items()):
        desc = props.get(key)
        try:
            if key in schema.CONFDESC and key in props:
                param[key] = schema.check_param(key, value)
            elif desc and desc.get("type") == "integer":
                schema.check_value("integer", (desc.get("minimum"), desc.get("maximum")), value)
            elif key == "snapname":
                problem = snapshots.check_snapname(value)
                if problem:
                    raise PveError(problem)
        except PveError as err:
            errors[key] = err.msg.rstrip("\n")
    if errors:
        raise ParamError("Parameter verification failed.\n", errors)


def run_exec(args):
    """pct exec <vmid> [--keep-env] -- <command...>: the command's own exit code."""
    props = {"vmid": VMID, "keep-env": B}
    before, command = (args[:args.index("--")], args[args.index("--") + 1:]) if "--" in args else (args, [])
    try:
        param = get_options(props, before[:1] + [a for a in before[1:] if a.startswith("-")], ["vmid"])
        command = command or [a for a in before[1:] if not a.startswith("-")]
        validate("exec", param, props)
        return state.cmd_exec(param, command)
    except ParamError as err:
        err.usage = "pct exec <vmid> [<extra-args>] [OPTIONS]"
        sys.stderr.write(err.render())
        return 255
    except PveError as err:
        sys.stderr.write(err.msg)
        return 255


CLI = CliHandler(EXE, REAL_COMMANDS, METHODS, [sorted(METHODS)], validate=validate, special={"exec": run_exec})
run = CLI.run

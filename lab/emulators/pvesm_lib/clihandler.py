"""PVE::CLIHandler as the lab's emulators share it (pvesm, pct, pveam): command names resolved
by unique prefix over the real tool's full command list, the short usage, Getopt options and
schema checks, and PVE's way of failing (the message on stderr, exit 255)."""
import sys

from .errors import ParamError, PveError
from .getopt_long import get_options


class CliHandler:
    def __init__(self, exe, real_commands, methods, usage_groups, validate=None, special=None):
        # methods: name -> (properties, positional args, short usage, handler); a handler's
        # return value is the exit code (None: 0). special: name -> fn(args) with its own parsing.
        self.exe = exe
        self.real_commands = real_commands
        self.methods = methods
        self.usage_groups = usage_groups
        self.validate = validate or (lambda name, param, props: None)
        self.special = special or {}

    def usage_short(self):
        """print_usage_short: the commands' usages, a blank line between API classes."""
        lines = [f"USAGE: {self.exe} <COMMAND> [ARGS] [OPTIONS]\n"]
        for group in self.usage_groups:
            lines.append("".join(f"       {self.methods[name][2]}\n" for name in group))
        lines.append(f"       {self.exe} help [<extra-args>] [OPTIONS]\n")
        return "\n".join(lines)

    def abort(self, reason):
        sys.stderr.write(f"ERROR: {reason}\n" + self.usage_short())
        return 255

    def resolve(self, word):
        """expand_command_name: the exact name or a unique prefix, else None."""
        if word in self.real_commands:
            return word
        hits = [c for c in self.real_commands if c.startswith(word)]
        return hits[0] if len(hits) == 1 else None

    def run_method(self, name, args):
        props, arg_names, usage, handler = self.methods[name]
        try:
            param = get_options(props, args, arg_names)
            self.validate(name, param, props)
            result = handler(param)
        except ParamError as err:
            err.usage = usage
            sys.stderr.write(err.render())
            return 255
        except PveError as err:
            sys.stdout.flush()
            sys.stderr.write(err.msg)
            return 255
        return result or 0

    def run(self, argv):
        if not argv:
            return self.abort("no command specified")
        name = self.resolve(argv[0])
        if name is None:
            return self.abort(f"unknown command '{self.exe} {argv[0]}'")
        if name == "help":
            sys.stdout.write(self.usage_short())
            return 0
        if name in self.special:
            return self.special[name](argv[1:])
        if name not in self.methods:
            sys.stderr.write(f"{self.exe} emulator: '{self.exe} {name}' is not emulated\n")
            return 255
        return self.run_method(name, argv[1:])

"""How PVE reports failures: a plain `die` message, or a PVE::Exception with HTTP code 400."""
import sys


class PveError(Exception):
    """A Perl `die "msg\\n"`: stderr gets exactly `msg` (callers keep the trailing newline)."""

    def __init__(self, msg):
        super().__init__(msg)
        self.msg = msg if msg.endswith("\n") else msg + "\n"


class ParamError(Exception):
    """PVE::Exception code 400 (PVE/Exception.pm `stringify`): `400 <msg>`, `key: err` lines,
    then the short usage line that CLIHandler appends for parameter errors."""

    def __init__(self, msg, errors=None):
        super().__init__(msg)
        self.msg = msg
        self.errors = errors or {}
        self.usage = None

    def render(self):
        out = "400 " + self.msg
        if not out.endswith("\n"):
            out += "\n"
        # Perl prints the errors in hash order; sorted keeps the emulator deterministic.
        for key in sorted(self.errors):
            out += f"{key}: {self.errors[key]}\n"
        if self.usage:
            out += self.usage if self.usage.endswith("\n") else self.usage + "\n"
        return out


def warn(msg):
    """Perl `warn`: straight to stderr, the command goes on."""
    sys.stderr.write(msg if msg.endswith("\n") else msg + "\n")
    sys.stderr.flush()

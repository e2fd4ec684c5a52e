"""PVE::JSONSchema::get_options on top of Getopt::Long (prefix_pattern `(--|-)`, permute,
auto-abbreviation, ignore-case): `--opt v`, `-opt v`, `--opt=v`, booleans with an optional value,
`-list` formats repeatable and joined with commas."""
import re

from .errors import ParamError, warn
from .schema import parse_boolean


def _spec(props):
    """Getopt kinds: 'b' boolean (`:s`), 'l' list (`=s@`), 's' mandatory string (`=s`)."""
    spec = {}
    for name, schema in props.items():
        if schema.get("type") == "boolean":
            spec[name] = "b"
        elif schema.get("format", "").endswith("-list"):
            spec[name] = "l"
        else:
            spec[name] = "s"
    return spec


def _find_option(spec, typed):
    """Getopt::Long FindOption: exact (case-insensitive) name, else a unique prefix."""
    name = typed.lower()
    # Names compare case-insensitively on both sides: pct's `forceStop` is typed any way.
    exact = [n for n in spec if n.lower() == name]
    if exact:
        return exact[0], None
    hits = sorted(n for n in spec if n.lower().startswith(name))
    if len(hits) == 1:
        return hits[0], None
    if len(hits) > 1:
        return None, f"Option {name} is ambiguous ({', '.join(hits)})\n"
    return None, f"Unknown option: {name}\n"


def _getopt(args, spec):
    """Splits args into (options, positionals); Getopt warnings go to stderr as they occur."""
    opts, rest, ok, i = {}, [], True, 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            rest.extend(args[i:])
            break
        match = re.match(r"^(--|-)(.+)$", arg, re.S)
        if not match:
            rest.append(arg)
            continue
        typed, has_value, value = match.group(2).partition("=")
        if not has_value:
            value = None
        name, problem = _find_option(spec, typed)
        if problem:
            warn(problem)
            ok = False
            continue
        kind = spec[name]
        if kind == "b":
            # An optional value is taken only when the next word does not look like an option.
            if value is None and i < len(args) and not re.match(r"^(--|-).+", args[i]):
                value = args[i]
                i += 1
            opts[name] = value if value is not None else ""
            continue
        if value is None:
            if i >= len(args):
                warn(f"Option {name} requires an argument\n")
                ok = False
                continue
            value = args[i]
            i += 1
        elif value == "":
            warn(f"Option {name} requires an argument\n")
            ok = False
            continue
        if kind == "l":
            opts.setdefault(name, []).append(value)
        else:
            opts[name] = value
    return opts, rest, ok


def get_options(props, args, arg_names):
    """Parses a CLI command line against a method's properties; raises ParamError like PVE."""
    opts, rest, ok = _getopt(args, _spec(props))
    if not ok:
        raise ParamError("unable to parse option\n")
    for arg_name in arg_names:
        if not rest:
            if not props[arg_name].get("optional"):
                raise ParamError("not enough arguments\n")
            break
        opts[arg_name] = rest.pop(0)
    if rest:
        raise ParamError("too many arguments\n")
    for name, value in list(opts.items()):
        if isinstance(value, list):
            opts[name] = ",".join(value)
        elif props[name].get("type") == "boolean":
            if value == "":
                opts[name] = "1"
            else:
                parsed = parse_boolean(value)
                if parsed is None:
                    raise ParamError("unable to parse boolean option\n")
                opts[name] = str(parsed)
    return opts

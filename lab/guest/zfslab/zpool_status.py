"""`zpool status` and `zpool import` (listing) in OpenZFS 2.2 layout (cmd/zpool/zpool_main.c:
status_callback, print_status_config), rebuilt from zfs-fuse's output.

Vdev names: zfs-fuse prints file vdevs under /dev as 'disk/by-id/X'. A real host would have
been given whole disks, so like OpenZFS we print the bare 'X', and with -P the partition
OpenZFS creates on a whole disk: '/dev/disk/by-id/X-part1'.
"""

import re
import sys

from .util import NATIVE_ZPOOL, ZfsError, parse_options, run_native

USAGE = "\tstatus [-DegiLpPstvx] [-T d|u] [-c script] [pool] ... [interval [count]]"
INTERIOR = re.compile(r"^(mirror|raidz[123]?|replacing|spare|draid[^ ]*)-\d+$|^(logs|cache|spares|special|dedup)$")


def leaf_name(name, full_paths):
    path = name if name.startswith("/") else "/dev/" + name
    if not path.startswith("/dev/"):
        return path  # a file vdev outside /dev: OpenZFS prints its full path either way
    if full_paths:
        return path if re.search(r"-part\d+$", path) else path + "-part1"
    return path.rsplit("/", 1)[-1]


def parse_config(lines):
    """[(depth, name, rest)] from zfs-fuse's NAME/STATE table rows."""
    rows = []
    for line in lines:
        if not line.startswith("\t") or line.strip() == "" or line.lstrip().startswith("NAME "):
            continue
        body = line[1:]
        depth = len(body) - len(body.lstrip(" "))
        fields = body.split()
        rows.append((depth, fields[0], fields[1:]))
    return rows


def render_config(rows, full_paths):
    named = []
    for depth, name, rest in rows:
        if depth > 0 and not INTERIOR.match(name):
            name = leaf_name(name, full_paths)
        named.append((depth, name, rest))
    width = max([10] + [depth + len(name) for depth, name, _ in named])
    out = ["\t%-*s  %-8s %5s %5s %5s" % (width, "NAME", "STATE", "READ", "WRITE", "CKSUM")]
    for depth, name, rest in named:
        line = "\t%s%-*s" % (" " * depth, width - depth, name)
        if rest:
            counters = rest[1:4] + [""] * (3 - len(rest[1:4]))
            line += "  %-8s %5s %5s %5s" % (rest[0], *counters)
            if len(rest) > 4:
                line += "  " + " ".join(rest[4:])
        out.append(line.rstrip() if not rest else line)
    return out


def render_pool(block, full_paths):
    """One pool's status text in OpenZFS 2.2 layout."""
    header, config, tail = [], [], []
    section = header
    for line in block:
        if line.startswith("config:"):
            section = config
            continue
        if line.startswith("errors:"):
            section = tail
        section.append(line)
    out = []
    for line in header:
        if line.startswith(" scrub: none requested"):
            continue
        out.append(line.replace(" scrub: ", "  scan: ", 1))
    out += ["config:", ""] + render_config(parse_config(config), full_paths) + [""]
    out += [line for line in tail if line.strip()]
    return out


def split_pools(text):
    blocks, block = [], []
    for line in text.splitlines():
        if line.startswith("  pool:") and block:
            blocks.append(block)
            block = []
        if line.strip() or block:
            block.append(line)
    if block:
        blocks.append(block)
    return blocks


def cmd_status(argv):
    opts, args = parse_options(argv, "DegiLpPstvxT:c:", USAGE)
    flags = dict(opts)
    code, out, err = run_native([NATIVE_ZPOOL, "status"] + (["-x"] if "-x" in flags else []) + args)
    if code != 0 or not out.startswith("  pool:"):
        # OpenZFS prints "no pools available" on stderr; zfs-fuse on stdout.
        (sys.stderr if out.strip() == "no pools available" else sys.stdout).write(out)
        if err:
            raise ZfsError(err.rstrip("\n"), code)
        return code
    rendered = [render_pool(block, "-P" in flags) for block in split_pools(out)]
    print("\n\n".join("\n".join(lines) for lines in rendered))
    return 0


IMPORT_LABELS = {"pool:": "   pool:", "id:": "     id:", "state:": "  state:", "action:": " action:",
                 "status:": " status:", "see:": "   see:", "config:": " config:"}


def render_import(text, full_paths):
    """zfs-fuse's import listing in the layout of OpenZFS show_import()."""
    out, rows = [], []

    def flush_rows():
        named = [(d, n if d == 0 or INTERIOR.match(n) else leaf_name(n, full_paths), r) for d, n, r in rows]
        width = max([10] + [d + len(n) for d, n, _ in named])
        out.extend("\t%s%-*s  %s" % (" " * d, width - d, n, " ".join(r)) for d, n, r in named)
        rows.clear()

    for line in text.splitlines():
        label = line.strip().split(" ", 1)[0]
        if line.startswith("\t") and line.strip() and out and out[-1] == "":
            rows.extend(parse_config([line]))
            continue
        if line.startswith("\t") and rows:
            rows.extend(parse_config([line]))
            continue
        if rows:
            flush_rows()
        if label in IMPORT_LABELS and not line.startswith("\t"):
            line = IMPORT_LABELS[label] + line.strip()[len(label):]
        out.append(line)
    if rows:
        flush_rows()
    return out


def cmd_import_list(argv):
    """`zpool import` without a pool name lists importable pools."""
    code, out, err = run_native([NATIVE_ZPOOL, "import"] + argv)
    if out:
        print("\n".join(render_import(out, "-P" in argv)))
    if code != 0 and not out.strip() and not err.strip():
        # zfs-fuse exits 1 silently; OpenZFS 2.2 (import_pools) says so on stderr and exits 0.
        sys.stderr.write("no pools available to import\n")
        return 0
    if code != 0:
        raise ZfsError(err.rstrip("\n"), code)
    sys.stderr.write(err)
    return 0

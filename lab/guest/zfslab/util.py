"""Shared helpers of the OpenZFS 2.2 front ends: running zfs-fuse, numbers, tables, errors.

Number formats follow OpenZFS lib/libzutil/zutil_nicenum.c and lib/libzfs/libzfs_util.c
(zfs_nicestrtonum); the front ends always read zfs-fuse in -p form and format here, so both
the exact and the human forms match OpenZFS 2.x, not zfs-fuse.
"""

import getopt
import os
import subprocess
import sys
import time

NATIVE_ZFS = "/usr/sbin/zfs"
NATIVE_ZPOOL = "/usr/sbin/zpool"
PREFIX = "org.phoenixlab:"  # where values zfs-fuse cannot hold are kept, as user properties
POOL_PREFIX = "org.phoenixlab.pool:"  # pool properties, kept on the pool's root dataset
UINT64_MAX = 2**64 - 1


class ZfsError(Exception):
    """A failure to report like OpenZFS does: message on stderr, then exit with `code`."""

    def __init__(self, message, code=1):
        super().__init__(message)
        self.message = message
        self.code = code


def run_native(argv):
    env = dict(os.environ, LC_ALL="C")
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return done.returncode, done.stdout, done.stderr


def destroy_natively(argv, busy):
    """Runs a zfs-fuse destroy, printing its stdout and raising its error. zfs-fuse unmounts
    through FUSE, where the kernel can hold a just-used mount a moment longer than OpenZFS's
    kernel module would; a short wait (up to 3 s) separates that from a real `busy`."""
    for attempt in range(10):
        code, out, err = run_native(argv)
        if code == 0 or busy not in err or attempt == 9:
            break
        time.sleep(0.3)
    sys.stdout.write(out)
    if code != 0:
        raise ZfsError(err.rstrip("\n"), code)


def native_or_fail(argv):
    """Runs zfs-fuse and raises its own message (OpenZFS shares the wording) on failure."""
    code, out, err = run_native(argv)
    if code != 0:
        raise ZfsError(err.rstrip("\n"), code)
    return out


def exec_native(argv):
    """Hands the whole command to zfs-fuse where it already behaves like OpenZFS."""
    sys.stdout.flush()
    os.execv(argv[0], argv)


def nicenum(num, unit_b=False):
    """zfs_nicenum (unit_b=False) and zfs_nicebytes (unit_b=True)."""
    units = ["B" if unit_b else "", "K", "M", "G", "T", "P", "E"]
    n, index = num, 0
    while n >= 1024 and index < 6:
        n //= 1024
        index += 1
    if index == 0 or num % (1024**index) == 0:
        return "%d%s" % (n, units[index])
    for digits in (2, 1, 0):
        text = "%.*f%s" % (digits, num / (1024**index), units[index])
        if len(text) <= 5:
            return text
    return text


def nicestrtonum(value):
    """Parses '800G', '1.4T', '128k', '1MiB' as OpenZFS does; raises ValueError(message)."""
    if not value or (not value[0].isdigit() and value[0] != "."):
        raise ValueError("bad numeric value '%s'" % value)
    i = 0
    while i < len(value) and (value[i].isdigit() or value[i] == "."):
        i += 1
    number, suffix = value[:i], value[i:]
    shift = _suffix_shift(suffix)
    try:
        result = float(number) * 2**shift if "." in number else int(number) << shift
    except ValueError:
        raise ValueError("bad numeric value '%s'" % value) from None
    if result >= UINT64_MAX:
        raise ValueError("numeric value is too large")
    return int(result)


def _suffix_shift(suffix):
    if suffix == "":
        return 0
    units = "BKMGTPEZ"
    index = units.find(suffix[0].upper())
    rest = suffix[1:].upper()
    if index < 0 or not (rest == "" or (suffix[0].upper() != "B" and rest in ("B", "IB"))):
        raise ValueError("invalid numeric suffix '%s'" % suffix)
    return 10 * index


def parse_options(argv, shortopts, usage):
    """GNU getopt (OpenZFS tolerates options after operands); errors print usage, exit 2."""
    try:
        return getopt.gnu_getopt(argv, shortopts)
    except getopt.GetoptError as error:
        if error.msg.startswith("option -") and "requires argument" in error.msg:
            message = "missing argument for '%s' option" % error.opt
        else:
            message = "invalid option '%s'" % error.opt
        raise ZfsError("%s\nusage:\n%s" % (message, usage), 2) from None


def print_table(rows, headers, scripted, right=()):
    """zfs/zpool column output: tab-separated with -H, else padded with two spaces."""
    if scripted:
        for row in rows:
            print("\t".join(row))
        return
    table = ([headers] if headers else []) + rows
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))] if table else []
    for row in table:
        cells = []
        for i, cell in enumerate(row):
            last = i == len(row) - 1
            if i in right:
                cells.append(cell.rjust(widths[i]))
            else:
                cells.append(cell if last else cell.ljust(widths[i]))
        print("  ".join(cells))


def main_wrapper(main):
    try:
        code = main(sys.argv[1:])
    except ZfsError as error:
        sys.stdout.flush()
        if error.message:
            sys.stderr.write(error.message + "\n")
        code = error.code
    except BrokenPipeError:
        code = 1
    sys.stdout.flush()
    sys.exit(code or 0)

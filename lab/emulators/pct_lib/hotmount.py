"""Mounts a lab-host directory into a running container (what LXC.pm mountpoint_hotplug gets from
lxc's mount injection): the container's mount namespace was copied before the volume existed
and shares no propagation with the lab host, so the mount is cloned here with open_tree(2),
made read-only with mount_setattr(2) when asked, and moved into the container's namespace
with move_mount(2) after setns(2). Run as its own process: setns changes the caller for good.

usage: hotmount.py <init pid> <source dir> <target inside the container> <ro 0|1>"""
import ctypes
import os
import sys

AT_FDCWD = -100
AT_EMPTY_PATH = 0x1000
AT_RECURSIVE = 0x8000
OPEN_TREE_CLONE = 1
OPEN_TREE_CLOEXEC = 0o2000000
MOVE_MOUNT_F_EMPTY_PATH = 0x4
MOUNT_ATTR_RDONLY = 0x1
CLONE_NEWNS = 0x00020000
SYS_OPEN_TREE, SYS_MOVE_MOUNT, SYS_MOUNT_SETATTR = 428, 429, 442  # x86_64

libc = ctypes.CDLL(None, use_errno=True)


class MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def check(res, what):
    if res < 0:
        err = ctypes.get_errno()
        raise SystemExit(f"{what}: {os.strerror(err)}")
    return res


def main():
    pid, src, target, ro = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
    # The container's root as the machine sees it: readlink shows the path outside the lab
    # host's own chroot, which is where setns leaves this process.
    outside_root = os.readlink(f"/proc/{pid}/root")
    tree = check(libc.syscall(SYS_OPEN_TREE, AT_FDCWD, src.encode(),
                              OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE), f"open_tree {src}")
    if ro:
        attr = MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
        check(libc.syscall(SYS_MOUNT_SETATTR, tree, b"", AT_EMPTY_PATH | AT_RECURSIVE,
                           ctypes.byref(attr), ctypes.sizeof(attr)), "mount_setattr")
    nsfd = os.open(f"/proc/{pid}/ns/mnt", os.O_RDONLY)
    check(libc.setns(nsfd, CLONE_NEWNS), "setns")
    dest = os.path.join(outside_root, target.lstrip("/"))
    os.makedirs(dest, exist_ok=True)
    check(libc.syscall(SYS_MOVE_MOUNT, tree, b"", AT_FDCWD, dest.encode(), MOVE_MOUNT_F_EMPTY_PATH),
          f"move_mount {dest}")


if __name__ == "__main__":
    main()

"""Stage two of `pct start`, run by `unshare` as PID 1 of the container's new namespaces (still
seeing the lab host's filesystem): mounts /proc, a small /dev with the passed-through devices,
the mount points and lxc.mount.entry binds into the rootfs, sets the hostname, then chroots
and execs the container's init. Every mount is private to the new mount namespace, so it
disappears with the container (LXC does the same through its hooks and lxc.mount.* keys).
The init is a shell loop, not the rootfs's /sbin/init: the stand-in templates have no systemd.
There is no user namespace, even for unprivileged containers: the lab host is itself a chroot,
and the kernel refuses CLONE_NEWUSER to chrooted processes (docs/lab.md lists the effects)."""
import json
import os
import socket
import subprocess
import sys

INIT = 'trap "exit 0" TERM PWR 2>/dev/null || trap "exit 0" TERM; while :; do sleep 2147483647 & wait $!; done'
BASIC_DEVICES = [("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9),
                 ("tty", 5, 0)]


def mount(*args):
    subprocess.run(["mount", *args], check=True)


def inside(root, path):
    return os.path.join(root, path.lstrip("/"))


def make_dev(root, devices, shift):
    dev = inside(root, "/dev")
    os.makedirs(dev, exist_ok=True)
    mount("-t", "tmpfs", "-o", "nosuid,mode=755", "dev", dev)
    for name, major, minor in BASIC_DEVICES:
        os.mknod(os.path.join(dev, name), 0o666 | 0o020000, os.makedev(major, minor))
    for sub in ("pts", "shm"):
        os.makedirs(os.path.join(dev, sub))
    os.chmod(os.path.join(dev, "shm"), 0o1777)
    mount("-t", "devpts", "-o", "newinstance,ptmxmode=0666,mode=620", "devpts", os.path.join(dev, "pts"))
    os.symlink("pts/ptmx", os.path.join(dev, "ptmx"))
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, os.path.join(dev, name))
    # devN: the node is created with the host's numbers, owner and mode (LXC's autodev hook).
    for d in devices:
        path = inside(root, d["path"])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        kind = 0o020000 if d["kind"] == "c" else 0o060000
        os.mknod(path, d["mode"] | kind, os.makedev(d["major"], d["minor"]))
        os.chmod(path, d["mode"])
        os.chown(path, d["uid"] + shift, d["gid"] + shift)


def bind(root, m):
    if not os.path.exists(m["src"]):
        if m["optional"]:
            return
        raise SystemExit(f"mount point source '{m['src']}' does not exist")
    dst = inside(root, m["dst"])
    if m["create"] == "file" and not os.path.exists(dst):
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        open(dst, "a").close()
    elif not os.path.exists(dst):
        os.makedirs(dst, exist_ok=True)
    mount("--bind", m["src"], dst)
    if m["ro"]:
        mount("-o", "remount,bind,ro", dst)


def main():
    spec = json.loads(sys.argv[1])
    root = spec["rootfs"]
    shift = 100000 if spec["unprivileged"] else 0
    os.makedirs(inside(root, "/proc"), exist_ok=True)
    mount("-t", "proc", "-o", "nosuid,nodev,noexec", "proc", inside(root, "/proc"))
    make_dev(root, spec["devices"], shift)
    for m in spec["mounts"]:
        bind(root, m)
    for sub in ("/run", "/tmp"):
        if os.path.isdir(inside(root, sub)) and sub == "/run":
            mount("-t", "tmpfs", "-o", "nosuid,nodev,mode=755", "run", inside(root, sub))
    socket.sethostname(spec["hostname"])
    os.chroot(root)
    os.chdir("/")
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "container": "lxc",
           "HOME": "/root", "TERM": "linux"}
    os.execve("/bin/sh", ["/bin/sh", "-c", INIT], env)


if __name__ == "__main__":
    main()

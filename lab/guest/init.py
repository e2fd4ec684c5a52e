"""PID 1 inside a lab host (after ns-init.sh chroots into it).

Boots what a PVE host's init would for our purposes: a syslog sink on /dev/log, the ZFS
daemon (zfs-fuse, standing in for the kernel module), `zfs mount -a`, then sshd. It reaps
orphans like any init, restarts sshd if it dies, and on SIGTERM (`lab.sh down`) stops every
process, commits the pools and stops zfs-fuse, then exits; the kernel then ends the PID
namespace and drops its mounts.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time

ZFS_FUSE = ["/usr/sbin/zfs-fuse", "--no-daemon", "--no-kstat-mount", "--pidfile", "/run/zfs-fuse.pid"]
SSHD = ["/usr/sbin/sshd", "-D", "-e"]
STOP_TIMEOUT_S = 10

children = {}  # pid -> name of the daemons this init supervises
stopping = False


def log(msg):
    sys.stderr.write("init: %s %s\n" % (time.strftime("%H:%M:%S"), msg))


def spawn(name, argv):
    pid = os.posix_spawn(argv[0], argv, os.environ)
    children[pid] = name
    log("started %s (pid %d)" % (name, pid))
    return pid


# zfs-fuse reports through syslog(3); without a listener its errors would vanish.
def start_syslog_sink():
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("/dev/log")

    def pump():
        while True:
            data = sock.recv(8192)
            sys.stderr.write("syslog: %s\n" % data.decode("utf-8", "replace").rstrip())

    threading.Thread(target=pump, daemon=True).start()


def run(argv):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for_zfs():
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if run(["/usr/sbin/zpool", "list", "-H", "-o", "name"]).returncode == 0:
            return
        time.sleep(0.05)
    raise SystemExit("init: zfs-fuse did not answer within 15 s")


def boot():
    for path in ("/run/lock", "/run/sshd", "/run/phoenix-lab"):
        os.makedirs(path, exist_ok=True)
    start_syslog_sink()
    spawn("zfs-fuse", ZFS_FUSE)
    wait_for_zfs()
    # Pools in the cache file come back by themselves; their datasets need mounting, as
    # zfs-mount.service does at boot on a real host.
    result = run(["/usr/sbin/zfs", "mount", "-a"])
    if result.returncode != 0:
        log("zfs mount -a failed: %s" % result.stdout.strip())
    spawn("sshd", SSHD)
    open("/run/phoenix-lab/ready", "w").close()
    start_enabled_services()
    start_onboot_guests()


# multi-user.target: the enabled units the lab's systemctl runs (smbd), in the background.
SYSTEMCTL = "/usr/local/lib/phoenix-lab/emulators/systemctl"


def start_enabled_services():
    if os.path.exists(SYSTEMCTL):
        pid = os.posix_spawn(sys.executable, [sys.executable, SYSTEMCTL, "--lab-boot"], os.environ)
        log("starting enabled services (pid %d)" % pid)


# pve-guests.service: containers with `onboot: 1` start after boot, in their startup order.
STARTALL = "/usr/local/lib/phoenix-lab/emulators/pct_lib/startall.py"


def start_onboot_guests():
    if os.path.exists(STARTALL):
        pid = os.posix_spawn(sys.executable, [sys.executable, STARTALL], os.environ)
        log("starting onboot containers (pid %d)" % pid)


def reap():
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        name = children.pop(pid, None)
        if name:
            log("%s (pid %d) exited with status %d" % (name, pid, os.waitstatus_to_exitcode(status)))
            if name == "sshd" and not stopping:
                time.sleep(0.5)
                spawn("sshd", SSHD)


def wait_gone(pids, timeout_s):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        reap()
        if not any(os.path.exists("/proc/%d" % pid) for pid in pids):
            return
        time.sleep(0.01)


def other_processes(keep):
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in keep]


# zfs-fuse's own SIGTERM path takes about 3 s (1 s listener poll plus teardown). A sync task
# (here: inheriting an unset user property) commits every pool's open transaction group, so
# once nothing else runs, killing the daemon loses no data; the pools are imported from
# zpool.cache at the next boot, as after any unclean stop of a real host.
def stop_zfs():
    zfs_pids = [pid for pid, name in children.items() if name == "zfs-fuse"]
    os.sync()
    pools = run(["/usr/sbin/zpool", "list", "-H", "-o", "name"]).stdout.split()
    for pool in pools:
        run(["/usr/sbin/zfs", "inherit", "org.phoenixlab:barrier", pool])
    for pid in zfs_pids:
        os.kill(pid, signal.SIGKILL)
    wait_gone(zfs_pids, STOP_TIMEOUT_S)


def stop_all():
    zfs_pids = {pid for pid, name in children.items() if name == "zfs-fuse"}
    for pid in other_processes(zfs_pids | {1}):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    wait_gone(other_processes(zfs_pids | {1}), STOP_TIMEOUT_S)
    stop_zfs()


def shutdown(*_):
    global stopping
    stopping = True


def main():
    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    boot()
    while not stopping:
        reap()
        time.sleep(0.1)
    log("stopping")
    stop_all()
    log("stopped")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# PID 1 of a lab instance's fresh mount/PID/UTS/IPC namespaces, started by `lab.sh up`.
# It still sees the host's filesystem, assembles the instance root, then chroots and execs
# the guest init (lab/guest/init.py). Every mount made here is private to the namespace, so
# the kernel drops them all when the namespace's last process exits: `down` unmounts nothing.
set -euo pipefail

dir=$1 lower=$2 lab_dir=$3
# shellcheck source=/dev/null
source "$dir/instance.env"
root=$dir/root

# The host's /proc is still mounted here, so /proc/self names this shell by its host pid.
record_supervisor_pid() {
  local stat pid start
  stat=$(</proc/self/stat)
  pid=${stat%% *}
  start=$(awk '{ print $20 }' <<<"${stat##*) }")
  echo "$pid $start" >"$dir/supervisor.pid.tmp"
  mv "$dir/supervisor.pid.tmp" "$dir/supervisor.pid"
}

mount_root() {
  mkdir -p "$dir/upper" "$dir/work" "$root"
  mount -t overlay overlay -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" "$root"
}

mount_proc() {
  mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
  # Host-wide kernel knobs stay read-only, as in a container; the ARC knob lives in /sys.
  local path
  for path in sys sysrq-trigger; do
    [[ -e $root/proc/$path ]] || continue
    mount --bind "$root/proc/$path" "$root/proc/$path"
    mount -o remount,bind,ro "$root/proc/$path"
  done
}

# A virtual /proc/meminfo with the instance's configured RAM (MEMORY_KIB from instance.env);
# free memory is this machine's, capped at the total.
mount_meminfo() {
  [[ -n ${MEMORY_KIB:-} ]] || return 0
  awk -v total="$MEMORY_KIB" '
    /^MemTotal:/ { printf "MemTotal:       %8d kB\n", total; next }
    /^(MemFree|MemAvailable):/ { v = ($2 > total) ? total : $2; printf "%-15s %8d kB\n", $1, v; next }
    { print }' /proc/meminfo >"$dir/meminfo"
  mount --bind "$dir/meminfo" "$root/proc/meminfo"
}

boot_arc_max() {
  local value
  # A fresh host has no modprobe.d files: cat fails, and that must not abort the boot.
  value=$({ cat "$root"/etc/modprobe.d/*.conf 2>/dev/null || true; } |
    sed -n 's/^[[:space:]]*options[[:space:]]\{1,\}zfs[[:space:]].*zfs_arc_max=\([0-9]\{1,\}\).*/\1/p' | tail -n 1)
  echo "${value:-0}"
}

# No real sysfs: the host's block devices and module knobs must stay invisible. Only the
# OpenZFS ARC parameters exist, writable, so `echo N > .../zfs_arc_max` works as on PVE.
mount_sys() {
  mount -t tmpfs -o nosuid,nodev,noexec,mode=755 sysfs "$root/sys"
  mkdir -p "$root/sys/module/zfs/parameters"
  # As at module load on a real boot: zfs_arc_max comes from modprobe.d options, else 0.
  boot_arc_max >"$root/sys/module/zfs/parameters/zfs_arc_max"
  echo 0 >"$root/sys/module/zfs/parameters/zfs_arc_min"
}

mount_dev() {
  local d=$root/dev
  mount -t tmpfs -o nosuid,mode=755 dev "$d"
  mknod -m 666 "$d/null" c 1 3
  mknod -m 666 "$d/zero" c 1 5
  mknod -m 666 "$d/full" c 1 7
  mknod -m 666 "$d/random" c 1 8
  mknod -m 666 "$d/urandom" c 1 9
  mknod -m 666 "$d/tty" c 5 0
  mknod -m 666 "$d/fuse" c 10 229
  mkdir -m 755 "$d/pts" && mkdir -m 1777 "$d/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$d/pts"
  mount -t tmpfs -o nosuid,nodev,mode=1777 shm "$d/shm"
  ln -s pts/ptmx "$d/ptmx"
  ln -s /proc/self/fd "$d/fd"
  ln -s /proc/self/fd/0 "$d/stdin"
  ln -s /proc/self/fd/1 "$d/stdout"
  ln -s /proc/self/fd/2 "$d/stderr"
}

# Emulated NVIDIA driver nodes (GPUS from instance.env, 0 = none): real character devices with
# the driver's numbers, so passthrough lines derived from `ls -l /dev/nvidia*` or /proc/devices
# are what a real host gives. nvidia*, nvidiactl and nvidia-modeset use the fixed major 195;
# nvidia-uvm and nvidia-caps get dynamic majors on a real host (here 508 and 509). Opening them
# reaches no driver: this machine's kernel has none for those numbers.
NVIDIA_MAJOR=195 NVIDIA_UVM_MAJOR=508 NVIDIA_CAPS_MAJOR=509
present_gpus() {
  local d=$root/dev n=${GPUS:-0} i
  ((n > 0)) || return 0
  for ((i = 0; i < n; i++)); do mknod -m 666 "$d/nvidia$i" c $NVIDIA_MAJOR "$i"; done
  mknod -m 666 "$d/nvidiactl" c $NVIDIA_MAJOR 255
  mknod -m 666 "$d/nvidia-modeset" c $NVIDIA_MAJOR 254
  mknod -m 666 "$d/nvidia-uvm" c $NVIDIA_UVM_MAJOR 0
  mknod -m 666 "$d/nvidia-uvm-tools" c $NVIDIA_UVM_MAJOR 1
  mkdir -m 755 "$d/nvidia-caps"
  mknod -m 400 "$d/nvidia-caps/nvidia-cap1" c $NVIDIA_CAPS_MAJOR 1
  mknod -m 444 "$d/nvidia-caps/nvidia-cap2" c $NVIDIA_CAPS_MAJOR 2
}

# procfs cannot gain entries, so the driver's lines are added to a copy of /proc/devices that
# is bind-mounted over the instance's own (character devices stay sorted by major).
mount_proc_devices() {
  ((${GPUS:-0} > 0)) || return 0
  awk -v gpu="$NVIDIA_MAJOR nvidia-frontend" -v uvm="$NVIDIA_UVM_MAJOR nvidia-uvm" -v caps="$NVIDIA_CAPS_MAJOR nvidia-caps" '
    function flush(limit,   i) { for (i = 1; i <= n; i++) if (!done[i] && (limit < 0 || maj[i] < limit)) { printf "%3d %s\n", maj[i], name[i]; done[i] = 1 } }
    BEGIN { n = split(gpu "|" uvm "|" caps, all, "|"); for (i = 1; i <= n; i++) { split(all[i], f, " "); maj[i] = f[1]; name[i] = f[2] } }
    /^Character devices:/ { chr = 1; print; next }
    chr && /^$/ { flush(-1); chr = 0; print; next }
    chr { flush($1 + 0) }
    { print }' /proc/devices >"$dir/proc-devices"
  mount --bind "$dir/proc-devices" "$root/proc/devices"
}

# Each disk file appears at its by-id name as a regular file (OpenZFS takes file vdevs).
present_disks() {
  local file by_id=$root/dev/disk/by-id
  mkdir -p "$by_id"
  for file in "$dir"/disks/*; do
    [[ -f $file ]] || continue
    : >"$by_id/${file##*/}"
    mount --bind "$file" "$by_id/${file##*/}"
  done
}

mount_tmpfs() {
  mount -t tmpfs -o nosuid,nodev,mode=755 run "$root/run"
  mount -t tmpfs -o nosuid,nodev,mode=1777 tmp "$root/tmp"
}

record_supervisor_pid
hostname "$NAME"
mount_root
mount_proc
mount_meminfo
mount_sys
mount_dev
present_disks
present_gpus
mount_proc_devices
# shellcheck source=nvidia.sh
source "$lab_dir/lib/nvidia.sh"
boot_nvidia_driver
mount_tmpfs
# shellcheck source=guest-files.sh
source "$lab_dir/lib/guest-files.sh"
install_guest_files "$root" "$dir" "$lab_dir"

# Dropping these from the bounding set keeps a test from loading modules, changing the
# clock or reconfiguring this machine's network (instances share its network namespace).
exec setpriv --bounding-set=-sys_module,-sys_time,-net_admin,-sys_boot,-sys_rawio,-syslog,-wake_alarm \
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /usr/bin/python3 -u /usr/local/lib/phoenix-lab/init.py

# The emulated NVIDIA driver at boot (sourced by ns-init.sh, which has set root and dir).
# With GPUs (--gpus N > 0) the host stands in for one prepared with proxmox-headers for its
# kernel (/lib/modules/<kernel>/build). A module the stand-in runfile installed for the running
# kernel (DKMS's updates/dkms/nvidia.ko, or the plain kernel/drivers/video/nvidia.ko) is
# "loaded" now, at boot, as modprobe would load it: /proc/driver/nvidia/version appears, in
# nv-procfs.c's two-line format. procfs cannot gain entries, so a directory is bind-mounted over
# /proc/driver. Installing a driver while the host runs changes nothing loaded until the next
# boot (`lab.sh reboot`).
boot_nvidia_driver() {
  ((${GPUS:-0} > 0)) || return 0
  local kernel ko version
  kernel=$(uname -r)
  mkdir -p "$root/lib/modules/$kernel/build"
  [[ -f $root/lib/modules/$kernel/build/README.phoenix-lab ]] || echo "Phoenix lab stand-in for proxmox-headers-$kernel (nothing to build against)" >"$root/lib/modules/$kernel/build/README.phoenix-lab"
  for ko in "$root/lib/modules/$kernel/updates/dkms/nvidia.ko" "$root/lib/modules/$kernel/kernel/drivers/video/nvidia.ko"; do
    [[ -f $ko ]] || continue
    version=$(sed -n 's/^version=//p' "$ko")
    [[ -n $version && -d $root/proc/driver ]] || continue
    rm -rf "$dir/proc-driver"
    mkdir -p "$dir/proc-driver/nvidia"
    printf 'NVRM version: NVIDIA UNIX x86_64 Kernel Module  %s  Thu Jan  1 00:00:00 UTC 2026\nGCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n' "$version" >"$dir/proc-driver/nvidia/version"
    mount --bind "$dir/proc-driver" "$root/proc/driver"
    return 0
  done
}

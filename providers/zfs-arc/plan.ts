// Pure planner for ZfsArc: the runtime limit, the persisted modprobe option and, on ZFS-root
// hosts, the initramfs that carries it. Fixes the original, which only wrote the runtime value.
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { formatBytes } from "../core/zfs-size";
import { planSteps, refuse, type Plan } from "../core/plan";
import { ARC_MAX_PARAMETER, MODPROBE_CONF } from "./inspect";
import { rewriteModprobeConf } from "./modprobe";
import type { ZfsArcInputs, ZfsArcObserved } from "./schema";

// arc_c_min defaults to max(RAM/32, 32 MiB) (module/zfs/arc.c arc_init); at runtime a zfs_arc_max
// not above it is ignored, while at module load (boot) it is honoured.
const DEFAULT_ARC_MIN_FLOOR = 32 * 1024 * 1024;

/** Plans the ARC limit: runtime write, modprobe.d persistence, initramfs refresh on ZFS root; converged → no steps. */
export function planZfsArc(desired: ZfsArcInputs, observed: ZfsArcObserved): Plan {
  const bytes = desired.maxBytes;
  const ram = observed.memTotalBytes;
  if (bytes >= ram) {
    return refuse(`ZfsArc: maxBytes ${formatBytes(bytes)} is not below the host's ${formatBytes(ram)} of RAM; OpenZFS would ignore it`);
  }
  const warnings: string[] = [];
  if (ram < 2 * bytes) {
    warnings.push(`ZfsArc: the host has ${formatBytes(ram)} of RAM, less than twice the ARC limit of ${formatBytes(bytes)}; guests may run short of memory`);
  }
  const steps: Step[] = [];
  if (observed.runtimeMaxBytes !== bytes) {
    const arcMin = Math.max(Math.floor(ram / 32), DEFAULT_ARC_MIN_FLOOR);
    if (bytes <= arcMin) {
      warnings.push(`ZfsArc: at runtime OpenZFS ignores a limit not above zfs_arc_min (by default ${formatBytes(arcMin)}); ${formatBytes(bytes)} takes effect at the next boot`);
    }
    const was = observed.runtimeMaxBytes === 0 ? "the OpenZFS default" : formatBytes(observed.runtimeMaxBytes);
    // The value travels as "$1", never as script text.
    steps.push(step(`set the runtime ARC limit to ${formatBytes(bytes)} (was ${was})`, ["sh", "-c", `echo "$1" > ${ARC_MAX_PARAMETER}`, "sh", String(bytes)]));
  }
  // The change runs again at apply time on the file as it is then (editHostFile), so an edit of
  // zfs.conf by anything else in between is kept.
  const edit = planFileEdit(MODPROBE_CONF, observed.modprobeConf, (current) => rewriteModprobeConf(current, bytes));
  if (edit) {
    steps.push(fileEditStep(`persist options zfs zfs_arc_max=${bytes} in ${MODPROBE_CONF} (other lines kept)`, edit));
    if (observed.rootFsType === "zfs") {
      // With root on ZFS the module loads from the initramfs, which holds its own copy of modprobe.d.
      steps.push(step("rebuild the initramfs so the limit applies at boot", ["update-initramfs", "-u", "-k", "all"]));
    }
  } else if (observed.rootFsType === "zfs" && observed.initramfsStale === true) {
    // zfs.conf is right but newer than an initramfs: an earlier apply stopped before the rebuild.
    steps.push(step("rebuild the initramfs: it predates zfs.conf, so the limit would not apply at boot", ["update-initramfs", "-u", "-k", "all"]));
  }
  return planSteps(steps, warnings);
}

// ZfsArc inputs (validated with zod) and the observed/outputs shapes the adapter stores.
import { z } from "zod";

/** OpenZFS ignores a zfs_arc_max below 64 MiB (MIN_ARC_MAX = DMU_MAX_ACCESS, module/zfs/arc.c). */
export const MIN_ARC_MAX_BYTES = 64 * 1024 * 1024;

/** Validates ZfsArc inputs. */
export const ZfsArcInputsSchema = z.object({
  /** ARC size limit in bytes (config `arc_max_gb` × 2^30); applied at runtime and persisted for boot. */
  maxBytes: z
    .number()
    .int()
    .min(MIN_ARC_MAX_BYTES, { message: `maxBytes must be at least ${MIN_ARC_MAX_BYTES} (64 MiB); OpenZFS ignores smaller values` })
    .max(Number.MAX_SAFE_INTEGER),
});

export type ZfsArcInputs = z.output<typeof ZfsArcInputsSchema>;

/** What the host reported. */
export interface ZfsArcObserved {
  /** /sys/module/zfs/parameters/zfs_arc_max; 0 means "OpenZFS default". */
  readonly runtimeMaxBytes: number;
  /** Content of /etc/modprobe.d/zfs.conf, or null when the file does not exist. */
  readonly modprobeConf: string | null;
  /** MemTotal from /proc/meminfo, in bytes. */
  readonly memTotalBytes: number;
  /** Filesystem type of `/` (zfs on a ZFS-root PVE install). */
  readonly rootFsType: string;
  /**
   * True when some /boot/initrd.img-* is older than zfs.conf, so the limit would not apply at
   * the next boot of a ZFS-root host (e.g. an earlier apply stopped before update-initramfs).
   * Absent in state written before this field existed.
   */
  readonly initramfsStale?: boolean;
}

/** State stored by the adapter: the inputs plus what the host reported. */
export type ZfsArcOutputs = ZfsArcInputs & { readonly observed: ZfsArcObserved };

// Read-only commands that inspect the ARC limit, and pure parsers for what they print.
import type { CommandResult } from "../core/runner";
import { fileContent } from "../core/file-content";

/** The runtime module parameter (what the kernel uses now). */
export const ARC_MAX_PARAMETER = "/sys/module/zfs/parameters/zfs_arc_max";
/** Options read by modprobe when the zfs module loads (and copied into the initramfs). */
export const MODPROBE_CONF = "/etc/modprobe.d/zfs.conf";

/** Reads the runtime zfs_arc_max. */
export function readArcMaxCommand(): string[] {
  return ["cat", ARC_MAX_PARAMETER];
}

/** Reads /etc/modprobe.d/zfs.conf; exit 1 with "No such file or directory" when absent (that is fine). */
export function readModprobeConfCommand(): string[] {
  return ["cat", MODPROBE_CONF];
}

/** Reads the MemTotal line of /proc/meminfo. */
export function memTotalCommand(): string[] {
  return ["grep", "MemTotal", "/proc/meminfo"];
}

/** Prints the filesystem type of `/`, to know whether the initramfs needs the options too. */
export function rootFsTypeCommand(): string[] {
  return ["findmnt", "-n", "-o", "FSTYPE", "/"];
}

/**
 * Modification times of zfs.conf and of every initramfs. A fixed script (it needs a glob);
 * no value from config or state is in it.
 */
export function bootFilesMtimeCommand(): string[] {
  return ["sh", "-c", `stat -c '%Y %n' ${MODPROBE_CONF} /boot/initrd.img-* 2>/dev/null; true`];
}

/** True when any initramfs is older than zfs.conf (false when either is missing). */
export function parseInitramfsStale(text: string): boolean {
  let conf: number | undefined;
  const initrds: number[] = [];
  for (const line of text.split("\n")) {
    const match = /^(\d+) (.+)$/.exec(line.trim());
    if (!match) continue;
    if (match[2] === MODPROBE_CONF) conf = Number(match[1]);
    else if (match[2].startsWith("/boot/initrd.img-")) initrds.push(Number(match[1]));
  }
  return conf !== undefined && initrds.some((mtime) => mtime < conf!);
}

/** Parses the zfs_arc_max parameter (a decimal byte count). */
export function parseArcMax(text: string): number {
  const value = text.trim();
  if (!/^\d+$/.test(value)) throw new Error(`unexpected zfs_arc_max value: ${JSON.stringify(text)}`);
  return Number(value);
}

/** The file content, or null when `cat` says it does not exist; other failures throw. */
export function parseModprobeConf(result: CommandResult): string | null {
  return fileContent(result, MODPROBE_CONF);
}

/** Parses "MemTotal:       65747020 kB" to bytes (the kernel's kB are KiB). */
export function parseMemTotal(text: string): number {
  const match = /^MemTotal:\s+(\d+) kB\s*$/m.exec(text);
  if (!match) throw new Error(`unexpected MemTotal line: ${JSON.stringify(text)}`);
  return Number(match[1]) * 1024;
}

/** Parses `findmnt -n -o FSTYPE /` (e.g. "zfs", "ext4"). */
export function parseRootFsType(text: string): string {
  const value = text.trim();
  if (value === "" || /\s/.test(value)) throw new Error(`unexpected findmnt output: ${JSON.stringify(text)}`);
  return value;
}

// Read-only commands for the node's name and pure parsers for what they print.
import type { CommandResult } from "../core/runner";
import { fileContent } from "../core/file-content";
import { HOSTNAME_FILE, HOSTS_FILE } from "./schema";

export const GUEST_DIRS = ["/etc/pve/local/lxc", "/etc/pve/local/qemu-server"];
export const COROSYNC_CONF = "/etc/pve/corosync.conf";

export const catCommand = (path: string): string[] => ["cat", "--", path];
export const kernelNameCommand = (): string[] => ["uname", "-n"];
export const guestsCommand = (): string[] => ["ls", "-1", "--", ...GUEST_DIRS];
export const clusterCommand = (): string[] => ["test", "-e", COROSYNC_CONF];
export { pmxcfsProbeArgv as pmxcfsCommand, PMXCFS_VERSION_PATH } from "../proxmox-storage/inspect";

export const parseHostnameFile = (r: CommandResult) => fileContent(r, HOSTNAME_FILE);
export const parseHostsFile = (r: CommandResult) => fileContent(r, HOSTS_FILE);

/**
 * The `<vmid>.conf` names `ls -1 dir dir` lists. A missing directory (no VM support, not a PVE
 * host) means no guests of that type; ls still lists the other one (exit 2).
 */
export function parseGuests(result: CommandResult): string[] {
  const other = result.stderr.split("\n").filter((l) => l.trim() !== "" && !/No such file or directory/.test(l));
  if (result.code !== 0 && other.length > 0) throw new Error(`listing guests failed: ${other.join("; ")}`);
  return result.stdout.split("\n").filter((l) => /^\d+\.conf$/.test(l.trim())).map((l) => l.trim()).sort();
}

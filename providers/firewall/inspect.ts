// Read-only commands for the Firewall kind and pure parsers of what they print:
// `pve-firewall status` and `localnet` (PVE::Service::pve_firewall), $SSH_CONNECTION (sshd).
import type { CommandResult } from "../core/runner";
import { parseIp } from "./address";
import type { TcpEndpoint } from "./lockout";

export const catCommand = (path: string): string[] => ["cat", "--", path];
export const nodeCommand = (): string[] => ["uname", "-n"];
export const statusCommand = (): string[] => ["pve-firewall", "status"];
export const localnetCommand = (): string[] => ["pve-firewall", "localnet"];
// sshd puts "client_ip client_port server_ip server_port" into every session's environment.
export const sshConnectionCommand = (): string[] => ["printenv", "SSH_CONNECTION"];

/** `Status: enabled/running` (optionally ` (pending changes)`) → the service state; null: no pve-firewall. */
export function parseStatus(result: CommandResult): "running" | "stopped" | null {
  if (result.code === 127 || /command not found|No such file or directory/.test(result.stderr)) return null;
  const m = /^Status: (?:enabled|disabled)\/(running|stopped|unknown)/m.exec(result.stdout);
  if (result.code !== 0 || !m) throw new Error(`pve-firewall status failed: ${(result.stderr || result.stdout).trim() || `exit ${result.code}`}`);
  // "unknown" is what the daemon reports when it cannot tell; it is not running rules then.
  return m[1] === "running" ? "running" : "stopped";
}

/** The local network pve-firewall uses (user defined or detected), or null when it prints none. */
export function parseLocalnet(result: CommandResult): string | null {
  if (result.code !== 0) return null;
  const m = /^using (?:user defined|detected) local_network: (\S+)$/m.exec(result.stdout);
  return m ? m[1] : null;
}

/** $SSH_CONNECTION → client address, server address and port; null when unset or unreadable. */
export function parseSshConnection(result: CommandResult): TcpEndpoint | null {
  if (result.code !== 0) return null;
  const f = result.stdout.trim().split(/\s+/);
  if (f.length !== 4 || parseIp(f[0]) === undefined || parseIp(f[2]) === undefined || !/^\d+$/.test(f[3])) return null;
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; pve-firewall's iptables sees a.b.c.d.
  const plain = (a: string) => a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  return { client: plain(f[0]), server: plain(f[2]), port: Number(f[3]) };
}

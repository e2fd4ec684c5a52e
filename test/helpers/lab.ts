// Drives lab hosts from tests through the lab CLI, so tests use exactly what users use.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

export const PROJECT = path.resolve(__dirname, "..", "..");

export interface LabConnection {
  name: string;
  host: string;
  port: number;
  user: string;
  privateKeyPath: string;
  hostKeyPath: string;
  hostPublicKey: string;
}

function lab(args: string[], timeoutMs = 600_000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync("bash", [path.join(PROJECT, "lab", "lab.sh"), ...args], { encoding: "utf8", timeout: timeoutMs });
  return { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Starts (or resets then starts) a lab host and returns its connection details. */
export function labUp(name: string, extra: string[] = []): LabConnection {
  lab(["down", name]);
  lab(["reset", name]);
  const r = lab(["up", name, ...extra]);
  if (r.code !== 0) throw new Error(`lab up ${name} failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(readFileSync(path.join(PROJECT, ".lab", name, "connection.json"), "utf8")) as LabConnection;
}

/** Stops a lab host; never throws, so it is safe in afterAll. */
export function labDown(name: string): void {
  lab(["down", name]);
}

/** Reboots a lab host (same disks and settings; an installed NVIDIA module loads). */
export function labReboot(name: string): void {
  const r = lab(["reboot", name]);
  if (r.code !== 0) throw new Error(`lab reboot ${name} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Runs a shell command on a lab host (as root) and returns what it printed. */
export function labSsh(name: string, command: string): { code: number; stdout: string; stderr: string } {
  return lab(["ssh", name, "--", command], 120_000);
}

/** Like labSsh but throws on a non-zero exit. */
export function labSshOk(name: string, command: string): string {
  const r = labSsh(name, command);
  if (r.code !== 0) throw new Error(`on lab ${name}: ${command}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Phoenix reaches a lab host over loopback, which pve-firewall always accepts (`-i lo`). This
 * makes the host report `client` as Phoenix's address in $SSH_CONNECTION instead: Debian's bash
 * reads root's ~/.bashrc for every command sshd runs, and the line exported first there wins.
 */
export function presentAsRemoteClient(name: string, client: string, lab: { host: string; port: number }): void {
  const line = `export SSH_CONNECTION="${client} 50000 ${lab.host} ${lab.port}" # phoenix test: a remote client`;
  labSshOk(name, `sed -i '/# phoenix test: a remote client$/d' /root/.bashrc && sed -i '1i ${line}' /root/.bashrc`);
}

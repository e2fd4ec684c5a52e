// Drives lab hosts for the lab's own integration tests: the lab CLI through bash, and the
// system OpenSSH client with the instance's key and known_hosts (the project's SSH layer is
// tested elsewhere; these tests must not depend on it).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

export const PROJECT = path.resolve(__dirname, "..", "..", "..");
export const FIXTURE_CONFIG = path.join(__dirname, "fixtures", "hypervisor-config.json");
export const BY_ID = "/dev/disk/by-id";
export const MIRROR_DISKS = [
  `${BY_ID}/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M`,
  `${BY_ID}/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y310536X`,
];

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** connection.json as `lab.sh up` writes it. */
export interface Connection {
  name: string;
  host: string;
  port: number;
  user: string;
  privateKeyPath: string;
  hostPublicKey: string;
  hostKeyPath: string;
  knownHostsPath: string;
}

/** Runs `bash lab/lab.sh ...args`. */
export function lab(...args: string[]): Result {
  const r = spawnSync("bash", [path.join(PROJECT, "lab", "lab.sh"), ...args], { encoding: "utf8", timeout: 600_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Like lab() but throws with the output when the command fails. */
export function labOk(...args: string[]): string {
  const r = lab(...args);
  if (r.code !== 0) throw new Error(`lab ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Starts a pristine instance (a leftover from an earlier run is reset first). */
export function startPristine(name: string, ...options: string[]): Connection {
  labOk("reset", name);
  labOk("up", name, ...options);
  return readConnection(name);
}

export function readConnection(name: string): Connection {
  return JSON.parse(readFileSync(path.join(PROJECT, ".lab", name, "connection.json"), "utf8")) as Connection;
}

/** Runs one command on the instance with OpenSSH; never accepts an unknown host key. */
export function ssh(conn: Connection, command: string, opts: { knownHosts?: string; key?: string } = {}): Result {
  const args = [
    "-i", opts.key ?? conn.privateKeyPath,
    "-p", String(conn.port),
    "-o", "IdentitiesOnly=yes",
    "-o", "IdentityAgent=none",
    "-o", "BatchMode=yes",
    "-o", "StrictHostKeyChecking=yes",
    "-o", `UserKnownHostsFile=${opts.knownHosts ?? conn.knownHostsPath}`,
    "-o", "GlobalKnownHostsFile=/dev/null",
    "-o", "ConnectTimeout=10",
    "-o", "LogLevel=ERROR",
    `${conn.user}@${conn.host}`,
    command,
  ];
  const r = spawnSync("ssh", args, { encoding: "utf8", timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** ssh() that throws unless the command exits 0; returns stdout. */
export function sshOk(conn: Connection, command: string): string {
  const r = ssh(conn, command);
  if (r.code !== 0) throw new Error(`on ${conn.name}: ${command}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// The lab host itself (lab/lab.sh): SSH identity, isolation from this machine, the PVE and
// ZFS scaffolding the providers expect, reset, and several instances at once.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FIXTURE_CONFIG,
  MIRROR_DISKS,
  PROJECT,
  lab,
  labOk,
  readConnection,
  ssh,
  sshOk,
  startPristine,
  type Connection,
} from "./lab-harness";

const NAME = "zfs-lab-host";
const SECOND = "zfs-lab-host-2";
const scratch = mkdtempSync(path.join(tmpdir(), "phoenix-lab-test-"));
let conn: Connection;

function newKeyPair(file: string): string {
  const r = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return readFileSync(`${file}.pub`, "utf8").trim();
}

beforeAll(() => {
  conn = startPristine(NAME, "--config", FIXTURE_CONFIG, "--extra-disks", "nvme-extra-1");
});

afterAll(() => {
  lab("reset", SECOND);
  lab("reset", NAME);
  rmSync(scratch, { recursive: true, force: true });
});

describe("lab host SSH identity", () => {
  it("accepts the instance's client key and answers as root on its own hostname", () => {
    expect(sshOk(conn, "id -un; hostname").split("\n")).toEqual(["root", NAME, ""]);
  });

  it("serves exactly the host key pinned in connection.json and known_hosts", () => {
    const served = sshOk(conn, "cat /etc/ssh/ssh_host_ed25519_key.pub").trim().split(" ").slice(0, 2).join(" ");
    expect(served).toBe(conn.hostPublicKey);
    expect(readFileSync(conn.knownHostsPath, "utf8")).toBe(`${conn.host} ${conn.hostPublicKey}\n`);
    expect(readFileSync(conn.hostKeyPath, "utf8")).toContain(conn.hostPublicKey);
  });

  it("is refused by a client that pinned another host key", () => {
    const otherKey = newKeyPair(path.join(scratch, "impostor"));
    const knownHosts = path.join(scratch, "known_hosts_other");
    writeFileSync(knownHosts, `${conn.host} ${otherKey.split(" ").slice(0, 2).join(" ")}\n`);
    const r = ssh(conn, "true", { knownHosts });
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it("refuses a client key it has not authorized", () => {
    newKeyPair(path.join(scratch, "stranger"));
    const r = ssh(conn, "true", { key: path.join(scratch, "stranger") });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("Permission denied (publickey)");
  });

  it("puts /usr/local/sbin first on root's PATH for non-interactive commands", () => {
    const [pathLine, zfs, zpool] = sshOk(conn, "echo $PATH; command -v zfs; command -v zpool").split("\n");
    expect(pathLine.split(":")[0]).toBe("/usr/local/sbin");
    expect([zfs, zpool]).toEqual(["/usr/local/sbin/zfs", "/usr/local/sbin/zpool"]);
  });

  it("keeps the sshd settings a PVE host would have", () => {
    const config = sshOk(conn, "/usr/sbin/sshd -T");
    expect(config).toContain("permitrootlogin without-password");
    expect(config).toContain("passwordauthentication no");
    expect(config).toContain("maxsessions 10");
    expect(config).toContain(`listenaddress ${conn.host}:${conn.port}`);
    expect(config).toMatch(/subsystem sftp \/usr\/lib\/openssh\/sftp-server/);
  });
});

describe("lab host isolation", () => {
  it("cannot see this machine's files", () => {
    const marker = path.join(tmpdir(), `phoenix-lab-marker-${process.pid}`);
    writeFileSync(marker, "host only");
    try {
      expect(ssh(conn, `test -e ${PROJECT}`).code).toBe(1);
      expect(ssh(conn, `test -e ${marker}`).code).toBe(1);
      expect(ssh(conn, "test -e /work").code).toBe(1);
    } finally {
      rmSync(marker);
    }
  });

  it("runs in its own PID namespace with the lab init as PID 1", () => {
    expect(sshOk(conn, "cat /proc/1/cmdline | tr '\\0' ' '")).toContain("/usr/local/lib/phoenix-lab/init.py");
    expect(Number(sshOk(conn, "ps -e --no-headers | wc -l"))).toBeLessThan(20);
  });

  it("presents the configured and extra disks at their by-id names as regular files", () => {
    const listed = sshOk(conn, "ls /dev/disk/by-id").trim().split("\n");
    expect(listed).toEqual([
      "nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y310536X",
      "nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M",
      "nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y",
      "nvme-extra-1",
    ]);
    expect(ssh(conn, `test -f ${MIRROR_DISKS[0]} && test ! -b ${MIRROR_DISKS[0]}`).code).toBe(0);
    // blkid exits 2 when it finds no signature: a blank disk, as a new NVMe would be.
    expect(ssh(conn, `blkid -p ${MIRROR_DISKS[0]}`).code).toBe(2);
    expect(sshOk(conn, `wipefs --no-act ${MIRROR_DISKS[0]}`)).toBe("");
  });

  it("has a writable zfs_arc_max that starts at 0", () => {
    const file = "/sys/module/zfs/parameters/zfs_arc_max";
    expect(sshOk(conn, `cat ${file}`)).toBe("0\n");
    expect(sshOk(conn, `echo 34359738368 > ${file} && cat ${file}`)).toBe("34359738368\n");
  });

  it("has the default PVE storage.cfg with the local dir storage, and pmxcfs's .version", () => {
    expect(sshOk(conn, "cat /etc/pve/storage.cfg")).toBe("dir: local\n\tpath /var/lib/vz\n\tcontent iso,vztmpl,backup\n\n");
    expect(ssh(conn, "test -e /etc/pve/.version").code).toBe(0);
  });
});

describe("lab host lifecycle", () => {
  it("treats up on a running instance as a no-op that reports its status", () => {
    const pid = readFileSync(path.join(PROJECT, ".lab", NAME, "supervisor.pid"), "utf8");
    const out = labOk("up", NAME, "--config", FIXTURE_CONFIG);
    expect(out).toMatch(/state: +up/);
    expect(readFileSync(path.join(PROJECT, ".lab", NAME, "supervisor.pid"), "utf8")).toBe(pid);
  });

  it("keeps files and pools across down and up", () => {
    sshOk(conn, `echo kept > /root/kept && zpool create -f keep ${MIRROR_DISKS[0]}`);
    labOk("down", NAME);
    expect(lab("status", NAME).code).toBe(3);
    labOk("up", NAME, "--config", FIXTURE_CONFIG);
    expect(sshOk(conn, "cat /root/kept; zpool list -H -o name")).toBe("kept\nkeep\n");
  });

  it("resets to a pristine host that keeps its pinned identity", () => {
    sshOk(conn, "echo dirty > /root/dirty");
    labOk("reset", NAME);
    labOk("up", NAME, "--config", FIXTURE_CONFIG);
    expect(readConnection(NAME).hostPublicKey).toBe(conn.hostPublicKey);
    expect(ssh(conn, "test -e /root/dirty || test -e /root/kept").code).toBe(1);
    expect(sshOk(conn, "zpool list -H -o name")).toBe("");
    expect(ssh(conn, `blkid -p ${MIRROR_DISKS[0]}`).code).toBe(2);
  });

  it("runs two instances at once, each with its own address, disks and pools", () => {
    const second = startPristine(SECOND, "--extra-disks", "nvme-only-in-second");
    expect(second.host).not.toBe(conn.host);
    sshOk(second, "zpool create -f mine /dev/disk/by-id/nvme-only-in-second");
    expect(sshOk(second, "hostname; zpool list -H -o name")).toBe(`${SECOND}\nmine\n`);
    expect(sshOk(conn, "hostname; zpool list -H -o name")).toBe(`${NAME}\n`);
    expect(ssh(conn, "test -e /dev/disk/by-id/nvme-only-in-second").code).toBe(1);
    labOk("down", SECOND);
    expect(ssh(second, "true").code).toBe(255);
    expect(sshOk(conn, "hostname")).toBe(`${NAME}\n`);
  });
});

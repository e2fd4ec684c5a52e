// The real config through the real pulumi CLI, each revision on a fresh lab host, with only what
// a real user must add: the Samba password file (phoenix:sambaPasswordFile). The files name no
// NVIDIA runfile checksum, so the host starts with their driver already installed and loaded
// (`lab up --nvidia-driver <its version>`, as the demo does): a host the original's scripts set
// up; the install path (checksum, reboot) is test/e2e/nvidia.test.ts's.
//   2025-09-23: both files as shipped (firewall block under shared_volumes, 15 containers).
//   2025-11-16: the first hypervisor revision with the block at the top level (and 15 rules,
//     NFS exports, more datasets). Its LXC file needs feature scripts the corpus does not hold
//     (trusted_ca, step_cli, ...): the host is converged with no containers.
// One fresh host per revision: the 2025-11-16 file drops a dataset and changes storage types,
// so converging it after 2025-09-23 is a different test (refusals), not convergence. The move
// of the block alone is proven a no-op on the converged 2025-09-23 host.
// Per revision: a rule set that would cut a remote Phoenix's SSH is refused in preview → up,
// warning that the firewall drops SMB clients → every part is on the host → a second up and a
// refresh change nothing. On 2025-09-23 also: the users block naming the account Phoenix
// connects as (root) is refused where it would cut that access (its key removed, its password
// locked, the account deleted), and nothing changes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSsh, labSshOk, labUp, presentAsRemoteClient, PROJECT, type LabConnection } from "../helpers/lab";
import { TestStack, type CliResult } from "../helpers/pulumi-cli";

const LAB = "real-e2e";
const CORPUS = path.join(PROJECT, "test", "fixtures", "config-corpus");
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-real-"));
const passwordFile = path.join(work, "samba-password");
const PASSWORD = "Rq4-real-config-smb-PW";
const REMOTE = "198.51.100.7";
const CT_IDS = ["900", "901", "902", "903", "910", "920", "950", "951", "952", "953", "954", "955", "956", "957", "960"];

const REVISIONS = [
  { name: "2025-09-23", hv: path.join(PROJECT, "config", "examples", "phoenix_hypervisor_config.json"), lxc: path.join(PROJECT, "config", "examples", "phoenix_lxc_configs.json"), containers: CT_IDS },
  { name: "2025-11-16", hv: path.join(CORPUS, "hypervisor", "20251116-423366dd4d.json"), lxc: path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json"), containers: [] as string[] },
];

const runs: [string, CliResult][] = [];
const stacks: TestStack[] = [];
const ssh = (command: string) => labSshOk(LAB, command);
const gib = 2 ** 30;
const UNITS: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: gib, T: 2 ** 40 };
const bytes = (size: string) => Math.floor(Number(size.slice(0, -1)) * UNITS[size.slice(-1)]);

/** The sections of /etc/pve/storage.cfg: id → {type, options}. */
function storageCfg(): Map<string, { type: string; options: Record<string, string> }> {
  const out = new Map<string, { type: string; options: Record<string, string> }>();
  let current: { type: string; options: Record<string, string> } | undefined;
  for (const line of ssh("cat /etc/pve/storage.cfg").split("\n")) {
    const head = /^(\w+): (\S+)$/.exec(line);
    if (head) out.set(head[2], (current = { type: head[1], options: {} }));
    const option = /^\s+(\S+)\s*(.*)$/.exec(line);
    if (option && current) current.options[option[1]] = option[2];
  }
  return out;
}

/** smbclient from this machine as the Samba user, the password in its environment (never argv). */
function smbclient(share: string, password: string, host: string) {
  const r = spawnSync("smbclient", [`//${host}/${share}`, "-U", "heads", "-c", "ls"], { encoding: "utf8", env: { ...process.env, PASSWD: password }, timeout: 30_000 });
  return { code: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
}

for (const revision of REVISIONS) {
  describe(`the real config of ${revision.name} on a fresh lab host`, () => {
    const file = JSON.parse(readFileSync(revision.hv, "utf8"));
    const driver: string = file.nvidia_driver.version;
    let lab: LabConnection;
    let stack: TestStack;
    const settings = (hypervisorConfig = revision.hv) => ({
      hypervisorConfig, lxcConfig: revision.lxc, sambaPasswordFile: passwordFile,
      // Features and application scripts run as the lab's network-free stand-ins (docs/lab.md); a real host leaves these out.
      featureDirs: "lab/features",
      applicationDirs: "lab/applications",
      host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath,
    });
    const pulumi = (args: string[], ok = true): CliResult => {
      const r = stack.run(args);
      runs.push([`${revision.name}: ${args.join(" ")}`, r]);
      writeFileSync(path.join(work, `${runs.length}-${args[0]}.log`), r.output);
      if (ok && r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${r.code}; log ${work}/${runs.length}-${args[0]}.log):\n${r.output.slice(-6000)}`);
      return r;
    };

    beforeAll(() => {
      writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
      lab = labUp(LAB, ["--config", revision.hv, "--nvidia-driver", driver, "--gpus", "2"]);
      stack = new TestStack(`real-${revision.name}`, settings());
      stacks.push(stack);
    });

    afterAll(() => labDown(LAB));

    it("refuses in preview a firewall that would cut a remote Phoenix's SSH, writing nothing", () => {
      presentAsRemoteClient(LAB, REMOTE, lab);
      const preview = pulumi(["preview"], false);
      expect(preview.code).not.toBe(0);
      const remote = REMOTE.replace(/\./g, "\\.");
      expect(preview.output).toMatch(new RegExp(`Firewall "cluster": this rule set would cut Phoenix's SSH access \\(tcp/${lab.port} from ${remote}\\): policy_in DROP with no rule accepting tcp/${lab.port} from ${remote}`));
      expect(ssh("test -e /etc/pve/firewall/cluster.fw && echo present || echo absent")).toBe("absent\n");
      // Back to the lab's loopback session, which pve-firewall always accepts (-i lo).
      ssh("sed -i '/# phoenix test: a remote client$/d' /root/.bashrc");
    });

    it("converges: every managed part is on the host", () => {
      const up = pulumi(["up", "--yes", "--skip-preview", "--suppress-progress"]);

      // What the host serves, judged against its firewall: neither revision lets SMB in; 2025-11-16
      // has a tcp/2049 rule for its NFS clients (2025-09-23 exports nothing).
      expect(up.output).toContain('Firewall "cluster": SMB (tcp/445 on 10.0.0.13) would be dropped for 10.0.0.0/24: policy_in DROP');
      expect(up.output).not.toContain("NFS (tcp/2049");

      // ZFS: pools, datasets with the file's properties, the ARC limit.
      expect(ssh("zpool list -H -o name").split("\n").filter(Boolean).sort()).toEqual(file.zfs.pools.map((p: { name: string }) => p.name).sort());
      for (const d of file.zfs.datasets as { name: string; pool: string; properties: string }[]) {
        const props = Object.fromEntries(ssh(`zfs get -H -p -o property,value recordsize,compression,sync,quota,mountpoint ${d.pool}/${d.name}`).trim().split("\n").map((l) => l.split("\t")));
        expect(props.mountpoint, `${d.pool}/${d.name}`).toBe(`/${d.pool}/${d.name}`);
        for (const [k, v] of d.properties.split(",").filter(Boolean).map((p) => p.split("="))) {
          expect(props[k], `${d.pool}/${d.name} ${k}`).toBe(k === "recordsize" || k === "quota" ? String(bytes(v)) : v);
        }
      }
      expect(ssh("cat /sys/module/zfs/parameters/zfs_arc_max").trim()).toBe(String(file.zfs.arc_max_gb * gib));

      // Storage: one PVE storage per dataset, of the file's type and content.
      const storages = storageCfg();
      for (const d of file.zfs.datasets as { name: string; pool: string; proxmox_storage_type: string; proxmox_content_type: string }[]) {
        const s = storages.get(`${d.pool}-${d.name}`);
        expect(s?.type, `${d.pool}-${d.name}`).toBe(d.proxmox_storage_type);
        expect(s?.options.content.split(",").sort(), `${d.pool}-${d.name}`).toEqual(d.proxmox_content_type.split(",").sort());
        expect(s?.options[d.proxmox_storage_type === "dir" ? "path" : "pool"]).toBe(d.proxmox_storage_type === "dir" ? `/${d.pool}/${d.name}` : `${d.pool}/${d.name}`);
      }
      expect(ssh("pvesm status").split("\n").filter((l) => / active /.test(l)).length).toBeGreaterThanOrEqual(file.zfs.datasets.length);

      // Samba: a managed block per share, its directory, and a login with the file's password.
      const smb = ssh("cat /etc/samba/smb.conf");
      for (const share of file.samba.shares as { name: string; path: string }[]) {
        expect(smb).toMatch(new RegExp(`^\\[${share.name}\\]\\n\\s+path = /${share.path}\\n`, "m"));
        expect(ssh(`stat -c '%U:%G %a' /${share.path}`)).toBe("heads:heads 770\n");
        expect(smbclient(share.name, PASSWORD, lab.host).code, share.name).toBe(0);
      }
      expect(smbclient(file.samba.shares[0].name, "wrong-password", lab.host).code).not.toBe(0);

      // The admin user: account, no password (NOT_SET), sudo through its own file, no key.
      expect(ssh("getent passwd phoenix_admin | cut -d: -f6,7")).toBe("/home/phoenix_admin:/bin/bash\n");
      expect(ssh("getent shadow phoenix_admin | cut -d: -f2")).toBe("!\n");
      expect(ssh("stat -c '%U:%G %a' /etc/sudoers.d/phoenix_admin && grep -v '^#' /etc/sudoers.d/phoenix_admin && visudo -c >/dev/null && echo checked")).toBe("root:root 440\nphoenix_admin ALL=(ALL:ALL) NOPASSWD: ALL\nchecked\n");
      expect(labSsh(LAB, "test -e /home/phoenix_admin/.ssh/authorized_keys").code).not.toBe(0);

      // The firewall: on, the file's policies, its rules in order (none in 2025-09-23).
      const fw = ssh("cat /etc/pve/firewall/cluster.fw");
      expect(fw).toMatch(/^\[OPTIONS\]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n\[RULES\]\n/);
      const rules = fw.split("\n").filter((l) => /^(IN|OUT) /.test(l));
      expect(rules.map((l) => l.replace(/.* # /, ""))).toEqual((file.firewall?.global_firewall_rules ?? []).map((r: { comment: string }) => r.comment));
      expect(ssh("pve-firewall compile >/dev/null && pve-firewall status")).toBe("Status: enabled/running\n");

      // NVIDIA: the file's driver loaded, nouveau blacklisted, no reboot pending.
      expect(ssh("nvidia-smi --query-gpu=driver_version --format=csv,noheader").split("\n").filter(Boolean)).toEqual([driver, driver]);
      expect(ssh("cat /etc/modprobe.d/blacklist-nouveau.conf")).toContain("blacklist nouveau\n");
      const nvidia = JSON.parse(stack.ok(["stack", "export", "--stack", stack.name]).stdout).deployment.resources.find((r: { type: string }) => r.type.endsWith("NvidiaDriver"));
      expect(nvidia?.outputs?.observed).toMatchObject({ rebootRequired: false, loaded: driver });

      // Host basics: time zone, the node's /etc/hosts line, repositories, shared volume owners.
      expect(ssh("readlink /etc/localtime; cat /etc/timezone")).toBe(`/usr/share/zoneinfo/${file.timezone}\n${file.timezone}\n`);
      const node = ssh("hostname").trim();
      const names = file.domain_name ? `${node}.${file.domain_name} ${node}` : node;
      expect(ssh(`grep -w ${node} /etc/hosts`)).toBe(`${file.network.interfaces.address.split("/")[0]}\t${names}\n`);
      expect(ssh("grep -v '^#' /etc/apt/sources.list.d/pve-enterprise.list /etc/apt/sources.list.d/ceph.list || true")).toBe("");
      expect(ssh("grep -c '^deb .*no-subscription' /etc/apt/sources.list.d/phoenix-proxmox.list")).toBe("2\n");
      const volumes = Object.entries(file.shared_volumes).filter(([k]) => k !== "firewall") as [string, { host_path: string }][];
      expect(volumes.length).toBeGreaterThan(0);
      for (const [, v] of volumes) expect(ssh(`stat -c %u:%g ${v.host_path}`), v.host_path).toBe("100000:100000\n");

      // NFS exports (2025-11-16), as exportfs reports them.
      for (const e of file.nfs.exports as { path: string; clients: string[] }[]) {
        const exported = ssh("exportfs -v");
        for (const client of e.clients) expect(exported).toMatch(new RegExp(`^${e.path}\\s+${client.replace(/\./g, "\\.")}\\(`, "m"));
      }

      // Containers (2025-09-23): all of them, running.
      const listed = ssh("pct list").split("\n").slice(1).filter(Boolean).map((l) => l.trim().split(/\s+/).slice(0, 2).join(" "));
      expect(listed).toEqual(revision.containers.map((id) => `${id} running`));
    });

    it("changes nothing on a second up and a refresh", () => {
      pulumi(["up", "--yes", "--expect-no-changes", "--suppress-progress"]);
      pulumi(["refresh", "--preview-only", "--expect-no-changes"]);
    });

    if (revision.name === "2025-09-23") {
      it("moving the firewall block to the top level (as 2025-11-16 did) changes nothing", () => {
        const moved = JSON.parse(readFileSync(revision.hv, "utf8"));
        moved.firewall = moved.shared_volumes.firewall;
        delete moved.shared_volumes.firewall;
        const movedFile = path.join(work, "2025-09-23-firewall-moved.json");
        writeFileSync(movedFile, JSON.stringify(moved, null, 4));
        stack.writeConfig(settings(movedFile));
        const up = pulumi(["up", "--yes", "--expect-no-changes", "--suppress-progress"]);
        expect(up.output).not.toContain("firewall belongs at the top level");
        stack.writeConfig(settings());
      });

      it("refuses a users block naming the account Phoenix connects as (no key, no password), changing nothing", () => {
        const before = ssh("cat /root/.ssh/authorized_keys; getent shadow root | cut -d: -f2");
        const asRoot = JSON.parse(readFileSync(revision.hv, "utf8"));
        asRoot.users.username = "root";
        const rootFile = path.join(work, "2025-09-23-users-root.json");
        writeFileSync(rootFile, JSON.stringify(asRoot, null, 4));
        stack.writeConfig(settings(rootFile));
        const preview = pulumi(["preview"], false);
        expect(preview.code).not.toBe(0);
        expect(preview.output).toMatch(/AdminUser "root": Phoenix connects as root: this would remove 1 key from its authorized_keys/);
        const up = pulumi(["up", "--yes", "--skip-preview"], false);
        expect(up.code).not.toBe(0);
        expect(ssh("cat /root/.ssh/authorized_keys; getent shadow root | cut -d: -f2")).toBe(before);
        expect(ssh("test -e /etc/sudoers.d/root && echo present || echo absent")).toBe("absent\n");

        // With Phoenix's key in the file, NOT_SET would still lock root (the lab's sshd runs with
        // UsePAM no, so a locked root could not log in with any key either).
        asRoot.users.ssh_public_key = readFileSync(`${lab.privateKeyPath}.pub`, "utf8").trim();
        writeFileSync(rootFile, JSON.stringify(asRoot, null, 4));
        const lock = pulumi(["preview"], false);
        expect(lock.code).not.toBe(0);
        expect(lock.output).toMatch(/AdminUser "root": Phoenix connects as root: a password_hash meaning no password would lock the account/);
        expect(ssh("cat /root/.ssh/authorized_keys; getent shadow root | cut -d: -f2")).toBe(before);
        stack.writeConfig(settings());
      });

      it("refuses to delete the account Phoenix connects as, even when phoenix:allowDestroy names it", () => {
        // root managed by Phoenix: its key kept, no password (`*` here, which sshd does not treat as locked).
        ssh("usermod -p '*' root");
        const asRoot = JSON.parse(readFileSync(revision.hv, "utf8"));
        asRoot.users.username = "root";
        asRoot.users.ssh_public_key = readFileSync(`${lab.privateKeyPath}.pub`, "utf8").trim();
        const rootFile = path.join(work, "2025-09-23-users-root-key.json");
        writeFileSync(rootFile, JSON.stringify(asRoot, null, 4));
        stack.writeConfig({ ...settings(rootFile), allowDestroy: '["AdminUser:phoenix_admin"]' });
        pulumi(["up", "--yes", "--skip-preview", "--suppress-progress"]);
        expect(ssh("grep -v '^#' /etc/sudoers.d/root")).toBe("root ALL=(ALL:ALL) NOPASSWD: ALL\n");

        stack.writeConfig({ ...settings(), allowDestroy: '["AdminUser:root"]' });
        const up = pulumi(["up", "--yes", "--skip-preview", "--suppress-progress"], false);
        expect(up.code).not.toBe(0);
        expect(up.output).toMatch(/AdminUser "root": Phoenix connects as root: deleting the account would cut Phoenix's own SSH access \(phoenix:allowDestroy cannot allow this\)/);
        expect(ssh("getent passwd root | cut -d: -f1,6; grep -c ssh-ed25519 /root/.ssh/authorized_keys")).toBe("root:/root\n1\n");
        // The rest of the real file converged again around the refusal.
        expect(ssh("getent passwd phoenix_admin | cut -d: -f6")).toBe("/home/phoenix_admin\n");
      });
    }
  });
}

describe("secret scan", () => {
  it("the Samba password is in no output or backend file", () => {
    expect(runs.length).toBeGreaterThan(6);
    for (const [what, r] of runs) expect(r.output.includes(PASSWORD), what).toBe(false);
    for (const { file, text } of stacks.flatMap((s) => s.backendFiles())) expect(text.includes(PASSWORD), file).toBe(false);
  });
});

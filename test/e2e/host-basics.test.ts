// Host basics and the admin user through the real CLI: create → second up no-op → out-of-band
// changes (zone link, enterprise line, volume owner, hosts line, the admin's shell and a key added
// by hand) found by refresh → repaired by up → a rename refused while the node has a guest →
// removal (repositories back to what PVE ships; zone, name and directories kept; the admin
// account only with its own permission).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { TestStack } from "../helpers/pulumi-cli";

const LAB = "hb-e2e";
const FIXTURE = path.join(PROJECT, "test", "fixtures", "e2e", "host-basics.hypervisor.json");
const D = "/etc/apt/sources.list.d";
const INTRUDER = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk4j3N1aZwQ0bLqXvYk9o2mB7cR8dF6gE5hT4sU3vW2 intruder@elsewhere";
let lab: LabConnection;
let stack: TestStack;
let settings: Record<string, string>;
const ssh = (command: string) => labSshOk(LAB, command);
const withConfig = (change: (cfg: any) => void, extra: Record<string, string> = {}) => {
  const cfg = JSON.parse(readFileSync(FIXTURE, "utf8"));
  change(cfg);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "phoenix-e2e-hb-")), "hv.json");
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  stack.writeConfig({ ...settings, hypervisorConfig: file, ...extra });
};

beforeAll(() => {
  lab = labUp(LAB);
  settings = {
    hypervisorConfig: FIXTURE,
    lxcConfig: path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json"),
    host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath,
  };
  stack = new TestStack("hb-e2e", settings);
});

afterAll(() => labDown(LAB));

describe("host basics through the CLI", () => {
  it("creates, then a second up changes nothing", () => {
    stack.ok(["up", "--yes"]);
    expect(ssh("readlink /etc/localtime")).toBe("/usr/share/zoneinfo/America/New_York\n");
    expect(ssh("grep hb-e2e /etc/hosts")).toBe("10.0.0.13\thb-e2e.internal.example hb-e2e\n");
    expect(ssh(`cat ${D}/pve-enterprise.list`)).toBe("# deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n");
    expect(ssh(`grep -c '^deb .*no-subscription' ${D}/phoenix-proxmox.list`)).toBe("2\n");
    expect(ssh("stat -c %u:%g /mnt/pve/quickOS/shared-prod-data/ssl")).toBe("100000:100000\n");
    expect(ssh("stat -c %U /srv/backups")).toBe("phoenix_admin\n");
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("finds out-of-band changes with refresh and repairs them with up", () => {
    ssh(`ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime && sed -i 's/^# //' ${D}/pve-enterprise.list && chown 0:0 /mnt/pve/quickOS/shared-prod-data/ssl && echo '127.0.1.1 hb-e2e' >> /etc/hosts`);
    // The admin account: a login shell changed and a key added by hand (the config lists none).
    ssh(`usermod -s /bin/sh phoenix_admin && install -d -m 0700 -o phoenix_admin -g phoenix_admin ~phoenix_admin/.ssh && echo '${INTRUDER}' > ~phoenix_admin/.ssh/authorized_keys`);
    const refresh = stack.run(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(refresh.code).not.toBe(0);
    stack.ok(["up", "--yes", "--refresh"]);
    expect(ssh("readlink /etc/localtime")).toBe("/usr/share/zoneinfo/America/New_York\n");
    expect(ssh(`cat ${D}/pve-enterprise.list`)).toBe("# deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n");
    expect(ssh("stat -c %u:%g /mnt/pve/quickOS/shared-prod-data/ssl")).toBe("100000:100000\n");
    expect(ssh("grep hb-e2e /etc/hosts")).toBe("10.0.0.13\thb-e2e.internal.example hb-e2e\n");
    expect(ssh("getent passwd phoenix_admin | cut -d: -f7; (cat ~phoenix_admin/.ssh/authorized_keys 2>/dev/null || true) | grep -c intruder || true")).toBe("/bin/bash\n0\n");
    stack.ok(["up", "--yes", "--refresh", "--expect-no-changes"]);
  });

  it("refuses in preview to rename a node that has a guest, changing nothing", () => {
    ssh("touch /etc/pve/local/lxc/100.conf");
    withConfig((cfg) => (cfg.network.hostname = "hbrenamed"));
    const r = stack.run(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("the node has guests (100.conf below /etc/pve/nodes/hb-e2e)");
    expect(ssh("hostname; cat /etc/hostname")).toBe("hb-e2e\nhb-e2e\n");
    ssh("rm /etc/pve/local/lxc/100.conf");
  });

  it("removes cleanly: the enterprise repositories come back, zone, name and directories stay", () => {
    withConfig((cfg) => {
      cfg.proxmox_repositories = "unmanaged";
      delete cfg.timezone;
      delete cfg.shared_volumes;
    });
    stack.ok(["up", "--yes"]);
    expect(ssh(`ls ${D}; cat ${D}/pve-enterprise.list`)).toBe("ceph.list\npve-enterprise.list\ndeb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n");
    expect(ssh("readlink /etc/localtime; test -d /srv/backups && echo kept")).toBe("/usr/share/zoneinfo/America/New_York\nkept\n");
    // The admin account's home holds data: its removal needs its own permission (0019).
    const refused = stack.run(["destroy", "--yes"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('AdminUser "phoenix_admin": deleting it removes the user and its home');
    expect(ssh("getent passwd phoenix_admin | cut -d: -f1")).toBe("phoenix_admin\n");
    withConfig((cfg) => delete cfg.shared_volumes, { allowDestroy: '["AdminUser:phoenix_admin"]' });
    stack.ok(["destroy", "--yes"]);
    expect(ssh("hostname")).toBe("hb-e2e\n");
  });
});

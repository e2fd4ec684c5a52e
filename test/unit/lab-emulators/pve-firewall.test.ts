// The lab's pve-firewall emulator and its PVE::Firewall stand-in, in a throw-away /etc/pve
// (PHOENIX_PVE_ROOT): PVE's warnings verbatim, status and localnet in the real format, and the
// check Phoenix runs on a candidate cluster.fw failing exactly when the parser warns.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CLUSTER_FW_CHECK, containerFwCheck } from "../../../providers/firewall/check";

const EMULATOR = resolve(__dirname, "../../../lab/emulators/pve-firewall");
const PERL_LIB = resolve(__dirname, "../../../lab/emulators/perl");
const root = mkdtempSync(join(tmpdir(), "phoenix-pvefw-"));
mkdirSync(join(root, "firewall"));
mkdirSync(join(root, "lxc"));
const env = { ...process.env, PHOENIX_PVE_ROOT: root, PHOENIX_NODENAME: "pve", PERL5LIB: PERL_LIB, PHOENIX_LAB_PVE_FIREWALL: EMULATOR };
const fw = (...args: string[]) => spawnSync(EMULATOR, args, { encoding: "utf8", env });

describe("pve-firewall compile", () => {
  it("reports what PVE's parser warns about, in its words, and exits 0 like the real one", () => {
    writeFileSync(join(root, "firewall", "cluster.fw"), [
      "[OPTIONS]", "", "enable: 1", "policy_in: drop", "bogus: 1", "", "[IPSET management]", "", "10.0.0.0/24", "10.0.0.0/24", "",
      "[RULES]", "", "IN SSH(ACCEPT)", "IN ACCEPT -dport 22", "IN ACCEPT -source nosuch", "IN FOO -p tcp", "IN ACCEPT -p tcp -dport 99999", "GROUP nogroup", "",
    ].join("\n"));
    writeFileSync(join(root, "firewall", "101.fw"), "[RULES]\n\nIN ACCEPT -i eth0\n");
    writeFileSync(join(root, "lxc", "101.conf"), "hostname: ct\n");
    const r = fw("compile");
    expect(r.status).toBe(0);
    expect(r.stderr.split("\n")).toEqual([
      "/etc/pve/firewall/cluster.fw (line 5): can't parse option 'bogus: 1'",
      "/etc/pve/firewall/cluster.fw (line 10) - errors in ipset 'management': 10.0.0.0/24",
      "  cidr: duplicate ipset entry for '10.0.0.0/24'",
      "/etc/pve/firewall/cluster.fw (line 15) - errors in rule parameters: IN ACCEPT -dport 22",
      "  proto: missing property - 'dport' requires this property",
      "/etc/pve/firewall/cluster.fw (line 16) - errors in rule parameters: IN ACCEPT -source nosuch",
      "  source: no such alias 'nosuch'",
      "/etc/pve/firewall/cluster.fw (line 17) - errors in rule parameters: IN FOO -p tcp",
      "  action: unknown action 'FOO'",
      "/etc/pve/firewall/cluster.fw (line 18) - errors in rule parameters: IN ACCEPT -p tcp -dport 99999",
      "  dport: invalid port '99999'",
      "/etc/pve/firewall/101.fw (line 3) - errors in rule parameters: IN ACCEPT -i eth0",
      "  iface: value does not match the regex pattern 'net\\d+'",
      "no such security group 'nogroup'",
      "",
    ]);
    expect(r.stdout).toBe("ipset cmdlist:\n\niptables cmdlist:\n\nip6tables cmdlist:\n\nebtables cmdlist:\n\niptables table raw cmdlist:\n\nip6tables table raw cmdlist:\nno changes\n");
  });

  it("skips a section whose name PVE refuses, and the lines under it", () => {
    writeFileSync(join(root, "firewall", "cluster.fw"), "[OPTIONS]\nenable: 1\n[group 1bad]\nIN ACCEPT\n[IPSET a234567890123456789012345678901234567890123456789012345678901234567]\n[group ok]\nIN DROP\n");
    expect(fw("compile").stderr.split("\n").filter((l) => l.includes("cluster.fw"))).toEqual([
      "/etc/pve/firewall/cluster.fw (line 3): invalid security group name '1bad'",
      "/etc/pve/firewall/cluster.fw (line 4): skip line - no section",
      "/etc/pve/firewall/cluster.fw (line 5): ipset name too long",
    ]);
  });

  it("says when the firewall is disabled", () => {
    writeFileSync(join(root, "firewall", "cluster.fw"), "[OPTIONS]\n\nenable: 0\n");
    expect(fw("compile").stdout).toMatch(/no changes\nfirewall disabled\n$/);
    expect(fw("status").stdout).toMatch(/^Status: disabled\/(running|stopped)\n$/);
  });

  it("refuses an unknown command like PVE's CLI handler", () => {
    const r = fw("frobnicate");
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/^ERROR: unknown command 'pve-firewall frobnicate'\nUSAGE: pve-firewall <COMMAND> \[ARGS\] \[OPTIONS\]\n/);
  });
});

describe("Phoenix's cluster.fw check through the PVE::Firewall stand-in", () => {
  const check = (content: string) => {
    const file = join(root, "candidate.fw");
    writeFileSync(file, content);
    return spawnSync(CLUSTER_FW_CHECK.verify[0], [...CLUSTER_FW_CHECK.verify.slice(1), file], { encoding: "utf8", env });
  };

  it("passes a clean file", () => {
    const r = check("[OPTIONS]\n\nenable: 1\npolicy_in: DROP\n\n[RULES]\n\nIN SSH(ACCEPT) -source 10.0.0.0/24 # admins\n");
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });

  it("fails on any warning, printing it", () => {
    const r = check("[OPTIONS]\n\nenable: 1\n\n[RULES]\n\nIN ACCEPT -p tcp -dport ssh,99999\n");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("candidate.fw (line 7) - errors in rule parameters: IN ACCEPT -p tcp -dport ssh,99999\n  dport: invalid port '99999'\n");
  });
});

describe("Phoenix's container .fw check through the PVE::Firewall stand-in", () => {
  const check = (content: string) => {
    const file = join(root, "firewall", ".phoenix-candidate");
    writeFileSync(file, content);
    const argv = containerFwCheck("950").verify;
    return spawnSync(argv[0], [...argv.slice(1), file], { encoding: "utf8", env });
  };
  // The installed cluster.fw: an alias guests may use, and a warning of its own.
  const cluster = () => writeFileSync(join(root, "firewall", "cluster.fw"), "[OPTIONS]\n\nenable: 1\nbogus: 1\n\n[ALIASES]\n\nadmins 10.0.0.0/24\n");

  it("passes a clean container file naming a cluster alias; cluster.fw's own warnings are not the candidate's", () => {
    cluster();
    const r = check("[OPTIONS]\n\nenable: 1\n\n[RULES]\n\nIN ACCEPT -source admins -p tcp -dport 9443\nIN ACCEPT -i net0 -p tcp -dport 22\n");
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });

  it.each([
    ["an interface containers do not have", "IN ACCEPT -i eth0 -p tcp -dport 22", "iface: value does not match the regex pattern 'net\\d+'"],
    ["an alias nobody defines", "IN ACCEPT -source nosuch", "source: no such alias 'nosuch'"],
  ])("fails on %s, printing PVE's warning", (_, rule, message) => {
    cluster();
    const r = check(`[OPTIONS]\n\nenable: 1\n\n[RULES]\n\n${rule}\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`/950.fw (line 7) - errors in rule parameters: ${rule}\n  ${message}\n`);
  });

  it("takes only a container id", () => {
    expect(() => containerFwCheck("950; rm -rf /")).toThrow(/invalid container id/);
  });
});

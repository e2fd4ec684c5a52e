// Firewall hooks against a lab host (pve-firewall emulator, PVE::Firewall stand-in for the
// check): cluster.fw written and checked, a second look that changes nothing, a rule set that
// would cut Phoenix's SSH access refused before anything is written, drift in the file and a
// stopped service repaired, a candidate that PVE's parser warns about never installed, and
// removal refused while the firewall is on unless allowed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labSsh, labSshOk, labUp, presentAsRemoteClient, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "fw-it";
const CLIENT = "198.51.100.7";
let lab: LabConnection;
const clusterFw = () => labSshOk(LAB, "cat /etc/pve/firewall/cluster.fw");
const sshRule = () => ({ direction: "in", action: "ACCEPT", source: CLIENT, proto: "tcp", dport: String(lab.port), comment: "phoenix" });
const fw = () => ({ enabled: true, policyIn: "DROP", policyOut: "ACCEPT", rules: [sshRule()] });

beforeAll(() => {
  lab = labUp(LAB);
  presentAsRemoteClient(LAB, CLIENT, lab);
  labSshOk(LAB, "rm -f /etc/pve/firewall/cluster.fw");
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("Firewall on a lab host", () => {
  it("writes cluster.fw that pve-firewall reads cleanly; a second look changes nothing", async () => {
    const h = labHandlers(lab, "Firewall");
    const { outs } = await h.create(fw());
    expect(clusterFw()).toBe(`[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n\nIN ACCEPT -source ${CLIENT} -p tcp -dport ${lab.port} # phoenix\n\n`);
    const compiled = labSsh(LAB, "pve-firewall compile");
    expect([compiled.code, compiled.stderr]).toEqual([0, ""]);
    expect(labSshOk(LAB, "pve-firewall status")).toBe("Status: enabled/running\n");
    expect(await h.diff("cluster", outs, fw())).toEqual({ changes: false });
    const again = await h.read("cluster", outs);
    expect(again.props!.observed).toEqual(outs.observed);
  });

  it("refuses a rule set that would cut Phoenix's SSH access, in preview and in apply, and writes nothing", async () => {
    const h = labHandlers(lab, "Firewall");
    const { outs } = await h.create(fw());
    const before = clusterFw();
    const locked = { ...fw(), rules: [{ direction: "in", action: "ACCEPT", proto: "tcp", dport: "80" }] };
    const why = new RegExp(`would cut Phoenix's SSH access \\(tcp/${lab.port} from ${CLIENT.replace(/\./g, "\\.")}\\): policy_in DROP with no rule accepting`);
    await expect(h.diff("cluster", outs, locked)).rejects.toThrow(why);
    await expect(h.update("cluster", outs, locked)).rejects.toThrow(why);
    expect(clusterFw()).toBe(before);
  });

  it("finds a hand-edited policy and a stopped service by read, and repairs both; hand-made sections stay", async () => {
    const h = labHandlers(lab, "Firewall");
    const { outs } = await h.create(fw());
    labSshOk(LAB, "sed -i 's/^policy_in: DROP/policy_in: ACCEPT/' /etc/pve/firewall/cluster.fw && printf '[IPSET admins]\\n\\n192.0.2.0/24\\n\\n' >> /etc/pve/firewall/cluster.fw && pve-firewall stop");
    const drifted = await h.read("cluster", outs);
    expect(drifted.props!.observed).not.toEqual(outs.observed);
    expect(await h.diff("cluster", drifted.props!, fw())).toMatchObject({ changes: true });
    await h.update("cluster", drifted.props!, fw());
    expect(clusterFw()).toContain("policy_in: DROP\n");
    expect(clusterFw()).toContain("[IPSET admins]\n\n192.0.2.0/24\n");
    expect(labSshOk(LAB, "pve-firewall status")).toBe("Status: enabled/running\n");
  });

  it("never installs a file PVE's parser warns about (a broken hand-made entry); the old file stays", async () => {
    const h = labHandlers(lab, "Firewall");
    const { outs } = await h.create(fw());
    labSshOk(LAB, "printf '[IPSET broken]\\n\\n10.0.0.0/0\\n' >> /etc/pve/firewall/cluster.fw");
    const before = clusterFw();
    const err = await h.update("cluster", outs, { ...fw(), policyOut: "DROP" }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/errors in ipset 'broken': 10\.0\.0\.0\/0\n\s+cidr: a zero prefix is not allowed in ipset entries[\s\S]*failed the check \(perl\); the old file is kept/);
    expect(clusterFw()).toBe(before);
    labSshOk(LAB, "sed -i '/IPSET broken/,$d' /etc/pve/firewall/cluster.fw");
  });

  it("removal turns the firewall off only when allowed, keeping other sections", async () => {
    const { outs } = await labHandlers(lab, "Firewall").create(fw());
    await expect(labHandlers(lab, "Firewall").delete("cluster", outs)).rejects.toThrow(/turns the Proxmox VE firewall off[\s\S]*phoenix:allowDestroy "Firewall:cluster"/);
    expect(clusterFw()).toContain("enable: 1\n");
    await labHandlers(lab, "Firewall", { allowDestroy: '["Firewall:cluster"]' }).delete("cluster", outs);
    expect(clusterFw()).toBe("[OPTIONS]\n\nenable: 0\n\n[IPSET admins]\n\n192.0.2.0/24\n\n[RULES]\n\n");
  });
});

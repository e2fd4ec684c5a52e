import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { hostsWith } from "../../../providers/host-name/hosts-file";
import { parseGuests } from "../../../providers/host-name/inspect";
import { planHostName } from "../../../providers/host-name/plan";
import { HostNameInputsSchema, type HostNameObserved } from "../../../providers/host-name/schema";

// /etc/hosts as the Proxmox VE installer writes it, and as the original left it (127.0.1.1 appended).
const INSTALLER = "127.0.0.1 localhost.localdomain localhost\n10.0.0.13 pve.lan pve\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\n";
const ORIGINAL = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n127.0.1.1 phoenix\n";
const HOST: HostNameObserved = { hostnameFile: "pve\n", kernelName: "pve", hosts: INSTALLER, guests: [], clustered: false, pmxcfs: true };

const transcript = (plan: ReturnType<typeof planHostName>) => (plan.kind === "steps" ? plan.steps.map((s) => renderStep(s).replace(/sha256 \w+/, "sha256 …")) : [`refused: ${plan.reason}`]);
const hostsAfter = (plan: ReturnType<typeof planHostName>) => (plan.kind === "steps" ? plan.steps.find((s) => s.fileEdit?.path === "/etc/hosts")?.fileEdit?.after : undefined);

describe("hostsWith", () => {
  it.each<[string, string | null, string, string[], string[], string]>([
    ["keeps a line that already says it", INSTALLER, "10.0.0.13", ["pve.lan", "pve"], ["pve.lan", "pve"], INSTALLER],
    ["replaces the original's loopback line in place", ORIGINAL, "10.0.0.13", ["phoenix"], ["phoenix"], "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n10.0.0.13\tphoenix\n"],
    ["adds the line after localhost when the name is nowhere", "127.0.0.1 localhost\n::1 ip6-localhost\n", "10.0.0.13", ["pve"], ["pve"], "127.0.0.1 localhost\n10.0.0.13\tpve\n::1 ip6-localhost\n"],
    ["takes the name off a shared line, keeping its other names and comment", "127.0.0.1 localhost pve # old\n", "10.0.0.13", ["pve"], ["pve"], "10.0.0.13\tpve\n127.0.0.1\tlocalhost # old\n"],
    ["takes the node's FQDN along with its short name", "127.0.0.1 localhost\n10.0.0.13 pve.lan pve\n", "10.0.0.14", ["pve"], ["pve"], "127.0.0.1 localhost\n10.0.0.14\tpve\n"],
    ["writes a missing file", null, "10.0.0.13", ["pve"], ["pve"], "10.0.0.13\tpve\n"],
  ])("%s", (_, content, address, names, drop, expected) => {
    expect(hostsWith(content, address, names, drop)).toBe(expected);
  });
});

describe("parseGuests", () => {
  it("lists guest configs, a missing qemu-server directory meaning none", () => {
    expect(parseGuests({ code: 2, stdout: "/etc/pve/local/lxc:\n100.conf\n101.conf\n", stderr: "ls: cannot access '/etc/pve/local/qemu-server': No such file or directory\n" })).toEqual(["100.conf", "101.conf"]);
    expect(() => parseGuests({ code: 2, stdout: "", stderr: "ls: cannot open directory '/etc/pve/local/lxc': Permission denied\n" })).toThrow(/Permission denied/);
  });
});

describe("planHostName", () => {
  it.each<[string, Record<string, unknown>, Partial<HostNameObserved>, string[]]>([
    ["is converged on the installer's files", { name: "pve", address: "10.0.0.13", domain: "lan" }, {}, []],
    ["without network.hostname keeps the name and fixes only /etc/hosts", { address: "10.0.0.14" }, {}, ["write /etc/hosts (5 lines, sha256 …)"]],
    ["renames an empty standalone node", { name: "phoenix", address: "10.0.0.13" }, {}, [
      "write /etc/hostname (1 line, sha256 …)",
      "hostname phoenix",
      "write /etc/hosts (5 lines, sha256 …)",
    ]],
    ["sets only the kernel's name when the file already says it", { name: "pve", address: "10.0.0.13", domain: "lan" }, { kernelName: "localhost" }, ["hostname pve"]],
    ["refuses a rename with guests", { name: "phoenix", address: "10.0.0.13" }, { guests: ["100.conf", "900.conf"] }, [
      'refused: HostName "phoenix": the node has guests (100.conf, 900.conf below /etc/pve/nodes/pve); renaming it to "phoenix" would hide them from Proxmox VE. Move or remove them first, or set network.hostname to "pve"',
    ]],
    ["refuses a rename while pmxcfs is not mounted (the guests cannot be seen)", { name: "phoenix", address: "10.0.0.13" }, { pmxcfs: false }, [
      'refused: HostName "phoenix": /etc/pve is not the mounted cluster filesystem (no /etc/pve/.version; is pve-cluster running?), so the node\'s guests and cluster membership cannot be seen; start pve-cluster before a rename',
    ]],
    ["refuses a rename in a cluster", { name: "phoenix", address: "10.0.0.13" }, { clustered: true }, [
      'refused: HostName "phoenix": the node is in a cluster (/etc/pve/corosync.conf exists); a cluster node cannot be renamed in place (remove it from the cluster first, or set network.hostname to "pve")',
    ]],
  ])("%s", (_, inputs, observed, expected) => {
    const parsed = HostNameInputsSchema.parse(inputs);
    expect(transcript(planHostName(parsed, { ...HOST, ...observed }))).toEqual(expected);
  });

  it("drops the old name from /etc/hosts on a rename and warns that PVE needs a reboot", () => {
    const plan = planHostName({ name: "phoenix", address: "10.0.0.13", domain: "lan" }, HOST);
    expect(hostsAfter(plan)).toBe("127.0.0.1 localhost.localdomain localhost\n10.0.0.13\tphoenix.lan phoenix\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\n");
    expect(plan.kind === "steps" && plan.warnings).toEqual(['HostName "phoenix": Proxmox VE services (pve-cluster, pveproxy) take the new name at the next reboot']);
  });

  it.each([
    [{ name: "pve.lan", address: "10.0.0.13" }, /holds a dot/],
    [{ name: "localhost", address: "10.0.0.13" }, /reserved for the loopback/],
    [{ name: "pve", address: "127.0.1.1" }, /loopback address/],
  ])("refuses the inputs %j", (inputs, message) => {
    const result = HostNameInputsSchema.safeParse(inputs);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(message);
  });
});

// The keys that change what gets built reach the normalised config, whatever spelling the file
// used: checked on the newest corpus revision and on small variants of it.
import { describe, expect, it } from "vitest";
import { validateConfigPair } from "../../../config/load";
import type { ContainerSpec } from "../../../config/normalize-lxc";
import { CORPUS, readFixture, SNAPSHOTS } from "./corpus";
import { fixedCatalog } from "../../../config/features";
import { ANY_APPLICATION, type Json } from "./shipped";

const NEWEST = SNAPSHOTS[SNAPSHOTS.length - 1];
const FEATURES = fixedCatalog(NEWEST.features, CORPUS);

function newest(mutate: (hv: Json, lxc: Json) => void = () => {}) {
  const hv = readFixture(NEWEST.hv) as Json;
  const lxc = readFixture(NEWEST.lxc) as Json;
  mutate(hv, lxc);
  return validateConfigPair({ file: "hv.json", value: hv }, { file: "lxc.json", value: lxc }, { features: FEATURES, applications: ANY_APPLICATION });
}

function container(ctid: string, mutate?: (hv: Json, lxc: Json) => void): ContainerSpec {
  const result = newest(mutate);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return result.containers.containers.find((c) => c.ctid === ctid) as ContainerSpec;
}

describe("normalised containers of the newest revision", () => {
  it("carries raw LXC options in both spellings, the AppArmor profile and what it implies", () => {
    const ct = container("101");
    expect(ct.rawLxc).toEqual([
      { key: "lxc.mount.auto", value: "sys:rw" },
      { key: "lxc.apparmor.profile", value: "unconfined" },
      { key: "lxc.apparmor.allow_nesting", value: "1" },
      { key: "lxc.net.0.type", value: "macvlan" },
      { key: "lxc.net.0.macvlan.mode", value: "bridge" },
      { key: "lxc.net.0.link", value: "vmbr0.20" },
    ]);
    expect(ct.apparmorProfile).toBe("unconfined");
    expect(ct.pveFeatures).toEqual({ nesting: "1" });
  });

  it("completes id_maps into a whole LXC map around the explicit range, for users and groups", () => {
    expect(container("101").idMap).toEqual([
      { kind: "u", container: 0, host: 100000, size: 65536 },
      { kind: "g", container: 0, host: 100000, size: 33 },
      { kind: "g", container: 33, host: 33, size: 1 },
      { kind: "g", container: 34, host: 100034, size: 65502 },
    ]);
  });

  it("carries both NICs, bind mounts with owners, volumes, name servers and snapshots", () => {
    const ct = container("101");
    expect(ct.nics.map((n) => `${n.index} ${n.name} ${n.bridge} ${n.ip} ${n.hwaddr}`)).toEqual(["0 eth0 vmbr0.20 dhcp 02:00:00:00:01:01", "1 eth1 vmbr100 172.16.100.10/24 02:00:00:00:01:02"]);
    expect(ct.bindMounts[0]).toEqual({ hostPath: "/mnt/pve/quickOS/lxc-persistent-data/101/logs", containerPath: "/var/log/nginx", owner: { uid: 33, gid: 33 }, readOnly: false });
    expect(ct.lifecycleSnapshots).toBe(true);
    expect(container("801").volumes).toEqual([{ name: "vllm_models", storage: "fastData-shared-bulk-data", sizeGb: 50, mountPoint: "/vllm_models" }]);
    expect(container("103").nameservers).toEqual(["172.16.100.1"]);
    expect(container("900").isTemplate).toBe(true);
  });

  it("normalises firewall rules: port becomes dport, ICMP without a port, comments kept", () => {
    const rules = container("900").firewall?.rules;
    expect(rules).toEqual([
      { direction: "in", action: "ACCEPT", source: "10.0.0.0/24", proto: "icmp", enabled: true, comment: "Allow ICMP from internal network" },
      { direction: "in", action: "ACCEPT", source: "10.0.0.0/24", proto: "tcp", dport: "22", enabled: true, comment: "Allow SSH from internal network" },
    ]);
  });

  it("carries the global firewall rules and the dataset storage_class", () => {
    const result = newest();
    if (!result.ok) throw new Error("newest revision refused");
    expect(result.hypervisor.firewall?.rules?.length).toBe(27);
    expect(result.hypervisor.firewall?.rules?.[2]).toEqual({ direction: "in", action: "ACCEPT", source: "10.0.0.0/24", dest: "10.0.0.13", proto: "udp", dport: "53", enabled: true, comment: "Allow internal guests to query DNS on Host" });
    expect(result.hypervisor.zfs.datasets.map((d) => d.storageClass)).toContain("shared");
  });
});

type Case = [name: string, mutate: (lxc: Json) => void, check: (ct: ContainerSpec) => unknown, expected: unknown];

const FORMS: Case[] = [
  ["zfs_volumes and volumes together", (l) => (l.lxc_configs["103"].volumes = [{ name: "a", pool: "quickOS-lxc-disks", size_gb: 2, mount_point: "/a" }]), (c) => c.volumes.map((v) => v.mountPoint), ["/a"]],
  ["nameservers as a list", (l) => (l.lxc_configs["103"].network_config.nameservers = ["1.1.1.1", "8.8.8.8"]), (c) => c.nameservers, ["1.1.1.1", "8.8.8.8"]],
  ["nameservers as one separated string", (l) => (l.lxc_configs["103"].network_config.nameservers = "1.1.1.1, 8.8.8.8"), (c) => c.nameservers, ["1.1.1.1", "8.8.8.8"]],
  ["lxc.cap.keep with a comma list", (l) => (l.lxc_configs["103"].lxc_options = ["lxc.cap.keep=sys_admin,mknod"]), (c) => c.rawLxc.filter((e) => e.key === "lxc.cap.keep").map((e) => e.value), ["sys_admin", "mknod"]],
  ["pct_options with keyctl", (l) => (l.lxc_configs["103"].pct_options = ["keyctl=1", "nesting=0"]), (c) => c.pveFeatures, { keyctl: "1", nesting: "0" }],
  ["a macro rule and a port range", (l) => (l.lxc_configs["103"].firewall.rules = [{ type: "IN", action: "ssh(accept)", source: "+admins" }, { type: "out", action: "DROP", proto: 6, dport: "8000:8010,https" }]), (c) => c.firewall?.rules, [
    { direction: "in", action: "ACCEPT", macro: "SSH", source: "+admins", enabled: true },
    { direction: "out", action: "DROP", proto: "6", dport: "8000:8010,https", enabled: true },
  ]],
  ["CTIDs written as numbers", (l) => Object.assign(l.lxc_configs["103"], { clone_from_ctid: 900, dependencies: [900] }), (c) => [c.source, c.dependencies], [{ kind: "clone", from: "900" }, ["900"]]],
  ["GPU indexes with spaces", (l) => (l.lxc_configs["901"].gpu_assignment = "0, 1"), (c) => c.gpus, [0, 1]],
];

describe("alternative forms", () => {
  it.each(FORMS)("%s", (_name, mutate, check, expected) => {
    const ctid = _name.startsWith("GPU") ? "901" : "103";
    expect(check(container(ctid, (_hv, lxc) => mutate(lxc)))).toEqual(expected);
  });
});

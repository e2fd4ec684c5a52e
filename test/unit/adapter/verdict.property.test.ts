// Property: for generated (desired, previous, host) triples of every kind, what preview says
// (check for a new object, diff for an existing one whose state holds the snapshot of that same
// host) is what apply does: the same refusal text, or the same commands in the same order.
import { describe, expect, it } from "vitest";
import type { ResourceDefinition } from "../../../providers/adapter/definition";
import { makeHandlers } from "../../../providers/adapter/handlers";
import { parsePolicy } from "../../../providers/adapter/policy";
import { makeOutputs } from "../../../providers/adapter/state";
import type { CommandResult, Runner } from "../../../providers/core/runner";
import { DEFINITIONS } from "../../../providers/registry";
import { answerHostFile, type HostFiles } from "../ssh/fake-host-files";
import { parsePctConf } from "../../../providers/lxc-container/conf";
import { blockOf, conflictIn, shareBlock } from "../../../providers/samba-share/conf";
import { SambaShareInputsSchema } from "../../../providers/samba-share/schema";
import { passwordFingerprint } from "../../../providers/samba-user/password";
import { runDigest } from "../../../providers/script/plan";
import { ContainerScriptInputsSchema, HostScriptInputsSchema } from "../../../providers/script/schema";
import { passwordHashFingerprint } from "../../../providers/admin-user/password";

/** A small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  const subset = <T>(xs: readonly T[]): T[] => xs.filter(() => chance(0.5));
  return { pick, chance, subset };
}
type Rng = ReturnType<typeof rng>;

const GiB = 1024 ** 3;
const DISKS = ["/dev/disk/by-id/ata-A", "/dev/disk/by-id/ata-B", "/dev/disk/by-id/ata-C"];

// `files`: the host files the kind edits (through editHostFile), as the observation shows them.
interface Case { desired: object; previous?: object; observed: unknown; files?: HostFiles }
// scrypt is slow on purpose: each password's fingerprint is computed once.
const FINGERPRINTS: Record<string, string> = {};
const generators: Record<string, (r: Rng) => Case> = {
  ZfsDataset(r) {
    const values: Record<string, [string, string][]> = {
      compression: [["lz4", "lz4"], ["zstd", "zstd"], ["off", "off"]],
      recordsize: [["16K", "16384"], ["128K", "131072"], ["1M", "1048576"]],
      quota: [["10G", String(10 * GiB)], ["1T", String(1024 * GiB)], ["none", "0"]],
      sync: [["standard", "standard"], ["always", "always"]],
      atime: [["on", "on"], ["off", "off"]],
      mountpoint: [["/tank/data", "/tank/data"], ["/srv/data", "/srv/data"]],
    };
    const props = (names: string[]) => Object.fromEntries(names.map((n) => [n, r.pick(values[n]!)[0]]));
    const desired = { fullName: "tank/data", properties: props(r.subset(Object.keys(values))) };
    const previous = r.chance(0.6) ? { fullName: "tank/data", properties: props(r.subset(Object.keys(values))) } : undefined;
    const observed = r.chance(0.2)
      ? { exists: false }
      : {
          exists: true,
          type: "filesystem",
          properties: Object.fromEntries([
            ...Object.keys(values).map((n) => [n, { value: r.pick(values[n]!)[1], source: r.pick(["local", "default", "inherited"]) }]),
            ["used", { value: String(r.pick([1, 5, 50]) * GiB), source: "none" }],
            ["available", { value: String(r.pick([1, 100]) * GiB), source: "none" }],
            ["snapshots_changed", { value: r.pick(["", "1733097600"]), source: "none" }],
          ]),
          children: r.pick([[], ["tank/data/child"]]),
          snapshots: r.pick([[], ["tank/data@daily"]]),
        };
    return { desired, previous, observed };
  },

  ZfsPool(r) {
    const level = r.pick(["mirror", "single"] as const);
    const disks = level === "mirror" ? DISKS.slice(0, 2) : DISKS.slice(r.pick([0, 2]), r.pick([0, 2]) + 1);
    const desired = { name: "tank", raidLevel: level, disks, allowWipe: r.chance(0.3), allowDestroy: r.chance(0.3), autotrim: r.chance(0.7) };
    const previous = r.chance(0.6) ? { ...desired, allowDestroy: r.chance(0.3) } : undefined;
    const group = (kind: "mirror" | "disk", ds: string[]) => ({ kind, name: kind === "mirror" ? "mirror-0" : ds[0]!, state: "ONLINE", devices: ds.map((path) => ({ path, state: "ONLINE" })) });
    const tree = (data: ReturnType<typeof group>[]) => ({ name: "tank", state: "ONLINE", data, logs: [], special: [], dedup: [], cache: [], spares: [] });
    const observed = r.chance(0.5)
      ? {
          state: "present",
          sizeBytes: 100 * GiB,
          allocBytes: r.pick([0, 10 * GiB]),
          freeBytes: 90 * GiB,
          health: r.pick(["ONLINE", "DEGRADED"]),
          tree: tree(r.pick([[group("mirror", DISKS.slice(0, 2))], [group("disk", [DISKS[0]!])], [group("disk", [DISKS[2]!])]])),
          autotrim: r.pick(["on", "off"]),
          datasetCount: r.pick([0, 3]),
          snapshotCount: r.pick([0, 2]),
        }
      : {
          state: "absent",
          importable: [],
          disks: disks.map((disk) => ({
            disk,
            exists: r.chance(0.9),
            signature: r.pick([null, null, "zfs_member", "ext4"]),
            label: r.pick([null, "tank", "rpool"]),
          })),
        };
    return { desired, previous, observed };
  },

  ProxmoxStorage(r) {
    const zfs = r.chance(0.5);
    const content = (types: string[]) => [...new Set(r.subset(types).concat(types[0]!))].sort();
    const desired = zfs
      ? { storageId: "tank-data", type: "zfspool", pool: r.pick(["tank/data", "tank/other"]), content: content(["images", "rootdir"]) }
      : { storageId: "tank-data", type: "dir", path: r.pick(["/tank/data", "/srv/data"]), content: content(["iso", "backup", "vztmpl"]) };
    const previous = r.chance(0.6) ? desired : undefined;
    const observed = r.chance(0.25)
      ? null
      : {
          storageId: "tank-data",
          type: r.pick(["zfspool", "dir", "nfs"]),
          ...(r.chance(0.5) ? { pool: r.pick(["tank/data", "tank/other"]) } : { path: r.pick(["/tank/data", "/srv/data"]) }),
          content: content(r.pick([["images", "rootdir"], ["iso", "backup", "vztmpl"]])),
          disabled: r.chance(0.2),
        };
    return { desired, previous, observed };
  },

  ZfsArc(r) {
    const desired = { maxBytes: r.pick([1, 32]) * GiB };
    const previous = r.chance(0.6) ? { maxBytes: r.pick([1, 32]) * GiB } : undefined;
    const observed = {
      runtimeMaxBytes: r.pick([0, 1 * GiB, 32 * GiB]),
      modprobeConf: r.pick([null, "options zfs zfs_arc_max=1073741824\n", `options zfs zfs_arc_max=${32 * GiB}\n`, "# empty\n"]),
      memTotalBytes: r.pick([16, 128]) * GiB,
      rootFsType: r.pick(["zfs", "ext4"]),
      initramfsStale: r.chance(0.2),
    };
    return { desired, previous, observed, files: { "/etc/modprobe.d/zfs.conf": observed.modprobeConf } };
  },

  LxcContainer(r) {
    const exists = r.chance(0.75);
    // A create's raw-line edit applies to the conf pct create writes, which this static host never
    // shows; so raw lines and GPUs are only generated for containers that exist.
    const gpus = exists ? r.pick([[], [], [0], [2]]) : [];
    const fw = r.pick([undefined, { enabled: true, rules: [{ direction: "in", action: "ACCEPT", proto: "tcp", dport: "22" }] }]);
    const make = () => ({
      ctid: "950",
      hostname: "ct",
      source: r.pick([{ kind: "template", template: "local:vztmpl/debian.tar.zst" }, { kind: "clone", from: "900", snapshot: "base" }]),
      unprivileged: r.pick([true, true, false, undefined]),
      memoryMb: r.pick([1024, 2048]),
      cores: r.pick([1, 2]),
      rootfs: { storage: "local-zfs", sizeGb: r.pick([8, 16]) },
      nics: [{ index: 0, name: "eth0", bridge: "vmbr0", ip: "10.0.0.5/24", hwaddr: "52:54:00:00:00:01", firewall: fw !== undefined }],
      features: r.pick([{}, { nesting: "1" }]),
      volumes: r.pick([[], [{ storage: "vols", sizeGb: r.pick([4, 8]), mountPoint: "/data" }]]),
      gpus,
      nameservers: ["8.8.8.8"],
      rawLxc: exists ? r.pick([[], [{ key: "lxc.apparmor.profile", value: "unconfined" }]]) : [],
      ...(fw === undefined ? {} : { firewall: fw }),
      running: r.chance(0.8),
      allowDestroy: r.chance(0.3),
    });
    const desired = make();
    const previous = r.chance(0.6) ? { ...make(), source: desired.source } : undefined;
    // Mostly what the desired inputs would leave (so converged and nearly converged hosts occur), sometimes drifted.
    const like = <T>(value: T, others: T[]) => (r.chance(0.75) ? value : r.pick(others));
    const conf = [
      `cores: ${like(desired.cores, [1, 2])}`,
      `hostname: ct`,
      `memory: ${like(desired.memoryMb, [1024, 2048])}`,
      `net0: name=eth0,bridge=vmbr0,${fw === undefined ? "" : "firewall=1,"}hwaddr=52:54:00:00:00:01,ip=${like("10.0.0.5/24", ["10.0.0.9/24"])},type=veth`,
      `nameserver: 8.8.8.8`,
      ...r.pick([[], ["parent: base"]]),
      ...r.pick([[], [], ["lock: backup"]]),
      `rootfs: local-zfs:subvol-950-disk-0,size=${like(desired.rootfs.sizeGb, [8, 16, 32])}G`,
      ...like(desired.volumes.map((v) => `mp0: vols:subvol-950-disk-1,mp=/data,size=${v.sizeGb}G`), [[], ["mp0: vols:subvol-950-disk-1,mp=/data,size=8G"]]),
      ...(Object.keys(desired.features).length > 0 ? ["features: nesting=1"] : []),
      ...like(desired.unprivileged === false ? [] : ["unprivileged: 1"], [[]]),
      ...like(desired.rawLxc.map((e) => `${e.key}: ${e.value}`), [["lxc.cgroup2.devices.allow: c 195:* rwm"], ["lxc.apparmor.profile: unconfined"]]),
      ...r.pick([[], [], ["", "[pve:pending]", "features: nesting=1"]]),
      ...r.pick([[], ["", "[base]", "cores: 1", "snaptime: 1764640000"]]),
].join("\n") + "\n";
    const fwFile = r.pick([null, "[OPTIONS]\n\nenable: 1\n\n[RULES]\n\nIN ACCEPT -p tcp -dport 22\n\n"]);
    const host = {
      majors: r.pick([{}, { nvidia: 195, "nvidia-uvm": 511 }]),
      gpuNodes: r.pick([[], [{ path: "/dev/nvidia0", major: 195, minor: 0 }, { path: "/dev/nvidia1", major: 195, minor: 1 }, { path: "/dev/nvidiactl", major: 195, minor: 255 }]]),
      hostPaths: {},
      firewallFile: fwFile,
    };
    const source = r.pick([null, "cores: 1\nhostname: base\nmemory: 512\nrootfs: local-zfs:subvol-900-disk-0,size=8G\nunprivileged: 1\n\n[base]\ncores: 1\nhostname: base\nmemory: 512\nrootfs: local-zfs:subvol-900-disk-0,size=8G\nunprivileged: 1\n"]);
    const observed = exists
      ? { exists: true, confText: conf, status: r.pick(["running", "running", "stopped"]), ...host, linkedClones: r.pick([[], [], ["951"]]) }
      : { exists: false, ...host, ...(source === null ? {} : { source: parsePctConf(source) }) };
    // A GPU container waiting for the host's driver (NvidiaDriver installed, not yet loaded).
    if (r.chance(0.3)) return { desired: { ...desired, gpuDriverVersion: "580.76.05" }, previous, observed: { ...observed, gpuDriverLoaded: r.pick([null, "580.76.05", "550.54.14"]) }, files: { "/etc/pve/lxc/950.conf": exists ? conf : null, "/etc/pve/firewall/950.fw": fwFile } };
    return { desired, previous, observed, files: { "/etc/pve/lxc/950.conf": exists ? conf : null, "/etc/pve/firewall/950.fw": fwFile } };
  },
  LxcTemplate(r) {
    const file = r.pick(["ubuntu-24.04-standard_24.04-2_amd64.tar.zst", "debian-12-standard_12.7-1_amd64.tar.zst"]);
    const desired = { storage: "fastData-shared-iso", file };
    const present = r.chance(0.5);
    const observed = present ? { present } : { present, inCatalog: r.chance(0.5), ...(r.chance(0.3) ? { storageProblem: "Storage do not support templates!" } : {}) };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed };
  },
  NfsExport(r) {
    const options = () => r.pick([["rw", "sync", "no_subtree_check"], ["ro", "all_squash"], ["rw", "no_root_squash"]]);
    const desired = { path: "/tank/share", clients: [{ host: r.pick(["10.0.0.0/24", "*"]), options: options() }] };
    const line = r.pick([null, "/tank/share 10.0.0.0/24(rw,sync,no_subtree_check)", "/tank/share *(ro,all_squash)"]);
    const file = line === null ? r.pick([null, "/srv/other a(ro)\n"]) : `# hand-written\n${line}\n`;
    const live = r.chance(0.5) ? {} : { [desired.clients[0]!.host]: r.pick([["sync", "wdelay", "hide", "no_subtree_check", "sec=sys", "rw", "root_squash", "no_all_squash"], ["sync", "sec=sys", "ro", "root_squash", "all_squash"]]) };
    const observed = { line, file, live, isDirectory: r.chance(0.8) };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed, files: { "/etc/exports.d/phoenix.exports": file } };
  },
  AdminUser(r) {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm0Pu9tUSupFmR7bPXd6p3V0gNmNI7sX8P4Z7hYyQ1J admin@laptop";
    const hash = "$6$abcdefgh$QmIbH5k.Tzz8fnp2d0aUUsfN1jyOzmbQn1e0Z5SDUXNKvtnUoPg3LNEDTODGNqfrpyzz5ICMU7T8tAbdsKR0e.";
    const fp = (h: string) => (FINGERPRINTS[`admin ${h}`] ??= passwordHashFingerprint("phoenix_admin", h));
    const password = r.pick([{ passwordFingerprint: "NOT_SET" }, { passwordFingerprint: fp(hash), passwordHashFile: "/srv/phoenix/hv.json", passwordHashAt: ["users", "password_hash"] }]);
    const desired = { name: "phoenix_admin", ...password, sudo: r.chance(0.5), groups: r.pick([[], ["users"], ["docker"]]), authorizedKeys: r.pick([[], [key]]) };
    const exists = r.chance(0.7);
    const sudoers = r.pick([null, "# Managed by Phoenix (AdminUser \"phoenix_admin\"); edits are reverted.\nphoenix_admin ALL=(ALL:ALL) ALL\n", "phoenix_admin ALL=(ALL) NOPASSWD: ALL\n"]);
    const keys = exists ? r.pick([null, `# Managed by Phoenix (AdminUser): keys added by hand are removed.\n${key}\n`, "ssh-rsa AAAA other\n"]) : null;
    const stat = (type: string, owner: string, mode: string) => ({ type, owner, group: owner, mode });
    const observed = {
      account: exists ? { uid: 1000, gid: 1000, home: "/home/phoenix_admin", shell: r.pick(["/bin/bash", "/bin/sh"]) } : null,
      homeExists: exists && r.chance(0.8),
      userGroupExists: exists || r.chance(0.3),
      primaryGroup: exists ? "phoenix_admin" : null,
      groups: exists ? r.pick([[], ["users"], ["sudo", "users"]]) : [],
      missingGroups: desired.groups.includes("docker") && r.chance(0.5) ? ["docker"] : [],
      password: exists ? r.pick<unknown>(["locked", { digest: "phoenix-secret:scrypt:00:00" }, { digest: fp(hash) }]) : null,
      // What inspect read from the config file (only when the host's hash differs; never in state).
      ...r.pick([{}, { hashFromFile: { hash } }, { hashFromFile: { problem: "cannot read the password hash file /srv/phoenix/hv.json: ENOENT" } }]),
      sudoInstalled: r.chance(0.9),
      sudoers,
      sudoersStat: sudoers === null ? null : stat("regular file", "root", r.pick(["440", "644"])),
      sshDir: exists ? r.pick([null, stat("directory", "phoenix_admin", r.pick(["700", "755"])), stat("symbolic link", "root", "777")]) : null,
      keysStat: keys === null ? null : stat("regular file", r.pick(["phoenix_admin", "root"]), "600"),
      keys,
    };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed, files: { "/etc/sudoers.d/phoenix_admin": sudoers, "/home/phoenix_admin/.ssh/authorized_keys": keys } };
  },
  NvidiaDriver(r) {
    const sha = "a".repeat(64);
    const desired = { version: "580.76.05", ...(r.chance(0.8) ? { runfileSha256: sha } : {}), ...(r.chance(0.7) ? { runfileUrl: "https://us.download.nvidia.com/XFree86/Linux-x86_64/580.76.05/NVIDIA-Linux-x86_64-580.76.05.run" } : {}) };
    const kernel = "6.8.12-4-pve";
    const installed = r.pick([null, "580.76.05", "550.54.14"]);
    const blacklist = r.pick([null, "blacklist nouveau\noptions nouveau modeset=0\n", "blacklist nouveau\n"]);
    const observed = {
      kernel,
      loaded: r.pick([null, "580.76.05", "550.54.14"]),
      smi: installed === null ? r.pick<unknown>([{ state: "missing" }, { state: "not-loaded" }]) : r.pick<unknown>([{ state: "ok", version: installed }, { state: "mismatch", detail: "x" }]),
      dkms: r.chance(0.1) ? null : installed === null ? [] : [{ version: installed, kernel, state: "installed" }],
      headers: r.chance(0.9),
      runfileSha256: r.pick([null, sha, "b".repeat(64)]),
      blacklist,
      initramfsStale: r.chance(0.3),
      gpuContainers: r.pick([[], ["950"]]),
      rebootRequired: r.chance(0.5),
    };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed, files: { "/etc/modprobe.d/blacklist-nouveau.conf": blacklist } };
  },
  HostTimezone(r) {
    const desired = { zone: r.pick(["America/New_York", "UTC", "Europe/Berlin"]) };
    const link = r.pick([null, "/usr/share/zoneinfo/America/New_York", "/usr/share/zoneinfo/Etc/UTC", "../usr/share/zoneinfo/UTC"]);
    const timezoneFile = r.pick([null, "America/New_York\n", "Etc/UTC\n"]);
    const observed = { link, timezoneFile, zoneKnown: r.chance(0.85) };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed, files: { "/etc/timezone": timezoneFile } };
  },
  HostName(r) {
    const desired = { ...(r.chance(0.7) ? { name: r.pick(["pve", "phoenix"]) } : {}), address: r.pick(["10.0.0.13", "10.0.0.14"]), ...(r.chance(0.5) ? { domain: "lan" } : {}) };
    const hostnameFile = r.pick([null, "pve\n", "phoenix\n"]);
    const hosts = r.pick([null, "127.0.0.1 localhost\n127.0.1.1 pve\n", "127.0.0.1\tlocalhost\n10.0.0.13\tpve.lan pve\n", "127.0.0.1 localhost\n10.0.0.13 phoenix\n"]);
    const observed = { hostnameFile, kernelName: r.pick(["pve", "phoenix"]), hosts, guests: r.pick([[], [], ["100.conf"]]), clustered: r.chance(0.2), pmxcfs: r.chance(0.9) };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed, files: { "/etc/hostname": hostnameFile, "/etc/hosts": hosts } };
  },
  AptRepositories(r) {
    const desired = { channel: r.pick(["no-subscription", "enterprise"]) };
    const enterprise = r.pick([
      "deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n",
      "# deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n",
      null,
    ]);
    const phoenix = r.pick([null, "deb http://download.proxmox.com/debian/pve bookworm pve-no-subscription\n"]);
    const files: Record<string, string | null> = { "/etc/apt/sources.list.d/pve-enterprise.list": enterprise, "/etc/apt/sources.list.d/phoenix-proxmox.list": phoenix };
    const observed = { codename: r.pick(["bookworm", "bookworm", "trixie", "bullseye"]), keyring: r.chance(0.85), files: Object.fromEntries(Object.entries(files).filter(([, t]) => t !== null)) };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed, files };
  },
  SharedVolume(r) {
    const desired = { name: "ssl_certs", path: "/mnt/pve/ssl", ownedBy: r.pick(["container_root", "phoenix_admin"]), ownerDeclared: r.chance(0.5) };
    const stat = r.pick([null, { type: "directory", uid: 100000, gid: 100000 }, { type: "directory", uid: 0, gid: 0 }, { type: "regular file", uid: 0, gid: 0 }]);
    const observed = { stat, user: r.chance(0.7) ? { uid: 1000, gid: 1000 } : null, hasContent: r.chance(0.5) };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed };
  },
  Firewall(r) {
    const rules = r.pick([undefined, [], [{ direction: "in", action: "ACCEPT", proto: "tcp", dport: "22", source: "10.0.0.0/24" }], [{ direction: "in", action: "DROP", macro: "SSH" }], [{ direction: "in", action: "ACCEPT", proto: "tcp", dport: "80" }]]);
    const services = r.pick([undefined, [{ name: "NFS", port: 2049, clients: ["10.0.0.111", "10.0.0.0/24"] }], [{ name: "SMB", port: 445, server: "10.0.0.13", clients: ["10.0.0.0/24"] }]]);
    const desired = { enabled: r.chance(0.7), policyIn: r.pick(["DROP", "ACCEPT", "REJECT"]), policyOut: r.pick(["ACCEPT", "DROP"]), ...(rules === undefined ? {} : { rules }), ...(services === undefined ? {} : { services }) };
    const cluster = r.pick([null, "[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n\n", "[OPTIONS]\n\nenable: 0\nebtables: 0\n\n[IPSET management]\n\n192.0.2.0/24\n\n[RULES]\n\nIN SSH(ACCEPT) -source 10.0.0.5\n\n"]);
    const observed = {
      cluster,
      node: "pve",
      host: r.pick([null, "[OPTIONS]\n\nenable: 0\n", "[RULES]\n\nIN DROP -p tcp -dport 22\n"]),
      service: r.pick(["running", "stopped", null, "running"]),
      localNetwork: r.pick([null, "10.0.0.0/24"]),
      ssh: r.pick([null, { client: "10.0.0.5", server: "10.0.0.13", port: 22 }, { client: "192.0.2.7", server: "10.0.0.13", port: 2222 }]),
    };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed, files: { "/etc/pve/firewall/cluster.fw": cluster } };
  },
  SambaShare(r) {
    const desired = { name: "data", path: "/tank/data", validUsers: r.pick([["heads"], ["heads", "ops"]]), browsable: r.chance(0.8), readOnly: r.chance(0.3), guestOk: r.chance(0.2), dirOwner: "heads", dirGroup: "heads" };
    const block = shareBlock(SambaShareInputsSchema.parse(r.pick([desired, { ...desired, readOnly: !desired.readOnly }])));
    const global = "[global]\n   workgroup = WORKGROUP\n";
    const conf = r.pick([null, global, `${global}\n${block}`, `${global}[Data]\n   path = /x\n`, `${global}\n${block.replace(/# END.*\n/, "")}`]);
    const dirs = [null, { type: "directory", owner: "heads", group: "heads", mode: "770" }, { type: "directory", owner: "root", group: "root", mode: "755" }, { type: "regular file", owner: "root", group: "root", mode: "644" }];
    const observed = { conf, block: blockOf(conf, "data"), conflict: conflictIn(conf, "data"), dir: r.pick(dirs), smbd: { installed: r.chance(0.9), active: r.chance(0.7), enabled: r.chance(0.8) } };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed, files: { "/etc/samba/smb.conf": conf } };
  },
  SambaUser(r) {
    const fp = (pw: string) => (FINGERPRINTS[pw] ??= passwordFingerprint("heads", pw));
    const desired = r.chance(0.85) ? { name: "heads", passwordFile: "/keys/samba", passwordFingerprint: fp(r.pick(["pw-A", "pw-B"])) } : { name: "heads" };
    const samba = r.chance(0.2) ? null : { disabled: r.chance(0.2), password: r.pick<unknown>([{ matches: fp("pw-A") }, { matches: fp("pw-B") }, "differs", "unknown"]) };
    const readable = r.chance(0.8);
    const observed = { account: samba !== null || r.chance(0.5), userGroupExists: r.chance(0.5), samba, installed: r.chance(0.9), fileProblem: readable ? null : "cannot read the Samba password file /keys/samba: ENOENT", ...(readable ? { password: "pw-A" } : {}) };
    return { desired, previous: r.chance(0.5) ? desired : undefined, observed };
  },
  HostScript(r) {
    return scriptCase(r, (raw) => HostScriptInputsSchema.parse(raw), {});
  },
  ContainerScript(r) {
    return scriptCase(r, (raw) => ContainerScriptInputsSchema.parse(raw), { ctid: "101", on: r.pick(["host", "container"]) });
  },
  LxcSnapshot(r) {
    const basis = r.pick(["0123456789abcdef", "fedcba9876543210"]);
    const desired = { ctid: "900", name: "pre-configured", basis };
    const previous = r.chance(0.6) ? { ...desired, basis: r.pick(["0123456789abcdef", "fedcba9876543210"]) } : undefined;
    const present = r.chance(0.6);
    const description = `phoenix template snapshot, basis ${r.pick(["0123456789abcdef", "fedcba9876543210"])}`;
    const observed = present ? { containerExists: true, present, description } : { containerExists: r.chance(0.7), present };
    return { desired, previous, observed };
  },
};

// A script's record: of these inputs or others, completed or failed, or none; the container gone or not.
function scriptCase(r: Rng, parse: (raw: object) => Parameters<typeof runDigest>[0], extra: object): Case {
  const make = (create: string) => ({ name: "job", create, ...(r.chance(0.5) ? { update: "echo update" } : {}), ...(r.chance(0.3) ? { delete: "echo undo" } : {}), instance: "0123456789abcdef", ...extra });
  const desired = make(r.pick(["echo a", "echo b"]));
  const previous = r.chance(0.6) ? { ...desired, create: r.pick(["echo a", "echo b"]) } : undefined;
  const observed = r.chance(0.2)
    ? { present: false, containerExists: r.chance(0.8) }
    : { present: true, digest: r.pick([runDigest(parse(desired)), "0".repeat(32)]), exitCode: r.pick([0, 0, 2]), created: r.chance(0.7), stdout: "", stderr: "", containerExists: r.chance(0.9) };
  return { desired, previous, observed };
}

/** Every command succeeds; records what ran (a file edit as its plan line). */
class Recorder implements Runner {
  readonly host = "prop-host";
  readonly ran: string[] = [];
  constructor(private readonly files: HostFiles = {}) {}
  async run(command: string, options?: { stdin?: string }): Promise<CommandResult> {
    const file = answerHostFile(command, options?.stdin, this.files);
    if (file?.shown !== undefined) this.ran.push(file.shown);
    if (file) return file.result;
    this.ran.push(command);
    return { code: 0, stdout: "", stderr: "" };
  }
}

type Verdict = { refused: string } | { commands: string[]; replaces?: string[] };

const commandsIn = (reports: string[]) =>
  reports.filter((m) => !m.startsWith("warning:")).flatMap((m) => m.split("\n").flatMap((line) => /(?:^\s+\d+\. |^[^\n]*?: (?:would run|running): )(.*?) {4}# /.exec(line)?.[1] ?? []));

async function preview(def: ResourceDefinition<object, unknown>, c: Case): Promise<Verdict> {
  const reports: string[] = [];
  const h = makeHandlers(def, { runner: () => new Recorder(), policy: () => parsePolicy("", Object.keys(DEFINITIONS)), report: (m) => reports.push(m) });
  try {
    if (c.previous === undefined) {
      await h.check({}, c.desired as Record<string, unknown>);
      return { commands: commandsIn(reports) };
    }
    const stored = makeOutputs(c.previous, def.snapshot ? def.snapshot(c.observed, c.previous) : c.observed);
    const d = await h.diff("x", { ...stored, __provider: "p" }, { ...c.desired, __provider: "p" });
    if ("replaces" in d && d.replaces) return { commands: [], replaces: d.replaces };
    return { commands: d.changes ? commandsIn(reports) : [] };
  } catch (err) {
    return { refused: (err as Error).message };
  }
}

async function apply(def: ResourceDefinition<object, unknown>, c: Case): Promise<Verdict> {
  const recorder = new Recorder({ ...c.files });
  const h = makeHandlers(def, { runner: () => recorder, policy: () => parsePolicy("", Object.keys(DEFINITIONS)), report: () => {} });
  try {
    if (c.previous === undefined) await h.create({ ...c.desired, __provider: "p" });
    else await h.update("x", { ...makeOutputs(c.previous, c.observed), __provider: "p" }, { ...c.desired, __provider: "p" });
  } catch (err) {
    // The host here never changes, so apply's verification fails after running the steps.
    if (!/did not converge/.test((err as Error).message)) return { refused: (err as Error).message };
  }
  return { commands: recorder.ran };
}

const TRIALS = 150;
// Kinds whose planners can refuse (the ARC limit never destroys anything; storage refusals come
// from foreign sections).
const REFUSING = ["ZfsDataset", "ZfsPool", "LxcContainer", "AdminUser", "HostTimezone", "HostName", "AptRepositories", "SharedVolume", "Firewall", "NvidiaDriver", "SambaShare", "SambaUser"];

it("covers every kind the runtime serves", () => {
  expect(Object.keys(generators).sort()).toEqual(Object.keys(DEFINITIONS).filter((k) => k !== "PhoenixHost").sort());
});

describe.each(Object.keys(generators))("%s: preview's verdict is apply's verdict", (kind) => {
  // 150 cases of planning, file-edit rendering and recorded applies: seconds alone, more on a busy machine.
  it(`holds for ${TRIALS} generated cases`, { timeout: 120_000 }, async () => {
    const real = DEFINITIONS[kind] as ResourceDefinition<object, unknown>;
    let compared = 0;
    let refusals = 0;
    let withSteps = 0;
    for (let seed = 1; seed <= TRIALS; seed++) {
      const c = generators[kind]!(rng(seed));
      const desired = real.parseInputs(c.desired);
      const previous = c.previous === undefined ? undefined : real.parseInputs(c.previous);
      if (!desired.ok || (previous && !previous.ok)) continue;
      const parsed: Case = { desired: desired.value, previous: previous?.ok ? previous.value : undefined, observed: c.observed, files: c.files };
      const def = { ...real, inspect: async () => c.observed };
      const said = await preview(def, parsed);
      if ("replaces" in said && said.replaces) continue; // the engine then runs create + delete
      const done = await apply(def, parsed);
      expect(done, `seed ${seed}: ${JSON.stringify(parsed)}`).toEqual(said);
      compared++;
      if ("refused" in said) refusals++;
      else if (said.commands.length > 0) withSteps++;
    }
    // The generators must reach every kind of verdict, or the property says little.
    expect(compared).toBeGreaterThan(TRIALS / 3);
    expect(withSteps).toBeGreaterThan(0);
    if (REFUSING.includes(kind)) expect(refusals).toBeGreaterThan(0);
  });
});

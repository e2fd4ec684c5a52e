// The hypervisor file's schema (config/schema/hypervisor.ts, zfs.ts) and cross-object checks
// (config/checks/hypervisor.ts), driven through validateConfigPair on variants of the shipped file.
import { describe, expect, it } from "vitest";
import { errorsOf, newWarnings, variant, type Json } from "./shipped";

type Case = [name: string, mutate: (hv: Json) => void, errors: string[]];

const RAID_LEVEL_CASES: Case[] = [
  ["an unknown raid level", (hv) => (hv.zfs.pools[1].raid_level = "raid5"), [
    '$.zfs.pools[1].raid_level: unknown raid level "raid5" (expected mirror, raidz1, raidz2, raidz3, single, stripe)',
  ]],
  ["raidz without a level", (hv) => (hv.zfs.pools[0].raid_level = "raidz"), [
    '$.zfs.pools[0].raid_level: unknown raid level "raidz" (expected mirror, raidz1, raidz2, raidz3, single, stripe)',
  ]],
  ["a raid level that is not a string", (hv) => (hv.zfs.pools[0].raid_level = 1), ["$.zfs.pools[0].raid_level: expected a string, got 1"]],
  ["RAIDZ1 on one disk", (hv) => (hv.zfs.pools[1].raid_level = "RAIDZ1"), ["$.zfs.pools[1].disks: raid level raidz1 needs at least 2 disks, got 1"]],
  ["raidz2 on two disks", (hv) => (hv.zfs.pools[0].raid_level = "raidz2"), ["$.zfs.pools[0].disks: raid level raidz2 needs at least 3 disks, got 2"]],
  ["raidz3 on two disks", (hv) => (hv.zfs.pools[0].raid_level = "RaidZ3"), ["$.zfs.pools[0].disks: raid level raidz3 needs at least 4 disks, got 2"]],
  ["a mirror of one disk", (hv) => (hv.zfs.pools[1].raid_level = "mirror"), ["$.zfs.pools[1].disks: raid level mirror needs at least 2 disks, got 1"]],
  ["single with two disks", (hv) => (hv.zfs.pools[0].raid_level = "single"), [
    "$.zfs.pools[0].disks: raid level single needs exactly 1 disk, got 2 (use stripe or mirror for more)",
  ]],
  ["a stripe of one disk", (hv) => (hv.zfs.pools[1].raid_level = "stripe"), [
    "$.zfs.pools[1].disks: raid level stripe needs at least 2 disks, got 1 (use single for one disk)",
  ]],
  ["a pool without disks", (hv) => (hv.zfs.pools[1].disks = []), ["$.zfs.pools[1].disks: raid level single needs exactly 1 disk, got 0 (use stripe or mirror for more)"]],
];

const POOL_CASES: Case[] = [
  ["a reserved pool name", (hv) => (hv.zfs.pools[0].name = "mirror1"), [
    // The zfs section has an error, so its cross-object checks wait: no "pool not defined" noise.
    '$.zfs.pools[0].name: pool name "mirror1" is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)',
  ]],
  ["a duplicate pool", (hv) => hv.zfs.pools.push({ name: "fastData", raid_level: "single", disks: ["/dev/sdz"] }), [
    '$.zfs.pools[2].name: pool "fastData" is already defined at $.zfs.pools[1].name',
  ]],
  ["a disk in two pools", (hv) => (hv.zfs.pools[1].disks[0] = hv.zfs.pools[0].disks[1]), [
    '$.zfs.pools[1].disks[0]: disk "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y310536X" is already used by pool "quickOS"',
  ]],
  ["a disk twice in one pool", (hv) => (hv.zfs.pools[0].disks[1] = hv.zfs.pools[0].disks[0]), [
    '$.zfs.pools[0].disks[1]: disk "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M" is listed earlier in this pool',
  ]],
  ["relative and unclean disk paths", (hv) => (hv.zfs.pools[0].disks = ["sda", "/dev/../sdb"]), [
    '$.zfs.pools[0].disks[0]: path "sda" is not absolute',
    '$.zfs.pools[0].disks[1]: path "/dev/../sdb" contains a "." or ".." segment',
  ]],
  ["allow_wipe that is not a boolean", (hv) => (hv.zfs.pools[0].allow_wipe = "yes"), ['$.zfs.pools[0].allow_wipe: expected true or false, got "yes"']],
  ["a non-positive ARC limit", (hv) => (hv.zfs.arc_max_gb = 0), ["$.zfs.arc_max_gb: must be more than 0.0625 (64 MiB): ZFS ignores a smaller zfs_arc_max"]],
  ["an ARC limit given as text", (hv) => (hv.zfs.arc_max_gb = "32"), ['$.zfs.arc_max_gb: expected a number, got "32"']],
  ["an ARC limit whose byte count is not exact (1e11 GiB)", (hv) => (hv.zfs.arc_max_gb = 1e11), ["$.zfs.arc_max_gb: must be at most 8388607 (GiB; larger limits cannot be counted in bytes exactly)"]],
  ["an ARC limit of 1e300 GiB", (hv) => (hv.zfs.arc_max_gb = 1e300), ["$.zfs.arc_max_gb: must be at most 8388607 (GiB; larger limits cannot be counted in bytes exactly)"]],
  ["an ARC limit in bytes and in GiB", (hv) => (hv.zfs.arc_max = "34359738368"), ["$.zfs.arc_max: arc_max and arc_max_gb both set the ARC limit; keep one"]],
  ["pools that are not a list", (hv) => (hv.zfs.pools = {}), ["$.zfs.pools: expected an array, got an object"]],
];

const DATASET_CASES: Case[] = [
  ["a dataset on an unknown pool", (hv) => (hv.zfs.datasets[3].pool = "slowData"), ['$.zfs.datasets[3].pool: pool "slowData" is not defined in $.zfs.pools']],
  ["a nested dataset name", (hv) => (hv.zfs.datasets[0].name = "vm/disks"), [
    '$.zfs.datasets[0].name: dataset name "vm/disks" must be a single component (no "/"); nested datasets are not supported',
  ]],
  ["a duplicate dataset", (hv) => hv.zfs.datasets.push({ ...hv.zfs.datasets[0] }), [
    '$.zfs.datasets[9].name: dataset "quickOS/vm-disks" is already defined at $.zfs.datasets[0].name',
  ]],
  ["colliding storage ids", (hv) => {
    hv.zfs.pools.push({ name: "quickOS-vm", raid_level: "single", disks: ["/dev/sdz"] });
    hv.zfs.datasets.push({ ...hv.zfs.datasets[0], pool: "quickOS-vm", name: "disks" });
  }, ['$.zfs.datasets[9].name: derived storage id "quickOS-vm-disks" is also the id of dataset quickOS/vm-disks at $.zfs.datasets[0]']],
  ["a derived storage id Proxmox refuses", (hv) => {
    hv.zfs.pools[1].name = "fast:data";
    for (const ds of hv.zfs.datasets) if (ds.pool === "fastData") ds.pool = "fast:data";
    hv.zfs.datasets.splice(6);
  }, [
    '$.zfs.datasets[5].name: the derived Proxmox storage id is unusable: invalid storage id "fast:data-shared-test-data" (expected a letter, then letters, digits, - _ or ., ending in a letter or digit)',
  ]],
  ["bad properties", (hv) => (hv.zfs.datasets[0].properties = "recordsize=100K,compression=LZ4,quota=800G,quota=1T"), [
    "$.zfs.datasets[0].properties: recordsize=100K must be a power of two from 512 to 16M",
    "$.zfs.datasets[0].properties: compression=LZ4 must be written compression=lz4",
    "$.zfs.datasets[0].properties: property quota is set more than once",
  ]],
  ["an unknown property", (hv) => (hv.zfs.datasets[1].properties = "recordsize=16K,dedupe=on"), [
    '$.zfs.datasets[1].properties: "dedupe" is not a settable filesystem property (user properties need a colon, e.g. "phoenix:role")',
  ]],
  ["an unknown storage type", (hv) => (hv.zfs.datasets[0].proxmox_storage_type = "lvm"), [
    '$.zfs.datasets[0].proxmox_storage_type: expected one of "zfspool", "dir", got "lvm"',
  ]],
  ["iso content on a zfspool storage", (hv) => (hv.zfs.datasets[0].proxmox_content_type = "images,iso"), [
    '$.zfs.datasets[0].proxmox_content_type: content type "iso" is not possible on a zfspool storage (only images, rootdir)',
  ]],
  ["an unknown content type", (hv) => (hv.zfs.datasets[6].proxmox_content_type = "backups"), [
    '$.zfs.datasets[6].proxmox_content_type: unknown content type "backups" (expected a comma list of images, rootdir, vztmpl, iso, backup, snippets, import)',
  ]],
  ["a repeated content type", (hv) => (hv.zfs.datasets[7].proxmox_content_type = "iso,iso"), [
    '$.zfs.datasets[7].proxmox_content_type: content type "iso" is listed more than once',
  ]],
];

const OTHER_CASES: Case[] = [
  ["first-revision NFS shares without a default subnet", (hv) => ((hv.nfs = { shares: [{ path: "quickOS/shared-prod-data", options: "rw,sync" }] }), delete hv.network.default_subnet), [
    "$.nfs.shares: shares are exported to network.default_subnet, which is not set; set it or use nfs.exports with explicit clients",
  ]],
  ["an export option exportfs does not know", (hv) => (hv.nfs = { exports: [{ path: "/fastData/shared-bulk-data", clients: ["10.0.0.0/24"], options: ["rw", "noatime"] }] }), [
    '$.nfs.exports[0].options[1]: unknown export option "noatime" (exportfs: unknown keyword)',
  ]],
  ["firewall at the top level and under shared_volumes", (hv) => (hv.firewall = { ...hv.shared_volumes.firewall }), [
    "$.shared_volumes.firewall: firewall is defined both at the top level and under shared_volumes; keep only the top-level block",
  ]],
  ["an unknown firewall policy", (hv) => (hv.shared_volumes.firewall.default_input_policy = "drop"), [
    '$.shared_volumes.firewall.default_input_policy: expected one of "ACCEPT", "DROP", "REJECT", got "drop"',
  ]],
  ["a bad shared volume name", (hv) => (hv.shared_volumes["ssl certs"] = { host_path: "/quickOS/shared-prod-data/x", mounts: {} }), [
    '$.shared_volumes["ssl certs"]: invalid shared volume name "ssl certs" (letters, digits, _ or -)',
  ]],
  ["a shared volume mounted into a bad CTID", (hv) => (hv.shared_volumes.ssl_certs.mounts["95"] = "/certs"), [
    '$.shared_volumes.ssl_certs.mounts["95"]: invalid container id "95" (expected a whole number from 100 to 999999999, without leading zeros)',
  ]],
  ["two shared volumes at one container path", (hv) => (hv.shared_volumes.nginx_logs.mounts["953"] = "/etc/nginx/ssl"), [
    '$.shared_volumes.nginx_logs.mounts["953"]: /etc/nginx/ssl in container 953 is already the mount point of shared volume ssl_certs',
  ]],
  ["a capitalised user name", (hv) => (hv.samba.user = "Heads"), [
    '$.samba.user: invalid user name "Heads" (expected a lower-case letter or _, then lower-case letters, digits, _ or -)',
  ]],
  ["a reserved share name", (hv) => (hv.samba.shares[0].name = "global"), ['$.samba.shares[0].name: share name "global" is reserved in smb.conf']],
  ["a share without a name whose path is no share name", (hv) => {
    delete hv.samba.shares[0].name;
    hv.samba.shares[0].path = "quickOS/global";
  }, ['$.samba.shares[0].path: the share is named after its path, but share name "global" is reserved in smb.conf']],
  ["two shares differing only in case", (hv) => (hv.samba.shares[1].name = "Shared-Prod-Data"), [
    '$.samba.shares[1].name: share (names are case-insensitive) "shared-prod-data" is already defined at $.samba.shares[0].name',
  ]],
  ["a bad host address", (hv) => (hv.network.interfaces.address = "10.0.0.13"), [
    '$.network.interfaces.address: invalid IPv4 CIDR "10.0.0.13" (expected an address and prefix length, e.g. 10.0.0.13/24)',
  ]],
  ["a port out of range", (hv) => (hv.network.portainer_agent_port = 70000), ["$.network.portainer_agent_port: must be at most 65535, got 70000"]],
  ["sudo_access as text", (hv) => (hv.users.sudo_access = "yes"), ['$.users.sudo_access: expected true or false, got "yes"']],
  ["a password hash with a colon", (hv) => (hv.users.password_hash = "a:b"), [
    // The value is a secret: the message does not repeat it.
    "$.users.password_hash: password hash holds a colon or a line break (chpasswd -e reads <user>:<hash> lines)",
  ]],
  ["a machine account as admin user", (hv) => (hv.users.username = "ws01$"), ['$.users.username: user name "ws01$" ends in "$" (a machine account, not an administrator)']],
  ["a locked password field", (hv) => (hv.users.password_hash = "!$6$x$y"), [
    '$.users.password_hash: password hash starts with "!" or "*" (a locked account); use "NOT_SET" for no password',
  ]],
  ["a malformed SSH key", (hv) => (hv.users.ssh_public_key = "AAAA"), ["$.users.ssh_public_key: invalid SSH public key (expected one line: <type> <base64> [comment])"]],  ["an unknown repository channel", (hv) => (hv.proxmox_repositories = "pvetest"), [
    '$.proxmox_repositories: expected one of "no-subscription", "enterprise", "unmanaged", got "pvetest"',
  ]],
  ["a time zone climbing out of zoneinfo", (hv) => (hv.timezone = "../../etc/passwd"), ['$.timezone: "../../etc/passwd" is not a time zone name such as America/New_York or UTC']],
];

describe.each([
  ["raid levels", RAID_LEVEL_CASES],
  ["pools", POOL_CASES],
  ["datasets", DATASET_CASES],
  ["other sections", OTHER_CASES],
])("hypervisor file: %s", (_section, cases) => {
  it.each(cases)("reports %s", (_name, mutate, errors) => {
    expect(errorsOf(variant((hv) => mutate(hv)))).toEqual(errors);
  });
});

describe("hypervisor file: accepted variants", () => {
  it.each([
    ["raidz1 in lower case", (hv: Json) => (hv.zfs.pools[0].raid_level = "raidz1")],
    ["RAIDZ1 as the original spells it", (hv: Json) => (hv.zfs.pools[0].raid_level = "RAIDZ1")],
    ["an explicit stripe", (hv: Json) => (hv.zfs.pools[0].raid_level = "stripe")],
    ["the safety flags", (hv: Json) => Object.assign(hv.zfs.pools[0], { allow_wipe: true, allow_destroy: false })],
    ["a firewall at the top level only", (hv: Json) => ([hv.firewall, hv.shared_volumes.firewall] = [hv.shared_volumes.firewall, undefined])],
    ["no ARC limit", (hv: Json) => delete hv.zfs.arc_max_gb],
    ["a user property", (hv: Json) => (hv.zfs.datasets[0].properties += ",com.sun:auto-snapshot=true")],
    ["no-subscription repositories", (hv: Json) => (hv.proxmox_repositories = "no-subscription")],
    ["enterprise repositories", (hv: Json) => (hv.proxmox_repositories = "enterprise")],
    ["unmanaged repositories", (hv: Json) => (hv.proxmox_repositories = "unmanaged")],
    ["a time zone with a sign", (hv: Json) => (hv.timezone = "Etc/GMT+5")],
  ])("accepts %s", (_name, mutate) => {
    expect(errorsOf(variant((hv) => mutate(hv)))).toEqual([]);
  });

  it("normalises raid levels to lower case and keeps the safety flags", () => {
    const result = variant((hv) => Object.assign(hv.zfs.pools[0], { raid_level: "RAIDZ1", allow_wipe: true, allow_destroy: true }));
    expect(result.ok && result.hypervisor.zfs.pools[0]).toMatchObject({ raidLevel: "raidz1", allowWipe: true, allowDestroy: true });
  });

  it("resolves aliases in properties and computes fractional ARC limits", () => {
    const result = variant((hv) => {
      hv.zfs.datasets[0].properties = "recsize=64K,compress=zstd-3";
      hv.zfs.arc_max_gb = 1.5;
    });
    expect(result.ok && [result.hypervisor.zfs.datasets[0].properties, result.hypervisor.zfs.arcMaxBytes]).toEqual([
      { recordsize: "64K", compression: "zstd-3" },
      1_610_612_736,
    ]);
  });
});

describe("hypervisor file: warnings", () => {
  it.each([
    ["an unknown key, once, with its full path", (hv: Json) => (hv.zfs.pools[0].colour = "red"), ["$.zfs.pools[0].colour: unknown key, ignored"]],
    ["an unknown top-level key", (hv: Json) => (hv.zsf = {}), ["$.zsf: unknown key, ignored"]],
    ["a storage alias that names no dataset", (hv: Json) => (hv.proxmox_storage_ids.quickos_vm = "quickOS-vm"), [
      '$.proxmox_storage_ids.quickos_vm: "quickOS-vm" is not the storage id of any configured dataset (ids are <pool>-<dataset>)',
    ]],
    ["a host path on the root file system", (hv: Json) => (hv.shared_volumes.ssl_certs.host_path = "/srv/ssl"), [
      '$.shared_volumes.ssl_certs.host_path: "/srv/ssl" is not inside any dataset mountpoint (/<pool>/<dataset>) or mount_point_base (/mnt/pve); it lives on the root file system',
    ]],
    ["a missing zfs section, which manages nothing", (hv: Json) => delete hv.zfs, ["$: no zfs section: Phoenix manages no ZFS pools, datasets or storages for this host"]],
    ["an LXC pool default that is no dataset", (hv: Json) => (hv.proxmox_defaults.zfs_lxc_pool = "quickOS/lxc"), [
      '$.proxmox_defaults.zfs_lxc_pool: "quickOS/lxc" is not a configured dataset',
    ]],
    ["VMs, which Phoenix does not create", (hv: Json) => hv.vms.push({ name: "db-vm", cores: 2, memory_mb: 4096, disk_size_gb: 20 }), [
      "$.vms: webserver-vm, db-vm not created: Phoenix manages the host and its containers, not VMs (the original created a VM only with --create-vm <name>, and its qm command could not work)",
    ]],
    ["a rollback on failure, which Phoenix never does", (hv: Json) => (hv.behavior.rollback_on_failure = true), [
      "$.behavior.rollback_on_failure: not honoured: a failed run never destroys a container; the next up continues from what the host shows (the original of this revision ignored it too)",
    ]],
  ])("warns about %s", (_name, mutate, warnings) => {
    const result = variant((hv) => mutate(hv));
    expect(errorsOf(result)).toEqual([]);
    expect(newWarnings(result)).toEqual(warnings);
  });

  it("does not warn about a host path inside a dataset mountpoint", () => {
    const result = variant((hv) => (hv.shared_volumes.nginx_sites.host_path = "/quickOS/shared-prod-data/nginx"));
    expect(result.warnings.map((w) => w.path)).not.toContain("$.shared_volumes.nginx_sites.host_path");
  });

  it("reports unknown keys as warnings while still reporting errors elsewhere", () => {
    const result = variant((hv) => {
      hv.zfs.pools[0].colour = "red";
      hv.zfs.pools[1].raid_level = "raid5";
      hv.samba.user = "Heads";
    });
    expect(newWarnings(result)).toEqual(["$.zfs.pools[0].colour: unknown key, ignored"]);
    expect(errorsOf(result)).toEqual([
      '$.samba.user: invalid user name "Heads" (expected a lower-case letter or _, then lower-case letters, digits, _ or -)',
      '$.zfs.pools[1].raid_level: unknown raid level "raid5" (expected mirror, raidz1, raidz2, raidz3, single, stripe)',
    ]);
  });

  it("runs the checks of valid sections while another section has errors", () => {
    const result = variant((hv) => {
      hv.users.sudo_access = "yes";
      hv.zfs.datasets[0].pool = "nopool";
    });
    expect(errorsOf(result)).toEqual([
      '$.users.sudo_access: expected true or false, got "yes"',
      '$.zfs.datasets[0].pool: pool "nopool" is not defined in $.zfs.pools',
    ]);
  });
});

// ZfsPool's inspect + plan + replacement against a replayed host: the exact commands it runs, and
// the verdicts that must come before anything is destroyed (missing disks, disks in use, a
// replace whose create would be refused).
import { describe, expect, it } from "vitest";
import { zfsPoolDefinition as def } from "../../../providers/zfs-pool/provider";
import { ZfsPoolInputsSchema, type ZfsPoolInputs, type ZfsPoolObserved } from "../../../providers/zfs-pool/schema";
import { renderStep } from "../../../providers/core/step";
import { FakeRunner, type Exchange } from "../../helpers/fake-runner";
import { fixture, N1, N2, N4 } from "./fixtures";

const inputs = (raw: Partial<ZfsPoolInputs>): ZfsPoolInputs => ZfsPoolInputsSchema.parse({ name: "quickOS", raidLevel: "mirror", disks: [N1, N2], ...raw });
// The stored inputs allow destroying the pool (olds.allowDestroy), so the adapter passes true.
const DESTROY_ALLOWED = true;
const NOT_IMPORTED = { command: "zpool list -H -p -o name,size,alloc,free,health quickOS", code: 1, stderr: "cannot open 'quickOS': no such pool\n" };
// OpenZFS 2.2: nothing to import is exit 0 with the note on stderr.
const NOTHING_TO_IMPORT = { command: "zpool import -d /dev/disk/by-id", stderr: "no pools available to import\n" };
const ALL_POOLS = (stdout = "") => ({ command: "zpool status -P -L", stdout, ...(stdout === "" && { stderr: "no pools available\n" }) });
const blankDisk = (disk: string, kernel: string): Exchange[] => [
  { command: `readlink -e -- ${disk}`, stdout: `${kernel}\n` },
  { command: `blkid -p -o export ${disk}`, code: 2 },
  { command: `lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINT ${kernel}`, stdout: fixture("lsblk-blank-disk.json").replace("/dev/nvme2n1", kernel) },
];
const PRESENT_MIRROR: Exchange[] = [
  { command: "zpool list -H -p -o name,size,alloc,free,health quickOS", stdout: fixture("zpool-list-quickos.txt") },
  { command: "zpool status -P quickOS", stdout: fixture("zpool-status-mirror.txt") },
  { command: "zpool get -H -p -o name,property,value,source autotrim quickOS", stdout: "quickOS\tautotrim\ton\tlocal\n" },
  { command: "zfs list -H -p -o name -t filesystem,volume,snapshot -r quickOS", stdout: fixture("zfs-list-tree-quickos.txt") },
];

async function inspect(desired: ZfsPoolInputs, transcript: Exchange[]): Promise<ZfsPoolObserved> {
  const runner = new FakeRunner(transcript);
  const observed = await def.inspect(runner, desired);
  runner.assertDone();
  return observed;
}

describe("ZfsPool create on disks that are missing or in use", () => {
  it("refuses a disk that does not exist instead of treating it as blank (blkid is not asked)", async () => {
    const typo = `${N2}X`;
    const desired = inputs({ disks: [N1, typo] });
    const observed = await inspect(desired, [
      NOT_IMPORTED, NOTHING_TO_IMPORT, ALL_POOLS(),
      ...blankDisk(N1, "/dev/nvme0n1"),
      { command: `readlink -e -- ${typo}`, code: 1 },
    ]);
    expect(def.plan(desired, observed, undefined)).toEqual({ kind: "refuse", reason: `ZfsPool "quickOS": cannot create: disk ${typo} does not exist` });
  });

  it("refuses a disk of the imported root pool even with allowWipe", async () => {
    const desired = inputs({ raidLevel: "single", disks: [N4], allowWipe: true });
    const observed = await inspect(desired, [
      NOT_IMPORTED, NOTHING_TO_IMPORT, ALL_POOLS(fixture("zpool-status-all-L.txt")),
      { command: `readlink -e -- ${N4}`, stdout: "/dev/sda\n" },
      { command: `blkid -p -o export ${N4}`, stdout: fixture("blkid-gpt.txt") },
      { command: "lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINT /dev/sda", stdout: fixture("lsblk-rpool-disk.json") },
    ]);
    const plan = def.plan(desired, observed, undefined);
    expect(plan.kind === "refuse" && plan.reason).toBe(
      `ZfsPool "quickOS": refusing to create: ${N4} is member of imported pool "rpool" (as /dev/sda3). Nothing was changed. ` +
        "No setting, allowWipe included, wipes a disk that is in use: free it or fix the disk list.",
    );
  });

  it("creates on blank disks when nothing uses them (lab disks are files: lsblk has nothing to say)", async () => {
    const desired = inputs({});
    const observed = await inspect(desired, [
      NOT_IMPORTED, NOTHING_TO_IMPORT, ALL_POOLS(),
      ...[N1, N2].flatMap((disk) => [
        { command: `readlink -e -- ${disk}`, stdout: `${disk}\n` },
        { command: `blkid -p -o export ${disk}`, code: 2 },
        { command: `lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINT ${disk}`, code: 32, stderr: `lsblk: ${disk}: not a block device\n` },
      ]),
    ]);
    const plan = def.plan(desired, observed, undefined);
    expect(plan.kind === "steps" && plan.steps.map(renderStep)).toEqual([`zpool create -o autotrim=on -O compression=lz4 -O atime=off quickOS mirror ${N1} ${N2}`]);
  });
});

describe("ZfsPool replace is refused before the destroy when the create after it would be", () => {
  const olds = inputs({ allowDestroy: true });
  const raidz = (extra: Partial<ZfsPoolInputs> = {}) => inputs({ raidLevel: "raidz1", disks: [N1, N2, N4], allowDestroy: true, ...extra });
  const liveFor = (news: ZfsPoolInputs, n4: Exchange[]) =>
    inspect(news, [...PRESENT_MIRROR, ALL_POOLS(fixture("zpool-status-mirror.txt")), ...blankDisk(N1, "/dev/nvme0n1"), ...blankDisk(N2, "/dev/nvme1n1"), ...n4]);

  it("refuses re-using the old pool's disks without allowWipe, and says allow_wipe is needed on the new entry", async () => {
    const news = raidz();
    const verdict = def.replacement!(olds, news, await liveFor(news, blankDisk(N4, "/dev/nvme2n1")), DESTROY_ALLOWED);
    expect(verdict).toEqual({
      refuse:
        `ZfsPool "quickOS": vdev layout cannot change in place (host has mirror of ${N2}, ${N1}; config wants raidz1 of ${[N1, N2, N4].sort().join(", ")}); ` +
        "replacing destroys pool quickOS with 3 datasets, 2 snapshots and 384G allocated; refused because the pool could not be re-created: " +
        `after zpool destroy, ${N1}, ${N2} keep the zfs_member label of pool "quickOS". ` +
        "Set allow_wipe: true on the new pool entry (allowWipe) so that the re-create may wipe them. Nothing was changed.",
    });
  });

  it("replaces when allowWipe is set on the new entry", async () => {
    const news = raidz({ allowWipe: true });
    expect(def.replacement!(olds, news, await liveFor(news, blankDisk(N4, "/dev/nvme2n1")), DESTROY_ALLOWED)).toEqual({ keys: ["raidLevel", "disks"] });
  });

  it("never replaces onto a new disk that another imported pool uses, even with allowWipe", async () => {
    const news = raidz({ allowWipe: true });
    const n4 = [
      { command: `readlink -e -- ${N4}`, stdout: "/dev/sda\n" },
      { command: `blkid -p -o export ${N4}`, stdout: fixture("blkid-gpt.txt") },
      { command: "lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINT /dev/sda", stdout: fixture("lsblk-rpool-disk.json") },
    ];
    // The pool status here has rpool on /dev/sda3, as on a Proxmox host installed on ZFS.
    const observed = await inspect(news, [
      ...PRESENT_MIRROR, ALL_POOLS(fixture("zpool-status-all-L.txt")), ...blankDisk(N1, "/dev/nvme0n1"), ...blankDisk(N2, "/dev/nvme1n1"), ...n4,
    ]);
    const verdict = def.replacement!(olds, news, observed, DESTROY_ALLOWED);
    expect("refuse" in verdict && verdict.refuse).toMatch(
      new RegExp(`could not be re-created: ${N4} is member of imported pool "rpool" \\(as /dev/sda3\\)\\. No setting, allowWipe included`),
    );
  });

  it("refuses a replace onto a disk that does not exist", async () => {
    const news = raidz({ allowWipe: true });
    const verdict = def.replacement!(olds, news, await liveFor(news, [{ command: `readlink -e -- ${N4}`, code: 1 }]), DESTROY_ALLOWED);
    expect("refuse" in verdict && verdict.refuse).toMatch(new RegExp(`could not be re-created: disk ${N4} does not exist`));
  });

  it("refuses when the new disks were never inspected (a stored observation), rather than guess", () => {
    const stored: ZfsPoolObserved = { ...(JSON.parse(JSON.stringify(PRESENT_STUB)) as ZfsPoolObserved) };
    const verdict = def.replacement!(olds, raidz({ allowWipe: true }), stored, DESTROY_ALLOWED);
    expect("refuse" in verdict && verdict.refuse).toMatch(new RegExp(`${N4} was not inspected`));
    const withoutWipe = def.replacement!(olds, raidz(), stored, DESTROY_ALLOWED);
    expect("refuse" in withoutWipe && withoutWipe.refuse).toMatch(/was not inspected .*\. Also: after zpool destroy, .* keep the zfs_member label .* Set allow_wipe: true/);
  });
});

const PRESENT_STUB: ZfsPoolObserved = {
  state: "present", sizeBytes: 1, allocBytes: 0, freeBytes: 1, health: "ONLINE", autotrim: "on", datasetCount: 0, snapshotCount: 0,
  tree: { name: "quickOS", state: "ONLINE", data: [{ kind: "mirror", name: "mirror-0", state: "ONLINE", devices: [{ path: `${N1}-part1`, state: "ONLINE" }, { path: `${N2}-part1`, state: "ONLINE" }] }], logs: [], special: [], dedup: [], cache: [], spares: [] },
};

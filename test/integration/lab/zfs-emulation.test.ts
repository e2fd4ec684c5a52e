// The OpenZFS 2.2 front ends of the lab host (lab/emulators/zfs, zpool over zfs-fuse): the
// commands and formats the providers rely on must look exactly like a PVE 8 host's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BY_ID, FIXTURE_CONFIG, MIRROR_DISKS, lab, ssh, sshOk, startPristine, type Connection } from "./lab-harness";

const NAME = "zfs-lab-emulation";
const SINGLE_DISK = `${BY_ID}/nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y`;
let conn: Connection;

/** `zfs get -H -p` rows as "name property value source" strings. */
function zfsGet(props: string, ...datasets: string[]): string[] {
  return sshOk(conn, `zfs get -H -p -o name,property,value,source ${props} ${datasets.join(" ")}`)
    .trim()
    .split("\n")
    .map((line) => line.split("\t").join(" "));
}

beforeAll(() => {
  conn = startPristine(NAME, "--config", FIXTURE_CONFIG, "--extra-disks", "nvme-new-a,nvme-new-b");
  sshOk(conn, `zpool create -f -o autotrim=on -O compression=lz4 -O atime=off quickOS mirror ${MIRROR_DISKS.join(" ")}`);
});

afterAll(() => {
  lab("reset", NAME);
});

describe("zpool", () => {
  it("shows a mirror of by-id disks in zpool status -P as OpenZFS does", () => {
    // Whole disks get partition 1 on OpenZFS, and -P prints that partition's path.
    const leaves = MIRROR_DISKS.map((disk) => `${disk}-part1`);
    const width = 4 + leaves[0].length;
    const row = (indent: number, name: string) => `\t${" ".repeat(indent)}${name.padEnd(width - indent)}  ONLINE       0     0     0`;
    expect(sshOk(conn, "zpool status -P quickOS")).toBe(
      [
        "  pool: quickOS",
        " state: ONLINE",
        "config:",
        "",
        `\t${"NAME".padEnd(width)}  STATE     READ WRITE CKSUM`,
        row(0, "quickOS"),
        row(2, "mirror-0"),
        row(4, leaves[0]),
        row(4, leaves[1]),
        "",
        "errors: No known data errors",
        "",
      ].join("\n"),
    );
  });

  it("shows short vdev names without -P", () => {
    const status = sshOk(conn, "zpool status quickOS");
    expect(status).toMatch(/\n\t    nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M +ONLINE/);
    expect(status).not.toContain("/dev/");
  });

  it("lists pools with exact-format -H -p columns", () => {
    const [name, size, alloc, free, health] = sshOk(conn, "zpool list -H -p -o name,size,alloc,free,health quickOS")
      .trim()
      .split("\t");
    expect([name, health]).toEqual(["quickOS", "ONLINE"]);
    for (const n of [size, alloc, free]) expect(n).toMatch(/^\d+$/);
    expect(Number(size)).toBeGreaterThan(1.9 * 2 ** 30);
    expect(Number(alloc) + Number(free)).toBe(Number(size));
    expect(sshOk(conn, "zpool list -H -o name")).toBe("quickOS\n");
  });

  it("reports autotrim through zpool get -H -p and changes it with zpool set", () => {
    expect(sshOk(conn, "zpool get -H -p -o name,property,value,source autotrim quickOS")).toBe("quickOS\tautotrim\ton\tlocal\n");
    sshOk(conn, `zpool create -f fastData ${SINGLE_DISK}`);
    expect(sshOk(conn, "zpool get -H -p -o value,source autotrim fastData")).toBe("off\tdefault\n");
    sshOk(conn, "zpool set autotrim=on fastData");
    expect(sshOk(conn, "zpool get -H -p -o value,source autotrim,ashift fastData")).toBe("on\tlocal\n0\tdefault\n");
  });

  it("rejects a bad pool property value with the OpenZFS message", () => {
    const r = ssh(conn, "zpool set autotrim=yes quickOS");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("cannot set property for 'quickOS': 'autotrim' must be one of 'on | off'\n");
  });

  it("creates raidz vdevs named like OpenZFS and exports and imports them by-id", () => {
    sshOk(conn, `zpool create -f scratch raidz1 ${BY_ID}/nvme-new-a ${BY_ID}/nvme-new-b`);
    expect(sshOk(conn, "zpool status scratch")).toMatch(/\n\t  raidz1-0 +ONLINE/);
    sshOk(conn, "zpool export scratch");
    expect(sshOk(conn, "zpool list -H -o name")).not.toContain("scratch");
    expect(sshOk(conn, "zpool import")).toContain("   pool: scratch");
    sshOk(conn, "zpool import -d /dev/disk/by-id scratch");
    expect(sshOk(conn, "zpool list -H -o name")).toContain("scratch");
    sshOk(conn, "zpool destroy scratch");
  });

  it("says there is nothing to import on stderr and exits 0, as OpenZFS 2.2 does (import_pools)", () => {
    const r = ssh(conn, "zpool import -d /dev/disk/by-id");
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", "no pools available to import\n"]);
  });

  it("resolves -L and lists every imported pool with full paths in zpool status -P -L", () => {
    const status = sshOk(conn, "zpool status -P -L");
    expect(status).toContain("  pool: quickOS");
    expect(status).toContain(`${MIRROR_DISKS[0]}-part1`);
  });

  it("reports a missing pool like OpenZFS", () => {
    const r = ssh(conn, "zpool status nopool");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("cannot open 'nopool': no such pool\n");
  });
});

describe("zfs", () => {
  it("round-trips compression=lz4 recordsize=1M sync=always with source local", () => {
    sshOk(conn, "zfs create -o mountpoint=/quickOS/vm-disks quickOS/vm-disks");
    sshOk(conn, "zfs set compression=lz4 recordsize=1M sync=always quickOS/vm-disks");
    expect(zfsGet("compression,recordsize,sync", "quickOS/vm-disks")).toEqual([
      "quickOS/vm-disks compression lz4 local",
      "quickOS/vm-disks recordsize 1048576 local",
      "quickOS/vm-disks sync always local",
    ]);
  });

  it("shows inherited values with the dataset they come from", () => {
    sshOk(conn, "zfs create quickOS/vm-disks/child");
    expect(zfsGet("compression,recordsize,sync,atime", "quickOS/vm-disks/child")).toEqual([
      "quickOS/vm-disks/child compression lz4 inherited from quickOS/vm-disks",
      "quickOS/vm-disks/child recordsize 1048576 inherited from quickOS/vm-disks",
      "quickOS/vm-disks/child sync always inherited from quickOS/vm-disks",
      "quickOS/vm-disks/child atime off inherited from quickOS",
    ]);
    expect(sshOk(conn, "zfs get -H -o value recordsize quickOS/vm-disks/child")).toBe("1M\n");
  });

  it("reports OpenZFS 2.2 defaults where zfs-fuse differs", () => {
    sshOk(conn, `zpool create -f plain ${BY_ID}/nvme-new-a`);
    expect(zfsGet("compression,sync,aclmode,acltype,relatime,xattr,dnodesize", "plain")).toEqual([
      "plain compression on default",
      "plain sync standard default",
      "plain aclmode discard default",
      "plain acltype off default",
      "plain relatime on default",
      "plain xattr on default",
      "plain dnodesize legacy default",
    ]);
    sshOk(conn, "zpool destroy plain");
  });

  it("falls back to the parent's value after zfs inherit", () => {
    sshOk(conn, "zfs inherit sync quickOS/vm-disks");
    expect(zfsGet("sync", "quickOS/vm-disks", "quickOS/vm-disks/child")).toEqual([
      "quickOS/vm-disks sync standard default",
      "quickOS/vm-disks/child sync standard default",
    ]);
  });

  it("accepts OpenZFS size spellings such as 800G and 1.4T", () => {
    sshOk(conn, "zfs set quota=800G quickOS/vm-disks && zfs set quota=1.4T quickOS/vm-disks/child");
    expect(zfsGet("quota", "quickOS/vm-disks", "quickOS/vm-disks/child")).toEqual([
      "quickOS/vm-disks quota 858993459200 local",
      "quickOS/vm-disks/child quota 1539316278886 local",
    ]);
  });

  it("rejects recordsize above 16M with the OpenZFS message and exit code 1", () => {
    const r = ssh(conn, "zfs set recordsize=32M quickOS/vm-disks");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("cannot set property for 'quickOS/vm-disks': 'recordsize' must be power of 2 from 512B to 16M\n");
    expect(zfsGet("recordsize", "quickOS/vm-disks")).toEqual(["quickOS/vm-disks recordsize 1048576 local"]);
  });

  it("rejects an unknown sync value with the OpenZFS message", () => {
    const r = ssh(conn, "zfs create -o sync=sometimes quickOS/bad");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("cannot create 'quickOS/bad': 'sync' must be one of 'standard | always | disabled'\n");
    expect(ssh(conn, "zfs list quickOS/bad").code).toBe(1);
  });

  it("lists datasets with -H -p and the OpenZFS columns", () => {
    const rows = sshOk(conn, "zfs list -H -p -o name,used,avail,mountpoint -t filesystem -r quickOS").trim().split("\n");
    expect(rows.map((r) => r.split("\t")[0])).toEqual(["quickOS", "quickOS/vm-disks", "quickOS/vm-disks/child"]);
    for (const row of rows) expect(row).toMatch(/^\S+\t\d+\t\d+\t\/quickOS/);
  });

  it("reports missing datasets and parents like OpenZFS", () => {
    const missing = ssh(conn, "zfs get -H -p used quickOS/nope");
    expect([missing.code, missing.stderr]).toEqual([1, "cannot open 'quickOS/nope': dataset does not exist\n"]);
    const orphan = ssh(conn, "zfs create quickOS/no/child");
    expect([orphan.code, orphan.stderr]).toEqual([1, "cannot create 'quickOS/no/child': parent does not exist\n"]);
  });

  it("shows snapshots_changed (OpenZFS 2.2) only after a snapshot, as a date with seconds, source -", () => {
    sshOk(conn, "zfs create quickOS/snapped");
    expect(sshOk(conn, "zfs get -H -o property all quickOS/snapped").split("\n")).not.toContain("snapshots_changed");
    const before = Math.floor(Date.now() / 1000) - 5;
    sshOk(conn, "zfs snapshot quickOS/snapped@one");
    const [, , value, source] = zfsGet("all", "quickOS/snapped").find((row) => row.startsWith("quickOS/snapped snapshots_changed "))!.split(" ");
    expect(source).toBe("-");
    expect(Number(value)).toBeGreaterThanOrEqual(before);
    expect(sshOk(conn, "zfs get -H -o value snapshots_changed quickOS/snapped").trim()).toMatch(/^\w{3} \w{3} [ \d]\d [ \d]\d:\d\d:\d\d \d{4}$/);
    // Its own value, not inherited by children.
    sshOk(conn, "zfs create quickOS/snapped/child");
    expect(sshOk(conn, "zfs get -H -o property all quickOS/snapped/child").split("\n")).not.toContain("snapshots_changed");
    sshOk(conn, "zfs destroy -r quickOS/snapped");
  });

  it("hides the lab's own bookkeeping properties from zfs get all", () => {
    const all = sshOk(conn, "zfs get -H -o property all quickOS/vm-disks");
    expect(all).not.toContain("org.phoenixlab");
    expect(all.split("\n")).toContain("sync");
  });
});

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderPlan, renderStep } from "../../../providers/core/step";
import { rewriteModprobeConf } from "../../../providers/zfs-arc/modprobe";
import { planZfsArc } from "../../../providers/zfs-arc/plan";
import { ZfsArcInputsSchema, type ZfsArcObserved } from "../../../providers/zfs-arc/schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/zfs", name), "utf8");
const GIB = 2 ** 30;
const RAM = 65747020 * 1024; // 62.7 GiB, from the meminfo fixture
const WRITE_RUNTIME = `sh -c 'echo "$1" > /sys/module/zfs/parameters/zfs_arc_max' sh ${32 * GIB}`;
const NEW_CONF = rewriteModprobeConf(null, 32 * GIB);
const WRITE_CONF = `write /etc/modprobe.d/zfs.conf (2 lines, sha256 ${createHash("sha256").update(NEW_CONF).digest("hex").slice(0, 12)})`;

const host = (extra: Partial<ZfsArcObserved> = {}): ZfsArcObserved => ({
  runtimeMaxBytes: 0,
  modprobeConf: null,
  memTotalBytes: RAM,
  rootFsType: "ext4",
  ...extra,
});
const converged = (bytes: number, extra: Partial<ZfsArcObserved> = {}) =>
  host({ runtimeMaxBytes: bytes, modprobeConf: rewriteModprobeConf(null, bytes), ...extra });

describe("planZfsArc", () => {
  it.each<[string, number, ZfsArcObserved, string[]]>([
    ["sets, persists and rebuilds the initramfs on a ZFS-root host", 32 * GIB, host({ rootFsType: "zfs" }), [WRITE_RUNTIME, WRITE_CONF, "update-initramfs -u -k all"]],
    ["does not touch the initramfs when root is not ZFS", 32 * GIB, host(), [WRITE_RUNTIME, WRITE_CONF]],
    ["is converged when runtime and file agree (idempotence)", 32 * GIB, converged(32 * GIB, { rootFsType: "zfs" }), []],
    ["only persists when the runtime value is already right", 32 * GIB, host({ runtimeMaxBytes: 32 * GIB }), [WRITE_CONF]],
    ["only writes the runtime value when the file is already right", 32 * GIB, converged(32 * GIB, { runtimeMaxBytes: 8 * GIB, rootFsType: "zfs" }), [WRITE_RUNTIME]],
    ["rebuilds an initramfs that predates a correct zfs.conf on a ZFS-root host", 32 * GIB, converged(32 * GIB, { rootFsType: "zfs", initramfsStale: true }), ["update-initramfs -u -k all"]],
    ["ignores initramfs age when root is not ZFS", 32 * GIB, converged(32 * GIB, { initramfsStale: true }), []],
  ])("%s", (_, maxBytes, observed, commands) => {
    const plan = planZfsArc({ maxBytes }, observed);
    expect(plan.kind === "steps" && plan.steps.map(renderStep)).toEqual(commands);
  });

  it("edits zfs.conf through the SSH layer's file edit, keeping the other lines, and shows the changed lines", () => {
    const plan = planZfsArc({ maxBytes: 32 * GIB }, host({ runtimeMaxBytes: 32 * GIB, modprobeConf: fixture("modprobe-zfs.conf.txt") }));
    if (plan.kind !== "steps") throw new Error("expected steps");
    const edit = plan.steps[0].fileEdit!;
    expect(plan.steps).toHaveLength(1);
    expect(edit.path).toBe("/etc/modprobe.d/zfs.conf");
    expect(edit.after).toBe(`# ZFS tuning for this host\noptions zfs zfs_arc_min=2147483648\noptions zfs zfs_arc_max=${32 * GIB}\noptions zfs l2arc_noprefetch=0\n`);
    // The change is applied again at apply time, to whatever the file holds then.
    expect(edit.change("options zfs zfs_arc_max=1\n")).toBe(`options zfs zfs_arc_max=${32 * GIB}\n`);
    expect(plan.steps[0].stdin).toBeUndefined();
    expect(renderPlan(plan.steps)).toMatchInlineSnapshot(`
      "  1. write /etc/modprobe.d/zfs.conf (4 lines, sha256 d3cbfed8070b)    # persist options zfs zfs_arc_max=34359738368 in /etc/modprobe.d/zfs.conf (other lines kept)
             - options zfs zfs_arc_min=2147483648 zfs_arc_max=8589934592
             + options zfs zfs_arc_min=2147483648
             + options zfs zfs_arc_max=34359738368"
    `);
  });

  it.each<[string, number, string[]]>([
    ["warns, without refusing, when RAM is under twice the ARC", 40 * GIB, ["ZfsArc: the host has 62.7G of RAM, less than twice the ARC limit of 40G; guests may run short of memory"]],
    ["warns that a limit not above zfs_arc_min only applies at boot", GIB, ["ZfsArc: at runtime OpenZFS ignores a limit not above zfs_arc_min (by default 1.96G); 1G takes effect at the next boot"]],
    // MemTotal excludes kernel-reserved memory, so a "64G" host reports 62.7G and 32G warns.
    ["warns for the shipped 32G on a host whose MemTotal is 62.7G", 32 * GIB, ["ZfsArc: the host has 62.7G of RAM, less than twice the ARC limit of 32G; guests may run short of memory"]],
    ["does not warn for 16G on that host", 16 * GIB, []],
  ])("%s", (_, maxBytes, warnings) => {
    const plan = planZfsArc({ maxBytes }, host());
    expect(plan.kind === "steps" && plan.warnings).toEqual(warnings);
  });

  it("refuses a limit at or above the host's RAM, which OpenZFS would ignore", () => {
    expect(planZfsArc({ maxBytes: 64 * GIB }, host())).toEqual({
      kind: "refuse",
      reason: "ZfsArc: maxBytes 64G is not below the host's 62.7G of RAM; OpenZFS would ignore it",
    });
  });
});

describe("ZfsArcInputsSchema", () => {
  it("accepts whole bytes from 64 MiB up", () => {
    expect(ZfsArcInputsSchema.parse({ maxBytes: 32 * GIB })).toEqual({ maxBytes: 32 * GIB });
  });

  it.each([[{ maxBytes: 1024 }], [{ maxBytes: 1.5 * GIB + 0.5 }], [{ maxBytes: "32G" }], [{}]])("rejects %j", (input) => {
    expect(ZfsArcInputsSchema.safeParse(input).success).toBe(false);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODPROBE_HEADER, rewriteModprobeConf } from "../../../providers/zfs-arc/modprobe";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/zfs", name), "utf8");
const GIB32 = 32 * 2 ** 30;

describe("rewriteModprobeConf", () => {
  it.each<[string, string | null, string]>([
    ["creates the file", null, `${MODPROBE_HEADER}\noptions zfs zfs_arc_max=${GIB32}\n`],
    ["fills an empty file", "", `${MODPROBE_HEADER}\noptions zfs zfs_arc_max=${GIB32}\n`],
    [
      "splits our option off a shared line, keeping the others in place",
      fixture("modprobe-zfs.conf.txt"),
      `# ZFS tuning for this host\noptions zfs zfs_arc_min=2147483648\noptions zfs zfs_arc_max=${GIB32}\noptions zfs l2arc_noprefetch=0\n`,
    ],
    [
      "appends when no zfs_arc_max is set, adding the missing final newline",
      "options spl spl_hostid=0x00bab10c\noptions zfs zfs_prefetch_disable=1",
      `options spl spl_hostid=0x00bab10c\noptions zfs zfs_prefetch_disable=1\noptions zfs zfs_arc_max=${GIB32}\n`,
    ],
    [
      "keeps one setting when the old file had two (modprobe would apply the last)",
      "options zfs zfs_arc_max=1\n# keep me\noptions zfs zfs_arc_max=2\n",
      `options zfs zfs_arc_max=${GIB32}\n# keep me\n`,
    ],
    ["leaves other modules' zfs_arc_max-like text alone", "# options zfs zfs_arc_max=1\n", `# options zfs zfs_arc_max=1\noptions zfs zfs_arc_max=${GIB32}\n`],
  ])("%s", (_, content, expected) => {
    expect(rewriteModprobeConf(content, GIB32)).toBe(expected);
  });

  it.each([null, "", fixture("modprobe-zfs.conf.txt"), "options zfs zfs_arc_max=1\noptions zfs zfs_arc_max=2"])(
    "is idempotent on its own output (%j)",
    (content) => {
      const once = rewriteModprobeConf(content, GIB32);
      expect(rewriteModprobeConf(once, GIB32)).toBe(once);
    },
  );
});

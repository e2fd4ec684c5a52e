// Every revision of the original's config files (2025-09-07 .. 2025-11-25) is accepted, or refused
// only for a real inconsistency that the error names. REFUSED says, per refused snapshot, which
// inconsistencies it has; every error must be one of them and each must be reported.
import { describe, expect, it } from "vitest";
import { FIXTURES, loadSnapshot, SNAPSHOTS } from "./corpus";

interface Reason {
  /** Matches `<path>: <message>` of the errors this reason explains. */
  readonly pattern: RegExp;
  /** Why the file deserves the refusal. */
  readonly why: string;
}

const REASONS = {
  duplicateKey: {
    pattern: /: duplicate key \(JSON readers keep only the last value\)$/,
    why: "a key written twice in one object: jq and the original keep only the last value, silently dropping the first",
  },
  sharedIp: {
    pattern: /^\$\.lxc_configs\["\d+"\]\.network_config\.ip: address [0-9.]+ is also used by container \d+$/,
    why: "two containers with one static IPv4 address on the network: both lose connectivity",
  },
  contentOnZfspool: {
    pattern: /^\$\.zfs\.datasets\[\d+\]\.proxmox_content_type: content type "(backup|iso)" is not possible on a zfspool storage/,
    why: "a zfspool storage holds only disk images and container volumes; pvesm refuses backup/iso content there",
  },
  volumeOnImagesOnlyStorage: {
    pattern: /zfs_volumes\[\d+\]\.pool: storage "[^"]+" does not allow container volumes \(content images lacks rootdir\)$/,
    why: "a container volume on a storage without rootdir content: pct refuses to allocate it",
  },
  mountPathTwice: {
    pattern: /^\$\.shared_volumes\.vllm_models\.mounts\["9\d\d"\]: \/vllm_models is already the mount point of \$\.lxc_configs\["9\d\d"\]\.zfs_volumes\[0\] in the LXC config$/,
    why: "a shared host directory and a new volume both mounted at /vllm_models in one container: one would hide the other (the original silently skipped one)",
  },
  missingCloneSource: {
    pattern: /clone_from_ctid: container 90\d is not defined in lxc_configs$/,
    why: "a container cloned from a CTID the file does not define: it can never be created",
  },
  unknownExportOption: {
    pattern: /^\$\.nfs\.shares\[\d+\]\.options: unknown export option "noatime" \(exportfs: unknown keyword\)$/,
    why: "noatime is a mount option, not an export option: exportfs refuses the line (\"unknown keyword\"), so the share was never exported",
  },
} satisfies Record<string, Reason>;

type ReasonKey = keyof typeof REASONS;

// Snapshot (commit) → the inconsistencies it has. Every other snapshot must be accepted.
const REFUSED: Record<string, ReasonKey[]> = {
  c63e256b4a: ["unknownExportOption"],
  "1e653bfbdd": ["unknownExportOption"],
  "7e99781e4c": ["duplicateKey"],
  c295cb4850: ["sharedIp"],
  "15b992d51d": ["sharedIp"],
  f073e49e5c: ["sharedIp"],
  "65742b1efa": ["contentOnZfspool", "mountPathTwice"],
  "1cacaf2093": ["mountPathTwice", "volumeOnImagesOnlyStorage"],
  cad4579d76: ["mountPathTwice", "volumeOnImagesOnlyStorage"],
  a7188d2f0b: ["mountPathTwice", "volumeOnImagesOnlyStorage"],
  d65c575b8f: ["mountPathTwice"],
  fd71fcc31f: ["mountPathTwice"],
  e85de9988b: ["mountPathTwice"],
  d030ac6e7c: ["mountPathTwice"],
  e2d3472536: ["mountPathTwice"],
  "829c047b62": ["mountPathTwice"],
  "106c34958d": ["mountPathTwice"],
  "1926204156": ["mountPathTwice", "missingCloneSource"],
  "08cb9212b9": ["mountPathTwice", "missingCloneSource"],
  "265bbc65e2": ["mountPathTwice", "missingCloneSource"],
  "048b6677ed": ["mountPathTwice", "missingCloneSource"],
  "18bd6148a9": ["mountPathTwice"],
  "931abcba46": ["mountPathTwice"],
  "188d94f3ef": ["mountPathTwice"],
  "093e2b53d4": ["mountPathTwice"],
  "35aa2b3a94": ["mountPathTwice", "missingCloneSource"],
  "0017fa8810": ["mountPathTwice"],
  "82b92ab2e6": ["mountPathTwice"],
  "9adb11d542": ["mountPathTwice"],
  f163df0250: ["mountPathTwice"],
  b565b83a08: ["mountPathTwice"],
  "655a1fe3a8": ["duplicateKey"],
  a1cf396515: ["duplicateKey"],
};

const located = (p: { path: string; message: string }) => `${p.path}: ${p.message}`;

describe("the compatibility corpus", () => {
  it("pairs every extracted revision with the other file at least once", () => {
    const used = new Set(SNAPSHOTS.flatMap((s) => [s.hv, s.lxc]));
    expect(FIXTURES.filter((f) => !used.has(f))).toEqual([]);
    expect(SNAPSHOTS.length).toBeGreaterThan(80);
  });

  it("names only snapshots that exist in REFUSED", () => {
    const commits = new Set(SNAPSHOTS.map((s) => s.commit));
    expect(Object.keys(REFUSED).filter((c) => !commits.has(c))).toEqual([]);
  });

  it.each(SNAPSHOTS.map((s) => [`${s.date} ${s.commit}`, s] as const))("%s is accepted or refused for a named inconsistency", (_name, snapshot) => {
    const result = loadSnapshot(snapshot);
    const expected = REFUSED[snapshot.commit];
    if (expected === undefined) {
      expect(result.ok ? [] : result.errors.map(located)).toEqual([]);
      return;
    }
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.map(located);
    const unexplained = errors.filter((e) => !expected.some((k) => REASONS[k].pattern.test(e)));
    expect(unexplained).toEqual([]);
    const unseen = expected.filter((k) => !errors.some((e) => REASONS[k].pattern.test(e)));
    expect(unseen).toEqual([]);
  });

  it("reports no unknown key in any revision: every key is applied, carried for its resource kind, or refused", () => {
    const unknown = SNAPSHOTS.flatMap((s) => loadSnapshot(s).warnings.filter((w) => w.message.includes("unknown key")).map((w) => `${s.commit} ${located(w)}`));
    expect(unknown).toEqual([]);
  });
});

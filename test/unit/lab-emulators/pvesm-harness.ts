// Runs the lab's pvesm emulator in a throw-away /etc/pve (PHOENIX_PVE_ROOT) with fake `zfs` and
// `mountpoint` commands first on PATH, so no test touches the machine's real storage.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const PVESM = resolve(__dirname, "../../../lab/emulators/pvesm");
export const PCT = resolve(__dirname, "../../../lab/emulators/pct");

// The real interpreter behind `python3`: version-manager shims (pyenv) cost ~0.3 s per start.
const PYTHON = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim() || "python3";

/**
 * `local` disabled: PVE activates (mkdirs) every enabled storage it lists, and the built-in
 * local points at /var/lib/vz, which must not appear on the developer's machine.
 */
export const SEED = "dir: local\n\tdisable\n\tpath /var/lib/vz\n\tcontent iso\n\n";

// Datasets come from zfs.json ({ name: { mountpoint, available, used, volumes } }); calls go to zfs.log.
const FAKE_ZFS = `#!${PYTHON}
import json, os, sys
lab = os.environ["FAKE_LAB"]
args = sys.argv[1:]
with open(os.path.join(lab, "zfs.log"), "a") as log:
    log.write(" ".join(args) + "\\n")
with open(os.path.join(lab, "zfs.json")) as fh:
    datasets = json.load(fh)
name = args[-1]
ds = datasets.get(name)
if ds is None:
    sys.stderr.write(f"cannot open '{name}': dataset does not exist\\n")
    sys.exit(1)
if args[:4] == ["list", "-H", "-o", "name"]:
    print(name)
elif args[:4] == ["get", "-o", "value", "-Hp"] and args[4] == "mountpoint":
    print(ds["mountpoint"])
elif args[:4] == ["get", "-o", "value", "-Hp"] and args[4] == "available,used":
    print(ds["available"]); print(ds["used"])
elif args[:3] == ["list", "-o", "name,volsize,origin,type,refquota"]:
    print(name + "\\t-\\t-\\tfilesystem\\tnone")
    for vol in ds.get("volumes", []):
        print("\\t".join(vol))
else:
    sys.stderr.write("fake zfs: unexpected call\\n")
    sys.exit(2)
`;

// A path is a mount point when it is listed in mounts.txt.
const FAKE_MOUNTPOINT = `#!/bin/sh
grep -qxF -- "$2" "$FAKE_LAB/mounts.txt"
`;

export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One isolated emulator run environment. */
export class PvesmLab {
  readonly dir = mkdtempSync(join(tmpdir(), "pvesm-"));
  readonly root = join(this.dir, "etc-pve");
  readonly data = join(this.dir, "data");

  constructor(seed = SEED) {
    const bin = join(this.dir, "bin");
    mkdirSync(bin);
    mkdirSync(this.root);
    mkdirSync(this.data);
    writeFileSync(join(bin, "zfs"), FAKE_ZFS);
    writeFileSync(join(bin, "mountpoint"), FAKE_MOUNTPOINT);
    chmodSync(join(bin, "zfs"), 0o755);
    chmodSync(join(bin, "mountpoint"), 0o755);
    writeFileSync(join(this.dir, "mounts.txt"), "");
    writeFileSync(join(this.dir, "zfs.log"), "");
    this.datasets({});
    writeFileSync(this.cfgPath, seed);
  }

  get cfgPath(): string {
    return join(this.root, "storage.cfg");
  }

  /** The fake pool contents: dataset name → mountpoint, bytes available/used, child volumes. */
  datasets(map: Record<string, { mountpoint: string; available: number; used: number; volumes?: string[][] }>): void {
    writeFileSync(join(this.dir, "zfs.json"), JSON.stringify(map));
  }

  mount(...paths: string[]): void {
    writeFileSync(join(this.dir, "mounts.txt"), paths.map((p) => `${p}\n`).join(""));
  }

  cfg(): string {
    return readFileSync(this.cfgPath, "utf8");
  }

  zfsCalls(): string[] {
    return readFileSync(join(this.dir, "zfs.log"), "utf8").split("\n").filter(Boolean);
  }

  run(...args: string[]): Result {
    return this.runTool(PVESM, ...args);
  }

  /** Another emulator (pct) against the same /etc/pve and fake PATH. */
  runTool(tool: string, ...args: string[]): Result {
    const env = { ...process.env, PATH: `${join(this.dir, "bin")}:${process.env.PATH}`, PHOENIX_PVE_ROOT: this.root, FAKE_LAB: this.dir };
    const proc = spawnSync(PYTHON, [tool, ...args], { env, encoding: "utf8" });
    return { code: proc.status, stdout: proc.stdout, stderr: proc.stderr };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PvesmLab, SEED } from "./pvesm-harness";

let lab: PvesmLab;
const GIB = 1024 ** 3;

beforeEach(() => {
  lab = new PvesmLab();
  lab.datasets({ "quickOS/vm-disks": { mountpoint: "/quickOS/vm-disks", available: GIB, used: GIB / 2 } });
});
// Each test gets a fresh /etc/pve and fake PATH; nothing may leak into the next one.
afterEach(() => lab.cleanup());

const tree = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((p) => statSync(join(dir, p)).isDirectory())
    .map((p) => relative(dir, join(dir, p)))
    .sort();

describe("pvesm add zfspool", () => {
  it("writes the section with the dataset's mountpoint, silently", () => {
    expect(lab.run("add", "zfspool", "quickOS-vm-disks", "--pool", "quickOS/vm-disks", "--content", "images")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(lab.cfg()).toBe(`${SEED}zfspool: quickOS-vm-disks\n\tpool quickOS/vm-disks\n\tcontent images\n\tmountpoint /quickOS/vm-disks\n\n`);
    expect(lab.zfsCalls()).toEqual(["get -o value -Hp mountpoint quickOS/vm-disks", "list -H -o name quickOS/vm-disks"]);
  });

  it("writes booleans as 1 and sorts keys after the fixed pool", () => {
    lab.run("add", "zfspool", "vols", "--sparse", "--pool", "quickOS/vm-disks", "--content", "rootdir,images", "--blocksize", "16k");
    expect(lab.cfg()).toBe(`${SEED}zfspool: vols\n\tpool quickOS/vm-disks\n\tblocksize 16k\n\tcontent images,rootdir\n\tmountpoint /quickOS/vm-disks\n\tsparse 1\n\n`);
  });

  it("fails when the dataset does not exist and leaves storage.cfg alone", () => {
    const res = lab.run("add", "zfspool", "quickOS-nope", "--pool", "quickOS/nope", "--content", "images");
    expect(res).toEqual({
      code: 255,
      stdout: "",
      stderr: "create storage failed: could not activate storage 'quickOS-nope', zfs error: cannot open 'quickOS/nope': dataset does not exist\n\n",
    });
    expect(lab.cfg()).toBe(SEED);
  });

  it("drops content types zfspool cannot hold, with PVE's warning", () => {
    const res = lab.run("add", "zfspool", "z1", "--pool", "quickOS/vm-disks", "--content", "images,iso");
    expect(res).toMatchObject({ code: 0, stderr: "storage does not support content type 'iso'\n" });
    expect(lab.cfg()).toContain("zfspool: z1\n\tpool quickOS/vm-disks\n\tcontent images\n");
  });

  it("refuses when no supported content type is left", () => {
    expect(lab.run("add", "zfspool", "z1", "--pool", "quickOS/vm-disks", "--content", "iso")).toEqual({
      code: 255,
      stdout: "",
      stderr: "storage does not support content type 'iso'\nstorage does not support content type 'none'\n",
    });
  });

  it("refuses an id that is already defined", () => {
    lab.run("add", "zfspool", "z1", "--pool", "quickOS/vm-disks");
    expect(lab.run("add", "dir", "z1", "--path", lab.data)).toEqual({
      code: 255,
      stdout: "",
      stderr: "create storage failed: storage ID 'z1' already defined\n",
    });
  });
});

describe("pvesm add dir", () => {
  // Regression, original bug A.3: without is_mountpoint PVE wrote into the root fs under an unmounted dataset.
  it("refuses an unmounted path with is_mountpoint yes and creates nothing", () => {
    const path = join(lab.data, "shared-iso");
    const res = lab.run("add", "dir", "fastData-shared-iso", "--path", path, "--content", "iso", "--is_mountpoint", "yes");
    expect(res).toEqual({
      code: 255,
      stdout: "",
      stderr: `create storage failed: unable to activate storage 'fastData-shared-iso' - directory is expected to be a mount point but is not mounted: '${path}'\n`,
    });
    expect(existsSync(path)).toBe(false);
    expect(lab.cfg()).toBe(SEED);
  });

  it("creates the content subdirectories of a mounted path", () => {
    const path = join(lab.data, "all");
    lab.mount(path);
    const res = lab.run("add", "dir", "all", "--path", `${path}/`, "--content", "images,rootdir,vztmpl,iso,backup,snippets,import", "--is_mountpoint", "yes");
    expect(res).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(tree(path)).toEqual(["dump", "images", "import", "private", "snippets", "template", "template/cache", "template/iso"]);
    expect(lab.cfg()).toBe(`${SEED}dir: all\n\tpath ${path}\n\tcontent backup,images,import,iso,rootdir,snippets,vztmpl\n\tis_mountpoint yes\n\n`);
  });

  it("gives rootdir storages a dump directory too", () => {
    lab.run("add", "dir", "ct", "--path", join(lab.data, "ct"), "--content", "rootdir");
    expect(tree(join(lab.data, "ct"))).toEqual(["dump", "private"]);
  });

  it("skips the subdirectories with --create-subdirs 0", () => {
    const path = join(lab.data, "bare");
    expect(lab.run("add", "dir", "bare", "--path", path, "--content", "backup", "--create-subdirs", "0").code).toBe(0);
    expect(tree(path)).toEqual([]);
    expect(lab.cfg()).toContain(`dir: bare\n\tpath ${path}\n\tcontent backup\n\tcreate-subdirs 0\n\n`);
  });

  it("does not create a missing base path with --create-base-path 0", () => {
    const path = join(lab.data, "missing");
    expect(lab.run("add", "dir", "gone", "--path", path, "--create-base-path", "no")).toEqual({
      code: 255,
      stdout: "",
      stderr: `create storage failed: unable to activate storage 'gone' - directory '${path}' does not exist or is unreachable\n`,
    });
  });

  it("does not activate a disabled storage", () => {
    const path = join(lab.data, "later");
    expect(lab.run("add", "dir", "later", "--path", path, "--disable", "--is_mountpoint", "yes").code).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(lab.cfg()).toContain(`dir: later\n\tdisable\n\tpath ${path}\n\tis_mountpoint yes\n\n`);
  });

  it("rejects characters DirPlugin does not allow in a path", () => {
    expect(lab.run("add", "dir", "sp", "--path", "/srv/a b")).toEqual({ code: 255, stdout: "", stderr: "illegal path for directory storage: /srv/a b\n" });
  });
});

describe("pvesm set / remove", () => {
  beforeEach(() => {
    lab.run("add", "zfspool", "quickOS-vm-disks", "--pool", "quickOS/vm-disks", "--content", "images");
  });

  it("replaces the content list", () => {
    expect(lab.run("set", "quickOS-vm-disks", "--content", "rootdir,images")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(lab.cfg()).toContain("zfspool: quickOS-vm-disks\n\tpool quickOS/vm-disks\n\tcontent images,rootdir\n\tmountpoint /quickOS/vm-disks\n\n");
  });

  it("deletes an option with --delete and writes disable bare", () => {
    lab.run("set", "quickOS-vm-disks", "--sparse", "1", "--disable", "1");
    lab.run("set", "quickOS-vm-disks", "--delete", "sparse");
    expect(lab.cfg()).toContain("zfspool: quickOS-vm-disks\n\tdisable\n\tpool quickOS/vm-disks\n\tcontent images\n\tmountpoint /quickOS/vm-disks\n\n");
  });

  it.each([
    [["set", "nope1", "--content", "images"], "update storage failed: storage 'nope1' does not exist\n"],
    [["set", "quickOS-vm-disks", "--pool", "quickOS/other"], "update storage failed: can't change value of fixed parameter 'pool'\n"],
    [["set", "quickOS-vm-disks", "--path", "/x"], "Unknown option: path\n400 unable to parse option\npvesm set <storage> [OPTIONS]\n"],
    [["set", "quickOS-vm-disks", "--is_mountpoint", "yes"], "update storage failed: unexpected property 'is_mountpoint'\n"],
    [["set", "quickOS-vm-disks", "--delete", "pool"], "update storage failed: unable to delete required option 'pool'\n"],
    [["set", "quickOS-vm-disks", "--delete", "content", "--content", "images"], "update storage failed: cannot set and delete property 'content' at the same time!\n"],
    [["set", "quickOS-vm-disks", "--digest", "0123"], "update storage failed: detected modified configuration - file changed by other user? Try again.\n"],
    [["remove", "nope1"], "delete storage failed: storage 'nope1' does not exist\n"],
  ])("fails like PVE: pvesm %j", (args, stderr) => {
    const before = lab.cfg();
    expect(lab.run(...args)).toEqual({ code: 255, stdout: "", stderr });
    expect(lab.cfg()).toBe(before);
  });

  it("removes only the config section", () => {
    expect(lab.run("remove", "quickOS-vm-disks")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(lab.cfg()).toBe(SEED);
    expect(lab.zfsCalls()).toEqual(["get -o value -Hp mountpoint quickOS/vm-disks", "list -H -o name quickOS/vm-disks"]);
  });
});

describe("option parsing (PVE::CLIHandler)", () => {
  it.each([
    [["-content", "rootdir"]],
    [["--content=rootdir"]],
    [["--CONTENT", "rootdir"]],
    [["--content", "rootdir", "--content", "images"]],
  ])("accepts %j", (opts) => {
    expect(lab.run("add", "zfspool", "z1", ...opts, "--pool", "quickOS/vm-disks").code).toBe(0);
    expect(lab.cfg()).toMatch(/\tcontent (images,)?rootdir\n/);
  });

  it.each([
    [["add", "dir", "d1", "--path", "/x", "--bogus", "1"], "Unknown option: bogus\n400 unable to parse option\npvesm add <type> <storage> [OPTIONS]\n"],
    [["set", "z1", "--cont", "images"], "Option cont is ambiguous (content, content-dirs)\n400 unable to parse option\npvesm set <storage> [OPTIONS]\n"],
    [["add", "dir"], "400 not enough arguments\npvesm add <type> <storage> [OPTIONS]\n"],
    [["remove", "a1", "b1"], "400 too many arguments\npvesm remove <storage>\n"],
    [["add", "dir", "d1", "--path", "/x", "--disable", "maybe"], "400 unable to parse boolean option\npvesm add <type> <storage> [OPTIONS]\n"],
    [
      ["add", "dir", "bad id", "--path", "/x", "--content", "foo"],
      "400 Parameter verification failed.\ncontent: invalid format - invalid content type 'foo'\n\nstorage: invalid format - storage ID 'bad id' contains illegal characters\n\npvesm add <type> <storage> [OPTIONS]\n",
    ],
    [
      ["add", "lvm", "v1", "--vgname", "pve"],
      "pvesm emulator: storage type 'lvm' is not emulated (only dir and zfspool)\n",
    ],
  ])("rejects pvesm %j", (args, stderr) => {
    expect(lab.run(...args)).toEqual({ code: 255, stdout: "", stderr });
  });

  it("reports an unknown command with the usage summary", () => {
    const res = lab.run("frobnicate");
    expect(res.code).toBe(255);
    expect(res.stderr).toMatch(/^ERROR: unknown command 'pvesm frobnicate'\nUSAGE: pvesm <COMMAND> \[ARGS\] \[OPTIONS\]\n\n {7}pvesm add <type> <storage> \[OPTIONS\]\n/);
  });

  it("expands a unique command prefix", () => {
    expect(lab.run("rem", "quickOS-none")).toMatchObject({ code: 255, stderr: "delete storage failed: storage 'quickOS-none' does not exist\n" });
  });
});

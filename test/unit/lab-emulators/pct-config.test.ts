// The lab's pct emulator on config-only paths (no ZFS, no running containers), in a throw-away
// /etc/pve: pve-container's parse_pct_config / write_pct_config, update_pct_config on a stopped
// CT, the pct.pm printers and the checks that come before any storage is touched. Expected
// texts follow pve-container 5.x (src/PVE/LXC/Config.pm, src/PVE/CLI/pct.pm, pve-guest-common
// AbstractConfig.pm / GuestHelpers.pm), not the emulator's output.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PCT, PvesmLab } from "./pvesm-harness";

const NODE = hostname().split(".")[0];
let lab: PvesmLab;
let confDir: string;

const BASE = [
  "arch: amd64",
  "hostname: web",
  "memory: 512",
  "net0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:5E:0A:11,ip=dhcp,type=veth",
  "ostype: debian",
  "rootfs: local-zfs:subvol-101-disk-0,size=8G",
  "swap: 512",
  "",
].join("\n");

beforeEach(() => {
  lab = new PvesmLab();
  confDir = join(lab.root, "nodes", NODE, "lxc");
  mkdirSync(confDir, { recursive: true });
});
afterEach(() => lab.cleanup());

const pct = (...args: string[]) => lab.runTool(PCT, ...args);
const writeConf = (id: string, text: string) => writeFileSync(join(confDir, `${id}.conf`), text);
const readConf = (id: string) => readFileSync(join(confDir, `${id}.conf`), "utf8");

describe("pct set on a stopped CT", () => {
  it("writes at once: normalized net, lower-cased sorted tags, joined nameservers, raw features", () => {
    writeConf("101", BASE);
    const r = pct("set", "101", "--net1", "bridge=vmbr1,name=eth1,firewall=on,ip=10.0.0.5/24,hwaddr=BC:24:11:00:00:01",
      "--tags", "Web;db,web", "--nameserver", "1.1.1.1,8.8.8.8", "--features", "nesting=1,keyctl=1", "--onboot", "yes");
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readConf("101")).toBe(
      [
        "arch: amd64",
        "features: nesting=1,keyctl=1",
        "hostname: web",
        "memory: 512",
        "nameserver: 1.1.1.1 8.8.8.8",
        "net0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:5E:0A:11,ip=dhcp,type=veth",
        "net1: name=eth1,bridge=vmbr1,firewall=1,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,type=veth",
        "onboot: 1",
        "ostype: debian",
        "rootfs: local-zfs:subvol-101-disk-0,size=8G",
        "swap: 512",
        "tags: db;web",
        "",
      ].join("\n"),
    );
  });

  it("generates a BC:24:11 hwaddr when none is given", () => {
    writeConf("101", BASE);
    pct("set", "101", "--net1", "name=eth1,bridge=vmbr0");
    expect(readConf("101")).toMatch(/^net1: name=eth1,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},type=veth$/m);
  });

  it.each([
    [["--unprivileged", "1"], "unable to modify read-only option: 'unprivileged'\n"],
    [["--delete", "memory"], "unable to delete required option 'memory'\n"],
    [["--delete", "rootfs"], "unable to delete required option 'rootfs'\n"],
    [[], "no options specified\n"],
    [["--dev0", "/dev/does-not-exist"], "Device /dev/does-not-exist does not exist\n"],
    [["--dev0", "/tmp"], "/tmp is not a valid device path\n"],
  ])("refuses %j with PVE's message", (args, message) => {
    writeConf("101", BASE);
    const r = pct("set", "101", ...args);
    expect([r.code, r.stderr]).toEqual([255, message]);
    expect(readConf("101")).toBe(BASE);
  });

  it("only warns for deleting a key that is not set", () => {
    writeConf("101", BASE);
    expect(pct("set", "101", "--delete", "cores")).toEqual({ code: 0, stdout: "", stderr: "cannot delete 'cores' - not set in current configuration!\n" });
  });

  it("reports schema errors as a 400 block with the usage line", () => {
    writeConf("101", BASE);
    const r = pct("set", "101", "--memory", "8", "--cores", "0");
    expect([r.code, r.stderr]).toEqual([255, "400 Parameter verification failed.\ncores: value must have a minimum value of 1\nmemory: value must have a minimum value of 16\npct set <vmid> [OPTIONS]\n"]);
  });
});

describe("config files as PVE reads and writes them", () => {
  it("keeps description lines first, URI-escaped, and raw lxc keys last in file order", () => {
    writeConf("102", "lxc.mount.entry = /a a none bind,create=dir\nmemory: 512\n#héllo: 100%\nlxc.cgroup2.devices.allow: c 195:* rwm\narch: amd64\nrootfs: local-zfs:subvol-102-disk-0,size=8G\nostype: debian\n");
    pct("set", "102", "--swap", "0");
    expect(readConf("102")).toBe(
      "#h%C3%A9llo%3A 100%25\narch: amd64\nmemory: 512\nostype: debian\nrootfs: local-zfs:subvol-102-disk-0,size=8G\nswap: 0\n" +
        "lxc.mount.entry: /a a none bind,create=dir\nlxc.cgroup2.devices.allow: c 195:* rwm\n",
    );
    expect(pct("config", "102").stdout).toBe(
      "arch: amd64\ndescription: h%C3%A9llo%3A 100%25%0A\nmemory: 512\nostype: debian\nrootfs: local-zfs:subvol-102-disk-0,size=8G\nswap: 0\n" +
        "lxc.mount.entry: /a a none bind,create=dir\nlxc.cgroup2.devices.allow: c 195:* rwm\n",
    );
  });

  it("drops refused raw keys and unparsable lines with PVE's warnings", () => {
    writeConf("103", `${BASE}lxc.rootfs.path: /x\nthis is not a line\n`);
    const r = pct("config", "103");
    expect(r.stdout).toBe(BASE);
    expect(r.stderr).toBe("vm 103 - lxc.rootfs.path: lxc.rootfs.path is auto generated from rootfs\nvm 103 - unable to parse config: this is not a line\n");
  });

  it("shows pending values merged, --current without them, and pct pending as cur/new/del", () => {
    writeConf("104", `${BASE}\n[pve:pending]\ncores: 4\ndelete: swap\n`);
    expect(pct("config", "104").stdout).toBe(BASE.replace("hostname:", "cores: 4\nhostname:").replace("swap: 512\n", ""));
    expect(pct("config", "104", "--current").stdout).toBe(BASE);
    expect(pct("pending", "104").stdout).toBe(
      "cur arch: amd64\nnew cores: 4\ncur hostname: web\ncur memory: 512\n" +
        "cur net0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:5E:0A:11,ip=dhcp,type=veth\ncur ostype: debian\n" +
        "cur rootfs: local-zfs:subvol-101-disk-0,size=8G\ndel swap: 512\n",
    );
  });

  it("says which config file is missing, by its cfs path", () => {
    expect(pct("config", "999").stderr).toBe(`Configuration file 'nodes/${NODE}/lxc/999.conf' does not exist\n`);
    expect(pct("status", "999").code).toBe(255);
  });
});

describe("listings and refusals before any storage is touched", () => {
  it("pct list prints nothing without CTs, then PVE's printf columns", () => {
    expect(pct("list")).toEqual({ code: 0, stdout: "", stderr: "" });
    writeConf("101", BASE);
    writeConf("99999", `${BASE.replace("hostname: web\n", "")}lock: backup\n`);
    expect(pct("list").stdout).toBe(
      "VMID       Status     Lock         Name                \n" +
        "101        stopped                 web                 \n" +
        "99999      stopped    backup       CT99999             \n",
    );
  });

  it("prints the snapshot tree ordered by snaptime, current last", () => {
    // Section names need two characters at least (`[a]` is no snapshot for parse_pct_config).
    writeConf("105", `${BASE}parent: s2\n\n[s2]\nparent: s1\nsnaptime: 1717000100\n\n[s1]\n#first\n#second\nsnaptime: 1717000000\n\n[s3]\nparent: s1\nsnaptime: 1717000200\n`);
    const lines = pct("listsnapshot", "105").stdout.split("\n");
    expect(lines.map((l) => l.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, "T".repeat(19)))).toEqual([
      `\`-> s1${" ".repeat(25)} ${"T".repeat(19)}     first`,
      ` \`-> s2${" ".repeat(24)} ${"T".repeat(19)}     no-description`,
      `  \`-> current${" ".repeat(18)} ${" ".repeat(23)} You are here!`,
      ` \`-> s3${" ".repeat(24)} ${"T".repeat(19)}     no-description`,
      "",
    ]);
  });

  it.each([
    [["start", "106"], "you can't start a CT if it's a template\n"],
    [["destroy", "107"], "can't remove CT 107 - protection mode enabled\n"],
    [["snapshot", "101", "vzdump"], "unable to use snapshot name 'vzdump' (reserved name)\n"],
    [["exec", "101", "--", "true"], "container '101' not running!\n"],
    [["stop", "101"], "CT 101 not running\n"],
    [["reboot", "101"], "VM 101 not running\n"],
    [["push", "101", "/etc/hostname", "/x"], "can only push files to a running CT\n"],
    [["start", "108"], "CT is locked (backup)\n"],
    [["template", "108"], "CT is locked (backup)\n"],
  ])("pct %j fails as PVE does", (args, message) => {
    writeConf("101", BASE);
    writeConf("106", `${BASE}template: 1\n`);
    writeConf("107", `${BASE}protection: 1\n`);
    writeConf("108", `${BASE}lock: backup\n`);
    expect(pct(...args)).toEqual({ code: 255, stdout: "", stderr: message });
  });

  it("unlock removes the lock silently", () => {
    writeConf("108", `${BASE}lock: backup\n`);
    expect(pct("unlock", "108")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readConf("108")).toBe(BASE);
  });

  it("rejects unknown commands and a vmid below 100 like CLIHandler", () => {
    const unknown = pct("frobnicate");
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toMatch(/^ERROR: unknown command 'pct frobnicate'\nUSAGE: pct <COMMAND> \[ARGS\] \[OPTIONS\]\n/);
    expect(pct("status", "99").stderr).toBe("400 Parameter verification failed.\nvmid: value must have a minimum value of 100\npct status <vmid> [OPTIONS]\n");
    expect(pct("exec", "101", "ls", "-la").stderr).toBe("Unknown option: la\n400 unable to parse option\npct exec <vmid> [<extra-args>] [OPTIONS]\n");
  });
});

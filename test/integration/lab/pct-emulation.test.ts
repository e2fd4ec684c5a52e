// The lab's pct and pveam emulators (lab/emulators/pct, pveam) on a real lab host: containers
// on real ZFS datasets that really run, with PVE 8's config layout, messages and exit codes.
// Expected texts come from pve-container / pve-manager sources (see fixtures/pct/README.md).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CONFIG, lab, ssh, sshOk, startPristine, type Connection } from "./lab-harness";

const NAME = "pct-lab-emulation";
const FIXTURES = path.join(__dirname, "fixtures", "pct");
const TEMPLATE = "ubuntu-24.04-standard_24.04-2_amd64.tar.zst";
const TEMPLATE_PATH = `/fastData/shared-iso/template/cache/${TEMPLATE}`;
const LXC = "quickOS/lxc-disks";
let conn: Connection;

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), "utf8");
}

/** Runs a command on the lab host and returns exit code and both streams. */
function run(command: string) {
  return ssh(conn, command);
}

beforeAll(() => {
  conn = startPristine(NAME, "--config", FIXTURE_CONFIG);
  sshOk(
    conn,
    [
      "zpool create -f quickOS /dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M",
      "zpool create -f fastData /dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y",
      `zfs create ${LXC} && zfs create quickOS/volumes && zfs create fastData/shared-iso`,
      `pvesm add zfspool quickOS-lxc-disks --pool ${LXC} --content rootdir`,
      "pvesm add zfspool quickOS-volumes --pool quickOS/volumes --content images,rootdir",
      "pvesm add dir shared-iso --path /fastData/shared-iso --content vztmpl,iso",
    ].join(" && "),
  );
});

afterAll(() => {
  lab("reset", NAME);
});

describe("pveam", () => {
  it("lists the stand-in templates and downloads one into the storage's template/cache", () => {
    expect(sshOk(conn, "pveam update")).toBe("update successful\n");
    expect(sshOk(conn, "pveam available --section system")).toBe(
      "system          debian-12-standard_12.7-1_amd64.tar.zst\n" + `system          ${TEMPLATE}\n`,
    );
    const out = sshOk(conn, `pveam download shared-iso ${TEMPLATE}`);
    expect(out).toContain(`download of 'http://download.proxmox.com/images/system/${TEMPLATE}' to '${TEMPLATE_PATH}' finished`);
    const list = sshOk(conn, "pveam list shared-iso").split("\n");
    expect(list[0]).toBe(`${"NAME".padEnd(60)} SIZE  `);
    expect(list[1]).toMatch(new RegExp(`^shared-iso:vztmpl/${TEMPLATE.replace(/\./g, "\\.")} \\d+\\.\\d\\dMB$`));
  });

  it("refuses a storage without vztmpl and an unknown template as PVE does", () => {
    const noTemplates = run(`pveam download quickOS-lxc-disks ${TEMPLATE}`);
    expect([noTemplates.code, noTemplates.stderr]).toEqual([255, "storage 'quickOS-lxc-disks' does not support templates\n"]);
    const unknown = run("pveam download shared-iso nope.tar.zst");
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toBe("400 Parameter verification failed.\ntemplate: no such template\npveam download <storage> <template>\n");
    expect(run("pveam list quickOS-lxc-disks").stderr).toBe("Storage does not support templates!\n");
  });
});

describe("pct create", () => {
  it("extracts the template onto a new subvol with refquota, shifted owners and PVE's conf layout", () => {
    const out = sshOk(
      conn,
      `pct create 900 ${TEMPLATE_PATH} --hostname tmpl --memory 2048 --cores 2 --rootfs quickOS-lxc-disks:32 ` +
        "--unprivileged 1 --net0 bridge=vmbr0,name=eth0,ip=10.0.0.90/24,gw=10.0.0.1,hwaddr=BC:24:11:00:09:00,firewall=yes " +
        "--features nesting=1 --onboot 1 --startup order=1,up=30 --tags 'template,Base'",
    );
    expect(out).toMatch(new RegExp(`^extracting archive '${TEMPLATE_PATH}'\nTotal bytes read: \\d+ .*\nDetected container architecture: amd64\n$`));
    expect(sshOk(conn, "cat /etc/pve/lxc/900.conf")).toBe(fixture("create-900.conf"));
    expect(sshOk(conn, `zfs get -H -p -o value refquota,acltype,xattr ${LXC}/subvol-900-disk-0`)).toBe("34359738368\nposix\nsa\n");
    const root = `/${LXC}/subvol-900-disk-0`;
    expect(sshOk(conn, `grep ^VERSION_ID ${root}/etc/os-release; stat -c '%u:%g %a' ${root}/etc/passwd ${root}/root ${root}/usr/bin/bash`)).toBe(
      'VERSION_ID="24.04"\n100000:100000 644\n100000:100000 700\n100000:100000 755\n',
    );
  });

  it("says `unable to create CT` and leaves no volume or config behind on failure", () => {
    sshOk(conn, "head -c 4096 /dev/urandom > /root/broken.tar.zst");
    const r = run("pct create 905 /root/broken.tar.zst --rootfs quickOS-lxc-disks:1 --mp0 quickOS-volumes:1,mp=/data");
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^unable to create CT 905 - command 'tar xpf \/root\/broken.tar.zst .*' failed: exit code 2\n$/);
    expect(sshOk(conn, "zfs list -H -o name -r quickOS | grep -c -- '-905-' || true")).toBe("0\n");
    expect(run("test -e /etc/pve/lxc/905.conf").code).toBe(1);
    expect(run(`pct create 900 ${TEMPLATE_PATH}`).stderr).toBe("CT 900 already exists on node 'pct-lab-emulation'\n");
    expect(run("pct create 907 local:vztmpl/missing.tar.zst").stderr).toBe("can't find file 'local:vztmpl/missing.tar.zst'\n");
    expect(run("pct create 907 local:iso/x.iso").stderr).toBe("unable to use volume local:iso/x.iso - content type needs to be vztmpl\n");
    const noRootdir = run(`pct create 906 ${TEMPLATE_PATH} --rootfs shared-iso:1`);
    expect(noRootdir.stderr).toBe(
      "400 Parameter verification failed.\nstorage: storage 'shared-iso' does not support container directories\npct create <vmid> <ostemplate> [OPTIONS]\n",
    );
    expect(run(`pct create 906 ${TEMPLATE_PATH} --mp0 quickOS-volumes:1,mp=/x`).stderr).toBe(
      "mount points configured, but 'rootfs' not set - aborting\n",
    );
  });
});

describe("config file layout", () => {
  it("rewrites a hand-edited file in write_pct_config's order and prints pct config like PVE", () => {
    sshOk(conn, `cat > /etc/pve/lxc/150.conf <<'EOF'\n${fixture("raw-150.conf")}EOF\npct set 150 --swap 256`);
    expect(sshOk(conn, "cat /etc/pve/lxc/150.conf")).toBe(fixture("written-150.conf"));
    expect(sshOk(conn, "pct config 150")).toBe(fixture("config-150.txt"));
    expect(sshOk(conn, "pct config 150 --current")).toBe(fixture("config-150-current.txt"));
    expect(sshOk(conn, "pct pending 150")).toContain("new cores: 8\n");
    sshOk(conn, "rm /etc/pve/lxc/150.conf");
  });
});

describe("snapshots and clones", () => {
  it("snapshots with PVE's name rules and lists the tree", () => {
    sshOk(conn, `pct snapshot 900 pre-configured --description 'base setup'`);
    expect(run("pct snapshot 900 current").stderr).toBe("unable to use snapshot name 'current' (reserved name)\n");
    expect(run("pct snapshot 900 a").stderr).toBe(
      "400 Parameter verification failed.\nsnapname: invalid format - invalid configuration ID 'a'\npct snapshot <vmid> <snapname> [OPTIONS]\n",
    );
    expect(run("pct snapshot 900 pre-configured").stderr).toBe("snapshot name 'pre-configured' already used\n");
    expect(sshOk(conn, `zfs list -H -o name -t snapshot -r ${LXC}/subvol-900-disk-0`)).toBe(`${LXC}/subvol-900-disk-0@pre-configured\n`);
    const conf = sshOk(conn, "cat /etc/pve/lxc/900.conf").replace(/snaptime: \d+/, "snaptime: T");
    expect(conf).toBe(
      fixture("create-900.conf").replace("rootfs:", "parent: pre-configured\nrootfs:") +
        "\n[pre-configured]\n#base setup\n" +
        fixture("create-900.conf").replace("startup:", "snaptime: T\nstartup:"),
    );
    expect(sshOk(conn, "pct listsnapshot 900")).toMatch(
      /^`-> pre-configured {14}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}base setup\n `-> current {44}You are here!\n$/,
    );
  });

  it("full-clones from the snapshot: its content, a new MAC, no snapshots or parent", () => {
    sshOk(conn, `echo after > /${LXC}/subvol-900-disk-0/root/after-snapshot`);
    expect(sshOk(conn, "pct clone 900 901 --snapname pre-configured --hostname gpu1")).toBe(
      "create full clone of mountpoint rootfs (quickOS-lxc-disks:subvol-900-disk-0)\n",
    );
    const conf = sshOk(conn, "cat /etc/pve/lxc/901.conf");
    expect(conf).toMatch(/^hostname: gpu1$/m);
    expect(conf).toMatch(/^rootfs: quickOS-lxc-disks:subvol-901-disk-0,size=32G$/m);
    expect(conf).toMatch(/^net0: name=eth0,bridge=vmbr0,firewall=1,gw=10\.0\.0\.1,hwaddr=BC:24:11:[0-9A-F:]{8},ip=10\.0\.0\.90\/24,type=veth$/m);
    expect(conf).not.toContain("BC:24:11:00:09:00");
    expect(conf).not.toMatch(/parent|snaptime|\[/);
    const root = `/${LXC}/subvol-901-disk-0`;
    expect(sshOk(conn, `ls ${root}/root; stat -c %u ${root}/etc/passwd; zfs list -H -t snapshot -o name -r ${LXC}/subvol-901-disk-0 | wc -l; zfs get -H -p -o value refquota ${LXC}/subvol-901-disk-0`)).toBe(
      "100000\n0\n34359738368\n",
    );
    expect(run("pct clone 900 902 --snapname nope").stderr).toBe("snapshot 'nope' does not exist\n");
    expect(run("pct clone 900 901").stderr).toBe("CT 901 already exists on node 'pct-lab-emulation'\n");
    expect(run("test -e /etc/pve/lxc/902.conf").code).toBe(1);
    expect(sshOk(conn, "grep -c '^lock' /etc/pve/lxc/900.conf || true")).toBe("0\n");
    expect(run("pct clone 900 902 --full 0").stderr).toBe(
      "Linked clone feature for 'quickOS-lxc-disks:subvol-900-disk-0' is not available\n",
    );
  });

  it("rolls back only to the newest snapshot, and deletes snapshots re-pointing parent", () => {
    sshOk(conn, "pct snapshot 900 second && pct set 900 --memory 4096");
    expect(run("pct rollback 900 pre-configured").stderr).toBe(
      "can't rollback, 'pre-configured' is not most recent snapshot on 'quickOS-lxc-disks:subvol-900-disk-0'\n",
    );
    sshOk(conn, `echo later > /${LXC}/subvol-900-disk-0/root/later && pct rollback 900 second`);
    expect(run(`test -e /${LXC}/subvol-900-disk-0/root/later`).code).toBe(1);
    expect(sshOk(conn, "pct config 900 | grep -E '^(memory|parent):'")).toBe("memory: 2048\nparent: second\n");
    sshOk(conn, "pct delsnapshot 900 second");
    expect(sshOk(conn, "grep -c '^parent: pre-configured$' /etc/pve/lxc/900.conf")).toBe("1\n");
    expect(run("pct delsnapshot 900 second").stderr).toBe("snapshot 'second' does not exist\n");
  });
});

describe("running containers", () => {
  it("start: own PID and UTS namespaces in the rootfs; exec returns the command's output and exit code", () => {
    expect(sshOk(conn, "pct start 901 && pct status 901")).toBe("status: running\n");
    expect(run("pct start 901").stderr).toBe("CT 901 already running\n");
    const r = run("pct exec 901 -- bash -c 'hostname; cat /etc/hostname; grep ^NAME= /etc/os-release; echo $$; exit 7'");
    expect(r.code).toBe(7);
    expect(r.stdout).toMatch(/^gpu1\ngpu1\nNAME="Ubuntu"\n\d+\n$/);
    expect(sshOk(conn, "pct exec 901 -- cat /proc/1/comm")).toBe("sh\n");
    const list = sshOk(conn, "pct list");
    expect(list).toBe(
      `${"VMID".padEnd(10)} ${"Status".padEnd(10)} ${"Lock".padEnd(12)} ${"Name".padEnd(20)}\n` +
        `${"900".padEnd(10)} ${"stopped".padEnd(10)} ${"".padEnd(12)} ${"tmpl".padEnd(20)}\n` +
        `${"901".padEnd(10)} ${"running".padEnd(10)} ${"".padEnd(12)} ${"gpu1".padEnd(20)}\n`,
    );
    expect(sshOk(conn, "pct status 901 --verbose")).toMatch(/^cpus: 2\n(.*\n)*maxdisk: 34359738368\nmaxmem: 2147483648\n(.*\n)*pid: \d+\nstatus: running\n(.*\n)*type: lxc\n(.*\n)*vmid: 901\n$/);
  });

  it("set on a running CT: hot-pluggable keys at once, the rest pending; unprivileged is read-only", () => {
    sshOk(conn, "pct set 901 --memory 4096 --cores 4 --features nesting=1,keyctl=1 --mp0 quickOS-volumes:1,mp=/data");
    const conf = sshOk(conn, "cat /etc/pve/lxc/901.conf");
    const [main, pending] = conf.split("\n[pve:pending]\n");
    expect(main).toMatch(/^cores: 4$/m);
    expect(main).toMatch(/^memory: 4096$/m);
    expect(main).toMatch(/^mp0: quickOS-volumes:subvol-901-disk-0,mp=\/data,size=1G$/m);
    expect(pending).toBe("features: nesting=1,keyctl=1\n");
    expect(sshOk(conn, "pct exec 901 -- sh -c 'echo x > /data/f && cat /data/f'")).toBe("x\n");
    expect(sshOk(conn, "pct config 901 --current | grep ^features")).toBe("features: nesting=1\n");
    const ro = run("pct set 901 --unprivileged 0");
    expect([ro.code, ro.stderr]).toEqual([255, "unable to modify read-only option: 'unprivileged'\n"]);
    expect(run("pct set 901 --delete unprivileged").stderr).toBe("unable to delete read-only option: 'unprivileged'\n");
    expect(run("pct set 901").stderr).toBe("no options specified\n");
  });

  it("passes GPU device nodes through with the host's numbers", () => {
    sshOk(conn, "pct set 901 --dev0 /dev/nvidia0 --dev1 /dev/nvidiactl && pct reboot 901");
    expect(sshOk(conn, "grep -c pve:pending /etc/pve/lxc/901.conf || true")).toBe("0\n");
    expect(sshOk(conn, "pct exec 901 -- stat -c '%t:%T %F' /dev/nvidia0 /dev/nvidiactl")).toBe(
      "c3:0 character special file\nc3:ff character special file\n",
    );
    expect(run("pct set 901 --dev2 /dev/nvidia7").stderr).toBe("Device /dev/nvidia7 does not exist\n");
  });

  it("refuses destroy while running or protected; a killed init reads as stopped", () => {
    expect(run("pct destroy 901").stderr).toBe("unable to destroy CT 901 - container is running\n");
    sshOk(conn, "kill -9 $(pct status 901 --verbose | sed -n 's/^pid: //p')");
    expect(sshOk(conn, "pct status 901")).toBe("status: stopped\n");
    const stopped = run("pct exec 901 -- true");
    expect([stopped.code, stopped.stderr]).toEqual([255, "container '901' not running!\n"]);
    expect(run("pct stop 901").stderr).toBe("CT 901 not running\n");
    sshOk(conn, "pct set 901 --protection 1");
    expect(run("pct destroy 901").stderr).toBe("can't remove CT 901 - protection mode enabled\n");
    sshOk(conn, "pct set 901 --delete protection && mkdir -p /etc/pve/firewall && touch /etc/pve/firewall/901.fw && pct destroy 901");
    expect(sshOk(conn, "ls /etc/pve/lxc /etc/pve/firewall; zfs list -H -o name -r quickOS | grep -c -- '-901-' || true")).toBe(
      "/etc/pve/firewall:\n\n/etc/pve/lxc:\n900.conf\n0\n",
    );
  });
});

describe("resize and templates", () => {
  it("grows refquota and size=, refuses to shrink", () => {
    expect(run("pct resize 900 rootfs 16G").stderr).toBe("unable to shrink disk size\n");
    expect(run("pct resize 900 rootfs 32G").stderr).toBe("disk is already at specified size\n");
    sshOk(conn, "pct resize 900 rootfs +2G");
    // The snapshot section keeps the size the volume had when it was taken.
    expect(sshOk(conn, `grep ^rootfs /etc/pve/lxc/900.conf; zfs get -H -p -o value refquota ${LXC}/subvol-900-disk-0`)).toBe(
      "rootfs: quickOS-lxc-disks:subvol-900-disk-0,size=34G\nrootfs: quickOS-lxc-disks:subvol-900-disk-0,size=32G\n36507222016\n",
    );
  });

  it("turns a CT into a template whose base volume gives linked clones, and refuses to start it", () => {
    expect(run("pct template 900").stderr).toBe("unable to create template, because CT contains snapshots\n");
    sshOk(conn, "pct delsnapshot 900 pre-configured && pct template 900");
    expect(sshOk(conn, "grep -E '^(rootfs|template):' /etc/pve/lxc/900.conf")).toBe(
      "rootfs: quickOS-lxc-disks:basevol-900-disk-0,size=34G\ntemplate: 1\n",
    );
    expect(run("pct start 900").stderr).toBe("you can't start a CT if it's a template\n");
    expect(sshOk(conn, "pct clone 900 950")).toBe(
      "create linked clone of mount point rootfs (quickOS-lxc-disks:basevol-900-disk-0)\n",
    );
    expect(sshOk(conn, `grep ^rootfs /etc/pve/lxc/950.conf; zfs get -H -o value origin ${LXC}/subvol-950-disk-0`)).toBe(
      `rootfs: quickOS-lxc-disks:basevol-900-disk-0/subvol-950-disk-0,size=34G\n${LXC}/basevol-900-disk-0@__base__\n`,
    );
    expect(sshOk(conn, "pct start 950 && pct exec 950 -- cat /etc/hostname && pct stop 950 && pct status 950")).toBe(
      "tmpl\nstatus: stopped\n",
    );
  });
});

describe("host boot", () => {
  it("ends containers with the host and starts the onboot ones again at the next up", () => {
    sshOk(conn, "pct start 950 && pct set 900 --delete onboot");
    expect(lab("down", NAME).code).toBe(0);
    expect(lab("up", NAME, "--config", FIXTURE_CONFIG).code).toBe(0);
    // 950 inherited onboot: 1 from its template; pve-guests starts it in the background.
    let status = "";
    for (let i = 0; i < 50 && status !== "status: running\n"; i++) status = sshOk(conn, "sleep 0.2; pct status 950");
    expect(status).toBe("status: running\n");
    expect(sshOk(conn, "pct exec 950 -- cat /proc/1/comm")).toBe("sh\n");
  });
});

describe("emulated GPUs", () => {
  it("has NVIDIA character devices with the driver's majors, listed in /proc/devices", () => {
    expect(sshOk(conn, "stat -c '%n %F %t:%T' /dev/nvidia0 /dev/nvidia1 /dev/nvidiactl /dev/nvidia-modeset /dev/nvidia-uvm /dev/nvidia-uvm-tools /dev/nvidia-caps/nvidia-cap1")).toBe(
      [
        "/dev/nvidia0 character special file c3:0",
        "/dev/nvidia1 character special file c3:1",
        "/dev/nvidiactl character special file c3:ff",
        "/dev/nvidia-modeset character special file c3:fe",
        "/dev/nvidia-uvm character special file 1fc:0",
        "/dev/nvidia-uvm-tools character special file 1fc:1",
        "/dev/nvidia-caps/nvidia-cap1 character special file 1fd:1",
        "",
      ].join("\n"),
    );
    expect(sshOk(conn, "grep nvidia /proc/devices")).toBe("195 nvidia-frontend\n508 nvidia-uvm\n509 nvidia-caps\n");
    expect(run("test -e /dev/nvidia2").code).toBe(1);
  });
});

describe("lab up --gpus 0", () => {
  const BARE = "pct-lab-nogpu";
  afterAll(() => {
    lab("reset", BARE);
  });

  it("has no NVIDIA nodes and no driver lines in /proc/devices", () => {
    const bare = startPristine(BARE, "--config", FIXTURE_CONFIG, "--gpus", "0");
    expect(ssh(bare, "ls /dev | grep -c nvidia; grep -c nvidia /proc/devices").stdout).toBe("0\n0\n");
  });

  it("refuses a GPU count it cannot provide", () => {
    const r = lab("up", "pct-lab-badgpu", "--gpus", "ten");
    expect([r.code, r.stderr]).toEqual([1, "lab: error: --gpus takes a number of GPUs from 0 to 9, got 'ten'\n"]);
  });
});

// LxcContainer hooks against a lab host (its pct/pveam emulators on real ZFS): create from a
// template and by clone, a no-op second look, drift seen by read and repaired by update, GPU
// lines from the host's device numbers, volume data kept, guarded delete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labSsh, labSshOk, labUp, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "lxc-it-container";
const TEMPLATE = "ubuntu-24.04-standard_24.04-2_amd64.tar.zst";
let lab: LabConnection;

beforeAll(async () => {
  lab = labUp(LAB, ["--extra-disks", "ata-LAB_CT", "--disk-size", "4G", "--gpus", "2"]);
  await labHandlers(lab, "ZfsPool").create({ name: "ct", raidLevel: "single", disks: ["/dev/disk/by-id/ata-LAB_CT"] });
  labSshOk(LAB, "zfs create ct/disks && zfs create ct/vols && zfs create -o mountpoint=/ct/iso ct/iso");
  labSshOk(LAB, "pvesm add zfspool ct-disks --pool ct/disks --content rootdir,images");
  labSshOk(LAB, "pvesm add zfspool ct-vols --pool ct/vols --content rootdir,images");
  labSshOk(LAB, "pvesm add dir ct-iso --path /ct/iso --content vztmpl,iso");
  labSshOk(LAB, `pveam download ct-iso ${TEMPLATE}`);
}, 900_000);

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

const base = {
  ctid: "950",
  hostname: "web",
  source: { kind: "template", template: `ct-iso:vztmpl/${TEMPLATE}` },
  unprivileged: true,
  memoryMb: 512,
  cores: 1,
  rootfs: { storage: "ct-disks", sizeGb: 1 },
  nics: [{ index: 0, name: "eth0", bridge: "vmbr0", ip: "10.0.0.150/24", gw: "10.0.0.1", hwaddr: "52:54:00:67:89:B0", firewall: true }],
  nameservers: ["10.0.0.1"],
  features: { nesting: "1" },
  onboot: true,
  startup: { order: 2, up: 5 },
  volumes: [{ storage: "ct-vols", sizeGb: 1, mountPoint: "/data" }],
  bindMounts: [{ hostPath: "/srv/shared/ssl", containerPath: "/certs", owner: { uid: 0, gid: 0 } }],
  firewall: { enabled: true, rules: [{ direction: "in", action: "ACCEPT", source: "10.0.0.153", proto: "tcp", dport: "9443" }] },
};
const conf = (id: string) => labSshOk(LAB, `cat /etc/pve/lxc/${id}.conf`);

describe("LxcContainer on a lab host", () => {
  let outs: Record<string, unknown>;

  it("creates, mounts, writes the firewall file (checked by PVE's parser) and starts; a second look changes nothing", async () => {
    const ct = labHandlers(lab, "LxcContainer");
    ({ outs } = await ct.create({ ...base }));
    const text = conf("950");
    expect(text).toMatch(/^mp0: ct-vols:subvol-950-disk-\d+,mp=\/data,size=1G$/m);
    expect(text).toContain("mp1: /srv/shared/ssl,mp=/certs\n");
    expect(text).toContain("startup: order=2,up=5\n");
    expect(text).toContain("net0: name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=52:54:00:67:89:B0,ip=10.0.0.150/24,type=veth\n");
    expect(labSshOk(LAB, "pct status 950")).toBe("status: running\n");
    expect(labSshOk(LAB, "stat -c '%u:%g' /srv/shared/ssl")).toBe("100000:100000\n");
    expect(labSshOk(LAB, "cat /etc/pve/firewall/950.fw")).toContain("IN ACCEPT -source 10.0.0.153 -p tcp -dport 9443\n");
    expect(await ct.diff("950", outs, { ...base })).toEqual({ changes: false });
    const read = await ct.read("950", outs);
    expect(await ct.diff("950", read.props!, { ...base })).toEqual({ changes: false });
  });

  it("never installs a firewall file PVE's parser warns about (an alias nobody defines); the old file stays", async () => {
    const ct = labHandlers(lab, "LxcContainer");
    const before = labSshOk(LAB, "cat /etc/pve/firewall/950.fw");
    const rules = [...base.firewall.rules, { direction: "in", action: "ACCEPT", source: "nosuch", proto: "tcp", dport: "22" }];
    const err = await ct.update("950", outs, { ...base, firewall: { ...base.firewall, rules } }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/950\.fw \(line \d+\) - errors in rule parameters: IN ACCEPT -source nosuch -p tcp -dport 22\n\s+source: no such alias 'nosuch'[\s\S]*failed the check \(perl\); the old file is kept/);
    expect(labSshOk(LAB, "cat /etc/pve/firewall/950.fw")).toBe(before);
    expect(labSshOk(LAB, "ls -a /etc/pve/firewall")).not.toContain(".phoenix-");
  });

  it("repairs memory set out of band, a stopped container, a removed mount, and keeps the volume's data", async () => {
    const ct = labHandlers(lab, "LxcContainer");
    labSshOk(LAB, "pct exec 950 -- sh -c 'echo kept > /data/file'");
    labSshOk(LAB, "pct stop 950 && pct set 950 --memory 768 --delete mp1");
    const read = await ct.read("950", outs);
    expect(await ct.diff("950", read.props!, { ...base })).toEqual({ changes: true });
    ({ outs } = await ct.update("950", read.props!, { ...base }));
    const text = conf("950");
    expect(text).toContain("memory: 512\n");
    expect(text).toContain("mp1: /srv/shared/ssl,mp=/certs\n");
    expect(labSshOk(LAB, "pct status 950")).toBe("status: running\n");
    expect(labSshOk(LAB, "pct exec 950 -- cat /data/file")).toBe("kept\n");
  });

  it("parks a features change of a running container in [pve:pending] once, and restores an edited raw line", async () => {
    const ct = labHandlers(lab, "LxcContainer");
    const next = { ...base, features: { nesting: "1", keyctl: "1" }, rawLxc: [{ key: "lxc.apparmor.profile", value: "unconfined" }] };
    ({ outs } = await ct.update("950", outs, next));
    expect(conf("950")).toMatch(/\[pve:pending\]\nfeatures: keyctl=1,nesting=1\n/);
    expect(conf("950")).toContain("lxc.apparmor.profile: unconfined\n");
    const read = await ct.read("950", outs);
    expect(await ct.diff("950", read.props!, next)).toEqual({ changes: false });
    labSshOk(LAB, "sed -i 's/^lxc.apparmor.profile: unconfined$/lxc.apparmor.profile: generated/' /etc/pve/lxc/950.conf");
    const edited = await ct.read("950", outs);
    expect(await ct.diff("950", edited.props!, next)).toEqual({ changes: true });
    ({ outs } = await ct.update("950", edited.props!, next));
    expect(conf("950")).toContain("lxc.apparmor.profile: unconfined\n");
    expect(conf("950")).not.toContain("generated");
  });

  it("clones from a snapshot with GPU lines derived from the host's device numbers, and removes them with the assignment", async () => {
    const ct = labHandlers(lab, "LxcContainer");
    // PVE cannot clone bind mounts, so the source is a plain container, stopped, with a snapshot.
    const plain = { ...base, volumes: [], bindMounts: [], firewall: undefined, nics: [{ ...base.nics[0], firewall: false }] };
    const source = { ...plain, ctid: "940", hostname: "base", running: false, nics: [{ ...plain.nics[0], ip: "10.0.0.140/24", hwaddr: "52:54:00:67:89:A0" }] };
    await ct.create(source);
    labSshOk(LAB, "pct snapshot 940 base");
    const clone = { ...plain, ctid: "951", hostname: "gpu", source: { kind: "clone", from: "940", snapshot: "base" }, gpus: [1],
      rootfs: { storage: "ct-disks", sizeGb: 2 }, nics: [{ ...plain.nics[0], ip: "10.0.0.151/24", hwaddr: "52:54:00:67:89:B1" }] };
    const { outs: cloned } = await ct.create(clone);
    const majors = labSshOk(LAB, "stat -c '%t:%T %n' /dev/nvidia1 /dev/nvidiactl");
    const [gpu, ctl] = majors.trim().split("\n").map((l) => l.split(" ")[0].split(":").map((h) => parseInt(h, 16)).join(":"));
    const text = conf("951");
    expect(text).toContain(`lxc.cgroup2.devices.allow: c ${gpu} rwm\n`);
    expect(text).toContain(`lxc.cgroup2.devices.allow: c ${ctl} rwm\n`);
    expect(text).toContain("lxc.mount.entry: /dev/nvidia1 dev/nvidia1 none bind,optional,create=file\n");
    expect(text).not.toContain("/dev/nvidia0 ");
    expect(text).toMatch(/^rootfs: ct-disks:subvol-951-disk-0,size=2G$/m);
    await ct.update("951", cloned, { ...clone, gpus: [], running: false });
    expect(conf("951")).not.toContain("nvidia");
    expect(labSshOk(LAB, "pct status 951")).toBe("status: stopped\n");
  });

  it("refuses to delete without permission, naming the disks; destroys when allowed", async () => {
    const denied = labHandlers(lab, "LxcContainer");
    await expect(denied.delete("950", outs)).rejects.toThrow(/deleting it would destroy its disks rootfs ct-disks:subvol-950-disk-0 \(1G\)/);
    expect(labSsh(LAB, "pct status 950").code).toBe(0);
    const allowed = labHandlers(lab, "LxcContainer", { allowDestroy: '["LxcContainer:950"]' });
    await allowed.delete("950", outs);
    expect(labSsh(LAB, "pct status 950").code).not.toBe(0);
    expect(labSsh(LAB, "test -d /srv/shared/ssl").code).toBe(0);
  });
});

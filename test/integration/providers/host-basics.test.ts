// Host basics against a real host (the lab, Debian bookworm as PVE 8): time zone link and file,
// the node's /etc/hosts line and a refused rename with a guest, the no-subscription repositories
// with the enterprise lines commented (not deleted) and restored on delete, and a shared volume
// whose existing files keep their owners.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labSshOk, labUp, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "hb-it";
let lab: LabConnection;
const ssh = (command: string) => labSshOk(LAB, command);

beforeAll(() => {
  lab = labUp(LAB);
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("HostTimezone on a real host", () => {
  it("links the zone, repairs drift, and refuses a zone tzdata lacks", async () => {
    const tz = labHandlers(lab, "HostTimezone");
    const { outs } = await tz.create({ zone: "America/New_York" });
    expect(ssh("readlink /etc/localtime; cat /etc/timezone; date +%Z")).toMatch(/^\/usr\/share\/zoneinfo\/America\/New_York\nAmerica\/New_York\nE[SD]T\n$/);
    expect(await tz.diff("timezone", outs, { zone: "America/New_York" })).toEqual({ changes: false });
    ssh("ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime");
    const drifted = await tz.read("timezone", outs);
    expect(await tz.diff("timezone", drifted.props!, { zone: "America/New_York" })).toEqual({ changes: true });
    await tz.update("timezone", drifted.props!, { zone: "America/New_York" });
    expect(ssh("readlink /etc/localtime")).toBe("/usr/share/zoneinfo/America/New_York\n");
    await expect(tz.create({ zone: "Mars/Olympus" })).rejects.toThrow(/no \/usr\/share\/zoneinfo\/Mars\/Olympus/);
  });
});

describe("HostName on a real host", () => {
  it("maps the node's name to its address in place of a loopback line, and refuses a rename with a guest", async () => {
    ssh(`printf '127.0.0.1 localhost\\n127.0.1.1 ${LAB}\\n' > /etc/hosts`);
    const hn = labHandlers(lab, "HostName");
    const { outs } = await hn.create({ name: LAB, address: "10.0.0.13", domain: "lan" });
    expect(ssh("cat /etc/hosts")).toBe(`127.0.0.1 localhost\n10.0.0.13\t${LAB}.lan ${LAB}\n`);
    expect(ssh("hostname")).toBe(`${LAB}\n`);
    expect(await hn.diff("hostname", outs, { name: LAB, address: "10.0.0.13", domain: "lan" })).toEqual({ changes: false });
    ssh(`mkdir -p /etc/pve/local/lxc && touch /etc/pve/local/lxc/100.conf`);
    await expect(hn.update("hostname", outs, { name: "hbrenamed", address: "10.0.0.13", domain: "lan" })).rejects.toThrow(/the node has guests \(100.conf/);
    expect(ssh("cat /etc/hostname")).toBe(`${LAB}\n`);
    ssh("rm /etc/pve/local/lxc/100.conf");
  });
});

describe("AptRepositories on a real host", () => {
  const D = "/etc/apt/sources.list.d";
  it("adds the bookworm no-subscription file, comments the enterprise lines, and restores them on delete", async () => {
    const apt = labHandlers(lab, "AptRepositories");
    const { outs } = await apt.create({ channel: "no-subscription" });
    expect(ssh(`cat ${D}/pve-enterprise.list ${D}/ceph.list`)).toBe(
      "# deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n# deb https://enterprise.proxmox.com/debian/ceph-quincy bookworm enterprise\n",
    );
    expect(ssh(`grep -v '^#' ${D}/phoenix-proxmox.list`)).toBe(
      "deb http://download.proxmox.com/debian/pve bookworm pve-no-subscription\ndeb http://download.proxmox.com/debian/ceph-quincy bookworm no-subscription\n",
    );
    expect(await apt.diff("proxmox-repositories", outs, { channel: "no-subscription" })).toEqual({ changes: false });
    ssh(`sed -i 's/^# //' ${D}/pve-enterprise.list`);
    const drifted = await apt.read("proxmox-repositories", outs);
    expect(await apt.diff("proxmox-repositories", drifted.props!, { channel: "no-subscription" })).toEqual({ changes: true });
    await apt.update("proxmox-repositories", drifted.props!, { channel: "no-subscription" });
    expect(ssh(`cat ${D}/pve-enterprise.list`)).toBe("# deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n");
    await apt.delete("proxmox-repositories", outs);
    expect(ssh(`ls ${D}; cat ${D}/pve-enterprise.list`)).toBe("ceph.list\npve-enterprise.list\ndeb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n");
  });
});

describe("SharedVolume on a real host", () => {
  it("owns a new directory as container root, chowns only the top of an existing one, keeps it on delete", async () => {
    const sv = labHandlers(lab, "SharedVolume");
    const fresh = { name: "ssl_certs", path: "/mnt/pve/quickOS/ssl", ownedBy: "container_root" };
    const { outs } = await sv.create(fresh);
    expect(ssh("stat -c %u:%g /mnt/pve/quickOS/ssl")).toBe("100000:100000\n");
    ssh("mkdir -p /srv/data && touch /srv/data/mine && chown 123:123 /srv/data/mine && useradd -M svowner");
    const named = { name: "data", path: "/srv/data", ownedBy: "svowner" };
    await sv.create(named);
    const uid = ssh("id -u svowner").trim();
    expect(ssh("stat -c %u /srv/data /srv/data/mine")).toBe(`${uid}\n123\n`);
    await sv.delete("/mnt/pve/quickOS/ssl", outs);
    expect(ssh("test -d /mnt/pve/quickOS/ssl && echo kept")).toBe("kept\n");
    await expect(sv.create({ name: "x", path: "/srv/x", ownedBy: "nosuchuser" })).rejects.toThrow(/owner "nosuchuser" is no user on the host/);
  });
});

import { describe, expect, it } from "vitest";
import { netDiffers, parseDiskSize, parseFeatures, parseMount, parseStartup, renderNet } from "../../../providers/lxc-container/props";
import { NicSchema } from "../../../providers/lxc-container/schema";
import { describeSet } from "../../../providers/lxc-container/plan-settings";

describe("PVE property strings", () => {
  it("renders netN as PVE stores it: name first, other keys sorted, type=veth", () => {
    const nic = NicSchema.parse({ index: 0, name: "eth0", bridge: "vmbr0", ip: "10.0.0.5/24", gw: "10.0.0.1", tag: 20, mtu: 1400, firewall: true });
    expect(renderNet(nic, "BC:24:11:5E:0A:11")).toBe("name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=BC:24:11:5E:0A:11,ip=10.0.0.5/24,mtu=1400,tag=20,type=veth");
    expect(netDiffers(nic, "name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=AA:AA:AA:AA:AA:AA,ip=10.0.0.5/24,mtu=1400,tag=20,type=veth")).toBe(false);
    expect(netDiffers({ ...nic, hwaddr: "bc:24:11:5e:0a:11" }, "name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=BC:24:11:5E:0A:11,ip=10.0.0.5/24,mtu=1400,tag=20,type=veth")).toBe(false);
    expect(netDiffers(nic, "name=eth0,bridge=vmbr0,gw=10.0.0.1,ip=10.0.0.5/24,mtu=1400,tag=20,type=veth")).toBe(true);
  });

  it("reads rootfs and mpN with the volume as default key, bind mounts by their absolute path", () => {
    expect(parseMount("rootfs", "local-zfs:subvol-100-disk-0,size=8G")).toEqual({ key: "rootfs", volume: "local-zfs:subvol-100-disk-0", mp: "/", sizeBytes: 8 * 2 ** 30, readOnly: false, bind: false });
    expect(parseMount("mp1", "/srv/a,mp=/a,ro=1")).toEqual({ key: "mp1", volume: "/srv/a", mp: "/a", readOnly: true, bind: true });
    expect(parseMount("mp0", "volume=vols:subvol-100-disk-1,mp=/data,size=512M").sizeBytes).toBe(512 * 2 ** 20);
  });

  it("reads disk sizes, features and startup the way PVE writes them", () => {
    expect(parseDiskSize("1.5T")).toBe(1.5 * 2 ** 40);
    expect(parseDiskSize("4096")).toBe(4096);
    expect(parseDiskSize("8X")).toBeUndefined();
    expect(parseFeatures("keyctl=1,nesting=on,mount=nfs;cifs")).toEqual({ keyctl: "1", nesting: "1", mount: "nfs;cifs" });
    expect(parseStartup("2,up=30,down=60")).toEqual({ order: 2, up: 30 });
  });
});

describe("describeSet: what a pct set changes, for its step's why", () => {
  it.each([
    ["a new key, whole", "onboot", "1", undefined, "onboot=1"],
    ["a plain value with the old one", "memory", "4096", "2048", "memory=4096 (was 2048)"],
    ["a nameserver list, whole", "nameserver", "1.1.1.1 8.8.8.8", "8.8.8.8", "nameserver=1.1.1.1 8.8.8.8 (was 8.8.8.8)"],
    [
      "a NIC: only the parts that change",
      "net0",
      "name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=52:54:00:67:89:B3,ip=10.0.0.153/24,type=veth",
      "name=eth0,bridge=vmbr0,gw=10.0.0.1,ip=10.0.0.200/24,type=veth",
      "net0: firewall=1, hwaddr=52:54:00:67:89:B3, ip=10.0.0.153/24 (was 10.0.0.200/24)",
    ],
    ["a part that goes", "net0", "name=eth0,bridge=vmbr0,ip=dhcp,type=veth", "name=eth0,bridge=vmbr0,gw=10.0.0.1,ip=10.0.0.5/24,type=veth", "net0: ip=dhcp (was 10.0.0.5/24), no gw (was 10.0.0.1)"],
    ["startup order and delay", "startup", "order=1,up=5", "order=0,up=0", "startup: order=1 (was 0), up=5 (was 0)"],
    ["the same parts in another order, whole", "features", "keyctl=1,nesting=1", "nesting=1,keyctl=1", "features=keyctl=1,nesting=1 (was nesting=1,keyctl=1)"],
  ])("%s", (_what, key, value, was, said) => {
    expect(describeSet(key, value, was)).toBe(said);
  });
});

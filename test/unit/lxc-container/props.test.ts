import { describe, expect, it } from "vitest";
import { netDiffers, parseDiskSize, parseFeatures, parseMount, parseStartup, renderNet } from "../../../providers/lxc-container/props";
import { NicSchema } from "../../../providers/lxc-container/schema";

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

import { describe, expect, it } from "vitest";
import type { HypervisorConfig } from "../../../config/load";
import { hostNameArgs, sharedVolumeArgs } from "../../../stack/host";

const hv = (file: object) => ({ file }) as unknown as HypervisorConfig;
const network = { interfaces: { name: "vmbr0", address: "10.0.0.13/24", gateway: "10.0.0.1", dns_nameservers: "8.8.8.8" } };

describe("hostNameArgs", () => {
  it("keeps the node's name when network.hostname is absent (no `phoenix` default) and drops the prefix", () => {
    expect(hostNameArgs(hv({ network }))).toEqual({ address: "10.0.0.13" });
  });
  it("names the node and its domain when the file does", () => {
    expect(hostNameArgs(hv({ network: { ...network, hostname: "phoenix" }, domain_name: "internal.thinkheads.ai" }))).toEqual({ name: "phoenix", address: "10.0.0.13", domain: "internal.thinkheads.ai" });
  });
});

describe("sharedVolumeArgs", () => {
  it("maps every volume (owner absent = container root, a name kept), skipping the misplaced firewall block", () => {
    const shared_volumes = {
      ssl_certs: { host_path: "/mnt/pve/quickOS/shared-prod-data/ssl", mounts: { "101": "/etc/nginx/ssl" } },
      backups: { host_path: "/srv/backups", owner: "phoenix_admin", mounts: {} },
      firewall: { enabled: true },
    };
    expect(sharedVolumeArgs(hv({ users: { username: "phoenix_admin" }, shared_volumes }))).toEqual([
      { name: "ssl_certs", path: "/mnt/pve/quickOS/shared-prod-data/ssl", ownedBy: "container_root", ownerDeclared: false },
      { name: "backups", path: "/srv/backups", ownedBy: "phoenix_admin", ownerDeclared: true },
    ]);
  });
});

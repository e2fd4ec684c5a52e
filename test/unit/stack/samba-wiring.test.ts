// declareSamba's dependency wiring, with the resource classes replaced by recorders: a
// samba.user that is also the admin account waits for AdminUser (both would run useradd).
import type * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { HypervisorConfig } from "../../../config/load";
// vi.mock calls are hoisted above this import: stack/samba gets the recorders.
import { declareSamba } from "../../../stack/samba";

const declared = vi.hoisted(() => [] as { kind: string; name: string; opts: pulumi.CustomResourceOptions | undefined }[]);
vi.mock("../../../providers/samba-user", () => ({
  SambaUser: class {
    constructor(name: string, _args: unknown, opts?: pulumi.CustomResourceOptions) {
      declared.push({ kind: "SambaUser", name, opts });
    }
  },
}));
vi.mock("../../../providers/samba-share", () => ({
  SambaShare: class {
    constructor(name: string, _args: unknown, opts?: pulumi.CustomResourceOptions) {
      declared.push({ kind: "SambaShare", name, opts });
    }
  },
}));


const admin = { name: "the AdminUser" } as unknown as pulumi.Resource;
const hv = (sambaUser: string, adminName: string) =>
  ({ file: { users: { username: adminName }, samba: { user: sambaUser, shares: [{ name: "data", path: "tank/data", options: "" }] } } }) as unknown as HypervisorConfig;
const userOpts = () => declared.find((d) => d.kind === "SambaUser")?.opts;

beforeEach(() => {
  declared.length = 0;
});

describe("declareSamba wiring", () => {
  it("makes the Samba user wait for the admin user when they are one account", () => {
    declareSamba(hv("heads", "heads"), new Map(), admin);
    expect(userOpts()?.dependsOn).toEqual([admin]);
  });

  it("lets the Samba user of another name run alongside the admin user", () => {
    declareSamba(hv("heads", "phoenix_admin"), new Map(), admin);
    expect(userOpts()?.dependsOn).toBeUndefined();
  });

  it("still puts each share after the Samba user", () => {
    declareSamba(hv("heads", "heads"), new Map(), admin);
    const share = declared.find((d) => d.kind === "SambaShare");
    expect(share?.opts?.dependsOn).toHaveLength(1);
  });
});

import { describe, expect, it } from "vitest";
import type { HypervisorConfig } from "../../../config/load";
import { passwordHashFingerprint } from "../../../providers/admin-user/password";
import { adminUserArgs } from "../../../stack/users";

const hv = (users: object) => ({ file: { users } }) as unknown as HypervisorConfig;
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm0Pu9tUSupFmR7bPXd6p3V0gNmNI7sX8P4Z7hYyQ1J admin@laptop";
const FILE = "/srv/phoenix/phoenix_hypervisor_config.json";

describe("adminUserArgs", () => {
  it("maps the real file's block: NOT_SET (no file to read), sudo, no key, no groups", () => {
    expect(adminUserArgs(hv({ username: "phoenix_admin", password_hash: "NOT_SET", sudo_access: true, ssh_public_key: "" }), FILE)).toEqual({
      name: "phoenix_admin",
      passwordFingerprint: "NOT_SET",
      sudo: true,
      groups: [],
      authorizedKeys: [],
    });
  });

  it("takes the one key, and for a hash only where it is and its fingerprint, never the hash", () => {
    const args = adminUserArgs(hv({ username: "ops", password_hash: "$6$s$hashvalue", sudo_access: false, ssh_public_key: KEY }), FILE);
    expect(args).toEqual({ name: "ops", passwordFingerprint: passwordHashFingerprint("ops", "$6$s$hashvalue"), passwordHashFile: FILE, passwordHashAt: ["users", "password_hash"], sudo: false, groups: [], authorizedKeys: [KEY] });
    expect(JSON.stringify(args)).not.toContain("hashvalue");
  });
});

import { describe, expect, it } from "vitest";
import type { HypervisorConfig } from "../../../config/load";
import { adminUserArgs } from "../../../stack/users";

const hv = (users: object) => ({ file: { users } }) as unknown as HypervisorConfig;
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm0Pu9tUSupFmR7bPXd6p3V0gNmNI7sX8P4Z7hYyQ1J admin@laptop";

describe("adminUserArgs", () => {
  it("maps the real file's block: NOT_SET, sudo, no key, no groups", () => {
    expect(adminUserArgs(hv({ username: "phoenix_admin", password_hash: "NOT_SET", sudo_access: true, ssh_public_key: "" }))).toEqual({
      name: "phoenix_admin",
      passwordHash: "NOT_SET",
      sudo: true,
      groups: [],
      authorizedKeys: [],
    });
  });

  it("takes the one key and the hash as written", () => {
    expect(adminUserArgs(hv({ username: "ops", password_hash: "$6$s$h", sudo_access: false, ssh_public_key: KEY }))).toMatchObject({ passwordHash: "$6$s$h", sudo: false, authorizedKeys: [KEY] });
  });
});

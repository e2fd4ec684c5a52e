import { describe, expect, it } from "vitest";
import type { HypervisorConfig } from "../../../config/load";
import { HypervisorFileSchema } from "../../../config/schema/hypervisor";
import { passwordFingerprint } from "../../../providers/samba-user/password";
import { passwordSettingProblem, sambaShares, sambaUserArgs } from "../../../stack/samba";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const hv = (file: object) => ({ file }) as unknown as HypervisorConfig;
const REAL = { name: "shared-prod-data", path: "quickOS/shared-prod-data", options: "browseable=yes writable=yes", valid_users: ["heads"] };

describe("sambaShares", () => {
  it("maps the real file's share: /<path> as the original, flags from options, owned by samba.user", () => {
    expect(sambaShares(hv({ samba: { user: "heads", shares: [REAL] } }))).toEqual([
      { name: "shared-prod-data", path: "/quickOS/shared-prod-data", validUsers: ["heads"], browsable: true, readOnly: false, guestOk: false, dirOwner: "heads", dirGroup: "heads", dirMode: "0770" },
    ]);
  });
  it("names an early revision's share after its path and lets it default to samba.user", () => {
    const [s] = sambaShares(hv({ samba: { user: "heads", shares: [{ path: "/fastData/bulk/", options: "", read_only: true }] } }));
    expect(s).toMatchObject({ name: "bulk", path: "/fastData/bulk", validUsers: ["heads"], readOnly: true });
  });
  it("declares nothing without a samba block", () => expect(sambaShares(hv({}))).toEqual([]));
});

describe("the password setting", () => {
  it("refuses phoenix:sambaPassword with what to do instead", () => {
    expect(passwordSettingProblem(true)).toMatch(/must not be in the stack config.*phoenix:sambaPasswordFile.*pulumi config rm phoenix:sambaPassword/);
    expect(passwordSettingProblem(false)).toBeUndefined();
  });
  it("passes the file's path (resolved from the project) and a fingerprint, never the password", () => {
    const dir = mkdtempSync(join(tmpdir(), "phoenix-smb-stack-"));
    writeFileSync(join(dir, "pw"), "Sekrit-1\n");
    const args = sambaUserArgs("heads", "pw", dir);
    expect(args).toEqual({ name: "heads", passwordFile: join(dir, "pw"), passwordFingerprint: passwordFingerprint("heads", "Sekrit-1") });
    expect(JSON.stringify(args)).not.toContain("Sekrit-1");
    expect(sambaUserArgs("heads", undefined, dir)).toEqual({ name: "heads" });
  });
});

describe("the config's share options", () => {
  const file = (share: object) => ({ samba: { user: "heads", shares: [{ ...REAL, ...share }] } });
  const problems = (share: object) => {
    const r = HypervisorFileSchema.pick({ samba: true }).safeParse(file(share));
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  it("accepts the real file's options", () => expect(problems({})).toEqual([]));
  it("refuses an option it cannot apply, with its JSON path", () => {
    expect(problems({ options: "browseable=yes vfs_objects=recycle" })).toEqual([expect.stringMatching(/^samba\.shares\.0\.options: share option "vfs_objects=recycle" is not supported/)]);
  });
  it("refuses options contradicting an explicit key", () => {
    expect(problems({ read_only: true })).toEqual([`samba.shares.0.options: read_only is true but options "browseable=yes writable=yes" say false; keep one`]);
  });
});

// The password hash through the whole lifecycle with a fake host: it reaches the host only on
// stdin, and no report, output or error carries it (a failing chpasswd that echoes it included).
import { describe, expect, it } from "vitest";
import { makeHandlers } from "../../../providers/adapter/handlers";
import { parsePolicy } from "../../../providers/adapter/policy";
import { adminUserDefinition } from "../../../providers/admin-user/provider";
import type { AdminUserObserved } from "../../../providers/admin-user/schema";
import type { CommandResult, Runner } from "../../../providers/core/runner";
import { answerHostFile } from "../ssh/fake-host-files";

const HASH = "$6$fakesalt$FAKEHASHfakehashFAKEHASHfakehashFAKEHASHfakehashFAKEHASHfakehashFAKEHASHfakehash12";
const absent: AdminUserObserved = { account: null, homeExists: false, userGroupExists: false, primaryGroup: null, groups: [], missingGroups: [], password: null, sudoInstalled: true, sudoers: null, sudoersStat: null, sshDir: null, keysStat: null, keys: null };

class Host implements Runner {
  readonly host = "fake";
  readonly stdins: string[] = [];
  readonly commands: string[] = [];
  constructor(private readonly chpasswdFails = false) {}
  async run(command: string, options?: { stdin?: string }): Promise<CommandResult> {
    const file = answerHostFile(command, options?.stdin, {});
    if (file) return file.result;
    this.commands.push(command);
    if (options?.stdin !== undefined) this.stdins.push(options.stdin);
    if (this.chpasswdFails && command.startsWith("chpasswd")) return { code: 1, stdout: "", stderr: `chpasswd: bad line: ${options?.stdin ?? ""}` };
    return { code: 0, stdout: "", stderr: "" };
  }
}

function handlers(host: Host, reports: string[]) {
  const def = { ...adminUserDefinition, inspect: async () => absent };
  return makeHandlers(def, { runner: () => host, policy: () => parsePolicy("", ["AdminUser"]), report: (m) => reports.push(m) });
}
const inputs = { name: "phoenix_admin", passwordHash: HASH, sudo: true, __provider: "p" };

describe("AdminUser password hash", () => {
  it("goes to the host on stdin only and never into reports or outputs", async () => {
    const host = new Host();
    const reports: string[] = [];
    const h = handlers(host, reports);
    await h.check({}, inputs);
    // The fake host never converges (inspect always says absent): the error is recorded state.
    const err = await h.create(inputs).catch((e) => e);
    expect(host.stdins).toContain(`phoenix_admin:${HASH}\n`);
    expect(host.commands.join("\n")).not.toContain("FAKEHASH");
    expect(reports.join("\n")).not.toContain("FAKEHASH");
    expect(JSON.stringify(err.properties)).not.toContain("FAKEHASH");
    expect(err.properties.passwordHash).toMatch(/^phoenix-secret:scrypt:/);
  });

  it("is redacted from a failing command's message", async () => {
    const err = await handlers(new Host(true), []).create(inputs).catch((e) => e);
    expect(err.message).toContain("chpasswd: bad line: phoenix_admin:[secret]");
    expect(err.message).not.toContain("FAKEHASH");
  });
});

import { describe, expect, it } from "vitest";
import { parseDirList, readStackSettings, stackNameProblem } from "../../../cli/stack-settings";

const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-PHOENIX-FAKE-SECRET-KEY-BODY\n-----END OPENSSH PRIVATE KEY-----\n";
const PIN = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH2rYW83T6v8CK++clF36XPkn8MTScymamKSKnC+HpYl vector@test";
const files: Record<string, string> = { "/proj/.lab/dev/id_ed25519": KEY, "/proj/.lab/dev/host.pub": PIN };
const readFile = (p: string) => {
  if (files[p] === undefined) throw Object.assign(new Error("no"), { code: "ENOENT" });
  return files[p];
};
const DEV = [
  "config:",
  "  phoenix:hypervisorConfig: config/examples/phoenix_hypervisor_config.json",
  "  phoenix:lxcConfig: /abs/lxc.json",
  "  phoenix:host: 127.0.0.10",
  '  phoenix:port: "2222"',
  "  phoenix:privateKeyPath: .lab/dev/id_ed25519",
  "  phoenix:hostKeyPath: .lab/dev/host.pub",
  "  phoenix:featureDirs: lab/features",
  "  phoenix:testDirs: lab/tests, /abs/tests",
].join("\n");
const read = (text: string, agent?: string) => readStackSettings("Pulumi.dev.yaml", text, "/proj", readFile, agent);

describe("readStackSettings", () => {
  it("reads the paths (relative to the project) and the connection, as the program does", () => {
    const r = read(DEV);
    if (!r.ok) throw new Error(r.error);
    expect(r.settings).toMatchObject({
      hypervisorConfig: "/proj/config/examples/phoenix_hypervisor_config.json",
      lxcConfig: "/abs/lxc.json",
      featureDirs: ["/proj/lab/features"],
      testDirs: ["/proj/lab/tests", "/abs/tests"],
      connection: { host: "127.0.0.10", port: 2222, user: "root", hostKey: PIN, privateKey: KEY },
    });
  });

  it.each<[string, (t: string) => string, RegExp]>([
    ["no lxcConfig", (t) => t.replace(/.*lxcConfig.*\n/, ""), /Pulumi.dev.yaml: phoenix:lxcConfig is required/],
    ["no host key pin", (t) => t.replace(/.*hostKeyPath.*\n/, ""), /Pulumi.dev.yaml: phoenix:hostKey or phoenix:hostKeyPath is required/],
    ["an unreadable key", (t) => t.replace(".lab/dev/id_ed25519", ".lab/dev/absent"), /phoenix:privateKeyPath: cannot read \/proj\/.lab\/dev\/absent \(no such file\)/],
    ["a bad port", (t) => t.replace('"2222"', '"99999"'), /phoenix:port must be 1-65535/],
    ["a secret key in the stack", (t) => `${t}\n  phoenix:privateKey:\n    secure: v1:abc`, /phoenix:privateKey must not be in the stack config/],
    ["a secret where a path is read", (t) => t.replace("  phoenix:lxcConfig: /abs/lxc.json", "  phoenix:lxcConfig:\n    secure: v1:abc"), /phoenix:lxcConfig is a secret; it must be a plain string/],
    ["a testDirs list that is not one", (t) => t.replace("lab/tests, /abs/tests", "'[1]'"), /phoenix:testDirs must be a JSON list of paths or comma-separated paths/],
    ["YAML this reader does not take", (t) => `${t}\n  phoenix:list:\n    - a`, /Pulumi.dev.yaml: line 11/],
  ])("refuses %s", (_name, edit, error) => {
    const r = read(edit(DEV));
    expect(r.ok).toBe(false);
    expect((r as { error: string }).error).toMatch(error);
    expect((r as { error: string }).error).not.toContain("PHOENIX-FAKE-SECRET");
  });

  it("uses the SSH agent when no key file is set", () => {
    const r = read(DEV.replace(/.*privateKeyPath.*\n/, ""), "/run/agent.sock");
    expect(r.ok && r.settings.connection.agent).toBe("/run/agent.sock");
  });
});

describe("parseDirList and stack names", () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ["", []],
    ["a", ["a"]],
    ["a, b ,,c", ["a", "b", "c"]],
    ['["a b", "c"]', ["a b", "c"]],
  ])("%j → %j", (value, dirs) => expect(parseDirList("f", "testDirs", value)).toEqual(dirs));

  it.each([["dev", true], ["prod-2.eu_1", true], ["../x", false], ["a/b", false], ["..", false], ["", false]])("%j valid: %s", (name, valid) => {
    expect(stackNameProblem(name as string) === undefined).toBe(valid);
  });
});

import { describe, expect, it } from "vitest";
import { SshError } from "../../../providers/ssh/errors";
import { resolveConnectionSettings, resolveTunables } from "../../../providers/ssh/settings";

const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-PHOENIX-FAKE-SECRET-KEY-BODY\n-----END OPENSSH PRIVATE KEY-----\n";
const PIN = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH2rYW83T6v8CK++clF36XPkn8MTScymamKSKnC+HpYl vector@test";
const PIN_FP = "SHA256:w8wzpNZVHeb1Bu5uyQFjFmka+jQz3POkILbPO+yIywk";
const PROJECT = "/srv/phoenix";

// A readFile that serves a fixed set of files and records what was asked for.
function files(content: Record<string, string>) {
  const asked: string[] = [];
  const readFile = (p: string) => {
    asked.push(p);
    if (!(p in content)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
    return content[p];
  };
  return { readFile, asked };
}

const none = files({}).readFile;
const resolve = (raw: Record<string, string | undefined>, readFile = none) => resolveConnectionSettings(raw, readFile, PROJECT);

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SshError);
    expect((err as SshError).kind).toBe("config");
    return (err as SshError).message;
  }
  throw new Error("expected a config error");
}

describe("resolveConnectionSettings", () => {
  it("fills in port 22 and user root", () => {
    expect(resolve({ host: "pve.lab", privateKey: KEY, hostKey: PIN })).toEqual({ host: "pve.lab", port: 22, user: "root", privateKey: KEY, hostKey: PIN });
  });

  it("reads phoenix:-prefixed keys too", () => {
    const s = resolve({ "phoenix:host": "pve.lab", "phoenix:port": "2222", "phoenix:user": "deploy", "phoenix:privateKey": KEY, "phoenix:hostKey": PIN_FP });
    expect(s).toMatchObject({ host: "pve.lab", port: 2222, user: "deploy", hostKey: PIN_FP });
  });

  it("reads key and pin files relative to the project dir, absolute paths as given", () => {
    const fs = files({ "/srv/phoenix/keys/id_ed25519": KEY, "/etc/phoenix/known_hosts": `pve.lab ${PIN.split(" ").slice(0, 2).join(" ")}\n` });
    const s = resolve({ host: "pve.lab", privateKeyPath: "keys/id_ed25519", hostKeyPath: "/etc/phoenix/known_hosts" }, fs.readFile);
    expect(fs.asked).toEqual(["/srv/phoenix/keys/id_ed25519", "/etc/phoenix/known_hosts"]);
    expect(s.privateKey).toBe(KEY);
  });

  it("keeps a passphrase verbatim, spaces included", () => {
    expect(resolve({ host: "pve.lab", privateKey: KEY, hostKey: PIN, privateKeyPassphrase: " two words " }).passphrase).toBe(" two words ");
  });

  it("turns literal \\n escapes of a one-line key paste into newlines", () => {
    expect(resolve({ host: "pve.lab", privateKey: KEY.replace(/\n/g, "\\n"), hostKey: PIN }).privateKey).toBe(KEY);
  });

  it.each([
    ["no host", { privateKey: KEY, hostKey: PIN }, "SSH config error on (no host): phoenix:host is required"],
    ["a host with a user part", { host: "root@pve.lab", privateKey: KEY, hostKey: PIN }, "phoenix:host must be a bare host name or address"],
    ["a port out of range", { host: "pve.lab", port: "70000", privateKey: KEY, hostKey: PIN }, 'phoenix:port must be 1-65535, got "70000"'],
    ["a port that is not a number", { host: "pve.lab", port: "ssh", privateKey: KEY, hostKey: PIN }, 'phoenix:port must be 1-65535, got "ssh"'],
    ["no private key", { host: "pve.lab", hostKey: PIN }, "phoenix:privateKey or phoenix:privateKeyPath is required"],
    ["both key and key path", { host: "pve.lab", privateKey: KEY, privateKeyPath: "k", hostKey: PIN }, "set phoenix:privateKey or phoenix:privateKeyPath, not both"],
    ["no host key pin", { host: "pve.lab", privateKey: KEY }, "phoenix:hostKey or phoenix:hostKeyPath is required"],
    ["a ~ path", { host: "pve.lab", privateKeyPath: "~/.ssh/id_ed25519", hostKey: PIN }, "~ is not expanded, use an absolute path"],
    ["a missing key file", { host: "pve.lab", privateKeyPath: "nope", hostKey: PIN }, "phoenix:privateKeyPath: cannot read /srv/phoenix/nope (ENOENT)"],
    ["a public key given as the private key", { host: "pve.lab", privateKey: PIN, hostKey: PIN }, "holds a public key; give the private half"],
    ["a pin for another host", { host: "other.lab", privateKey: KEY, hostKey: `pve.lab ${PIN}` }, "holds no key for other.lab"],
  ])("rejects %s as a config error", (_name, raw, message) => {
    expect(configError(() => resolve(raw))).toContain(message);
  });

  it("never echoes a secret value it rejects", () => {
    const secret = "PHOENIX-FAKE-SECRET-not-a-key";
    const message = configError(() => resolve({ host: "pve.lab", privateKey: secret, hostKey: PIN }));
    expect(message).toBe("SSH config error on pve.lab: the private key setting is not an OpenSSH/PEM private key (use privateKeyPath for a file path)");
    expect(message).not.toContain(secret);
  });
});

describe("resolveTunables", () => {
  const base = { host: "pve.lab", port: 22, user: "root", privateKey: KEY, hostKey: PIN };

  it("defaults to 4 attempts, 10 min commands and 8 channels (under OpenSSH MaxSessions 10)", () => {
    expect(resolveTunables(base)).toEqual({ connectTimeoutMs: 15_000, maxAttempts: 4, retryDelayMs: 500, commandTimeoutMs: 600_000, maxConcurrent: 8 });
  });

  it.each([
    ["maxConcurrent", 11],
    ["maxConcurrent", 0],
    ["maxAttempts", 0],
    ["commandTimeoutMs", 2 ** 31],
    ["connectTimeoutMs", 1.5],
  ])("rejects %s = %s", (key, value) => {
    expect(configError(() => resolveTunables({ ...base, [key]: value }))).toContain(`${key} must be an integer`);
  });
});

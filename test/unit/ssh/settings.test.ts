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

const keyFile = files({ "/srv/phoenix/id": KEY, "/srv/phoenix/id.pub": `${PIN}\n`, "/srv/phoenix/keys/id_ed25519": KEY });
const resolve = (raw: Record<string, string | undefined>, readFile = keyFile.readFile, agent?: string) => resolveConnectionSettings(raw, readFile, PROJECT, agent);

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
    expect(resolve({ host: "pve.lab", privateKeyPath: "id", hostKey: PIN })).toEqual({ host: "pve.lab", port: 22, user: "root", privateKey: KEY, hostKey: PIN });
  });

  it("reads phoenix:-prefixed keys too", () => {
    const s = resolve({ "phoenix:host": "pve.lab", "phoenix:port": "2222", "phoenix:user": "deploy", "phoenix:privateKeyPath": "id", "phoenix:hostKey": PIN_FP });
    expect(s).toMatchObject({ host: "pve.lab", port: 2222, user: "deploy", hostKey: PIN_FP });
  });

  it("reads key and pin files relative to the project dir, absolute paths as given", () => {
    const fs = files({ "/srv/phoenix/keys/id_ed25519": KEY, "/etc/phoenix/known_hosts": `pve.lab ${PIN.split(" ").slice(0, 2).join(" ")}\n` });
    const s = resolve({ host: "pve.lab", privateKeyPath: "keys/id_ed25519", hostKeyPath: "/etc/phoenix/known_hosts" }, fs.readFile);
    expect(fs.asked).toEqual(["/etc/phoenix/known_hosts", "/srv/phoenix/keys/id_ed25519"]);
    expect(s.privateKey).toBe(KEY);
  });

  it("uses the SSH agent when no key file is set", () => {
    expect(resolve({ host: "pve.lab", hostKey: PIN }, keyFile.readFile, "/run/user/1000/agent.sock")).toEqual({
      host: "pve.lab", port: 22, user: "root", agent: "/run/user/1000/agent.sock", hostKey: PIN,
    });
  });

  it("turns literal \\n escapes of a one-line key file into newlines", () => {
    const fs = files({ "/srv/phoenix/id": KEY.replace(/\n/g, "\\n") });
    expect(resolve({ host: "pve.lab", privateKeyPath: "id", hostKey: PIN }, fs.readFile).privateKey).toBe(KEY);
  });

  it.each([
    ["no host", { privateKeyPath: "id", hostKey: PIN }, "SSH config error on (no host): phoenix:host is required"],
    ["a host with a user part", { host: "root@pve.lab", privateKeyPath: "id", hostKey: PIN }, "phoenix:host must be a bare host name or address"],
    ["a host with a path", { host: "pve.lab/x", privateKeyPath: "id", hostKey: PIN }, "phoenix:host must be a bare host name or address"],
    ["a port out of range", { host: "pve.lab", port: "70000", privateKeyPath: "id", hostKey: PIN }, 'phoenix:port must be 1-65535, got "70000"'],
    ["a port that is not a number", { host: "pve.lab", port: "ssh", privateKeyPath: "id", hostKey: PIN }, 'phoenix:port must be 1-65535, got "ssh"'],
    ["port 0", { host: "pve.lab", port: "0", privateKeyPath: "id", hostKey: PIN }, 'phoenix:port must be 1-65535, got "0"'],
    ["an invalid user name", { host: "pve.lab", user: "ro ot", privateKeyPath: "id", hostKey: PIN }, "phoenix:user must be a plain user name"],
    ["a user name with a shell character", { host: "pve.lab", user: "root;id", privateKeyPath: "id", hostKey: PIN }, "phoenix:user must be a plain user name"],
    ["no key file and no agent", { host: "pve.lab", hostKey: PIN }, "no client key: set phoenix:privateKeyPath, or run an SSH agent"],
    ["a key inline in the stack config", { host: "pve.lab", privateKey: KEY, hostKey: PIN }, "phoenix:privateKey must not be in the stack config"],
    ["a key passphrase in the stack config", { host: "pve.lab", privateKeyPath: "id", privateKeyPassphrase: "pw", hostKey: PIN }, "phoenix:privateKeyPassphrase must not be in the stack config"],
    ["no host key pin", { host: "pve.lab", privateKeyPath: "id" }, "phoenix:hostKey or phoenix:hostKeyPath is required"],
    ["a ~ path", { host: "pve.lab", privateKeyPath: "~/.ssh/id_ed25519", hostKey: PIN }, "~ is not expanded, use an absolute path"],
    ["a missing key file", { host: "pve.lab", privateKeyPath: "nope", hostKey: PIN }, "phoenix:privateKeyPath: cannot read /srv/phoenix/nope (no such file)"],
    ["a public key file given as the private key", { host: "pve.lab", privateKeyPath: "id.pub", hostKey: PIN }, "holds a public key; give the private half"],
    ["a pin for another host", { host: "other.lab", privateKeyPath: "id", hostKey: `pve.lab ${PIN}` }, "holds no key for other.lab"],
  ])("rejects %s as a config error", (_name, raw, message) => {
    expect(configError(() => resolve(raw))).toContain(message);
  });

  it("names a key path that is a directory", () => {
    const dir = (p: string): string => {
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${p}'`), { code: "EISDIR" });
    };
    expect(configError(() => resolve({ host: "pve.lab", privateKeyPath: "/root/.ssh", hostKey: PIN }, (p) => (p === "/root/.ssh" ? dir(p) : keyFile.readFile(p))))).toContain(
      "phoenix:privateKeyPath: cannot read /root/.ssh (it is a directory, not a file)",
    );
  });

  it("never echoes a secret value it rejects", () => {
    const secret = "PHOENIX-FAKE-SECRET-not-a-key";
    const fs = files({ "/srv/phoenix/id": secret });
    const message = configError(() => resolve({ host: "pve.lab", privateKeyPath: "id", hostKey: PIN }, fs.readFile));
    expect(message).toBe("SSH config error on pve.lab: phoenix:privateKeyPath is not an OpenSSH/PEM private key");
    expect(message).not.toContain(secret);
    expect(configError(() => resolve({ host: "pve.lab", privateKey: secret, hostKey: PIN }))).not.toContain(secret);
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

// editHostFile against the in-process SSH server, whose commands run in a real /bin/sh here
// (flock, coreutils), on files in a temporary directory.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandResult, Runner, RunOptions } from "../../../providers/core/runner";
import { editHostFile, lockFileFor, readHostFile, sha256, validateHostPath } from "../../../providers/ssh/host-file";
import { COMMIT_SCRIPT, EXIT } from "../../../providers/ssh/host-file-script";
import { lockedKeyCount } from "../../../providers/ssh/keyed-lock";
import { SshSession, type ConnectionSettings } from "../../../providers/ssh/session";
import { fakeServerSettings, makeKeyPair, startFakeSshServer, type FakeSshServer } from "./fake-ssh-server";

const clientKey = makeKeyPair();
let server: FakeSshServer;
let session: SshSession;
let dir: string;
let lockDir: string;

const settings = (): ConnectionSettings => fakeServerSettings(server, clientKey, { connectTimeoutMs: 3_000 });
// A runner through which someone else writes the file right after Phoenix's read number n.
const racing = (onRead: (n: number) => void): Runner => {
  let reads = 0;
  return {
    host: session.host,
    run: async (command: string, options?: RunOptions): Promise<CommandResult> => {
      const result = await session.run(command, options);
      if (command.includes("phoenix-read")) onRead(++reads);
      return result;
    },
  };
};
const append = (line: string) => (current: string | null) => `${current ?? ""}${line}\n`;
const leftovers = () => readdirSync(dir).filter((n) => n.includes(".phoenix-"));

beforeEach(async () => {
  server = await startFakeSshServer(clientKey);
  session = new SshSession(settings());
  dir = mkdtempSync(join(tmpdir(), "phoenix-hostfile-"));
  lockDir = join(dir, "locks");
});

afterEach(async () => {
  await session.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("editHostFile", () => {
  it("creates an absent file with the given mode and owner, content byte for byte", async () => {
    const file = join(dir, "new.conf");
    const text = "it's $(id) `id` \\n ünï ✓\nno newline at end";
    const r = await editHostFile(session, file, () => text, { mode: 0o640, owner: "0:0", lockDir });
    expect(r).toEqual({ path: file, action: "written", before: null, after: text, attempts: 1 });
    expect(readFileSync(file, "utf8")).toBe(text);
    expect(statSync(file).mode & 0o7777).toBe(0o640);
    expect(server.log.commands.join("\n")).not.toContain("no newline at end"); // content went over stdin
    expect(leftovers()).toEqual([]);
  });

  it("keeps owner, group and mode of an existing file and replaces it by rename", async () => {
    const file = join(dir, "smb.conf");
    writeFileSync(file, "[global]\n");
    chownSync(file, 65534, 65534);
    chmodSync(file, 0o600);
    const inode = statSync(file).ino;
    const r = await editHostFile(session, file, append("workgroup = LAB"), { lockDir });
    expect(r).toMatchObject({ action: "written", before: "[global]\n", after: "[global]\nworkgroup = LAB\n" });
    const st = statSync(file);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([65534, 65534, 0o600]);
    expect(st.ino).not.toBe(inode);
  });

  it("does not write when the change returns the same text, and removes the file on null", async () => {
    const file = join(dir, "a.exports");
    writeFileSync(file, "/srv 10.0.0.0/8(rw)\n");
    const inode = statSync(file).ino;
    expect(await editHostFile(session, file, (c) => c, { lockDir })).toMatchObject({ action: "unchanged" });
    expect(server.log.commands).toHaveLength(1); // the read only
    expect(statSync(file).ino).toBe(inode);
    expect(await editHostFile(session, file, () => null, { lockDir })).toMatchObject({ action: "removed", after: null });
    expect(() => statSync(file)).toThrow();
    expect(await editHostFile(session, file, () => null, { lockDir })).toMatchObject({ action: "unchanged", before: null });
  });

  it("loses no update when 20 edits of one file run at once in one process", async () => {
    const file = join(dir, "cluster.fw");
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => editHostFile(session, file, append(`rule ${i}`), { lockDir })));
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect([...lines].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `rule ${i}`).sort());
    expect(lines).toEqual(Array.from({ length: 20 }, (_, i) => `rule ${i}`)); // queued in call order
    expect(results.every((r) => r.attempts === 1)).toBe(true); // the in-process queue, not retries
    expect(leftovers()).toEqual([]);
    expect(lockedKeyCount()).toBe(0);
  });

  it("loses no update when two processes each make 20 edits of one file at once", async () => {
    const file = join(dir, "zfs.conf");
    const child = spawn(process.execPath, ["--require", "ts-node/register/transpile-only", join(__dirname, "host-file-child.ts"), file, "child ", "20", lockDir], {
      cwd: join(__dirname, "../../.."),
      env: { ...process.env, PHOENIX_TEST_SETTINGS: JSON.stringify(settings()) },
    });
    let childOut = "";
    child.stdout.on("data", (d: Buffer) => (childOut += d.toString()));
    child.stderr.on("data", (d: Buffer) => (childOut += d.toString()));
    const childDone = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Start once the child is connected, so the two really overlap.
    for (let i = 0; i < 800 && server.log.connections < 1; i++) await new Promise((r) => setTimeout(r, 25));
    const mine = await Promise.all(Array.from({ length: 20 }, (_, i) => editHostFile(session, file, append(`parent ${i}`), { lockDir })));
    expect(await childDone).toBe(0);
    const lines = readFileSync(file, "utf8").trim().split("\n").sort();
    const expected = [...Array.from({ length: 20 }, (_, i) => `child ${i}`), ...Array.from({ length: 20 }, (_, i) => `parent ${i}`)].sort();
    expect(lines).toEqual(expected);
    expect(leftovers()).toEqual([]);
    // Some edits had to be redone on top of the other process's write (else nothing was tested).
    const retries = mine.reduce((n, r) => n + r.attempts - 1, 0) + Number(/retries=(\d+)/.exec(childOut)?.[1] ?? "0");
    expect(retries).toBeGreaterThan(0);
  }, 60_000);

  it("re-applies the change on top of a write made between its read and its write", async () => {
    const file = join(dir, "exports");
    writeFileSync(file, "one\n");
    // Someone else (a user, another run) rewrites the file right after the first read.
    const runner = racing((n) => n === 1 && writeFileSync(file, "one\nuser\n"));
    const r = await editHostFile(runner, file, append("phoenix"), { lockDir });
    expect(r).toMatchObject({ action: "written", before: "one\nuser\n", attempts: 2 });
    expect(readFileSync(file, "utf8")).toBe("one\nuser\nphoenix\n");
  });

  it("gives up after maxAttempts when the file keeps changing, writing nothing", async () => {
    const file = join(dir, "busy");
    writeFileSync(file, "0\n");
    const runner = racing((n) => writeFileSync(file, `${n}\n`));
    await expect(editHostFile(runner, file, append("x"), { lockDir, maxAttempts: 3 })).rejects.toThrow(/kept changing while Phoenix edited it \(3 attempts\); nothing was written/);
    expect(readFileSync(file, "utf8")).toBe("3\n");
  });

  it("handles hostile file names as one quoted word", async () => {
    const sub = join(dir, "-n $(touch pwned) 'it's'");
    mkdirSync(sub);
    const file = join(sub, "--; rm -rf * `id`");
    await editHostFile(session, file, () => "ok\n", { lockDir });
    expect(readFileSync(file, "utf8")).toBe("ok\n");
    expect(readdirSync(sub)).toEqual(["--; rm -rf * `id`"]);
    expect(readdirSync(dir).sort()).toEqual(["-n $(touch pwned) 'it's'", "locks"]);
  });

  it.each([
    ["a symbolic link", (f: string) => symlinkSync("/etc/hostname", f), /is a symbolic link/],
    ["a directory", (f: string) => mkdirSync(f), /is not a regular file/],
    ["a file in a missing directory", (f: string) => f, /directory .* does not exist/],
  ])("refuses %s without changing anything", async (_name, make, message) => {
    const file = _name === "a file in a missing directory" ? join(dir, "missing", "x.conf") : join(dir, "target");
    make(file);
    const err = await editHostFile(session, file, () => "top secret\n", { lockDir, secret: true }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("top secret");
    expect(leftovers()).toEqual([]);
  });

  it("creates a missing directory only when asked to", async () => {
    const file = join(dir, "etc", "phoenix", "owner.json");
    await expect(editHostFile(session, file, () => "{}\n", { lockDir })).rejects.toThrow(/directory .*etc\/phoenix does not exist/);
    const r = await editHostFile(session, file, () => "{}\n", { lockDir, createDirectory: true });
    expect(r).toMatchObject({ action: "written", before: null });
    expect(readFileSync(file, "utf8")).toBe("{}\n");
    expect(statSync(join(dir, "etc", "phoenix")).mode & 0o777).toBe(0o755);
  });

  it("installs new content only when the verify command accepts the temporary file", async () => {
    const file = join(dir, "sudoers-like");
    writeFileSync(file, "good old\n");
    chmodSync(file, 0o440);
    // The check sees the temporary file with its final mode (visudo -c checks modes).
    const verify = ["sh", "-c", 'grep -q good "$1" && [ "$(stat -c %a "$1")" = 440 ]', "check"];
    await expect(editHostFile(session, file, () => "good new\n", { lockDir, verify })).resolves.toMatchObject({ action: "written" });
    expect(readFileSync(file, "utf8")).toBe("good new\n");
    const err = await editHostFile(session, file, () => "bad\n", { lockDir, verify }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/failed the check \(sh\); the old file is kept/);
    expect(readFileSync(file, "utf8")).toBe("good new\n");
    expect(statSync(file).mode & 0o7777).toBe(0o440);
    expect(leftovers()).toEqual([]);
    // A check's complaint may quote the content: for a secret file it is not passed on.
    const loud = ["sh", "-c", 'cat "$1" >&2; exit 1', "check"];
    const secret = await editHostFile(session, file, () => "hunter2\n", { lockDir, verify: loud, secret: true }).catch((e: Error) => e);
    expect((secret as Error).message).toMatch(/failed the check/);
    expect((secret as Error).message).not.toContain("hunter2");
    // Removing a file needs no check.
    await expect(editHostFile(session, file, () => null, { lockDir, verify: ["false"] })).resolves.toMatchObject({ action: "removed" });
  });

  it("refuses a file that is not UTF-8 text rather than corrupt it", async () => {
    const file = join(dir, "binary");
    writeFileSync(file, Buffer.from([0x61, 0xff, 0xfe, 0x0a]));
    await expect(editHostFile(session, file, append("x"), { lockDir })).rejects.toThrow(/is not UTF-8 text/);
    expect(readFileSync(file)).toEqual(Buffer.from([0x61, 0xff, 0xfe, 0x0a]));
  });

  it("waits while another process holds the host-side lock for the file", async () => {
    const file = join(dir, "locked");
    mkdirSync(lockDir);
    const holder = spawn("flock", [lockFileFor(file, lockDir), "sleep", "1.5"]);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await editHostFile(session, file, append("after the lock"), { lockDir });
    expect(Date.now() - started).toBeGreaterThan(900);
    expect(holder.exitCode).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("after the lock\n");
  });

  it.each([["relative/path"], ["/etc/../etc/passwd"], ["/etc/./x"], ["/etc//x"], ["/etc/x/"], ["/etc/a\nb"], ["/etc/a\0b"], [""]])(
    "rejects the path %j before any command runs",
    async (path) => {
      await expect(editHostFile(session, path, () => "x")).rejects.toThrow(/invalid host file path/);
      expect(server.log.commands).toEqual([]);
    },
  );
});

describe("host file edits under /etc/pve (pmxcfs)", () => {
  it("tolerates a refused chown/chmod there only, and requires them elsewhere", async () => {
    const seen: string[] = [];
    const fake: Runner = {
      host: "pve",
      run: async (command) => {
        seen.push(command);
        return command.includes("phoenix-read") ? { code: 0, stdout: "absent\n", stderr: "" } : { code: 0, stdout: `written ${sha256("x\n")}\n`, stderr: "" };
      },
    };
    await editHostFile(fake, "/etc/pve/firewall/cluster.fw", () => "x\n");
    await editHostFile(fake, "/etc/samba/smb.conf", () => "x\n");
    expect(seen[1]).toMatch(/ 0644 root:root try -$/);
    expect(seen[3]).toMatch(/ 0644 root:root keep -$/);
  });
});

describe("readHostFile", () => {
  it("reports an absent file and a present one with its checksum, owner and mode", async () => {
    const file = join(dir, "r.conf");
    mkdirSync(lockDir);
    expect(await readHostFile(session, file, lockFileFor(file, lockDir))).toEqual({ exists: false });
    writeFileSync(file, "a\n", { mode: 0o604 });
    chmodSync(file, 0o604);
    expect(await readHostFile(session, file, lockFileFor(file, lockDir))).toEqual({ exists: true, sha256: sha256("a\n"), owner: "0:0", mode: "604", content: "a\n" });
  });
});

// The commit script on its own, the way a killed or cut-off writer would leave it.
describe("the write script", () => {
  const commit = (file: string, expected: string, want: string, stdin: string, attrs = "keep", env = process.env) =>
    spawnSync("sh", ["-c", COMMIT_SCRIPT, "phoenix-write", file, lockFileFor(file, lockDir), "-x", expected, "write", want, "0644", "0:0", attrs, "-"], { input: stdin, encoding: "utf8", env });

  it("tolerates a filesystem that refuses chown and chmod (pmxcfs) only when told to", () => {
    const file = join(dir, "cluster.fw");
    const bin = join(dir, "bin");
    mkdirSync(bin);
    for (const tool of ["chown", "chmod"]) writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool}: Operation not permitted" >&2\nexit 1\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const strict = commit(file, "absent", sha256("a\n"), "a\n", "keep", env);
    expect([strict.status, strict.stderr]).toEqual([1, "chown: Operation not permitted\n"]);
    expect(() => statSync(file)).toThrow();
    const tolerant = commit(file, "absent", sha256("a\n"), "a\n", "try", env);
    expect(tolerant.status).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("a\n");
    expect(leftovers()).toEqual([]);
  });

  it("renames nothing when the data received is shorter than what was sent", () => {
    const file = join(dir, "cut.conf");
    writeFileSync(file, "old\n");
    const r = commit(file, sha256("old\n"), sha256("new content\n"), "new con");
    expect(r.status).toBe(EXIT.shortWrite);
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(leftovers()).toEqual([]);
  });

  it("leaves the old file when killed mid-write; the next writer removes its temporary file", async () => {
    const file = join(dir, "killed.conf");
    writeFileSync(file, "old\n");
    const writer = spawn("sh", ["-c", COMMIT_SCRIPT, "phoenix-write", file, lockFileFor(file, lockDir), "-x", sha256("old\n"), "write", sha256("new\n"), "0644", "0:0", "keep", "-"], { detached: true });
    writer.stdin.write("ne"); // and the rest never comes
    for (let i = 0; i < 100 && leftovers().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(leftovers()).toHaveLength(1);
    process.kill(-writer.pid!, "SIGKILL");
    await new Promise((r) => writer.on("close", r));
    expect(readFileSync(file, "utf8")).toBe("old\n");
    await editHostFile(session, file, append("next"), { lockDir });
    expect(readFileSync(file, "utf8")).toBe("old\nnext\n");
    expect(leftovers()).toEqual([]);
  });
});

describe("validateHostPath", () => {
  it("accepts normal absolute paths", () => {
    expect(validateHostPath("/etc/modprobe.d/zfs.conf")).toBe("/etc/modprobe.d/zfs.conf");
  });
});

import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { collectChannel, describeCommand, openExec, type ExecChannel } from "../../../providers/ssh/channel";
import { SshError } from "../../../providers/ssh/errors";

// A scripted stand-in for an ssh2 ClientChannel: records stdin and closes when told.
class FakeChannel extends EventEmitter implements ExecChannel {
  readonly stderr = new EventEmitter();
  written: Buffer | undefined | null = null;
  closed = 0;
  end(data?: Buffer) {
    this.written = data;
  }
  close() {
    this.closed++;
  }
}

function collect(channel: FakeChannel, extra: { timeoutMs?: number; stdin?: string } = {}) {
  const gone = { count: 0 };
  const promise = collectChannel(channel, {
    host: "pve.lab",
    command: "zpool list -H",
    timeoutMs: extra.timeoutMs ?? 1_000,
    limitMs: extra.timeoutMs ?? 1_000,
    stdin: extra.stdin,
    onGone: () => gone.count++,
  });
  return { promise, gone };
}

describe("collectChannel", () => {
  it("joins output split inside a multi-byte character", async () => {
    const ch = new FakeChannel();
    const { promise, gone } = collect(ch, { stdin: "in" });
    const bytes = Buffer.from("✓", "utf8");
    ch.emit("data", bytes.subarray(0, 1));
    ch.emit("data", bytes.subarray(1));
    ch.emit("close", 0);
    expect(await promise).toEqual({ code: 0, stdout: "✓", stderr: "" });
    expect(ch.written?.toString()).toBe("in");
    expect(gone.count).toBe(1);
  });

  it("fails clearly on a signal the platform does not know", async () => {
    const ch = new FakeChannel();
    const { promise } = collect(ch);
    ch.emit("close", null, "SIGWHATEVER");
    await expect(promise).rejects.toThrow("SSH exec error on pve.lab: command was killed by unknown signal SIGWHATEVER: zpool list -H");
  });

  it("fails when the channel closes without an exit status, saying the outcome is unknown", async () => {
    const ch = new FakeChannel();
    const { promise } = collect(ch);
    ch.emit("close");
    const err: unknown = await promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshError);
    expect((err as SshError).message).toContain("may or may not have completed");
  });

  it("closes the channel on timeout but frees the slot only once the channel is gone", async () => {
    const ch = new FakeChannel();
    const { promise, gone } = collect(ch, { timeoutMs: 20 });
    await expect(promise).rejects.toMatchObject({ kind: "timeout" });
    expect(ch.closed).toBe(1);
    expect(gone.count).toBe(0);
    ch.emit("close");
    expect(gone.count).toBe(1);
  });
});

describe("openExec", () => {
  it("closes a channel that opens after the deadline", async () => {
    const ch = new FakeChannel();
    let answer: ((err: Error | undefined, c: ExecChannel) => void) | undefined;
    const client = { exec: (_cmd: string, cb: typeof answer) => void (answer = cb) };
    await expect(openExec(client, "x", 20, { host: "pve.lab", command: "x", limitMs: 20 })).rejects.toMatchObject({ kind: "timeout" });
    answer!(undefined, ch);
    expect(ch.closed).toBe(1);
  });
});

describe("describeCommand", () => {
  it("keeps short commands and shortens scripts to their first line", () => {
    expect(describeCommand("zfs list")).toBe("zfs list");
    expect(describeCommand("set -eu\nzfs create tank/a")).toBe("set -eu (…)");
    expect(describeCommand("x".repeat(300))).toBe(`${"x".repeat(200)}… (…)`);
  });
});

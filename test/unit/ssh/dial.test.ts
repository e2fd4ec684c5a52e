import { describe, expect, it } from "vitest";
import { classifyConnectError, isTransient, retryDelay } from "../../../providers/ssh/dial";
import { parseHostKeyPin } from "../../../providers/ssh/host-key";

const PIN = parseHostKeyPin("SHA256:w8wzpNZVHeb1Bu5uyQFjFmka+jQz3POkILbPO+yIywk", "pve.lab");
const ctx = { host: "pve.lab", user: "root", pin: PIN, readyTimeoutMs: 15_000 };
const sshErr = (message: string, extra: { level?: string; code?: string }) => Object.assign(new Error(message), extra);

describe("retryDelay", () => {
  it("doubles from the base and caps at 8 s", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(500, n))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });
});

describe("classifyConnectError", () => {
  it.each([
    ["refused", sshErr("connect ECONNREFUSED", { level: "client-socket", code: "ECONNREFUSED" }), "connect", true],
    ["handshake timeout", sshErr("Timed out while waiting for handshake", { level: "client-timeout" }), "connect", true],
    ["MaxStartups drop", sshErr("Connection lost before handshake", { level: "protocol" }), "connect", true],
    ["auth failure", sshErr("All configured authentication methods failed", { level: "client-authentication" }), "auth", false],
    ["unknown host", sshErr("getaddrinfo ENOTFOUND pve.lab", { level: "client-socket", code: "ENOTFOUND" }), "connect", false],
    ["host key type mismatch", sshErr("Handshake failed: no matching host key format", { level: "handshake" }), "hostkey", false],
    ["cipher mismatch", sshErr("Handshake failed: no matching C->S cipher", { level: "handshake" }), "connect", false],
  ])("classifies %s", (_name, err, kind, transient) => {
    const classified = classifyConnectError(err, ctx);
    expect(classified.kind).toBe(kind);
    expect(isTransient(classified)).toBe(transient);
  });

  it("reports a rejected host key as hostkey, never retried, whatever ssh2 said", () => {
    const key = Buffer.from("AAAAC3NzaC1lZDI1NTE5AAAAIH2rYW83T6v8CK++clF36XPkn8MTScymamKSKnC+HpYl", "base64");
    const classified = classifyConnectError(sshErr("Host denied (verification failed)", { level: "handshake" }), { ...ctx, rejectedKey: key });
    expect(classified.kind).toBe("hostkey");
    expect(isTransient(classified)).toBe(false);
  });
});

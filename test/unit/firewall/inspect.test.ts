import { describe, expect, it } from "vitest";
import { parseLocalnet, parseSshConnection, parseStatus } from "../../../providers/firewall/inspect";

const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });

describe("pve-firewall output (PVE::Service::pve_firewall)", () => {
  it.each([
    ["Status: enabled/running\n", "running"],
    ["Status: disabled/running\n", "running"],
    ["Status: enabled/running (pending changes)\n", "running"],
    ["Status: enabled/stopped\n", "stopped"],
  ])("status %j", (stdout, want) => {
    expect(parseStatus(ok(stdout))).toBe(want);
  });

  it("status: no pve-firewall is null, anything else throws", () => {
    expect(parseStatus({ code: 127, stdout: "", stderr: "sh: 1: pve-firewall: not found\ncommand not found" })).toBeNull();
    expect(() => parseStatus({ code: 255, stdout: "", stderr: "ipcc_send_rec[1] failed: Connection refused" })).toThrow(/Connection refused/);
  });

  it("localnet: the detected or user defined network", () => {
    const detected = "local hostname: pve\nlocal IP address: 10.0.0.13\nnetwork auto detect: 10.0.0.0/24\nusing detected local_network: 10.0.0.0/24\n";
    expect(parseLocalnet(ok(detected))).toBe("10.0.0.0/24");
    expect(parseLocalnet(ok(detected.replace("using detected local_network: 10.0.0.0/24", "using user defined local_network: 10.0.0.0/16")))).toBe("10.0.0.0/16");
    expect(parseLocalnet({ code: 1, stdout: "", stderr: "x" })).toBeNull();
  });
});

describe("$SSH_CONNECTION", () => {
  it.each([
    ["192.0.2.7 53422 10.0.0.13 22\n", { client: "192.0.2.7", server: "10.0.0.13", port: 22 }],
    ["::ffff:192.0.2.7 53422 ::ffff:10.0.0.13 2222\n", { client: "192.0.2.7", server: "10.0.0.13", port: 2222 }],
    ["2001:db8::7 53422 2001:db8::1 22\n", { client: "2001:db8::7", server: "2001:db8::1", port: 22 }],
  ])("%j", (stdout, want) => {
    expect(parseSshConnection(ok(stdout))).toEqual(want);
  });

  it("unset or garbled: null", () => {
    expect(parseSshConnection({ code: 1, stdout: "", stderr: "" })).toBeNull();
    expect(parseSshConnection(ok("nonsense\n"))).toBeNull();
  });
});

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SshError } from "../../../providers/ssh/errors";
import { fingerprintOf, hostKeyMismatchError, hostKeyTypeMismatchError, keyTypeOf, makeHostVerifier, parseHostKeyPin } from "../../../providers/ssh/host-key";
import { makeKeyPair } from "./fake-ssh-server";

// Test vectors made with OpenSSH: `ssh-keygen -t ed25519`, `ssh-keygen -lf`, `ssh-keygen -H`.
const ED_LINE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH2rYW83T6v8CK++clF36XPkn8MTScymamKSKnC+HpYl vector@test";
const ED_FP = "SHA256:w8wzpNZVHeb1Bu5uyQFjFmka+jQz3POkILbPO+yIywk";
const RSA_LINE =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDYKY3GmkzPMJDjBEH5DgEuwjxWz2p1dwQAdY1X/POd+vZJPxhUnkgDceQ2AoFxqvC38iliRk9dGBmZ2VDxpdKf8kLLCZnotlV8YFhTRbs38c7/zBv6odZ2a0hGVEWpTgGnQdKg6/BVU8UaHtLeuz9knabrLoXQJniZIDk2sQZk8Q== rsa@test";
const RSA_FP = "SHA256:Y/A5eYDOF7z2hUS2IjrZ2nalGl8jB7dBua8lPaYWXG8";
const ED_KEY = ED_LINE.split(" ")[1];
const RSA_KEY = RSA_LINE.split(" ")[1];
const HASHED_PVE_LAB = `|1|a6INuT2uG9Iny0qVFRIr8Amtdgg=|6l3zANoYWZ+NNai2/nqNXt5e87U= ssh-ed25519 ${ED_KEY}`;
const HASHED_PVE_LAB_2222 = `|1|Lj0eJ/+B+rmoi3llkOu0dChZPas=|trZ0LvZj3LBzK2UpfCr2iiAmqhU= ssh-rsa ${RSA_KEY}`;

const blob = (base64: string) => Buffer.from(base64, "base64");

function configError(fn: () => unknown): SshError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SshError);
    expect((err as SshError).kind).toBe("config");
    return err as SshError;
  }
  throw new Error("expected a config error");
}

describe("fingerprintOf", () => {
  it("matches ssh-keygen -l for ed25519 and rsa keys", () => {
    expect(fingerprintOf(blob(ED_KEY))).toBe(ED_FP);
    expect(fingerprintOf(blob(RSA_KEY))).toBe(RSA_FP);
  });

  it.skipIf(!existsSync("/usr/bin/ssh-keygen"))("agrees with ssh-keygen on a freshly generated key", () => {
    const pair = makeKeyPair();
    const dir = mkdtempSync(join(tmpdir(), "phoenix-fp-"));
    writeFileSync(join(dir, "k.pub"), pair.public);
    const printed = execFileSync("ssh-keygen", ["-lf", join(dir, "k.pub")], { encoding: "utf8" }).split(" ")[1];
    expect(fingerprintOf(blob(pair.public.split(" ")[1]))).toBe(printed);
  });

  it("reads the key type from the blob", () => {
    expect(keyTypeOf(blob(ED_KEY))).toBe("ssh-ed25519");
    expect(keyTypeOf(Buffer.from("xx"))).toBe("unknown");
  });
});

describe("parseHostKeyPin", () => {
  it("accepts an OpenSSH public key line and offers only its algorithm", () => {
    expect(parseHostKeyPin(ED_LINE, "pve.lab")).toEqual({ fingerprints: [ED_FP], keys: [{ fingerprint: ED_FP, type: "ssh-ed25519" }], algorithms: ["ssh-ed25519"], revoked: [] });
  });

  it("offers every RSA signature algorithm for an ssh-rsa pin", () => {
    expect(parseHostKeyPin(RSA_LINE, "pve.lab").algorithms).toEqual(["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]);
  });

  it("accepts a bare fingerprint, with or without base64 padding, and leaves algorithms open", () => {
    expect(parseHostKeyPin(ED_FP, "pve.lab")).toEqual({ fingerprints: [ED_FP], keys: [{ fingerprint: ED_FP }], algorithms: undefined, revoked: [] });
    expect(parseHostKeyPin(`${ED_FP}=`, "pve.lab").fingerprints).toEqual([ED_FP]);
  });

  it("takes only the known_hosts entries for this host, skipping comments and blank lines", () => {
    const knownHosts = ["# lab hosts", "", `other.lab ssh-ed25519 ${ED_KEY}`, `pve.lab,10.0.0.5 ssh-rsa ${RSA_KEY}`].join("\n");
    expect(parseHostKeyPin(knownHosts, "10.0.0.5").fingerprints).toEqual([RSA_FP]);
  });

  it("matches hashed known_hosts names, including [host]:port for other ports", () => {
    const knownHosts = `${HASHED_PVE_LAB}\n${HASHED_PVE_LAB_2222}\n`;
    expect(parseHostKeyPin(knownHosts, "pve.lab").fingerprints).toEqual([ED_FP]);
    expect(parseHostKeyPin(knownHosts, "pve.lab", 2222).fingerprints).toEqual([RSA_FP]);
  });

  it("honours wildcards and negated patterns", () => {
    const knownHosts = `*.lab,!evil.lab ssh-ed25519 ${ED_KEY}`;
    expect(parseHostKeyPin(knownHosts, "PVE.lab").fingerprints).toEqual([ED_FP]);
    configError(() => parseHostKeyPin(knownHosts, "evil.lab"));
  });

  it("records @revoked keys and ignores @cert-authority lines", () => {
    const knownHosts = [`@revoked pve.lab ssh-rsa ${RSA_KEY}`, `@cert-authority *.lab ssh-rsa ${RSA_KEY}`, `pve.lab ssh-ed25519 ${ED_KEY}`].join("\n");
    expect(parseHostKeyPin(knownHosts, "pve.lab")).toEqual({ fingerprints: [ED_FP], keys: [{ fingerprint: ED_FP, type: "ssh-ed25519" }], algorithms: ["ssh-ed25519"], revoked: [RSA_FP] });
  });

  it.each([
    ["a missing pin", undefined, /no host key is pinned/],
    ["an empty pin", "  \n", /no host key is pinned/],
    ["a known_hosts file without this host", `other.lab ssh-ed25519 ${ED_KEY}`, /holds no key for pve\.lab/],
    ["an MD5 fingerprint", "MD5:2e:0f:fe:41", /only SHA256 fingerprints/],
    ["a truncated fingerprint", "SHA256:abc", /not a public key, known_hosts entry or SHA256 fingerprint/],
    ["key data of another type", `ssh-rsa ${ED_KEY}`, /ssh-rsa key data is malformed/],
    ["garbage key data", "ssh-ed25519 !!!", /ssh-ed25519 key data is malformed/],
    ["an unsupported key type", `sk-ssh-ed25519@openssh.com ${ED_KEY}`, /key type sk-ssh-ed25519@openssh.com is not supported/],
  ])("rejects %s as a config error", (_name, pin, message) => {
    expect(configError(() => parseHostKeyPin(pin, "pve.lab")).message).toMatch(message);
  });
});

describe("makeHostVerifier", () => {
  it("accepts exactly the pinned key", () => {
    const verify = makeHostVerifier(ED_LINE, "pve.lab");
    expect(verify(blob(ED_KEY))).toBe(true);
    expect(verify(blob(RSA_KEY))).toBe(false);
  });

  it("rejects a revoked key even when it is also pinned", () => {
    const verify = makeHostVerifier(`${RSA_LINE}\n@revoked pve.lab ssh-rsa ${RSA_KEY}`, "pve.lab");
    expect(verify(blob(RSA_KEY))).toBe(false);
  });

  it("refuses to build a verifier without a pin, so nothing is accepted blindly", () => {
    configError(() => makeHostVerifier(undefined, "pve.lab"));
  });
});

describe("hostKeyMismatchError", () => {
  it("names the host, both fingerprints and that nothing ran", () => {
    const err = hostKeyMismatchError("pve.lab", parseHostKeyPin(ED_LINE, "pve.lab"), blob(RSA_KEY));
    expect(err.kind).toBe("hostkey");
    expect(err.message).toMatchInlineSnapshot(
      `"SSH hostkey error on pve.lab: pve.lab presented a host key that does not match the pin: ssh-rsa SHA256:Y/A5eYDOF7z2hUS2IjrZ2nalGl8jB7dBua8lPaYWXG8; pinned: ssh-ed25519 SHA256:w8wzpNZVHeb1Bu5uyQFjFmka+jQz3POkILbPO+yIywk. Nothing was run on the host. If it was reinstalled, verify the new key out of band and update phoenix:hostKey."`,
    );
  });
});

describe("hostKeyTypeMismatchError", () => {
  it("calls a host without the pinned key type a pin mismatch, naming both sides", () => {
    const err = hostKeyTypeMismatchError("pve.lab", parseHostKeyPin(RSA_LINE, "pve.lab"), "ssh-ed25519,ecdsa-sha2-nistp256");
    expect(err.kind).toBe("hostkey");
    expect(err.message).toMatchInlineSnapshot(`"SSH hostkey error on pve.lab: pve.lab has no host key of the pinned type (ssh-rsa), so it cannot match the pin: pinned ssh-rsa SHA256:Y/A5eYDOF7z2hUS2IjrZ2nalGl8jB7dBua8lPaYWXG8; the host offers only ssh-ed25519, ecdsa-sha2-nistp256. Nothing was run on the host. If it was reinstalled, verify the new key out of band and update phoenix:hostKey."`);
  });

  it("says so when the host's offer is not known", () => {
    const err = hostKeyTypeMismatchError("pve.lab", parseHostKeyPin(`${RSA_LINE}\n${ED_FP}`, "pve.lab"), undefined);
    expect(err.message).toContain(`pinned ssh-rsa ${RSA_FP} or ${ED_FP}; the host did not say which it has.`);
  });
});


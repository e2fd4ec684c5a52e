// Secret inputs (passwords, tokens): the program marks them Pulumi secrets, so the engine stores
// them encrypted. The adapter adds two rules: outputs keep only a salted digest (so even a
// decrypted state file or a verbose log of outputs holds no usable value), and every message
// the provider writes has their values replaced by `[secret]`.
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { hideValues, SECRET_PLACEHOLDER } from "../core/redact";

/** What a secret input reads as wherever its value is not available (read, delete) or shown. */
export { SECRET_PLACEHOLDER };
const PREFIX = "phoenix-secret:scrypt:";

/** A salted scrypt digest of a secret value, as kept in outputs. */
export function digestSecret(value: string, salt = randomBytes(16).toString("hex")): string {
  return `${PREFIX}${salt}:${scryptSync(value, salt, 32).toString("hex")}`;
}

export function isDigest(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(PREFIX);
}

/** True when `value` is the secret that `digest` was made from. */
export function matchesDigest(value: string, digest: string): boolean {
  const [salt, hash] = digest.slice(PREFIX.length).split(":");
  if (salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, "hex");
  const actual = scryptSync(value, salt, 32);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Outputs side: each secret key's value becomes a digest. An unchanged value keeps its previous
 * digest (so an `up` that changes nothing writes identical outputs) and the placeholder keeps it
 * as well (read and delete never see the value).
 */
export function sealSecrets<T extends object>(inputs: T, keys: readonly string[], previous?: Record<string, unknown>): T {
  if (keys.length === 0) return inputs;
  const out: Record<string, unknown> = { ...(inputs as Record<string, unknown>) };
  for (const key of keys) {
    const value = out[key];
    const before = previous?.[key];
    if (typeof value !== "string") continue;
    if (isDigest(before) && (value === SECRET_PLACEHOLDER || matchesDigest(value, before))) out[key] = before;
    else if (!isDigest(value)) out[key] = digestSecret(value);
  }
  return out as T;
}

/**
 * Stored side: digests become the new value when it matches (unchanged), else the placeholder.
 * Returns the keys whose secret changed (a change the inputs comparison cannot see).
 */
export function openSecrets(stored: Record<string, unknown>, keys: readonly string[], news?: Record<string, unknown>) {
  const inputs: Record<string, unknown> = { ...stored };
  const changed: string[] = [];
  for (const key of keys) {
    const digest = stored[key];
    const next = news?.[key];
    if (!isDigest(digest)) continue;
    if (typeof next === "string" && matchesDigest(next, digest)) inputs[key] = next;
    else {
      inputs[key] = SECRET_PLACEHOLDER;
      if (news !== undefined && next !== undefined) changed.push(key);
    }
  }
  return { inputs, changed };
}

/** Replaces every occurrence of the given secret values in a message with `[secret]`. */
export function redactor(values: readonly unknown[]): (text: string) => string {
  // A secret that is a JSON object of secrets (a script's secret environment) also hides each value.
  return hideValues(values.flatMap(withMembers).filter((v): v is string => typeof v === "string" && v !== SECRET_PLACEHOLDER && !isDigest(v)));
}

function withMembers(value: unknown): unknown[] {
  if (typeof value !== "string" || !value.startsWith("{")) return [value];
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed !== "object" || parsed === null) return [value];
    return [value, ...Object.values(parsed).filter((v) => typeof v === "string")];
  } catch {
    return [value];
  }
}

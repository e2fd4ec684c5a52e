// Secrets the engine never sees (docs/decisions/0020, 0019): Pulumi prints secret inputs that the
// program made itself in plain at -v=9, so the program passes only where the secret is (a file on
// the machine running Pulumi, and for a JSON file the location in it) and a fingerprint of it. The
// provider reads the value itself when a command needs it. Messages name the file and the
// location, never the content.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { digestSecret } from "./secrets";

/**
 * scrypt(value) with a salt fixed per kind and object: an unchanged value gives identical inputs
 * (no churn), a changed one changes them (an update of this object only). Memory-hard, and of no
 * use on the host, which wants the value itself.
 */
export function secretFingerprint(kind: string, name: string, value: string): string {
  return digestSecret(value, createHash("sha256").update(`phoenix ${kind} ${name}`).digest("hex").slice(0, 32));
}

/** What a fingerprint looks like in inputs. */
export const FINGERPRINT = /^phoenix-secret:scrypt:[0-9a-f]{32}:[0-9a-f]{64}$/;

/** A file's text; throws naming `what`, the path and the error code only. */
export function readSecretFile(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

/** How a JSON location reads in messages: `users.password_hash`. */
export const jsonLocation = (at: readonly string[]) => at.join(".");

/**
 * The string at `at` in a JSON text. JSON.parse's own message quotes the text around a syntax
 * error, so it is not passed on; neither is a value that is not a string.
 */
export function stringInJson(text: string, at: readonly string[], file: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  for (const key of at) {
    if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) throw new Error(`${file} has no ${jsonLocation(at)}`);
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value !== "string") throw new Error(`${jsonLocation(at)} in ${file} is not a string`);
  return value;
}

/** The string at `at` in a JSON file on the machine running Pulumi. */
export function readJsonSecret(file: string, at: readonly string[], what: string): string {
  return stringInJson(readSecretFile(file, what), at, file);
}

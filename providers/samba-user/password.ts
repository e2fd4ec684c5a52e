// The Samba password file on the machine running Pulumi: read by the program (for the
// fingerprint) and by the provider (for the NT hash comparison and smbpasswd). Messages name the
// file, never its content.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { digestSecret } from "../adapter/secrets";

/** The password in a file's content: one line, a final newline dropped. */
export function passwordFromText(text: string, file: string): string {
  const password = text.replace(/\r?\n$/, "");
  if (password === "") throw new Error(`the Samba password file ${file} is empty`);
  if (/[\r\n]/.test(password)) throw new Error(`the Samba password file ${file} holds more than one line (smbpasswd reads one line per password)`);
  if (password.length > 256) throw new Error(`the Samba password in ${file} is longer than 256 characters`);
  return password;
}

/** Reads the password file; throws with the path and the reason only. */
export function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`cannot read the Samba password file ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
  return passwordFromText(text, file);
}

/**
 * A scrypt digest of the password with a salt fixed per user: stable (no churn in inputs when
 * the password is unchanged), memory-hard, and no use on the host (Samba wants the password).
 */
export function passwordFingerprint(name: string, password: string): string {
  return digestSecret(password, createHash("sha256").update(`phoenix SambaUser ${name}`).digest("hex").slice(0, 32));
}

// The Samba password file on the machine running Pulumi: read by the program (for the
// fingerprint) and by the provider (for the NT hash comparison and smbpasswd). Messages name the
// file, never its content.
import { readSecretFile, secretFingerprint } from "../adapter/secret-file";

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
  return passwordFromText(readSecretFile(file, "the Samba password file"), file);
}

/** The password's fingerprint for the inputs (salt fixed per user: no churn while unchanged). */
export function passwordFingerprint(name: string, password: string): string {
  return secretFingerprint("SambaUser", name, password);
}

// The admin's password hash: its fingerprint (the program puts it in the inputs; inspect
// compares the host's shadow field by the same digest) and reading it from the config file.
import { jsonLocation, readJsonSecret, secretFingerprint } from "../adapter/secret-file";
import { passwordHashProblem, type AdminUserInputs } from "./schema";

/**
 * scrypt of a crypt(3) hash with a salt fixed per user (as 0019 has digested the shadow field
 * since its first version, so older observations compare unchanged). The field is itself a
 * salted hash: a fixed salt gives no dictionary.
 */
export function passwordHashFingerprint(name: string, hash: string): string {
  return secretFingerprint("AdminUser", name, hash);
}

/**
 * The configured hash from the file the inputs name, or why it cannot be used: unreadable, no
 * such location, not a hash chpasswd takes, or not the hash the program fingerprinted (the
 * file changed during the run). Messages name the file and location, never the value.
 */
export function readPasswordHash(inputs: AdminUserInputs): { hash: string } | { problem: string } {
  const { passwordHashFile: file, passwordHashAt: at } = inputs;
  if (file === undefined || at === undefined) return { problem: "the inputs name no file holding the password hash" };
  const where = `${jsonLocation(at)} in ${file}`;
  try {
    const hash = readJsonSecret(file, at, "the password hash file");
    const problem = passwordHashProblem(hash);
    if (problem !== undefined) return { problem: `${where}: ${problem}` };
    if (passwordHashFingerprint(inputs.name, hash) !== inputs.passwordFingerprint) return { problem: `${where} changed since the program read it; run again` };
    return { hash };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}

// Script secrets kept in files on the machine running Pulumi (a token file): the program passes
// the path and a fingerprint, the provider reads the value when the script is due, so the value
// never crosses Pulumi's RPC, where -v=9 logs print program-made secrets in plain (0020, 0030).
import { readSecretFile, secretFingerprint } from "../adapter/secret-file";
import type { ScriptInputs } from "./schema";

/** The secret in a file's text: surrounding whitespace (the final newline) dropped. */
export const secretFromText = (text: string) => text.trim();

/** The fingerprint of the variable `name`'s value (salt fixed per name: no churn while unchanged). */
export const secretFileFingerprint = (name: string, value: string) => secretFingerprint("ScriptSecret", name, value);

/** Reads every secret file of `inputs`; throws naming the file (never its content) when one is unreadable, empty or changed. */
export function readFileSecrets(inputs: Pick<ScriptInputs, "secretFiles">, read: (file: string, what: string) => string = readSecretFile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, { path, fingerprint }] of Object.entries(inputs.secretFiles)) {
    const value = secretFromText(read(path, `the file of ${name}`));
    if (value === "") throw new Error(`the file of ${name}, ${path}, is empty`);
    if (secretFileFingerprint(name, value) !== fingerprint) throw new Error(`the file of ${name}, ${path}, changed since the program read it: run up again`);
    out[name] = value;
  }
  return out;
}

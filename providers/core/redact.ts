// Hiding secret values in text (messages, command output) before it leaves the provider.

/** What a hidden value reads as. */
export const SECRET_PLACEHOLDER = "[secret]";

/** Replaces each of `values` in a text by [secret], longest first (one holding another goes whole). */
export function hideValues(values: readonly string[]): (text: string) => string {
  const secrets = values.filter((v) => v !== "").sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((t, s) => t.split(s).join(SECRET_PLACEHOLDER), text);
}

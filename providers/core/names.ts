// Character helpers and the clean-absolute-path rule that the name checks of every resource
// (and the config's own checks) build on. Each check returns the reason a value is unusable,
// or undefined; they are stricter than the tools where the tools accept a trap (a space in a
// name, `..` in a path).

/** The first character of `value` that the one-character class `allowed` does not match. */
export function firstBadChar(value: string, allowed: RegExp): string | undefined {
  return [...value].find((c) => !allowed.test(c));
}

/** A character as messages show it: quoted, or U+XXXX for a control character. */
export function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).padStart(4, "0")}` : `"${c}"`;
}

/** Why `path` is not a clean absolute path: no whitespace, control characters, `.`/`..` or empty segments. */
export function absolutePathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return `path "${path}" is not absolute`;
  const bad = firstBadChar(path, /[^\s\x00-\x1f\x7f]/);
  if (bad !== undefined) return `path "${path}" contains whitespace or a control character (${describeChar(bad)})`;
  if (path === "/") return undefined;
  const segments = path.slice(1).split("/");
  if (segments.some((s) => s === "")) return `path "${path}" has an empty segment (double or trailing slash)`;
  if (segments.some((s) => s === "." || s === "..")) return `path "${path}" contains a "." or ".." segment`;
  return undefined;
}

// The one place where values become shell text. Every command that reaches a host is built
// from argv through quote(), so no value from config or state is ever interpreted by a shell.

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argument for a POSIX shell; plain words stay readable in previews and logs. */
export function quote(arg: string): string {
  if (typeof arg !== "string") throw new TypeError(`quote() takes a string, got ${typeof arg}`);
  if (arg.includes("\0")) throw new Error("an argument cannot contain a NUL byte");
  if (arg !== "" && SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Joins argv into one shell command line, each element quoted as a single word. */
export function argvToShell(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error("an empty argv is not a command");
  return argv.map(quote).join(" ");
}

/**
 * Tagged template for commands: literal text is trusted code, every interpolated value is
 * quoted as one word (arrays become several words).
 *   sh`zfs get -H -p -o value ${prop} ${dataset}`
 */
export function sh(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0];
  values.forEach((value, i) => {
    const words = Array.isArray(value) ? value.map(String).map(quote).join(" ") : quote(String(value));
    out += words + strings[i + 1];
  });
  return out;
}

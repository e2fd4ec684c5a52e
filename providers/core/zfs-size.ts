// Sizes exactly as OpenZFS reads and prints them, so a configured "1.4T" compares equal to the
// bytes `zfs get -p` reports (plain bytes, therefore also valid input here). Parsing mirrors
// libzfs zfs_nicestrtonum()/str2shift(); printing mirrors zfs_nicebytes()
// (lib/libzfs/libzfs_util.c, lib/libzutil/zutil_nicenum.c, 2.2.x).

/** Largest value a ZFS number property holds (uint64). */
export const ZFS_SIZE_MAX = (1n << 64n) - 1n;

// Suffix letters in order of their power of 1024, as in str2shift's "BKMGTPEZ".
const SUFFIXES = "BKMGTPEZ";
const UNITS = ["B", "K", "M", "G", "T", "P", "E"];

// The numeric part: digits, optionally with a fraction (".5G" and "1.G" are accepted by
// strtod, so they are here). Exponents ("1e3K") are refused on purpose: strtod would take
// them, but nobody means them in a size and they hide typos.
const SIZE = /^([0-9]+|[0-9]*\.[0-9]*)([A-Za-z]*)$/;

/** The reason `text` is not a ZFS size, or undefined when it is one. */
export function zfsSizeProblem(text: string): string | undefined {
  const parsed = parse(text);
  return typeof parsed === "string" ? parsed : undefined;
}

/**
 * Bytes for a ZFS size such as `800G`, `1.4T`, `128K`, `1M`, `512`, `4KiB`, `16GB`, the way
 * `zfs set` reads it. Suffixes are case-insensitive powers of 1024; `G`, `GB` and `GiB` mean
 * the same. Fractions are computed in double precision and truncated, exactly like OpenZFS, so
 * `1.4T` is 1539316278886 bytes. Throws RangeError (with zfsSizeProblem's text) on anything else.
 */
export function parseZfsSize(text: string): bigint {
  const parsed = parse(text);
  if (typeof parsed === "string") throw new RangeError(parsed);
  return parsed;
}

function parse(text: string): bigint | string {
  const match = typeof text === "string" ? SIZE.exec(text) : null;
  if (!match || match[1] === ".") {
    return `"${String(text)}" is not a ZFS size (expected a number with an optional suffix B, K, M, G, T, P, E or Z, e.g. 800G or 1.4T)`;
  }
  const shift = suffixShift(match[2]);
  if (shift === undefined) return `"${text}" has an invalid size suffix "${match[2]}" (expected B, K, M, G, T, P, E or Z, optionally followed by B or iB)`;
  const bytes = match[1].includes(".") ? fractionBytes(match[1], shift) : integerBytes(match[1], shift);
  if (bytes === undefined || bytes > ZFS_SIZE_MAX) return `"${text}" is too large (ZFS sizes stop at 16E minus one byte)`;
  return bytes;
}

// str2shift: one letter, or a letter plus "B" or "iB"; "BB" and "BiB" are refused.
function suffixShift(suffix: string): number | undefined {
  if (suffix === "") return 0;
  const index = SUFFIXES.indexOf(suffix[0].toUpperCase());
  if (index < 0) return undefined;
  const rest = suffix.slice(1).toUpperCase();
  if (rest === "" || (index > 0 && (rest === "B" || rest === "IB"))) return index * 10;
  return undefined;
}

// zfs_nicestrtonum's integer branch refuses any shift of 64 or more, even for 0 ("0Z").
function integerBytes(digits: string, shift: number): bigint | undefined {
  return shift >= 64 ? undefined : BigInt(digits) << BigInt(shift);
}

// zfs_nicestrtonum's decimal branch: `fval = strtod() * 2^shift`, rejected at >= 2^64
// (UINT64_MAX is not representable as a double), then truncated by the (uint64_t) cast.
function fractionBytes(numeric: string, shift: number): bigint | undefined {
  const value = Number(numeric) * 2 ** shift;
  if (value >= 2 ** 64) return undefined;
  return BigInt(Math.trunc(value));
}

/** Formats bytes like `zfs list` does without -p ("800G", "1.40T", "512B"), for messages. */
export function formatBytes(bytes: bigint | number): string {
  const n = BigInt(bytes);
  let index = 0;
  let whole = n;
  while (whole >= 1024n && index < UNITS.length - 1) {
    whole /= 1024n;
    index++;
  }
  const unit = UNITS[index];
  if (index === 0 || n % 1024n ** BigInt(index) === 0n) return `${whole}${unit}`;
  // zfs_nicenum picks the most decimals (2, 1, 0) that still fit in 5 characters.
  const value = Number(n) / 1024 ** index;
  for (const digits of [2, 1]) {
    const text = `${value.toFixed(digits)}${unit}`;
    if (text.length <= 5) return text;
  }
  return `${value.toFixed(0)}${unit}`;
}

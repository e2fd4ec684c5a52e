// Sizes exactly as OpenZFS reads and prints them, so a configured "1.4T" compares equal to the
// bytes `zfs get -p` reports. Parsing mirrors libzfs zfs_nicestrtonum()/str2shift(); printing
// mirrors zfs_nicebytes() (lib/libzfs/libzfs_util.c, lib/libzutil/zutil_nicenum.c, 2.2.x).

const SUFFIXES = "BKMGTPEZ";
const SIZE_TEXT = /^(\d+(?:\.\d*)?|\.\d+)([A-Za-z]*)$/;
const UINT64_LIMIT = 2n ** 64n;
const UNITS = ["B", "K", "M", "G", "T", "P", "E"];

/** Parses a ZFS size ("512", "128K", "128KiB", "1.4T") to bytes the way `zfs set` does; throws on text zfs rejects. */
export function parseZfsSize(text: string): bigint {
  const match = SIZE_TEXT.exec(text);
  if (!match) throw new Error(`bad numeric value '${text}'`);
  const [, digits, suffix] = match;
  const shift = suffixShift(suffix, text);
  if (digits.includes(".")) {
    // libzfs switches to double arithmetic for decimals and truncates: 1.4T = floor(1.4 * 2^40).
    const value = Number(digits) * 2 ** shift;
    if (value >= 2 ** 64) throw new Error(`numeric value is too large: '${text}'`);
    return BigInt(Math.trunc(value));
  }
  const bytes = BigInt(digits) << BigInt(shift);
  if (bytes >= UINT64_LIMIT) throw new Error(`numeric value is too large: '${text}'`);
  return bytes;
}

// 'G' = 'GB' = 'GiB' case-insensitively, all powers of 1024; 'BB' and 'BiB' are rejected.
function suffixShift(suffix: string, text: string): number {
  if (suffix === "") return 0;
  const index = SUFFIXES.indexOf(suffix[0].toUpperCase());
  const rest = suffix.slice(1).toUpperCase();
  const isB = index === 0;
  if (index < 0 || !(rest === "" || (!isB && (rest === "B" || rest === "IB")))) {
    throw new Error(`invalid numeric suffix '${suffix}' in '${text}'`);
  }
  return 10 * index;
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

// The NT hash Samba keeps for a password: MD4 of the password as UTF-16LE (MS-NLMP 3.3.1,
// NTOWFv1). Node 20's OpenSSL 3 offers md4 only with the legacy provider loaded, so MD4
// (RFC 1320) is written out here; it is used to compare, never to protect anything.

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

/** MD4 digest of `data` (RFC 1320). */
export function md4(data: Uint8Array): Buffer {
  const bitLength = data.length * 8;
  const padded = new Uint8Array(((data.length + 8) >> 6) * 64 + 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, bitLength >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(bitLength / 2 ** 32), true);
  let [a, b, c, d] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const f = (x: number, y: number, z: number) => (x & y) | (~x & z);
  const g = (x: number, y: number, z: number) => (x & y) | (x & z) | (y & z);
  const h = (x: number, y: number, z: number) => x ^ y ^ z;
  for (let off = 0; off < padded.length; off += 64) {
    const x = Array.from({ length: 16 }, (_, i) => view.getUint32(off + i * 4, true));
    const [aa, bb, cc, dd] = [a, b, c, d];
    const round = (fn: (x: number, y: number, z: number) => number, k: number, order: number[], shifts: number[]) => {
      for (let i = 0; i < 16; i++) {
        const s = shifts[i % 4];
        const t = rotl((a + fn(b, c, d) + x[order[i]] + k) | 0, s);
        [a, b, c, d] = [d, t, b, c];
      }
    };
    round(f, 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [3, 7, 11, 19]);
    round(g, 0x5a827999, [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15], [3, 5, 9, 13]);
    round(h, 0x6ed9eba1, [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15], [3, 9, 11, 15]);
    [a, b, c, d] = [(a + aa) | 0, (b + bb) | 0, (c + cc) | 0, (d + dd) | 0];
  }
  const out = Buffer.alloc(16);
  [a, b, c, d].forEach((w, i) => out.writeInt32LE(w, i * 4));
  return out;
}

/** The NT hash of a password, as pdbedit -Lw prints it (32 upper-case hex digits). */
export function ntHash(password: string): string {
  return md4(Buffer.from(password, "utf16le")).toString("hex").toUpperCase();
}

/**
 * CRC32 as ESP-IDF computes it: `crc32_le(0xFFFFFFFF, data, len)`, which is also
 * Python's `zlib.crc32(data, 0xFFFFFFFF)`. The polynomial is the usual reflected
 * 0xEDB88320 but the seed is unusual: the register starts at 0 (the inverse of the
 * 0xFFFFFFFF argument), and the result is inverted. So this is *not* the textbook
 * CRC-32 of the same bytes.
 *
 * @module
 */

/**
 * The lookup tables as 32-bit signed words: every value stays a small integer (int32)
 * for the engine, also in the interpreter that runs a one-image command's run-once code
 * (a Uint32Array entry at or above 2^31, or the constant 0xEDB88320, would be a double).
 */
const TABLE: Int32Array = (() => {
  const t = new Int32Array(256 * 8);
  const poly = 0xedb88320 | 0;
  // The CRC of a byte is linear in the byte (XOR): the CRC of each single bit, then
  // t[b + x] = t[b] ^ t[x] for each bit b and the bytes x below it.
  for (let b = 128, c = poly; b >= 1; b >>= 1) {
    t[b] = c;
    c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
  }
  for (let b = 2; b < 256; b <<= 1) {
    for (let x = 1; x < b; x++) t[b + x] = t[b] ^ t[x];
  }
  // Slicing-by-8 tables: t[k * 256 + n] is the CRC of byte n followed by k zero bytes,
  // linear in n as well.
  for (let k = 1; k < 8; k++) {
    const base = k * 256;
    for (let b = 1; b < 256; b <<= 1) {
      const c = t[base - 256 + b];
      t[base + b] = t[c & 0xff] ^ (c >>> 8);
    }
    for (let b = 2; b < 256; b <<= 1) {
      for (let x = 1; x < b; x++) t[base + b + x] = t[base + b] ^ t[base + x];
    }
  }
  return t;
})();

/**
 * Continues a CRC32 over `data`. `crc` is a previous result, or the seed; ESP-IDF's NVS
 * uses the seed 0xFFFFFFFF everywhere.
 *
 * @example
 * ```ts
 * import { crc32 } from "@nvsforge/nvsforge/format";
 *
 * const data = new TextEncoder().encode("123456789");
 * // Not the textbook CRC-32 (0xcbf43926) of these bytes: the seed differs.
 * if (crc32(data) !== 0xd202d277) throw new Error(crc32(data).toString(16));
 * // In two parts: the first result is the seed of the second.
 * if (crc32(data.subarray(4), crc32(data.subarray(0, 4))) !== crc32(data)) {
 *   throw new Error("CRC does not continue");
 * }
 * ```
 *
 * @param data the bytes.
 * @param crc a previous result to continue from, or the seed (default 0xFFFFFFFF).
 * @returns the CRC, an unsigned 32-bit number.
 */
export function crc32(data: Uint8Array, crc = 0xffffffff): number {
  return crc32Range(data, 0, data.length, crc);
}

/** Continues a CRC32 over the bytes `[start, end)` of `data` (no view is made). */
function crc32Range(data: Uint8Array, start: number, end: number, crc: number): number {
  let c = ~crc;
  let i = start;
  // Slicing-by-8: eight bytes per step.
  for (; i + 8 <= end; i += 8) {
    const lo = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    c = TABLE[7 * 256 + (lo & 0xff)] ^ TABLE[6 * 256 + ((lo >>> 8) & 0xff)] ^
      TABLE[5 * 256 + ((lo >>> 16) & 0xff)] ^ TABLE[4 * 256 + (lo >>> 24)] ^
      TABLE[3 * 256 + data[i + 4]] ^ TABLE[2 * 256 + data[i + 5]] ^
      TABLE[256 + data[i + 6]] ^ TABLE[data[i + 7]];
  }
  for (; i < end; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC32 over several byte ranges `[start, end)` of one buffer, in order. */
export function crc32Ranges(
  buf: Uint8Array,
  base: number,
  ranges: readonly (readonly [number, number])[],
): number {
  let crc = 0xffffffff;
  for (const [start, end] of ranges) crc = crc32Range(buf, base + start, base + end, crc);
  return crc;
}

/**
 * CRC32 as ESP-IDF computes it: `crc32_le(0xFFFFFFFF, data, len)`, which is also
 * Python's `zlib.crc32(data, 0xFFFFFFFF)`. The polynomial is the usual reflected
 * 0xEDB88320 but the seed is unusual: the register starts at 0 (the inverse of the
 * 0xFFFFFFFF argument), and the result is inverted. So this is *not* the textbook
 * CRC-32 of the same bytes.
 *
 * @module
 */

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  // Slicing-by-8 tables: t[k * 256 + n] is the CRC of byte n followed by k zero bytes.
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c >>> 0;
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
  let c = ~crc >>> 0;
  let i = start;
  // Slicing-by-8: eight bytes per step.
  for (; i + 8 <= end; i += 8) {
    const lo = (c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>>
      0;
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

/**
 * AES state words and the host's byte order. The AES modules hold each column of the 4×4
 * state, and each round key, as a 32-bit word whose bytes are the column's little-endian
 * (row 0 in the low 8 bits). That is how a `Uint32Array` over the bytes reads them on a
 * little-endian host, so blocks there are transformed in place in a word view of their
 * buffer; on a big-endian host each word's bytes are swapped first and back after.
 *
 * @module
 */

/** True on a little-endian host: a `Uint32Array` then reads bytes as the AES modules' words. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A word view of `bytes` (offset and length multiples of 4) in this module's word order:
 * on a little-endian host the bytes are left as they are; on a big-endian host each
 * word's bytes are swapped in place. Undo with {@linkcode bytesFromWords}.
 */
export function wordsFromBytes(bytes: Uint8Array): Uint32Array {
  const w = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
  if (!HOST_LITTLE_ENDIAN) swapWords(w);
  return w;
}

/** Puts the bytes of a view from {@linkcode wordsFromBytes} back in their order. */
export function bytesFromWords(w: Uint32Array): void {
  if (!HOST_LITTLE_ENDIAN) swapWords(w);
}

/** Reverses the bytes of each word. */
export function swapWords(w: Uint32Array): void {
  for (let i = 0; i < w.length; i++) {
    const x = w[i];
    w[i] = ((x & 0xff) << 24 | (x & 0xff00) << 8 | (x >>> 8) & 0xff00 | x >>> 24) >>> 0;
  }
}

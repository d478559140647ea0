/**
 * The block passes of XTS-AES-256, each one pass over 32-bit words of a whole batch of
 * data units: tweaks as 16 little-endian bytes, the masks T_j = E_key2(i) ⊗ α^j
 * (multiplication by α in GF(2^128)), and the blocks XORed with their mask, encrypted or
 * decrypted, and XORed again. Private to `xts.ts`.
 *
 * @module
 */

import type { Aes256 } from "./aes.ts";
import { bytesFromWords, wordsFromBytes } from "./_aes_words.ts";

/** Encrypts the 16-byte blocks of `blocks` in place (ECB), on any host. */
export function encryptBlocks(aes: Aes256, blocks: Uint8Array): void {
  const w = wordsFromBytes(blocks);
  aes.encryptWords(w);
  bytesFromWords(w);
}

/**
 * XTS step 3 for every block of `work` in place: XOR its mask (from `masks`, as long),
 * encrypt or decrypt, XOR the mask again.
 */
export function maskedBlocks(
  aes: Aes256,
  work: Uint8Array,
  masks: Uint8Array,
  encrypt: boolean,
): void {
  const m = words(masks);
  const n = m.length;
  // XOR works on bytes whatever the host's word order: no swapping needed for it.
  let w = words(work);
  for (let i = 0; i < n; i++) w[i] ^= m[i];
  w = wordsFromBytes(work);
  if (encrypt) aes.encryptWords(w);
  else aes.decryptWords(w);
  bytesFromWords(w);
  for (let i = 0; i < n; i++) w[i] ^= m[i];
}

/** The 32-bit words of a buffer whose offset and length are multiples of 4. */
function words(a: Uint8Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2);
}
const TWO_POW_32 = 0x1_0000_0000;

/** A DataView over exactly the bytes of `a`. */
export function viewOf(a: Uint8Array): DataView {
  return new DataView(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Computes the masks T_j of `count` data units of `unitBlocks` blocks each, from the
 * encrypted tweaks E_key2(i) (16 bytes per unit, in `encTweaks`): mask j of unit u is
 * written at `masks[(u * unitBlocks + j) * 16]`. Multiplication by α is IEEE 1619's
 * little-endian one: shift the 128-bit value (byte 0 least significant) left by one bit
 * and, when a bit falls off the top, XOR 0x87 into byte 0.
 */
export function expandMasks(
  encTweaks: DataView,
  count: number,
  unitBlocks: number,
  masks: DataView,
): void {
  let m = 0;
  for (let u = 0; u < count; u++) {
    const t = u * 16;
    let w0 = encTweaks.getUint32(t, true);
    let w1 = encTweaks.getUint32(t + 4, true);
    let w2 = encTweaks.getUint32(t + 8, true);
    let w3 = encTweaks.getUint32(t + 12, true);
    for (let j = 0;;) {
      masks.setUint32(m, w0, true);
      masks.setUint32(m + 4, w1, true);
      masks.setUint32(m + 8, w2, true);
      masks.setUint32(m + 12, w3, true);
      m += 16;
      if (++j === unitBlocks) break;
      const carry = w3 >>> 31;
      w3 = ((w3 << 1) | (w2 >>> 31)) >>> 0;
      w2 = ((w2 << 1) | (w1 >>> 31)) >>> 0;
      w1 = ((w1 << 1) | (w0 >>> 31)) >>> 0;
      w0 = ((w0 << 1) ^ (0x87 & -carry)) >>> 0;
    }
  }
}

/** Writes a tweak given as a non-negative safe integer as 16 little-endian bytes. */
export function writeTweak(view: DataView, at: number, tweak: number): void {
  if (!Number.isSafeInteger(tweak) || tweak < 0) {
    throw new RangeError(`XTS tweak must be a non-negative safe integer, got ${tweak}`);
  }
  view.setUint32(at, tweak % TWO_POW_32, true);
  view.setUint32(at + 4, Math.floor(tweak / TWO_POW_32), true);
  view.setUint32(at + 8, 0, true);
  view.setUint32(at + 12, 0, true);
}

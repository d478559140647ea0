/**
 * XTS steps 2 and 3 for a batch of data units held as 32-bit words in AES word order
 * (`_aes_words.ts`): each block P_j of a unit with encrypted tweak E_key2(i) becomes
 *
 *     C_j = E_key1(P_j ⊕ T_j) ⊕ T_j,   T_j = E_key2(i) ⊗ α^j
 *
 * in three passes over the batch: XOR every block with its mask, encrypt (or decrypt)
 * each run of adjacent units in one call, XOR the masks again. The masks are made as
 * they are needed, in four local words (multiplication by α is IEEE 1619's
 * little-endian one: shift the 128-bit value left by one bit and, when a bit falls off
 * the top, XOR 0x87 into the low byte), so no mask is ever stored. Private to the XTS
 * modules.
 *
 * @module
 */

import type { Aes256 } from "./aes.ts";

/**
 * The XTS transform, in place, of `count` units of `unitWords` words each in `w`, unit k
 * at word `starts[k]`, its encrypted tweak at `tw[4k..4k+4)`. Units must not overlap.
 */
export function xtsWords(
  aes1: Aes256,
  w: Uint32Array,
  starts: ArrayLike<number>,
  count: number,
  unitWords: number,
  tw: Uint32Array,
  encrypt: boolean,
): void {
  xorMasks(w, starts, count, unitWords, tw);
  for (let k = 0; k < count;) {
    const from = starts[k];
    let to = from + unitWords;
    while (++k < count && starts[k] === to) to += unitWords;
    if (encrypt) aes1.encryptWords(w, from, to);
    else aes1.decryptWords(w, from, to);
  }
  xorMasks(w, starts, count, unitWords, tw);
}

/** XORs each block of each unit with its mask T_j = E_key2(i) ⊗ α^j. */
function xorMasks(
  w: Uint32Array,
  starts: ArrayLike<number>,
  count: number,
  unitWords: number,
  tw: Uint32Array,
): void {
  for (let k = 0; k < count; k++) {
    let t0 = tw[4 * k], t1 = tw[4 * k + 1], t2 = tw[4 * k + 2], t3 = tw[4 * k + 3];
    for (let o = starts[k], end = o + unitWords;;) {
      w[o] ^= t0;
      w[o + 1] ^= t1;
      w[o + 2] ^= t2;
      w[o + 3] ^= t3;
      if ((o += 4) === end) break;
      // T ⊗ α: the 128-bit shift left, the carry out of the top folded back as 0x87.
      const carry = t3 >> 31; // all ones when the top bit is set
      t3 = (t3 << 1) | (t2 >>> 31);
      t2 = (t2 << 1) | (t1 >>> 31);
      t1 = (t1 << 1) | (t0 >>> 31);
      t0 = (t0 << 1) ^ (carry & 0x87);
    }
  }
}

/**
 * Scratch space for the XTS modules, shared by every cipher and grown as needed (one
 * thread runs one call at a time, and every call zeroes what it used): the encrypted
 * tweaks, the word offsets of the units, and a gathering area for units that cannot be
 * transformed where they are.
 */
export class XtsScratch {
  #words = new Uint32Array(0);
  #bytes = new Uint8Array(0);
  #starts = new Int32Array(0);

  /** `words` words (zeroed by the caller after use) and their bytes. */
  words(words: number): { words: Uint32Array; bytes: Uint8Array } {
    if (this.#words.length < words) {
      this.#words = new Uint32Array(Math.max(words, 2 * this.#words.length));
      this.#bytes = new Uint8Array(this.#words.buffer);
    }
    return { words: this.#words, bytes: this.#bytes };
  }

  /** Room for `count` unit offsets, in words (a buffer's words fit in 31 bits). */
  starts(count: number): Int32Array {
    if (this.#starts.length < count) {
      this.#starts = new Int32Array(Math.max(count, 2 * this.#starts.length));
    }
    return this.#starts;
  }
}

/**
 * The XTS-AES-256 engine under `XtsCipher` and the partition transforms: one key's two
 * AES schedules (replaceable in place, for a key per device), and the transform of a
 * batch of data units of a buffer. Arguments are trusted to be checked by the caller
 * (`xts.ts`) except the units' offsets and tweaks, which are checked here before any
 * byte is changed. Private to the XTS modules.
 *
 * Units are transformed where they lie when the host is little-endian and every unit
 * starts on a 4-byte boundary of memory (an NVS image always does): a word view of the
 * caller's buffer, no copy. Otherwise they are gathered into scratch space, put in AES
 * word order, transformed and scattered back.
 *
 * @module
 */

import { Aes256 } from "./aes.ts";
import { bytesFromWords, HOST_LITTLE_ENDIAN, swapWords, wordsFromBytes } from "./_aes_words.ts";
import { XtsScratch, xtsWords } from "./_xts_blocks.ts";
import { encryptTweaks, TweakCache } from "./_xts_tweaks.ts";

/** One scratch space for every engine: calls never interleave. */
const scratch = new XtsScratch();

/** An XTS-AES-256 key (64 bytes: key1 for the data, key2 for the tweaks), expanded. */
export class XtsUnits {
  readonly #aes1: Aes256;
  readonly #aes2: Aes256;
  readonly #cache?: TweakCache;
  #destroyed = false;

  /**
   * Expands both halves of `key64` (64 bytes, checked by the caller). With
   * `cachedTweaks` > 0, remembers the encrypted tweaks of units 0 to `cachedTweaks` − 1
   * (see {@linkcode TweakCache}).
   */
  constructor(key64: Uint8Array, cachedTweaks = 0) {
    this.#aes1 = new Aes256(key64.subarray(0, 32));
    this.#aes2 = new Aes256(key64.subarray(32, 64));
    if (cachedTweaks > 0) this.#cache = new TweakCache(cachedTweaks);
  }

  /** Replaces the key (64 bytes), reusing the memory; usable again after destroy(). */
  rekey(key64: Uint8Array): void {
    this.#aes1.rekey(key64.subarray(0, 32));
    this.#aes2.rekey(key64.subarray(32, 64));
    this.#cache?.clear();
    this.#destroyed = false;
  }

  /**
   * Transforms, in place, the units of `unitSize` bytes (a multiple of 16) at byte
   * `offsets[k]` of `buf`, with tweaks `tweaks[k]` (as many). Units must not overlap.
   * @throws {RangeError} for a unit outside `buf` or a bad tweak (nothing changed).
   * @throws {TypeError} after {@linkcode XtsUnits.destroy}.
   */
  units(
    buf: Uint8Array,
    offsets: ArrayLike<number>,
    tweaks: ArrayLike<number>,
    unitSize: number,
    encrypt: boolean,
  ): void {
    this.#check();
    const count = offsets.length;
    if (count === 0) return;
    const unitWords = unitSize >>> 2;
    const limit = buf.length - unitSize;
    let inPlace = HOST_LITTLE_ENDIAN && buf.byteOffset % 4 === 0;
    for (let k = 0; k < count; k++) {
      const off = offsets[k];
      if (!Number.isInteger(off) || off < 0 || off > limit) {
        throw new RangeError(`XTS data unit at ${off} lies outside the ${buf.length}-byte buffer`);
      }
      if (off % 4 !== 0) inPlace = false;
    }
    const used = 4 * count + (inPlace ? 0 : count * unitWords);
    const { words, bytes } = scratch.words(used);
    const tw = words.subarray(0, 4 * count);
    const starts = scratch.starts(count);
    try {
      encryptTweaks(this.#aes2, tweaks, count, unitSize, tw, this.#cache);
      if (inPlace) {
        for (let k = 0; k < count; k++) starts[k] = offsets[k] / 4;
        const w = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
        xtsWords(this.#aes1, w, starts, count, unitWords, tw, encrypt);
        return;
      }
      // Gathered: unit k at word 4·count + k·unitWords of the scratch space.
      const work = words.subarray(4 * count, used);
      for (let k = 0; k < count; k++) {
        starts[k] = 4 * count + k * unitWords;
        bytes.set(buf.subarray(offsets[k], offsets[k] + unitSize), 4 * starts[k]);
      }
      if (!HOST_LITTLE_ENDIAN) swapWords(work);
      xtsWords(this.#aes1, words, starts, count, unitWords, tw, encrypt);
      if (!HOST_LITTLE_ENDIAN) swapWords(work);
      for (let k = 0; k < count; k++) {
        buf.set(bytes.subarray(4 * starts[k], 4 * starts[k] + unitSize), offsets[k]);
      }
    } finally {
      words.fill(0, 0, used);
    }
  }

  /**
   * Transforms one unit, `data` (a multiple of 16 bytes), with a 16-byte `tweak`;
   * returns a new array.
   * @throws {TypeError} after {@linkcode XtsUnits.destroy}.
   */
  one(tweak: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array<ArrayBuffer> {
    this.#check();
    const out = new Uint8Array(data.length);
    out.set(data);
    const { words: tw } = scratch.words(4);
    try {
      // The tweak's bytes in AES word order, on any host.
      for (let i = 0; i < 4; i++) {
        tw[i] = tweak[4 * i] | tweak[4 * i + 1] << 8 | tweak[4 * i + 2] << 16 |
          tweak[4 * i + 3] << 24;
      }
      this.#aes2.encryptWords(tw, 0, 4);
      const w = wordsFromBytes(out);
      const starts = scratch.starts(1);
      starts[0] = 0;
      xtsWords(this.#aes1, w, starts, 1, w.length, tw, encrypt);
      bytesFromWords(w);
    } finally {
      tw.fill(0, 0, 4);
    }
    return out;
  }

  /** Overwrites the round keys and remembered tweaks with zeros; unusable after. */
  destroy(): void {
    this.#destroyed = true;
    this.#aes1.destroy();
    this.#aes2.destroy();
    this.#cache?.clear();
  }

  #check(): void {
    if (this.#destroyed) throw new TypeError("XtsCipher used after destroy()");
  }
}

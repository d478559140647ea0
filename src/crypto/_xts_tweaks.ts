/**
 * XTS step 1 for a batch of data units: each unit's tweak i (a non-negative safe
 * integer, the 128-bit little-endian data-unit number) encrypted with key2, E_key2(i), as
 * 4 words in AES word order (`_aes_words.ts`), optionally remembered between calls.
 * Private to the XTS modules.
 *
 * @module
 */

import type { Aes256 } from "./aes.ts";

const TWO_POW_32 = 0x1_0000_0000;

/**
 * Writes tweak `t` as a 128-bit little-endian number into `tw` at word `at`.
 * @throws {RangeError} unless `t` is a non-negative safe integer.
 */
export function writeTweak(tw: Uint32Array, at: number, t: number): void {
  if (t >>> 0 === t) { // below 2^32, as NVS offsets are: one word
    tw[at] = t;
    tw[at + 1] = 0;
  } else if (Number.isSafeInteger(t) && t > 0) {
    tw[at] = t % TWO_POW_32;
    tw[at + 1] = Math.floor(t / TWO_POW_32);
  } else {
    throw new RangeError(`XTS tweak must be a non-negative safe integer, got ${t}`);
  }
  tw[at + 2] = 0;
  tw[at + 3] = 0;
}

/**
 * Remembers the encrypted tweaks of data units 0 to `limit` − 1 of one unit size (unit k's
 * tweak being k × the unit size, as NVS numbers its 32-byte entries by byte offset), so
 * that a key used for many images of the same layout encrypts each tweak once. Lookups
 * are an index into one word array: no per-unit objects.
 */
export class TweakCache {
  readonly #limit: number;
  #unitSize = 0;
  /** E_key2(k × unitSize) at words 4k..4k+3, for units whose `#known[k]` is 1. */
  #words = new Uint32Array(0);
  #known = new Uint8Array(0);

  /** A cache for up to `limit` units (16 bytes each once filled). */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /**
   * E_key2 of the tweaks `tweaks[0..count)` into `tw` (4 words each), from the cache
   * where it has them, the rest encrypted with `aes2` and remembered.
   * @throws {RangeError} for a tweak that is not a non-negative safe integer.
   */
  encrypt(
    aes2: Aes256,
    tweaks: ArrayLike<number>,
    count: number,
    unitSize: number,
    tw: Uint32Array,
  ): void {
    if (unitSize !== this.#unitSize) {
      this.clear();
      this.#unitSize = unitSize;
    }
    for (let k = 0; k < count; k++) {
      const t = tweaks[k], at = 4 * k;
      const unit = t / unitSize;
      const cacheable = Number.isInteger(unit) && unit >= 0 && unit < this.#limit;
      if (cacheable && unit < this.#known.length && this.#known[unit] === 1) {
        const c = this.#words, from = 4 * unit;
        tw[at] = c[from];
        tw[at + 1] = c[from + 1];
        tw[at + 2] = c[from + 2];
        tw[at + 3] = c[from + 3];
        continue;
      }
      writeTweak(tw, at, t);
      aes2.encryptWords(tw, at, at + 4);
      if (cacheable) this.#remember(unit, tw, at);
    }
  }

  /** Forgets every tweak, overwriting them with zeros. */
  clear(): void {
    this.#words.fill(0);
    this.#known.fill(0);
  }

  #remember(unit: number, tw: Uint32Array, at: number): void {
    if (unit >= this.#known.length) {
      const size = Math.min(this.#limit, Math.max(unit + 1, 2 * this.#known.length, 256));
      const words = new Uint32Array(4 * size);
      const known = new Uint8Array(size);
      words.set(this.#words);
      known.set(this.#known);
      this.clear();
      this.#words = words;
      this.#known = known;
    }
    this.#words.set(tw.subarray(at, at + 4), 4 * unit);
    this.#known[unit] = 1;
  }
}

/**
 * E_key2 of the tweaks `tweaks[0..count)` into `tw` (4 words each): through `cache`
 * when there is one, else all encrypted in one pass.
 * @throws {RangeError} for a tweak that is not a non-negative safe integer.
 */
export function encryptTweaks(
  aes2: Aes256,
  tweaks: ArrayLike<number>,
  count: number,
  unitSize: number,
  tw: Uint32Array,
  cache?: TweakCache,
): void {
  if (cache) return cache.encrypt(aes2, tweaks, count, unitSize, tw);
  for (let k = 0; k < count; k++) writeTweak(tw, 4 * k, tweaks[k]);
  aes2.encryptWords(tw, 0, 4 * count);
}

/**
 * XTS-AES-256 (IEEE Std 1619-2007, NIST SP 800-38E), written here over the AES-256 block
 * cipher of `aes.ts` (round keys expanded once per cipher).
 *
 * Key material is 64 bytes: key1 (bytes 0..31) encrypts the data, key2 (bytes 32..63)
 * encrypts the tweak. The tweak of a data unit is its 128-bit data-unit number,
 * little-endian. For block j of a unit with tweak i:
 *
 *     T_j = E_key2(i) ⊗ α^j        (multiplication in GF(2^128), α = x)
 *     C_j = E_key1(P_j ⊕ T_j) ⊕ T_j
 *
 * Only data units that are a whole number of 16-byte blocks are supported: ciphertext
 * stealing (the standard's handling of a partial last block) is not implemented because
 * NVS never needs it: its data unit is one 32-byte entry. Other lengths are rejected
 * with a `RangeError`.
 *
 * Speed: a whole batch of data units (for NVS, the written entries of one or more pages)
 * goes through the cipher in one call, as 32-bit words of the caller's buffer where they
 * lie (`_xts_units.ts`): every tweak of the batch is encrypted (`_xts_tweaks.ts`, or
 * taken from a cache), then the blocks are XORed with their masks, encrypted (or
 * decrypted) a run of adjacent units at a time, and XORed again (`_xts_blocks.ts`), with
 * round keys expanded when the cipher is made.
 *
 * This module imports nothing from `node:*` or `Deno.*`: it runs in a browser too.
 *
 * @module
 */

import { XtsUnits } from "./_xts_units.ts";

/** Size in bytes of an XTS-AES-256 key: key1 (data key) then key2 (tweak key). */
export const XTS_KEY_SIZE = 64;
/** Size in bytes of a tweak (the 128-bit data-unit number, little-endian). */
export const XTS_TWEAK_SIZE = 16;
/** Size in bytes of an AES block: data units are a whole number of blocks. */
export const XTS_BLOCK_SIZE = 16;
/** Largest data unit IEEE 1619 allows: 2^20 blocks (16 MiB). */
export const XTS_MAX_UNIT_BYTES = (1 << 20) * XTS_BLOCK_SIZE;
/** Size of the data unit NVS uses: one 32-byte entry. */
export const NVS_UNIT_SIZE = 32;

/** Rejects anything but a 64-byte key. */
function checkKey(key64: Uint8Array): void {
  if (!(key64 instanceof Uint8Array) || key64.length !== XTS_KEY_SIZE) {
    throw new RangeError(
      `XTS-AES-256 needs a ${XTS_KEY_SIZE}-byte key (data key then tweak key), got ${
        key64 instanceof Uint8Array ? `${key64.length} bytes` : typeof key64
      }`,
    );
  }
}

/** Rejects a data-unit size that is not a whole number of blocks within IEEE 1619's limit. */
function checkUnitSize(size: number, what: string): void {
  if (!Number.isInteger(size) || size < XTS_BLOCK_SIZE || size % XTS_BLOCK_SIZE !== 0) {
    throw new RangeError(
      `${what} must be a non-zero multiple of ${XTS_BLOCK_SIZE} bytes, got ${size} ` +
        `(ciphertext stealing is not implemented: NVS never needs it)`,
    );
  }
  if (size > XTS_MAX_UNIT_BYTES) {
    throw new RangeError(`${what} of ${size} bytes exceeds IEEE 1619's 2^20-block limit`);
  }
}

/**
 * An XTS-AES-256 cipher for one 64-byte key, built once and used for many data units.
 *
 * Both AES key schedules are expanded when the cipher is made (key1's decryption schedule
 * when first needed), never per batch or block.
 */
export class XtsCipher {
  /** key1 (the data key) and key2 (the tweak key), their round keys expanded. */
  readonly #xts: XtsUnits;

  /**
   * Prepares the cipher for one key.
   * @param key64 64 bytes: key1 (data key, bytes 0..31) then key2 (tweak key, 32..63).
   *   The bytes are copied. Equal halves are accepted (IEEE 1619 allows them; OpenSSL
   *   refuses them).
   * @param options `cachedTweaks`: remember the encrypted tweaks of data units 0 to
   *   `cachedTweaks` − 1 (16 bytes each) of {@linkcode XtsCipher.encryptUnits} and
   *   {@linkcode XtsCipher.decryptUnits} calls, unit k being the one whose tweak is k ×
   *   the unit size (as NVS numbers its 32-byte entries by byte offset). A cipher that
   *   transforms the same units of many images (one key for a whole manufacturing batch)
   *   then skips the tweak encryption, a third of the AES work. Other tweaks are
   *   encrypted every time. Default 0: nothing is remembered.
   * @throws {RangeError} when the key is not 64 bytes.
   */
  constructor(key64: Uint8Array, options: { cachedTweaks?: number } = {}) {
    checkKey(key64);
    this.#xts = new XtsUnits(key64, Math.max(0, options.cachedTweaks ?? 0));
  }

  /**
   * Encrypts one data unit (`data.length` a multiple of 16, at least 16) with a 16-byte
   * tweak; returns a new array.
   * @throws {RangeError} for a tweak that is not 16 bytes or a bad data length.
   */
  encrypt(tweak: Uint8Array, data: Uint8Array): Uint8Array<ArrayBuffer> {
    return this.#single(tweak, data, true);
  }

  /**
   * Decrypts one data unit (`data.length` a multiple of 16, at least 16) with a 16-byte
   * tweak; returns a new array.
   * @throws {RangeError} for a tweak that is not 16 bytes or a bad data length.
   */
  decrypt(tweak: Uint8Array, data: Uint8Array): Uint8Array<ArrayBuffer> {
    return this.#single(tweak, data, false);
  }

  /**
   * Encrypts many data units of `buf` in place. Unit k is the `unitSize` bytes at
   * `offsets[k]`; its tweak is `tweaks[k]`, a non-negative safe integer used as a
   * 128-bit little-endian number. For NVS the unit is a 32-byte entry and its tweak is
   * its byte offset in the partition, so `tweaks` defaults to `offsets`.
   * Units must not overlap.
   * @throws {RangeError} for a unit outside `buf`, mismatched lengths, a bad unit size
   *   or tweak.
   */
  encryptUnits(
    buf: Uint8Array,
    offsets: ArrayLike<number>,
    tweaks: ArrayLike<number> = offsets,
    unitSize: number = NVS_UNIT_SIZE,
  ): void {
    this.#units(buf, offsets, tweaks, unitSize, true);
  }

  /**
   * Decrypts many data units of `buf` in place: the inverse of {@link encryptUnits},
   * with the same arguments.
   * @throws {RangeError} for a unit outside `buf`, mismatched lengths, a bad unit size
   *   or tweak.
   */
  decryptUnits(
    buf: Uint8Array,
    offsets: ArrayLike<number>,
    tweaks: ArrayLike<number> = offsets,
    unitSize: number = NVS_UNIT_SIZE,
  ): void {
    this.#units(buf, offsets, tweaks, unitSize, false);
  }

  /** Overwrites the cipher's copies of the keys with zeros; the cipher is unusable after. */
  destroy(): void {
    this.#xts.destroy();
  }

  #single(tweak: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array<ArrayBuffer> {
    if (!(tweak instanceof Uint8Array) || tweak.length !== XTS_TWEAK_SIZE) {
      throw new RangeError(`XTS tweak must be ${XTS_TWEAK_SIZE} bytes`);
    }
    if (!(data instanceof Uint8Array)) throw new TypeError("XTS data must be a Uint8Array");
    checkUnitSize(data.length, "XTS data unit");
    return this.#xts.one(tweak, data, encrypt);
  }

  #units(
    buf: Uint8Array,
    offsets: ArrayLike<number>,
    tweaks: ArrayLike<number>,
    unitSize: number,
    encrypt: boolean,
  ): void {
    checkUnitSize(unitSize, "XTS data unit");
    if (tweaks.length !== offsets.length) {
      throw new RangeError(`${offsets.length} data units but ${tweaks.length} tweaks`);
    }
    this.#xts.units(buf, offsets, tweaks, unitSize, encrypt);
  }
}

/**
 * XTS-AES-256 encryption of one data unit.
 * @param key64 key1 (data key) then key2 (tweak key), 64 bytes.
 * @param tweak the 16-byte tweak (the data-unit number, little-endian).
 * @param data a multiple of 16 bytes, at least 16 (no ciphertext stealing: NVS does not
 *   need it).
 * @returns the ciphertext, a new array of the same length.
 * @throws {RangeError} for a wrong key, tweak or data length.
 */
export function xtsEncrypt(
  key64: Uint8Array,
  tweak: Uint8Array,
  data: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const c = new XtsCipher(key64);
  try {
    return c.encrypt(tweak, data);
  } finally {
    c.destroy();
  }
}

/**
 * XTS-AES-256 decryption of one data unit: the inverse of {@link xtsEncrypt}.
 * @throws {RangeError} for a wrong key, tweak or data length.
 */
export function xtsDecrypt(
  key64: Uint8Array,
  tweak: Uint8Array,
  data: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const c = new XtsCipher(key64);
  try {
    return c.decrypt(tweak, data);
  } finally {
    c.destroy();
  }
}

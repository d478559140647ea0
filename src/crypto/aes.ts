/**
 * The AES-256 block cipher (FIPS-197), written here from the standard with lookup tables
 * and the key schedule expanded once per key: {@linkcode Aes256}, the interface of the
 * AES modules. They are split by the standard's concepts:
 *
 * - `_aes_tables.ts`: the S-box and the round tables ("T-tables": SubBytes and MixColumns
 *   of one state byte folded into the 32-bit column it contributes), computed at load;
 * - `_aes_key_schedule.ts`: KeyExpansion and the decryption schedule;
 * - `_aes_encrypt.ts` and `_aes_decrypt.ts`: the cipher and the equivalent inverse cipher
 *   on blocks of 32-bit words;
 * - `_aes_words.ts`: the word order (each state column a little-endian word: a
 *   `Uint32Array` over the bytes on a little-endian host) and the big-endian fallback.
 *
 * Only what XTS needs: no modes, no padding, 256-bit keys only. Constant time it is not
 * (table lookups depend on data), like every table-based software AES: fine for making
 * factory images, not for a device under side-channel attack.
 *
 * These modules import nothing from `node:*` or `Deno.*`: they run in a browser too.
 *
 * @module
 */

import { invCipherWords } from "./_aes_decrypt.ts";
import { cipherWords } from "./_aes_encrypt.ts";
import { expandDecryptionKey, expandEncryptionKey } from "./_aes_key_schedule.ts";
import { bytesFromWords, wordsFromBytes } from "./_aes_words.ts";

/** Size in bytes of an AES-256 key. */
export const AES256_KEY_SIZE = 32;
/** Size in bytes of an AES block. */
export const AES_BLOCK_SIZE = 16;

/** Throws unless `key` is a 32-byte array. */
function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== AES256_KEY_SIZE) {
    throw new RangeError(
      `AES-256 needs a ${AES256_KEY_SIZE}-byte key, got ${
        key instanceof Uint8Array ? `${key.length} bytes` : typeof key
      }`,
    );
  }
}

/**
 * An AES-256 key with its schedule expanded once: encrypts and decrypts any number of
 * blocks.
 *
 * @example
 * ```ts
 * import { Aes256 } from "./aes.ts";
 * // FIPS-197 Appendix C.3
 * const key = Uint8Array.from({ length: 32 }, (_, i) => i);
 * const plain = Uint8Array.from({ length: 16 }, (_, i) => i * 0x11);
 * const aes = new Aes256(key);
 * const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
 * const c = aes.encryptBytes(plain);
 * if (hex(c) !== "8ea2b7ca516745bfeafc49904b496089") throw new Error(hex(c));
 * if (hex(aes.decryptBytes(c)) !== hex(plain)) throw new Error("no round trip");
 * ```
 */
export class Aes256 {
  readonly #enc: Uint32Array;
  #dec?: Uint32Array;
  /** Whether `#dec` is the decryption schedule of `#enc` (made on first use). */
  #decReady = false;

  /**
   * Expands the key schedule of `key` (32 bytes; copied, not kept).
   * @throws {RangeError} when the key is not 32 bytes.
   */
  constructor(key: Uint8Array) {
    checkKey(key);
    this.#enc = expandEncryptionKey(key);
  }

  /**
   * Replaces the key by `key` (32 bytes; copied), reusing the schedule's memory: for a
   * batch that encrypts each device with a key of its own.
   * @throws {RangeError} when the key is not 32 bytes.
   */
  rekey(key: Uint8Array): void {
    checkKey(key);
    expandEncryptionKey(key, this.#enc);
    this.#decReady = false;
  }

  /**
   * Encrypts the blocks of `w` in place: words `from` to `to` (multiples of 4), each
   * block 4 words in little-endian column order (see `_aes_words.ts`).
   */
  encryptWords(w: Uint32Array, from = 0, to = w.length): void {
    cipherWords(this.#enc, w, from, to);
  }

  /** Decrypts the blocks of `w` in place: the inverse of {@linkcode encryptWords}. */
  decryptWords(w: Uint32Array, from = 0, to = w.length): void {
    let d = this.#dec;
    if (!d || !this.#decReady) {
      d = this.#dec = expandDecryptionKey(this.#enc, d);
      this.#decReady = true;
    }
    invCipherWords(d, w, from, to);
  }

  /** Encrypts blocks of bytes (a multiple of 16) on any host; returns a new array. */
  encryptBytes(data: Uint8Array): Uint8Array {
    return this.#bytes(data, true);
  }

  /** Decrypts blocks of bytes (a multiple of 16) on any host; returns a new array. */
  decryptBytes(data: Uint8Array): Uint8Array {
    return this.#bytes(data, false);
  }

  /** Overwrites the round keys with zeros; the key is unusable after (encrypts garbage). */
  destroy(): void {
    this.#enc.fill(0);
    this.#dec?.fill(0);
  }

  #bytes(data: Uint8Array, encrypt: boolean): Uint8Array {
    if (!(data instanceof Uint8Array) || data.length % AES_BLOCK_SIZE !== 0) {
      throw new RangeError(`AES data must be a multiple of ${AES_BLOCK_SIZE} bytes`);
    }
    const out = data.slice();
    const w = wordsFromBytes(out);
    if (encrypt) this.encryptWords(w);
    else this.decryptWords(w);
    bytesFromWords(w);
    return out;
  }
}

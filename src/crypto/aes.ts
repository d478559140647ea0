/**
 * The AES-256 block cipher (FIPS-197), written here from the standard with lookup tables
 * ("T-tables", FIPS-197's round steps SubBytes, ShiftRows and MixColumns folded into four
 * 256-word tables per direction) and the key schedule expanded once per key.
 *
 * State and round keys are 32-bit words, one per column of the 4×4 state, holding the
 * column's bytes little-endian: row 0 in the low 8 bits. That is how a `Uint32Array` over
 * the input bytes reads them on a little-endian host, so a caller there transforms
 * blocks in place in a word view of its buffer; on a big-endian host it swaps each word's
 * bytes first (see {@linkcode wordsFromBytes}). The byte functions
 * ({@linkcode Aes256.encryptBytes}) work on any host.
 *
 * Only what XTS needs: no modes, no padding, 256-bit keys only. Constant time it is not
 * (table lookups depend on data), like every table-based software AES: fine for making
 * factory images, not for a device under side-channel attack.
 *
 * This module imports nothing from `node:*` or `Deno.*`: it runs in a browser too.
 *
 * @module
 */

/** Size in bytes of an AES-256 key. */
export const AES256_KEY_SIZE = 32;
/** Size in bytes of an AES block. */
export const AES_BLOCK_SIZE = 16;
/** Rounds of AES-256. */
const ROUNDS = 14;
/** Words of the expanded key: 4 per round key, ROUNDS + 1 round keys. */
const SCHEDULE_WORDS = 4 * (ROUNDS + 1);
/** Index of the last round's key. */
const LAST = 4 * ROUNDS;

import { INV_SBOX, SBOX, TD0, TD1, TD2, TD3, TE0, TE1, TE2, TE3 } from "./_aes_tables.ts";

/** True on a little-endian host: a `Uint32Array` then reads bytes as this module's words. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A key's bytes as words, 4 bytes each, little-endian, on any host. */
function keyWords(key: Uint8Array): Uint32Array {
  const w = new Uint32Array(SCHEDULE_WORDS);
  for (let i = 0; i < 8; i++) {
    const b = 4 * i;
    w[i] = key[b] | key[b + 1] << 8 | key[b + 2] << 16 | key[b + 3] << 24;
  }
  return w;
}

/** SubWord: the S-box on each byte of a word. */
function subWord(w: number): number {
  const s = SBOX;
  return s[w & 0xff] | s[(w >>> 8) & 0xff] << 8 | s[(w >>> 16) & 0xff] << 16 | s[w >>> 24] << 24;
}

/** FIPS-197 KeyExpansion for Nk = 8: 60 words (section 5.2). */
function expandEncryptionKey(key: Uint8Array): Uint32Array {
  const w = keyWords(key);
  let rcon = 1;
  for (let i = 8; i < SCHEDULE_WORDS; i++) {
    let t = w[i - 1];
    if (i % 8 === 0) {
      // RotWord moves byte 1 to byte 0: a right rotation of our little-endian word.
      t = subWord((t >>> 8) | (t << 24)) ^ rcon;
      rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0);
    } else if (i % 8 === 4) {
      t = subWord(t);
    }
    w[i] = w[i - 8] ^ t;
  }
  return w;
}

/**
 * The decryption schedule of FIPS-197's equivalent inverse cipher (section 5.3.5): round
 * keys in reverse order, InvMixColumns applied to all but the first and last.
 */
function expandDecryptionKey(enc: Uint32Array): Uint32Array {
  const d = new Uint32Array(SCHEDULE_WORDS);
  const sbox = SBOX, td0 = TD0, td1 = TD1, td2 = TD2, td3 = TD3;
  for (let r = 0; r <= ROUNDS; r++) {
    for (let c = 0; c < 4; c++) {
      const w = enc[4 * (ROUNDS - r) + c];
      d[4 * r + c] = r === 0 || r === ROUNDS ? w : (td0[sbox[w & 0xff]] ^
        td1[sbox[(w >>> 8) & 0xff]] ^ td2[sbox[(w >>> 16) & 0xff]] ^ td3[sbox[w >>> 24]]) >>> 0;
    }
  }
  return d;
}

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

  /**
   * Expands the key schedule of `key` (32 bytes; copied, not kept).
   * @throws {RangeError} when the key is not 32 bytes.
   */
  constructor(key: Uint8Array) {
    checkKey(key);
    this.#enc = expandEncryptionKey(key);
  }

  /**
   * Encrypts the blocks of `w` in place: words `from` to `to` (multiples of 4), each
   * block 4 words in this module's little-endian column order.
   */
  encryptWords(w: Uint32Array, from = 0, to = w.length): void {
    const te0 = TE0, te1 = TE1, te2 = TE2, te3 = TE3, sbox = SBOX;
    const k = this.#enc;
    for (let i = from; i < to; i += 4) {
      let s0 = w[i] ^ k[0], s1 = w[i + 1] ^ k[1], s2 = w[i + 2] ^ k[2], s3 = w[i + 3] ^ k[3];
      // Rounds 1 to 13 (s → t → s …), written out: the round keys' indices are constants.
      let t0: number, t1: number, t2: number, t3: number;
      t0 = te0[s0 & 0xff] ^ te1[(s1 >>> 8) & 0xff] ^ te2[(s2 >>> 16) & 0xff] ^ te3[s3 >>> 24] ^
        k[4];
      t1 = te0[s1 & 0xff] ^ te1[(s2 >>> 8) & 0xff] ^ te2[(s3 >>> 16) & 0xff] ^ te3[s0 >>> 24] ^
        k[5];
      t2 = te0[s2 & 0xff] ^ te1[(s3 >>> 8) & 0xff] ^ te2[(s0 >>> 16) & 0xff] ^ te3[s1 >>> 24] ^
        k[6];
      t3 = te0[s3 & 0xff] ^ te1[(s0 >>> 8) & 0xff] ^ te2[(s1 >>> 16) & 0xff] ^ te3[s2 >>> 24] ^
        k[7];
      s0 = te0[t0 & 0xff] ^ te1[(t1 >>> 8) & 0xff] ^ te2[(t2 >>> 16) & 0xff] ^ te3[t3 >>> 24] ^
        k[8];
      s1 = te0[t1 & 0xff] ^ te1[(t2 >>> 8) & 0xff] ^ te2[(t3 >>> 16) & 0xff] ^ te3[t0 >>> 24] ^
        k[9];
      s2 = te0[t2 & 0xff] ^ te1[(t3 >>> 8) & 0xff] ^ te2[(t0 >>> 16) & 0xff] ^ te3[t1 >>> 24] ^
        k[10];
      s3 = te0[t3 & 0xff] ^ te1[(t0 >>> 8) & 0xff] ^ te2[(t1 >>> 16) & 0xff] ^ te3[t2 >>> 24] ^
        k[11];
      t0 = te0[s0 & 0xff] ^ te1[(s1 >>> 8) & 0xff] ^ te2[(s2 >>> 16) & 0xff] ^ te3[s3 >>> 24] ^
        k[12];
      t1 = te0[s1 & 0xff] ^ te1[(s2 >>> 8) & 0xff] ^ te2[(s3 >>> 16) & 0xff] ^ te3[s0 >>> 24] ^
        k[13];
      t2 = te0[s2 & 0xff] ^ te1[(s3 >>> 8) & 0xff] ^ te2[(s0 >>> 16) & 0xff] ^ te3[s1 >>> 24] ^
        k[14];
      t3 = te0[s3 & 0xff] ^ te1[(s0 >>> 8) & 0xff] ^ te2[(s1 >>> 16) & 0xff] ^ te3[s2 >>> 24] ^
        k[15];
      s0 = te0[t0 & 0xff] ^ te1[(t1 >>> 8) & 0xff] ^ te2[(t2 >>> 16) & 0xff] ^ te3[t3 >>> 24] ^
        k[16];
      s1 = te0[t1 & 0xff] ^ te1[(t2 >>> 8) & 0xff] ^ te2[(t3 >>> 16) & 0xff] ^ te3[t0 >>> 24] ^
        k[17];
      s2 = te0[t2 & 0xff] ^ te1[(t3 >>> 8) & 0xff] ^ te2[(t0 >>> 16) & 0xff] ^ te3[t1 >>> 24] ^
        k[18];
      s3 = te0[t3 & 0xff] ^ te1[(t0 >>> 8) & 0xff] ^ te2[(t1 >>> 16) & 0xff] ^ te3[t2 >>> 24] ^
        k[19];
      t0 = te0[s0 & 0xff] ^ te1[(s1 >>> 8) & 0xff] ^ te2[(s2 >>> 16) & 0xff] ^ te3[s3 >>> 24] ^
        k[20];
      t1 = te0[s1 & 0xff] ^ te1[(s2 >>> 8) & 0xff] ^ te2[(s3 >>> 16) & 0xff] ^ te3[s0 >>> 24] ^
        k[21];
      t2 = te0[s2 & 0xff] ^ te1[(s3 >>> 8) & 0xff] ^ te2[(s0 >>> 16) & 0xff] ^ te3[s1 >>> 24] ^
        k[22];
      t3 = te0[s3 & 0xff] ^ te1[(s0 >>> 8) & 0xff] ^ te2[(s1 >>> 16) & 0xff] ^ te3[s2 >>> 24] ^
        k[23];
      s0 = te0[t0 & 0xff] ^ te1[(t1 >>> 8) & 0xff] ^ te2[(t2 >>> 16) & 0xff] ^ te3[t3 >>> 24] ^
        k[24];
      s1 = te0[t1 & 0xff] ^ te1[(t2 >>> 8) & 0xff] ^ te2[(t3 >>> 16) & 0xff] ^ te3[t0 >>> 24] ^
        k[25];
      s2 = te0[t2 & 0xff] ^ te1[(t3 >>> 8) & 0xff] ^ te2[(t0 >>> 16) & 0xff] ^ te3[t1 >>> 24] ^
        k[26];
      s3 = te0[t3 & 0xff] ^ te1[(t0 >>> 8) & 0xff] ^ te2[(t1 >>> 16) & 0xff] ^ te3[t2 >>> 24] ^
        k[27];
      t0 = te0[s0 & 0xff] ^ te1[(s1 >>> 8) & 0xff] ^ te2[(s2 >>> 16) & 0xff] ^ te3[s3 >>> 24] ^
        k[28];
      t1 = te0[s1 & 0xff] ^ te1[(s2 >>> 8) & 0xff] ^ te2[(s3 >>> 16) & 0xff] ^ te3[s0 >>> 24] ^
        k[29];
      t2 = te0[s2 & 0xff] ^ te1[(s3 >>> 8) & 0xff] ^ te2[(s0 >>> 16) & 0xff] ^ te3[s1 >>> 24] ^
        k[30];
      t3 = te0[s3 & 0xff] ^ te1[(s0 >>> 8) & 0xff] ^ te2[(s1 >>> 16) & 0xff] ^ te3[s2 >>> 24] ^
        k[31];
      s0 = te0[t0 & 0xff] ^ te1[(t1 >>> 8) & 0xff] ^ te2[(t2 >>> 16) & 0xff] ^ te3[t3 >>> 24] ^
        k[32];
      s1 = te0[t1 & 0xff] ^ te1[(t2 >>> 8) & 0xff] ^ te2[(t3 >>> 16) & 0xff] ^ te3[t0 >>> 24] ^
        k[33];
      s2 = te0[t2 & 0xff] ^ te1[(t3 >>> 8) & 0xff] ^ te2[(t0 >>> 16) & 0xff] ^ te3[t1 >>> 24] ^
        k[34];
      s3 = te0[t3 & 0xff] ^ te1[(t0 >>> 8) & 0xff] ^ te2[(t1 >>> 16) & 0xff] ^ te3[t2 >>> 24] ^
        k[35];
      t0 = te0[s0 & 0xff] ^ te1[(s1 >>> 8) & 0xff] ^ te2[(s2 >>> 16) & 0xff] ^ te3[s3 >>> 24] ^
        k[36];
      t1 = te0[s1 & 0xff] ^ te1[(s2 >>> 8) & 0xff] ^ te2[(s3 >>> 16) & 0xff] ^ te3[s0 >>> 24] ^
        k[37];
      t2 = te0[s2 & 0xff] ^ te1[(s3 >>> 8) & 0xff] ^ te2[(s0 >>> 16) & 0xff] ^ te3[s1 >>> 24] ^
        k[38];
      t3 = te0[s3 & 0xff] ^ te1[(s0 >>> 8) & 0xff] ^ te2[(s1 >>> 16) & 0xff] ^ te3[s2 >>> 24] ^
        k[39];
      s0 = te0[t0 & 0xff] ^ te1[(t1 >>> 8) & 0xff] ^ te2[(t2 >>> 16) & 0xff] ^ te3[t3 >>> 24] ^
        k[40];
      s1 = te0[t1 & 0xff] ^ te1[(t2 >>> 8) & 0xff] ^ te2[(t3 >>> 16) & 0xff] ^ te3[t0 >>> 24] ^
        k[41];
      s2 = te0[t2 & 0xff] ^ te1[(t3 >>> 8) & 0xff] ^ te2[(t0 >>> 16) & 0xff] ^ te3[t1 >>> 24] ^
        k[42];
      s3 = te0[t3 & 0xff] ^ te1[(t0 >>> 8) & 0xff] ^ te2[(t1 >>> 16) & 0xff] ^ te3[t2 >>> 24] ^
        k[43];
      t0 = te0[s0 & 0xff] ^ te1[(s1 >>> 8) & 0xff] ^ te2[(s2 >>> 16) & 0xff] ^ te3[s3 >>> 24] ^
        k[44];
      t1 = te0[s1 & 0xff] ^ te1[(s2 >>> 8) & 0xff] ^ te2[(s3 >>> 16) & 0xff] ^ te3[s0 >>> 24] ^
        k[45];
      t2 = te0[s2 & 0xff] ^ te1[(s3 >>> 8) & 0xff] ^ te2[(s0 >>> 16) & 0xff] ^ te3[s1 >>> 24] ^
        k[46];
      t3 = te0[s3 & 0xff] ^ te1[(s0 >>> 8) & 0xff] ^ te2[(s1 >>> 16) & 0xff] ^ te3[s2 >>> 24] ^
        k[47];
      s0 = te0[t0 & 0xff] ^ te1[(t1 >>> 8) & 0xff] ^ te2[(t2 >>> 16) & 0xff] ^ te3[t3 >>> 24] ^
        k[48];
      s1 = te0[t1 & 0xff] ^ te1[(t2 >>> 8) & 0xff] ^ te2[(t3 >>> 16) & 0xff] ^ te3[t0 >>> 24] ^
        k[49];
      s2 = te0[t2 & 0xff] ^ te1[(t3 >>> 8) & 0xff] ^ te2[(t0 >>> 16) & 0xff] ^ te3[t1 >>> 24] ^
        k[50];
      s3 = te0[t3 & 0xff] ^ te1[(t0 >>> 8) & 0xff] ^ te2[(t1 >>> 16) & 0xff] ^ te3[t2 >>> 24] ^
        k[51];
      t0 = te0[s0 & 0xff] ^ te1[(s1 >>> 8) & 0xff] ^ te2[(s2 >>> 16) & 0xff] ^ te3[s3 >>> 24] ^
        k[52];
      t1 = te0[s1 & 0xff] ^ te1[(s2 >>> 8) & 0xff] ^ te2[(s3 >>> 16) & 0xff] ^ te3[s0 >>> 24] ^
        k[53];
      t2 = te0[s2 & 0xff] ^ te1[(s3 >>> 8) & 0xff] ^ te2[(s0 >>> 16) & 0xff] ^ te3[s1 >>> 24] ^
        k[54];
      t3 = te0[s3 & 0xff] ^ te1[(s0 >>> 8) & 0xff] ^ te2[(s1 >>> 16) & 0xff] ^ te3[s2 >>> 24] ^
        k[55];
      s0 = t0, s1 = t1, s2 = t2, s3 = t3;
      const r = LAST;
      // Last round: SubBytes and ShiftRows, no MixColumns.
      w[i] = (sbox[s0 & 0xff] | sbox[(s1 >>> 8) & 0xff] << 8 | sbox[(s2 >>> 16) & 0xff] << 16 |
        sbox[s3 >>> 24] << 24) ^ k[r];
      w[i + 1] = (sbox[s1 & 0xff] | sbox[(s2 >>> 8) & 0xff] << 8 |
        sbox[(s3 >>> 16) & 0xff] << 16 | sbox[s0 >>> 24] << 24) ^ k[r + 1];
      w[i + 2] = (sbox[s2 & 0xff] | sbox[(s3 >>> 8) & 0xff] << 8 |
        sbox[(s0 >>> 16) & 0xff] << 16 | sbox[s1 >>> 24] << 24) ^ k[r + 2];
      w[i + 3] = (sbox[s3 & 0xff] | sbox[(s0 >>> 8) & 0xff] << 8 |
        sbox[(s1 >>> 16) & 0xff] << 16 | sbox[s2 >>> 24] << 24) ^ k[r + 3];
    }
  }

  /** Decrypts the blocks of `w` in place: the inverse of {@linkcode encryptWords}. */
  decryptWords(w: Uint32Array, from = 0, to = w.length): void {
    const td0 = TD0, td1 = TD1, td2 = TD2, td3 = TD3, inv = INV_SBOX;
    const k = this.#dec ??= expandDecryptionKey(this.#enc);
    for (let i = from; i < to; i += 4) {
      let s0 = w[i] ^ k[0], s1 = w[i + 1] ^ k[1], s2 = w[i + 2] ^ k[2], s3 = w[i + 3] ^ k[3];
      // Rounds 1 to 13, written out.
      let t0: number, t1: number, t2: number, t3: number;
      t0 = td0[s0 & 0xff] ^ td1[(s3 >>> 8) & 0xff] ^ td2[(s2 >>> 16) & 0xff] ^ td3[s1 >>> 24] ^
        k[4];
      t1 = td0[s1 & 0xff] ^ td1[(s0 >>> 8) & 0xff] ^ td2[(s3 >>> 16) & 0xff] ^ td3[s2 >>> 24] ^
        k[5];
      t2 = td0[s2 & 0xff] ^ td1[(s1 >>> 8) & 0xff] ^ td2[(s0 >>> 16) & 0xff] ^ td3[s3 >>> 24] ^
        k[6];
      t3 = td0[s3 & 0xff] ^ td1[(s2 >>> 8) & 0xff] ^ td2[(s1 >>> 16) & 0xff] ^ td3[s0 >>> 24] ^
        k[7];
      s0 = td0[t0 & 0xff] ^ td1[(t3 >>> 8) & 0xff] ^ td2[(t2 >>> 16) & 0xff] ^ td3[t1 >>> 24] ^
        k[8];
      s1 = td0[t1 & 0xff] ^ td1[(t0 >>> 8) & 0xff] ^ td2[(t3 >>> 16) & 0xff] ^ td3[t2 >>> 24] ^
        k[9];
      s2 = td0[t2 & 0xff] ^ td1[(t1 >>> 8) & 0xff] ^ td2[(t0 >>> 16) & 0xff] ^ td3[t3 >>> 24] ^
        k[10];
      s3 = td0[t3 & 0xff] ^ td1[(t2 >>> 8) & 0xff] ^ td2[(t1 >>> 16) & 0xff] ^ td3[t0 >>> 24] ^
        k[11];
      t0 = td0[s0 & 0xff] ^ td1[(s3 >>> 8) & 0xff] ^ td2[(s2 >>> 16) & 0xff] ^ td3[s1 >>> 24] ^
        k[12];
      t1 = td0[s1 & 0xff] ^ td1[(s0 >>> 8) & 0xff] ^ td2[(s3 >>> 16) & 0xff] ^ td3[s2 >>> 24] ^
        k[13];
      t2 = td0[s2 & 0xff] ^ td1[(s1 >>> 8) & 0xff] ^ td2[(s0 >>> 16) & 0xff] ^ td3[s3 >>> 24] ^
        k[14];
      t3 = td0[s3 & 0xff] ^ td1[(s2 >>> 8) & 0xff] ^ td2[(s1 >>> 16) & 0xff] ^ td3[s0 >>> 24] ^
        k[15];
      s0 = td0[t0 & 0xff] ^ td1[(t3 >>> 8) & 0xff] ^ td2[(t2 >>> 16) & 0xff] ^ td3[t1 >>> 24] ^
        k[16];
      s1 = td0[t1 & 0xff] ^ td1[(t0 >>> 8) & 0xff] ^ td2[(t3 >>> 16) & 0xff] ^ td3[t2 >>> 24] ^
        k[17];
      s2 = td0[t2 & 0xff] ^ td1[(t1 >>> 8) & 0xff] ^ td2[(t0 >>> 16) & 0xff] ^ td3[t3 >>> 24] ^
        k[18];
      s3 = td0[t3 & 0xff] ^ td1[(t2 >>> 8) & 0xff] ^ td2[(t1 >>> 16) & 0xff] ^ td3[t0 >>> 24] ^
        k[19];
      t0 = td0[s0 & 0xff] ^ td1[(s3 >>> 8) & 0xff] ^ td2[(s2 >>> 16) & 0xff] ^ td3[s1 >>> 24] ^
        k[20];
      t1 = td0[s1 & 0xff] ^ td1[(s0 >>> 8) & 0xff] ^ td2[(s3 >>> 16) & 0xff] ^ td3[s2 >>> 24] ^
        k[21];
      t2 = td0[s2 & 0xff] ^ td1[(s1 >>> 8) & 0xff] ^ td2[(s0 >>> 16) & 0xff] ^ td3[s3 >>> 24] ^
        k[22];
      t3 = td0[s3 & 0xff] ^ td1[(s2 >>> 8) & 0xff] ^ td2[(s1 >>> 16) & 0xff] ^ td3[s0 >>> 24] ^
        k[23];
      s0 = td0[t0 & 0xff] ^ td1[(t3 >>> 8) & 0xff] ^ td2[(t2 >>> 16) & 0xff] ^ td3[t1 >>> 24] ^
        k[24];
      s1 = td0[t1 & 0xff] ^ td1[(t0 >>> 8) & 0xff] ^ td2[(t3 >>> 16) & 0xff] ^ td3[t2 >>> 24] ^
        k[25];
      s2 = td0[t2 & 0xff] ^ td1[(t1 >>> 8) & 0xff] ^ td2[(t0 >>> 16) & 0xff] ^ td3[t3 >>> 24] ^
        k[26];
      s3 = td0[t3 & 0xff] ^ td1[(t2 >>> 8) & 0xff] ^ td2[(t1 >>> 16) & 0xff] ^ td3[t0 >>> 24] ^
        k[27];
      t0 = td0[s0 & 0xff] ^ td1[(s3 >>> 8) & 0xff] ^ td2[(s2 >>> 16) & 0xff] ^ td3[s1 >>> 24] ^
        k[28];
      t1 = td0[s1 & 0xff] ^ td1[(s0 >>> 8) & 0xff] ^ td2[(s3 >>> 16) & 0xff] ^ td3[s2 >>> 24] ^
        k[29];
      t2 = td0[s2 & 0xff] ^ td1[(s1 >>> 8) & 0xff] ^ td2[(s0 >>> 16) & 0xff] ^ td3[s3 >>> 24] ^
        k[30];
      t3 = td0[s3 & 0xff] ^ td1[(s2 >>> 8) & 0xff] ^ td2[(s1 >>> 16) & 0xff] ^ td3[s0 >>> 24] ^
        k[31];
      s0 = td0[t0 & 0xff] ^ td1[(t3 >>> 8) & 0xff] ^ td2[(t2 >>> 16) & 0xff] ^ td3[t1 >>> 24] ^
        k[32];
      s1 = td0[t1 & 0xff] ^ td1[(t0 >>> 8) & 0xff] ^ td2[(t3 >>> 16) & 0xff] ^ td3[t2 >>> 24] ^
        k[33];
      s2 = td0[t2 & 0xff] ^ td1[(t1 >>> 8) & 0xff] ^ td2[(t0 >>> 16) & 0xff] ^ td3[t3 >>> 24] ^
        k[34];
      s3 = td0[t3 & 0xff] ^ td1[(t2 >>> 8) & 0xff] ^ td2[(t1 >>> 16) & 0xff] ^ td3[t0 >>> 24] ^
        k[35];
      t0 = td0[s0 & 0xff] ^ td1[(s3 >>> 8) & 0xff] ^ td2[(s2 >>> 16) & 0xff] ^ td3[s1 >>> 24] ^
        k[36];
      t1 = td0[s1 & 0xff] ^ td1[(s0 >>> 8) & 0xff] ^ td2[(s3 >>> 16) & 0xff] ^ td3[s2 >>> 24] ^
        k[37];
      t2 = td0[s2 & 0xff] ^ td1[(s1 >>> 8) & 0xff] ^ td2[(s0 >>> 16) & 0xff] ^ td3[s3 >>> 24] ^
        k[38];
      t3 = td0[s3 & 0xff] ^ td1[(s2 >>> 8) & 0xff] ^ td2[(s1 >>> 16) & 0xff] ^ td3[s0 >>> 24] ^
        k[39];
      s0 = td0[t0 & 0xff] ^ td1[(t3 >>> 8) & 0xff] ^ td2[(t2 >>> 16) & 0xff] ^ td3[t1 >>> 24] ^
        k[40];
      s1 = td0[t1 & 0xff] ^ td1[(t0 >>> 8) & 0xff] ^ td2[(t3 >>> 16) & 0xff] ^ td3[t2 >>> 24] ^
        k[41];
      s2 = td0[t2 & 0xff] ^ td1[(t1 >>> 8) & 0xff] ^ td2[(t0 >>> 16) & 0xff] ^ td3[t3 >>> 24] ^
        k[42];
      s3 = td0[t3 & 0xff] ^ td1[(t2 >>> 8) & 0xff] ^ td2[(t1 >>> 16) & 0xff] ^ td3[t0 >>> 24] ^
        k[43];
      t0 = td0[s0 & 0xff] ^ td1[(s3 >>> 8) & 0xff] ^ td2[(s2 >>> 16) & 0xff] ^ td3[s1 >>> 24] ^
        k[44];
      t1 = td0[s1 & 0xff] ^ td1[(s0 >>> 8) & 0xff] ^ td2[(s3 >>> 16) & 0xff] ^ td3[s2 >>> 24] ^
        k[45];
      t2 = td0[s2 & 0xff] ^ td1[(s1 >>> 8) & 0xff] ^ td2[(s0 >>> 16) & 0xff] ^ td3[s3 >>> 24] ^
        k[46];
      t3 = td0[s3 & 0xff] ^ td1[(s2 >>> 8) & 0xff] ^ td2[(s1 >>> 16) & 0xff] ^ td3[s0 >>> 24] ^
        k[47];
      s0 = td0[t0 & 0xff] ^ td1[(t3 >>> 8) & 0xff] ^ td2[(t2 >>> 16) & 0xff] ^ td3[t1 >>> 24] ^
        k[48];
      s1 = td0[t1 & 0xff] ^ td1[(t0 >>> 8) & 0xff] ^ td2[(t3 >>> 16) & 0xff] ^ td3[t2 >>> 24] ^
        k[49];
      s2 = td0[t2 & 0xff] ^ td1[(t1 >>> 8) & 0xff] ^ td2[(t0 >>> 16) & 0xff] ^ td3[t3 >>> 24] ^
        k[50];
      s3 = td0[t3 & 0xff] ^ td1[(t2 >>> 8) & 0xff] ^ td2[(t1 >>> 16) & 0xff] ^ td3[t0 >>> 24] ^
        k[51];
      t0 = td0[s0 & 0xff] ^ td1[(s3 >>> 8) & 0xff] ^ td2[(s2 >>> 16) & 0xff] ^ td3[s1 >>> 24] ^
        k[52];
      t1 = td0[s1 & 0xff] ^ td1[(s0 >>> 8) & 0xff] ^ td2[(s3 >>> 16) & 0xff] ^ td3[s2 >>> 24] ^
        k[53];
      t2 = td0[s2 & 0xff] ^ td1[(s1 >>> 8) & 0xff] ^ td2[(s0 >>> 16) & 0xff] ^ td3[s3 >>> 24] ^
        k[54];
      t3 = td0[s3 & 0xff] ^ td1[(s2 >>> 8) & 0xff] ^ td2[(s1 >>> 16) & 0xff] ^ td3[s0 >>> 24] ^
        k[55];
      s0 = t0, s1 = t1, s2 = t2, s3 = t3;
      const r = LAST;
      w[i] = (inv[s0 & 0xff] | inv[(s3 >>> 8) & 0xff] << 8 | inv[(s2 >>> 16) & 0xff] << 16 |
        inv[s1 >>> 24] << 24) ^ k[r];
      w[i + 1] = (inv[s1 & 0xff] | inv[(s0 >>> 8) & 0xff] << 8 | inv[(s3 >>> 16) & 0xff] << 16 |
        inv[s2 >>> 24] << 24) ^ k[r + 1];
      w[i + 2] = (inv[s2 & 0xff] | inv[(s1 >>> 8) & 0xff] << 8 | inv[(s0 >>> 16) & 0xff] << 16 |
        inv[s3 >>> 24] << 24) ^ k[r + 2];
      w[i + 3] = (inv[s3 & 0xff] | inv[(s2 >>> 8) & 0xff] << 8 | inv[(s1 >>> 16) & 0xff] << 16 |
        inv[s0 >>> 24] << 24) ^ k[r + 3];
    }
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

/**
 * The AES-256 key schedule of FIPS-197: KeyExpansion (section 5.2) for an 8-word key, and
 * the decryption schedule of the equivalent inverse cipher (section 5.3.5). Round keys are
 * 32-bit words in the little-endian column order of `_aes_words.ts`. Private to the AES
 * modules: `aes.ts` is the interface.
 *
 * @module
 */

import { SBOX, TD } from "./_aes_tables.ts";

/** Rounds of AES-256. */
export const ROUNDS = 14;
/** Words of the expanded key: 4 per round key, ROUNDS + 1 round keys. */
export const SCHEDULE_WORDS = 4 * (ROUNDS + 1);

/** SubWord: the S-box on each byte of a word. */
function subWord(w: number): number {
  const s = SBOX;
  return s[w & 0xff] | s[(w >>> 8) & 0xff] << 8 | s[(w >>> 16) & 0xff] << 16 | s[w >>> 24] << 24;
}

/**
 * FIPS-197 KeyExpansion for Nk = 8 (section 5.2): the 60 words of the schedule of a
 * 32-byte key, written into `w` (a new array unless given).
 */
export function expandEncryptionKey(
  key: Uint8Array,
  w: Uint32Array = new Uint32Array(SCHEDULE_WORDS),
): Uint32Array {
  // The key's bytes as words, 4 bytes each, little-endian, on any host.
  for (let i = 0; i < 8; i++) {
    const b = 4 * i;
    w[i] = key[b] | key[b + 1] << 8 | key[b + 2] << 16 | key[b + 3] << 24;
  }
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
 * The decryption schedule of FIPS-197's equivalent inverse cipher (section 5.3.5), from
 * the encryption schedule `enc`: round keys in reverse order, InvMixColumns applied to
 * all but the first and last; written into `d` (a new array unless given).
 */
export function expandDecryptionKey(
  enc: Uint32Array,
  d: Uint32Array = new Uint32Array(SCHEDULE_WORDS),
): Uint32Array {
  const sbox = SBOX, td = TD;
  for (let r = 0; r <= ROUNDS; r++) {
    for (let c = 0; c < 4; c++) {
      const w = enc[4 * (ROUNDS - r) + c];
      // InvMixColumns(w) is TD (InvMixColumns ∘ InvSubBytes) of SubBytes(w).
      d[4 * r + c] = r === 0 || r === ROUNDS ? w : (td[sbox[w & 0xff]] ^
        td[0x100 + sbox[(w >>> 8) & 0xff]] ^ td[0x200 + sbox[(w >>> 16) & 0xff]] ^
        td[0x300 + sbox[w >>> 24]]) >>> 0;
    }
  }
  return d;
}

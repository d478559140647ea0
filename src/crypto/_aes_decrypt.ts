/**
 * The equivalent inverse cipher of FIPS-197 (section 5.3.5) for 14 rounds (AES-256) on
 * blocks held as 32-bit words: the same shape as `_aes_encrypt.ts` with the inverse
 * tables, and the decryption key schedule (round keys reversed, InvMixColumns applied to
 * the inner ones). Private to the AES modules: `aes.ts` is the interface.
 *
 * A round of the state columns s0..s3 into t0..t3 is, for column c:
 *
 *     t_c = TD[s_c byte 0] ^ TD[0x100 + s_(c+3) byte 1] ^ TD[0x200 + s_(c+2) byte 2]
 *           ^ TD[0x300 + s_(c+1) byte 3] ^ roundKey_c
 *
 * (InvShiftRows picks the bytes from the previous columns). The last round has no
 * InvMixColumns: the inverse S-box alone. The 13 full rounds are written out, every
 * round key's index a literal.
 *
 * @module
 */

import { INV_SBOX, TD } from "./_aes_tables.ts";

/**
 * Decrypts the blocks of `w` in place, the inverse of `cipherWords`: words `from` to `to`
 * (multiples of 4), with the expanded decryption key `k` (60 words, from
 * `expandDecryptionKey`).
 */
export function invCipherWords(k: Uint32Array, w: Uint32Array, from: number, to: number): void {
  const td = TD, inv = INV_SBOX;
  for (let i = from; i < to; i += 4) {
    let s0 = w[i] ^ k[0], s1 = w[i + 1] ^ k[1], s2 = w[i + 2] ^ k[2], s3 = w[i + 3] ^ k[3];
    let t0: number, t1: number, t2: number, t3: number;
    // Round 1.
    t0 = td[s0 & 0xff] ^ td[0x100 + ((s3 >>> 8) & 0xff)] ^ td[0x200 + ((s2 >>> 16) & 0xff)] ^
      td[0x300 + (s1 >>> 24)] ^ k[4];
    t1 = td[s1 & 0xff] ^ td[0x100 + ((s0 >>> 8) & 0xff)] ^ td[0x200 + ((s3 >>> 16) & 0xff)] ^
      td[0x300 + (s2 >>> 24)] ^ k[5];
    t2 = td[s2 & 0xff] ^ td[0x100 + ((s1 >>> 8) & 0xff)] ^ td[0x200 + ((s0 >>> 16) & 0xff)] ^
      td[0x300 + (s3 >>> 24)] ^ k[6];
    t3 = td[s3 & 0xff] ^ td[0x100 + ((s2 >>> 8) & 0xff)] ^ td[0x200 + ((s1 >>> 16) & 0xff)] ^
      td[0x300 + (s0 >>> 24)] ^ k[7];
    // Round 2.
    s0 = td[t0 & 0xff] ^ td[0x100 + ((t3 >>> 8) & 0xff)] ^ td[0x200 + ((t2 >>> 16) & 0xff)] ^
      td[0x300 + (t1 >>> 24)] ^ k[8];
    s1 = td[t1 & 0xff] ^ td[0x100 + ((t0 >>> 8) & 0xff)] ^ td[0x200 + ((t3 >>> 16) & 0xff)] ^
      td[0x300 + (t2 >>> 24)] ^ k[9];
    s2 = td[t2 & 0xff] ^ td[0x100 + ((t1 >>> 8) & 0xff)] ^ td[0x200 + ((t0 >>> 16) & 0xff)] ^
      td[0x300 + (t3 >>> 24)] ^ k[10];
    s3 = td[t3 & 0xff] ^ td[0x100 + ((t2 >>> 8) & 0xff)] ^ td[0x200 + ((t1 >>> 16) & 0xff)] ^
      td[0x300 + (t0 >>> 24)] ^ k[11];
    // Round 3.
    t0 = td[s0 & 0xff] ^ td[0x100 + ((s3 >>> 8) & 0xff)] ^ td[0x200 + ((s2 >>> 16) & 0xff)] ^
      td[0x300 + (s1 >>> 24)] ^ k[12];
    t1 = td[s1 & 0xff] ^ td[0x100 + ((s0 >>> 8) & 0xff)] ^ td[0x200 + ((s3 >>> 16) & 0xff)] ^
      td[0x300 + (s2 >>> 24)] ^ k[13];
    t2 = td[s2 & 0xff] ^ td[0x100 + ((s1 >>> 8) & 0xff)] ^ td[0x200 + ((s0 >>> 16) & 0xff)] ^
      td[0x300 + (s3 >>> 24)] ^ k[14];
    t3 = td[s3 & 0xff] ^ td[0x100 + ((s2 >>> 8) & 0xff)] ^ td[0x200 + ((s1 >>> 16) & 0xff)] ^
      td[0x300 + (s0 >>> 24)] ^ k[15];
    // Round 4.
    s0 = td[t0 & 0xff] ^ td[0x100 + ((t3 >>> 8) & 0xff)] ^ td[0x200 + ((t2 >>> 16) & 0xff)] ^
      td[0x300 + (t1 >>> 24)] ^ k[16];
    s1 = td[t1 & 0xff] ^ td[0x100 + ((t0 >>> 8) & 0xff)] ^ td[0x200 + ((t3 >>> 16) & 0xff)] ^
      td[0x300 + (t2 >>> 24)] ^ k[17];
    s2 = td[t2 & 0xff] ^ td[0x100 + ((t1 >>> 8) & 0xff)] ^ td[0x200 + ((t0 >>> 16) & 0xff)] ^
      td[0x300 + (t3 >>> 24)] ^ k[18];
    s3 = td[t3 & 0xff] ^ td[0x100 + ((t2 >>> 8) & 0xff)] ^ td[0x200 + ((t1 >>> 16) & 0xff)] ^
      td[0x300 + (t0 >>> 24)] ^ k[19];
    // Round 5.
    t0 = td[s0 & 0xff] ^ td[0x100 + ((s3 >>> 8) & 0xff)] ^ td[0x200 + ((s2 >>> 16) & 0xff)] ^
      td[0x300 + (s1 >>> 24)] ^ k[20];
    t1 = td[s1 & 0xff] ^ td[0x100 + ((s0 >>> 8) & 0xff)] ^ td[0x200 + ((s3 >>> 16) & 0xff)] ^
      td[0x300 + (s2 >>> 24)] ^ k[21];
    t2 = td[s2 & 0xff] ^ td[0x100 + ((s1 >>> 8) & 0xff)] ^ td[0x200 + ((s0 >>> 16) & 0xff)] ^
      td[0x300 + (s3 >>> 24)] ^ k[22];
    t3 = td[s3 & 0xff] ^ td[0x100 + ((s2 >>> 8) & 0xff)] ^ td[0x200 + ((s1 >>> 16) & 0xff)] ^
      td[0x300 + (s0 >>> 24)] ^ k[23];
    // Round 6.
    s0 = td[t0 & 0xff] ^ td[0x100 + ((t3 >>> 8) & 0xff)] ^ td[0x200 + ((t2 >>> 16) & 0xff)] ^
      td[0x300 + (t1 >>> 24)] ^ k[24];
    s1 = td[t1 & 0xff] ^ td[0x100 + ((t0 >>> 8) & 0xff)] ^ td[0x200 + ((t3 >>> 16) & 0xff)] ^
      td[0x300 + (t2 >>> 24)] ^ k[25];
    s2 = td[t2 & 0xff] ^ td[0x100 + ((t1 >>> 8) & 0xff)] ^ td[0x200 + ((t0 >>> 16) & 0xff)] ^
      td[0x300 + (t3 >>> 24)] ^ k[26];
    s3 = td[t3 & 0xff] ^ td[0x100 + ((t2 >>> 8) & 0xff)] ^ td[0x200 + ((t1 >>> 16) & 0xff)] ^
      td[0x300 + (t0 >>> 24)] ^ k[27];
    // Round 7.
    t0 = td[s0 & 0xff] ^ td[0x100 + ((s3 >>> 8) & 0xff)] ^ td[0x200 + ((s2 >>> 16) & 0xff)] ^
      td[0x300 + (s1 >>> 24)] ^ k[28];
    t1 = td[s1 & 0xff] ^ td[0x100 + ((s0 >>> 8) & 0xff)] ^ td[0x200 + ((s3 >>> 16) & 0xff)] ^
      td[0x300 + (s2 >>> 24)] ^ k[29];
    t2 = td[s2 & 0xff] ^ td[0x100 + ((s1 >>> 8) & 0xff)] ^ td[0x200 + ((s0 >>> 16) & 0xff)] ^
      td[0x300 + (s3 >>> 24)] ^ k[30];
    t3 = td[s3 & 0xff] ^ td[0x100 + ((s2 >>> 8) & 0xff)] ^ td[0x200 + ((s1 >>> 16) & 0xff)] ^
      td[0x300 + (s0 >>> 24)] ^ k[31];
    // Round 8.
    s0 = td[t0 & 0xff] ^ td[0x100 + ((t3 >>> 8) & 0xff)] ^ td[0x200 + ((t2 >>> 16) & 0xff)] ^
      td[0x300 + (t1 >>> 24)] ^ k[32];
    s1 = td[t1 & 0xff] ^ td[0x100 + ((t0 >>> 8) & 0xff)] ^ td[0x200 + ((t3 >>> 16) & 0xff)] ^
      td[0x300 + (t2 >>> 24)] ^ k[33];
    s2 = td[t2 & 0xff] ^ td[0x100 + ((t1 >>> 8) & 0xff)] ^ td[0x200 + ((t0 >>> 16) & 0xff)] ^
      td[0x300 + (t3 >>> 24)] ^ k[34];
    s3 = td[t3 & 0xff] ^ td[0x100 + ((t2 >>> 8) & 0xff)] ^ td[0x200 + ((t1 >>> 16) & 0xff)] ^
      td[0x300 + (t0 >>> 24)] ^ k[35];
    // Round 9.
    t0 = td[s0 & 0xff] ^ td[0x100 + ((s3 >>> 8) & 0xff)] ^ td[0x200 + ((s2 >>> 16) & 0xff)] ^
      td[0x300 + (s1 >>> 24)] ^ k[36];
    t1 = td[s1 & 0xff] ^ td[0x100 + ((s0 >>> 8) & 0xff)] ^ td[0x200 + ((s3 >>> 16) & 0xff)] ^
      td[0x300 + (s2 >>> 24)] ^ k[37];
    t2 = td[s2 & 0xff] ^ td[0x100 + ((s1 >>> 8) & 0xff)] ^ td[0x200 + ((s0 >>> 16) & 0xff)] ^
      td[0x300 + (s3 >>> 24)] ^ k[38];
    t3 = td[s3 & 0xff] ^ td[0x100 + ((s2 >>> 8) & 0xff)] ^ td[0x200 + ((s1 >>> 16) & 0xff)] ^
      td[0x300 + (s0 >>> 24)] ^ k[39];
    // Round 10.
    s0 = td[t0 & 0xff] ^ td[0x100 + ((t3 >>> 8) & 0xff)] ^ td[0x200 + ((t2 >>> 16) & 0xff)] ^
      td[0x300 + (t1 >>> 24)] ^ k[40];
    s1 = td[t1 & 0xff] ^ td[0x100 + ((t0 >>> 8) & 0xff)] ^ td[0x200 + ((t3 >>> 16) & 0xff)] ^
      td[0x300 + (t2 >>> 24)] ^ k[41];
    s2 = td[t2 & 0xff] ^ td[0x100 + ((t1 >>> 8) & 0xff)] ^ td[0x200 + ((t0 >>> 16) & 0xff)] ^
      td[0x300 + (t3 >>> 24)] ^ k[42];
    s3 = td[t3 & 0xff] ^ td[0x100 + ((t2 >>> 8) & 0xff)] ^ td[0x200 + ((t1 >>> 16) & 0xff)] ^
      td[0x300 + (t0 >>> 24)] ^ k[43];
    // Round 11.
    t0 = td[s0 & 0xff] ^ td[0x100 + ((s3 >>> 8) & 0xff)] ^ td[0x200 + ((s2 >>> 16) & 0xff)] ^
      td[0x300 + (s1 >>> 24)] ^ k[44];
    t1 = td[s1 & 0xff] ^ td[0x100 + ((s0 >>> 8) & 0xff)] ^ td[0x200 + ((s3 >>> 16) & 0xff)] ^
      td[0x300 + (s2 >>> 24)] ^ k[45];
    t2 = td[s2 & 0xff] ^ td[0x100 + ((s1 >>> 8) & 0xff)] ^ td[0x200 + ((s0 >>> 16) & 0xff)] ^
      td[0x300 + (s3 >>> 24)] ^ k[46];
    t3 = td[s3 & 0xff] ^ td[0x100 + ((s2 >>> 8) & 0xff)] ^ td[0x200 + ((s1 >>> 16) & 0xff)] ^
      td[0x300 + (s0 >>> 24)] ^ k[47];
    // Round 12.
    s0 = td[t0 & 0xff] ^ td[0x100 + ((t3 >>> 8) & 0xff)] ^ td[0x200 + ((t2 >>> 16) & 0xff)] ^
      td[0x300 + (t1 >>> 24)] ^ k[48];
    s1 = td[t1 & 0xff] ^ td[0x100 + ((t0 >>> 8) & 0xff)] ^ td[0x200 + ((t3 >>> 16) & 0xff)] ^
      td[0x300 + (t2 >>> 24)] ^ k[49];
    s2 = td[t2 & 0xff] ^ td[0x100 + ((t1 >>> 8) & 0xff)] ^ td[0x200 + ((t0 >>> 16) & 0xff)] ^
      td[0x300 + (t3 >>> 24)] ^ k[50];
    s3 = td[t3 & 0xff] ^ td[0x100 + ((t2 >>> 8) & 0xff)] ^ td[0x200 + ((t1 >>> 16) & 0xff)] ^
      td[0x300 + (t0 >>> 24)] ^ k[51];
    // Round 13.
    t0 = td[s0 & 0xff] ^ td[0x100 + ((s3 >>> 8) & 0xff)] ^ td[0x200 + ((s2 >>> 16) & 0xff)] ^
      td[0x300 + (s1 >>> 24)] ^ k[52];
    t1 = td[s1 & 0xff] ^ td[0x100 + ((s0 >>> 8) & 0xff)] ^ td[0x200 + ((s3 >>> 16) & 0xff)] ^
      td[0x300 + (s2 >>> 24)] ^ k[53];
    t2 = td[s2 & 0xff] ^ td[0x100 + ((s1 >>> 8) & 0xff)] ^ td[0x200 + ((s0 >>> 16) & 0xff)] ^
      td[0x300 + (s3 >>> 24)] ^ k[54];
    t3 = td[s3 & 0xff] ^ td[0x100 + ((s2 >>> 8) & 0xff)] ^ td[0x200 + ((s1 >>> 16) & 0xff)] ^
      td[0x300 + (s0 >>> 24)] ^ k[55];
    // Round 14, the last: no (Inv)MixColumns, the S-box alone.
    w[i + 0] = (inv[t0 & 0xff] | inv[(t3 >>> 8) & 0xff] << 8 | inv[(t2 >>> 16) & 0xff] << 16 |
      inv[t1 >>> 24] << 24) ^ k[56];
    w[i + 1] = (inv[t1 & 0xff] | inv[(t0 >>> 8) & 0xff] << 8 | inv[(t3 >>> 16) & 0xff] << 16 |
      inv[t2 >>> 24] << 24) ^ k[57];
    w[i + 2] = (inv[t2 & 0xff] | inv[(t1 >>> 8) & 0xff] << 8 | inv[(t0 >>> 16) & 0xff] << 16 |
      inv[t3 >>> 24] << 24) ^ k[58];
    w[i + 3] = (inv[t3 & 0xff] | inv[(t2 >>> 8) & 0xff] << 8 | inv[(t1 >>> 16) & 0xff] << 16 |
      inv[t0 >>> 24] << 24) ^ k[59];
  }
}

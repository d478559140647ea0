/**
 * The AES cipher of FIPS-197 (section 5.1) for 14 rounds (AES-256) on blocks held as 32-bit
 * words, with the round steps folded into the lookup tables of `_aes_tables.ts`. Private
 * to the AES modules: `aes.ts` is the interface.
 *
 * A round of the state columns s0..s3 into t0..t3 is, for column c:
 *
 *     t_c = TE[s_c byte 0] ^ TE[0x100 + s_(c+1) byte 1] ^ TE[0x200 + s_(c+2) byte 2]
 *           ^ TE[0x300 + s_(c+3) byte 3] ^ roundKey_c
 *
 * (ShiftRows picks the bytes from the next columns; each row's table adds SubBytes and
 * MixColumns of one byte). The last round has no MixColumns: the S-box alone. The 13 full
 * rounds are written out, so that every round key's index is a constant (a literal: an
 * imported constant in the loop costs a fifth of the speed).
 *
 * @module
 */

import { SBOX, TE } from "./_aes_tables.ts";

/**
 * Encrypts the blocks of `w` in place: words `from` to `to` (multiples of 4), each block 4
 * words in little-endian column order (see `_aes_words.ts`), with the expanded
 * encryption key `k` (60 words).
 */
export function cipherWords(k: Uint32Array, w: Uint32Array, from: number, to: number): void {
  const te = TE, sbox = SBOX;
  for (let i = from; i < to; i += 4) {
    let s0 = w[i] ^ k[0], s1 = w[i + 1] ^ k[1], s2 = w[i + 2] ^ k[2], s3 = w[i + 3] ^ k[3];
    let t0: number, t1: number, t2: number, t3: number;
    // Round 1.
    t0 = te[s0 & 0xff] ^ te[0x100 + ((s1 >>> 8) & 0xff)] ^ te[0x200 + ((s2 >>> 16) & 0xff)] ^
      te[0x300 + (s3 >>> 24)] ^ k[4];
    t1 = te[s1 & 0xff] ^ te[0x100 + ((s2 >>> 8) & 0xff)] ^ te[0x200 + ((s3 >>> 16) & 0xff)] ^
      te[0x300 + (s0 >>> 24)] ^ k[5];
    t2 = te[s2 & 0xff] ^ te[0x100 + ((s3 >>> 8) & 0xff)] ^ te[0x200 + ((s0 >>> 16) & 0xff)] ^
      te[0x300 + (s1 >>> 24)] ^ k[6];
    t3 = te[s3 & 0xff] ^ te[0x100 + ((s0 >>> 8) & 0xff)] ^ te[0x200 + ((s1 >>> 16) & 0xff)] ^
      te[0x300 + (s2 >>> 24)] ^ k[7];
    // Round 2.
    s0 = te[t0 & 0xff] ^ te[0x100 + ((t1 >>> 8) & 0xff)] ^ te[0x200 + ((t2 >>> 16) & 0xff)] ^
      te[0x300 + (t3 >>> 24)] ^ k[8];
    s1 = te[t1 & 0xff] ^ te[0x100 + ((t2 >>> 8) & 0xff)] ^ te[0x200 + ((t3 >>> 16) & 0xff)] ^
      te[0x300 + (t0 >>> 24)] ^ k[9];
    s2 = te[t2 & 0xff] ^ te[0x100 + ((t3 >>> 8) & 0xff)] ^ te[0x200 + ((t0 >>> 16) & 0xff)] ^
      te[0x300 + (t1 >>> 24)] ^ k[10];
    s3 = te[t3 & 0xff] ^ te[0x100 + ((t0 >>> 8) & 0xff)] ^ te[0x200 + ((t1 >>> 16) & 0xff)] ^
      te[0x300 + (t2 >>> 24)] ^ k[11];
    // Round 3.
    t0 = te[s0 & 0xff] ^ te[0x100 + ((s1 >>> 8) & 0xff)] ^ te[0x200 + ((s2 >>> 16) & 0xff)] ^
      te[0x300 + (s3 >>> 24)] ^ k[12];
    t1 = te[s1 & 0xff] ^ te[0x100 + ((s2 >>> 8) & 0xff)] ^ te[0x200 + ((s3 >>> 16) & 0xff)] ^
      te[0x300 + (s0 >>> 24)] ^ k[13];
    t2 = te[s2 & 0xff] ^ te[0x100 + ((s3 >>> 8) & 0xff)] ^ te[0x200 + ((s0 >>> 16) & 0xff)] ^
      te[0x300 + (s1 >>> 24)] ^ k[14];
    t3 = te[s3 & 0xff] ^ te[0x100 + ((s0 >>> 8) & 0xff)] ^ te[0x200 + ((s1 >>> 16) & 0xff)] ^
      te[0x300 + (s2 >>> 24)] ^ k[15];
    // Round 4.
    s0 = te[t0 & 0xff] ^ te[0x100 + ((t1 >>> 8) & 0xff)] ^ te[0x200 + ((t2 >>> 16) & 0xff)] ^
      te[0x300 + (t3 >>> 24)] ^ k[16];
    s1 = te[t1 & 0xff] ^ te[0x100 + ((t2 >>> 8) & 0xff)] ^ te[0x200 + ((t3 >>> 16) & 0xff)] ^
      te[0x300 + (t0 >>> 24)] ^ k[17];
    s2 = te[t2 & 0xff] ^ te[0x100 + ((t3 >>> 8) & 0xff)] ^ te[0x200 + ((t0 >>> 16) & 0xff)] ^
      te[0x300 + (t1 >>> 24)] ^ k[18];
    s3 = te[t3 & 0xff] ^ te[0x100 + ((t0 >>> 8) & 0xff)] ^ te[0x200 + ((t1 >>> 16) & 0xff)] ^
      te[0x300 + (t2 >>> 24)] ^ k[19];
    // Round 5.
    t0 = te[s0 & 0xff] ^ te[0x100 + ((s1 >>> 8) & 0xff)] ^ te[0x200 + ((s2 >>> 16) & 0xff)] ^
      te[0x300 + (s3 >>> 24)] ^ k[20];
    t1 = te[s1 & 0xff] ^ te[0x100 + ((s2 >>> 8) & 0xff)] ^ te[0x200 + ((s3 >>> 16) & 0xff)] ^
      te[0x300 + (s0 >>> 24)] ^ k[21];
    t2 = te[s2 & 0xff] ^ te[0x100 + ((s3 >>> 8) & 0xff)] ^ te[0x200 + ((s0 >>> 16) & 0xff)] ^
      te[0x300 + (s1 >>> 24)] ^ k[22];
    t3 = te[s3 & 0xff] ^ te[0x100 + ((s0 >>> 8) & 0xff)] ^ te[0x200 + ((s1 >>> 16) & 0xff)] ^
      te[0x300 + (s2 >>> 24)] ^ k[23];
    // Round 6.
    s0 = te[t0 & 0xff] ^ te[0x100 + ((t1 >>> 8) & 0xff)] ^ te[0x200 + ((t2 >>> 16) & 0xff)] ^
      te[0x300 + (t3 >>> 24)] ^ k[24];
    s1 = te[t1 & 0xff] ^ te[0x100 + ((t2 >>> 8) & 0xff)] ^ te[0x200 + ((t3 >>> 16) & 0xff)] ^
      te[0x300 + (t0 >>> 24)] ^ k[25];
    s2 = te[t2 & 0xff] ^ te[0x100 + ((t3 >>> 8) & 0xff)] ^ te[0x200 + ((t0 >>> 16) & 0xff)] ^
      te[0x300 + (t1 >>> 24)] ^ k[26];
    s3 = te[t3 & 0xff] ^ te[0x100 + ((t0 >>> 8) & 0xff)] ^ te[0x200 + ((t1 >>> 16) & 0xff)] ^
      te[0x300 + (t2 >>> 24)] ^ k[27];
    // Round 7.
    t0 = te[s0 & 0xff] ^ te[0x100 + ((s1 >>> 8) & 0xff)] ^ te[0x200 + ((s2 >>> 16) & 0xff)] ^
      te[0x300 + (s3 >>> 24)] ^ k[28];
    t1 = te[s1 & 0xff] ^ te[0x100 + ((s2 >>> 8) & 0xff)] ^ te[0x200 + ((s3 >>> 16) & 0xff)] ^
      te[0x300 + (s0 >>> 24)] ^ k[29];
    t2 = te[s2 & 0xff] ^ te[0x100 + ((s3 >>> 8) & 0xff)] ^ te[0x200 + ((s0 >>> 16) & 0xff)] ^
      te[0x300 + (s1 >>> 24)] ^ k[30];
    t3 = te[s3 & 0xff] ^ te[0x100 + ((s0 >>> 8) & 0xff)] ^ te[0x200 + ((s1 >>> 16) & 0xff)] ^
      te[0x300 + (s2 >>> 24)] ^ k[31];
    // Round 8.
    s0 = te[t0 & 0xff] ^ te[0x100 + ((t1 >>> 8) & 0xff)] ^ te[0x200 + ((t2 >>> 16) & 0xff)] ^
      te[0x300 + (t3 >>> 24)] ^ k[32];
    s1 = te[t1 & 0xff] ^ te[0x100 + ((t2 >>> 8) & 0xff)] ^ te[0x200 + ((t3 >>> 16) & 0xff)] ^
      te[0x300 + (t0 >>> 24)] ^ k[33];
    s2 = te[t2 & 0xff] ^ te[0x100 + ((t3 >>> 8) & 0xff)] ^ te[0x200 + ((t0 >>> 16) & 0xff)] ^
      te[0x300 + (t1 >>> 24)] ^ k[34];
    s3 = te[t3 & 0xff] ^ te[0x100 + ((t0 >>> 8) & 0xff)] ^ te[0x200 + ((t1 >>> 16) & 0xff)] ^
      te[0x300 + (t2 >>> 24)] ^ k[35];
    // Round 9.
    t0 = te[s0 & 0xff] ^ te[0x100 + ((s1 >>> 8) & 0xff)] ^ te[0x200 + ((s2 >>> 16) & 0xff)] ^
      te[0x300 + (s3 >>> 24)] ^ k[36];
    t1 = te[s1 & 0xff] ^ te[0x100 + ((s2 >>> 8) & 0xff)] ^ te[0x200 + ((s3 >>> 16) & 0xff)] ^
      te[0x300 + (s0 >>> 24)] ^ k[37];
    t2 = te[s2 & 0xff] ^ te[0x100 + ((s3 >>> 8) & 0xff)] ^ te[0x200 + ((s0 >>> 16) & 0xff)] ^
      te[0x300 + (s1 >>> 24)] ^ k[38];
    t3 = te[s3 & 0xff] ^ te[0x100 + ((s0 >>> 8) & 0xff)] ^ te[0x200 + ((s1 >>> 16) & 0xff)] ^
      te[0x300 + (s2 >>> 24)] ^ k[39];
    // Round 10.
    s0 = te[t0 & 0xff] ^ te[0x100 + ((t1 >>> 8) & 0xff)] ^ te[0x200 + ((t2 >>> 16) & 0xff)] ^
      te[0x300 + (t3 >>> 24)] ^ k[40];
    s1 = te[t1 & 0xff] ^ te[0x100 + ((t2 >>> 8) & 0xff)] ^ te[0x200 + ((t3 >>> 16) & 0xff)] ^
      te[0x300 + (t0 >>> 24)] ^ k[41];
    s2 = te[t2 & 0xff] ^ te[0x100 + ((t3 >>> 8) & 0xff)] ^ te[0x200 + ((t0 >>> 16) & 0xff)] ^
      te[0x300 + (t1 >>> 24)] ^ k[42];
    s3 = te[t3 & 0xff] ^ te[0x100 + ((t0 >>> 8) & 0xff)] ^ te[0x200 + ((t1 >>> 16) & 0xff)] ^
      te[0x300 + (t2 >>> 24)] ^ k[43];
    // Round 11.
    t0 = te[s0 & 0xff] ^ te[0x100 + ((s1 >>> 8) & 0xff)] ^ te[0x200 + ((s2 >>> 16) & 0xff)] ^
      te[0x300 + (s3 >>> 24)] ^ k[44];
    t1 = te[s1 & 0xff] ^ te[0x100 + ((s2 >>> 8) & 0xff)] ^ te[0x200 + ((s3 >>> 16) & 0xff)] ^
      te[0x300 + (s0 >>> 24)] ^ k[45];
    t2 = te[s2 & 0xff] ^ te[0x100 + ((s3 >>> 8) & 0xff)] ^ te[0x200 + ((s0 >>> 16) & 0xff)] ^
      te[0x300 + (s1 >>> 24)] ^ k[46];
    t3 = te[s3 & 0xff] ^ te[0x100 + ((s0 >>> 8) & 0xff)] ^ te[0x200 + ((s1 >>> 16) & 0xff)] ^
      te[0x300 + (s2 >>> 24)] ^ k[47];
    // Round 12.
    s0 = te[t0 & 0xff] ^ te[0x100 + ((t1 >>> 8) & 0xff)] ^ te[0x200 + ((t2 >>> 16) & 0xff)] ^
      te[0x300 + (t3 >>> 24)] ^ k[48];
    s1 = te[t1 & 0xff] ^ te[0x100 + ((t2 >>> 8) & 0xff)] ^ te[0x200 + ((t3 >>> 16) & 0xff)] ^
      te[0x300 + (t0 >>> 24)] ^ k[49];
    s2 = te[t2 & 0xff] ^ te[0x100 + ((t3 >>> 8) & 0xff)] ^ te[0x200 + ((t0 >>> 16) & 0xff)] ^
      te[0x300 + (t1 >>> 24)] ^ k[50];
    s3 = te[t3 & 0xff] ^ te[0x100 + ((t0 >>> 8) & 0xff)] ^ te[0x200 + ((t1 >>> 16) & 0xff)] ^
      te[0x300 + (t2 >>> 24)] ^ k[51];
    // Round 13.
    t0 = te[s0 & 0xff] ^ te[0x100 + ((s1 >>> 8) & 0xff)] ^ te[0x200 + ((s2 >>> 16) & 0xff)] ^
      te[0x300 + (s3 >>> 24)] ^ k[52];
    t1 = te[s1 & 0xff] ^ te[0x100 + ((s2 >>> 8) & 0xff)] ^ te[0x200 + ((s3 >>> 16) & 0xff)] ^
      te[0x300 + (s0 >>> 24)] ^ k[53];
    t2 = te[s2 & 0xff] ^ te[0x100 + ((s3 >>> 8) & 0xff)] ^ te[0x200 + ((s0 >>> 16) & 0xff)] ^
      te[0x300 + (s1 >>> 24)] ^ k[54];
    t3 = te[s3 & 0xff] ^ te[0x100 + ((s0 >>> 8) & 0xff)] ^ te[0x200 + ((s1 >>> 16) & 0xff)] ^
      te[0x300 + (s2 >>> 24)] ^ k[55];
    // Round 14, the last: no (Inv)MixColumns, the S-box alone.
    w[i + 0] = (sbox[t0 & 0xff] | sbox[(t1 >>> 8) & 0xff] << 8 | sbox[(t2 >>> 16) & 0xff] << 16 |
      sbox[t3 >>> 24] << 24) ^ k[56];
    w[i + 1] = (sbox[t1 & 0xff] | sbox[(t2 >>> 8) & 0xff] << 8 | sbox[(t3 >>> 16) & 0xff] << 16 |
      sbox[t0 >>> 24] << 24) ^ k[57];
    w[i + 2] = (sbox[t2 & 0xff] | sbox[(t3 >>> 8) & 0xff] << 8 | sbox[(t0 >>> 16) & 0xff] << 16 |
      sbox[t1 >>> 24] << 24) ^ k[58];
    w[i + 3] = (sbox[t3 & 0xff] | sbox[(t0 >>> 8) & 0xff] << 8 | sbox[(t1 >>> 16) & 0xff] << 16 |
      sbox[t2 >>> 24] << 24) ^ k[59];
  }
}

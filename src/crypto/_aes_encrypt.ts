/**
 * The AES cipher of FIPS-197 (section 5.1) for 14 rounds (AES-256) on blocks held as 32-bit
 * words, with the round steps folded into the lookup tables of `_aes_tables.ts`. Private
 * to the AES modules: `aes.ts` is the interface.
 *
 * A round of the state columns s0..s3 into t0..t3 is, for column c:
 *
 *     t_c = TE0[s_c byte 0] ^ TE1[s_(c+1) byte 1] ^ TE2[s_(c+2) byte 2] ^ TE3[s_(c+3) byte 3]
 *           ^ roundKey_c
 *
 * (ShiftRows picks the bytes from the next columns; each table adds SubBytes and
 * MixColumns of one row). The last round has no MixColumns: the S-box alone. The 13 full
 * rounds are written out, so that every round key's index is a constant.
 *
 * @module
 */

import { SBOX, TE0, TE1, TE2, TE3 } from "./_aes_tables.ts";
import { LAST_ROUND_KEY } from "./_aes_key_schedule.ts";

/**
 * Encrypts the blocks of `w` in place: words `from` to `to` (multiples of 4), each block 4
 * words in little-endian column order (see `_aes_words.ts`), with the expanded
 * encryption key `k` (60 words).
 */
export function cipherWords(k: Uint32Array, w: Uint32Array, from: number, to: number): void {
  const te0 = TE0, te1 = TE1, te2 = TE2, te3 = TE3, sbox = SBOX;
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
    const r = LAST_ROUND_KEY;
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

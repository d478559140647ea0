/**
 * The equivalent inverse cipher of FIPS-197 (section 5.3.5) for 14 rounds (AES-256) on
 * blocks held as 32-bit words: the same shape as `_aes_encrypt.ts` with the inverse
 * tables, and the decryption key schedule (round keys reversed, InvMixColumns applied to
 * the inner ones). Private to the AES modules: `aes.ts` is the interface.
 *
 * A round of the state columns s0..s3 into t0..t3 is, for column c:
 *
 *     t_c = TD0[s_c byte 0] ^ TD1[s_(c+3) byte 1] ^ TD2[s_(c+2) byte 2] ^ TD3[s_(c+1) byte 3]
 *           ^ roundKey_c
 *
 * (InvShiftRows picks the bytes from the previous columns). The last round has no
 * InvMixColumns: the inverse S-box alone. The 13 full rounds are written out.
 *
 * @module
 */

import { INV_SBOX, TD0, TD1, TD2, TD3 } from "./_aes_tables.ts";
import { LAST_ROUND_KEY } from "./_aes_key_schedule.ts";

/**
 * Decrypts the blocks of `w` in place, the inverse of `cipherWords`: words `from` to `to`
 * (multiples of 4), with the expanded decryption key `k` (60 words, from
 * `expandDecryptionKey`).
 */
export function invCipherWords(k: Uint32Array, w: Uint32Array, from: number, to: number): void {
  const td0 = TD0, td1 = TD1, td2 = TD2, td3 = TD3, inv = INV_SBOX;
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
    const r = LAST_ROUND_KEY;
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

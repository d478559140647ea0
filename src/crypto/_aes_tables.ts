/**
 * The lookup tables of AES (FIPS-197), computed from the field arithmetic when the module
 * loads (8 KiB, well under a millisecond): the S-box and its inverse, and for each
 * direction the round tables of the four rows, which fold SubBytes (or InvSubBytes) and
 * MixColumns (or InvMixColumns) of one state byte into the 32-bit column it contributes.
 *
 * Words hold a column's bytes little-endian (row 0 in the low 8 bits), as in
 * `_aes_words.ts`. Entry `TE[x]` is what input byte x of row 0 adds to its output column:
 * MixColumns' first matrix column (2, 1, 1, 3) times S(x). The tables of rows 1 to 3,
 * `TE[0x100 + x]` to `TE[0x300 + x]`, are row 0's rotated left by 8, 16 and 24 bits;
 * `TD` likewise with InvMixColumns' (0e, 09, 0d, 0b) times S⁻¹(x).
 *
 * @module
 */

/** Multiplication by x in GF(2^8) modulo FIPS-197's x^8 + x^4 + x^3 + x + 1 (0x11b). */
function xtime(a: number): number {
  return ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff;
}

/** Multiplication in GF(2^8) (FIPS-197 section 4.2). */
function mul(a: number, b: number): number {
  let p = 0;
  for (; b; b >>>= 1, a = xtime(a)) if (b & 1) p ^= a;
  return p;
}

function rotl8(w: number): number {
  return ((w << 8) | (w >>> 24)) >>> 0;
}

/**
 * The S-box (FIPS-197 section 5.1.1): the affine transform of each byte's
 * multiplicative inverse (0 for 0), found by walking the field by powers of the
 * generator 3 (the inverse of 3^i is 3^(255-i)).
 */
function buildSbox(): [Uint8Array, Uint8Array] {
  const sbox = new Uint8Array(256);
  const inv = new Uint8Array(256);
  const pow = new Uint8Array(256);
  const log = new Uint8Array(256);
  for (let i = 0, x = 1; i < 255; i++, x = mul(x, 3)) {
    pow[i] = x;
    log[x] = i;
  }
  for (let a = 0; a < 256; a++) {
    const b = a === 0 ? 0 : pow[(255 - log[a]) % 255];
    let s = b;
    for (let k = 1; k <= 4; k++) s ^= ((b << k) | (b >>> (8 - k))) & 0xff;
    s ^= 0x63;
    sbox[a] = s;
    inv[s] = a;
  }
  return [sbox, inv];
}

/**
 * The round tables of one direction in one array: row r's table (row 0's entries rotated
 * left by 8·r bits) at index 0x100·r, entry x of row 0 the matrix column `m` times
 * `box[x]`. One array rather than four keeps a register free in the rounds.
 */
function roundTables(box: Uint8Array, m: readonly number[]): Uint32Array {
  const t = new Uint32Array(4 * 256);
  for (let x = 0; x < 256; x++) {
    const v = box[x];
    let w = (mul(v, m[0]) | mul(v, m[1]) << 8 | mul(v, m[2]) << 16 | mul(v, m[3]) << 24) >>> 0;
    for (let r = 0; r < 4; r++, w = rotl8(w)) t[0x100 * r + x] = w;
  }
  return t;
}

/** The S-box and its inverse. */
export const [SBOX, INV_SBOX]: Uint8Array[] = buildSbox();
/** Encryption round tables, rows 0 to 3 at 0x100·row: MixColumns(SubBytes). */
export const TE: Uint32Array = roundTables(SBOX, [2, 1, 1, 3]);
/** Decryption round tables, rows 0 to 3 at 0x100·row: InvMixColumns(InvSubBytes). */
export const TD: Uint32Array = roundTables(INV_SBOX, [14, 9, 13, 11]);

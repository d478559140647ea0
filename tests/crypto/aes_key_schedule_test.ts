import assert from "node:assert/strict";
import fc from "fast-check";
import {
  expandDecryptionKey,
  expandEncryptionKey,
  ROUNDS,
  SCHEDULE_WORDS,
} from "../../src/crypto/_aes_key_schedule.ts";
import { hex } from "./_assert.ts";

/** A schedule word as FIPS-197 prints it: the column's bytes, row 0 first. */
function fipsWord(w: number): string {
  return [w, w >>> 8, w >>> 16, w >>> 24].map((b) => (b & 0xff).toString(16).padStart(2, "0"))
    .join("");
}

Deno.test("AES-256 KeyExpansion: FIPS-197 Appendix A.3", () => {
  const w = expandEncryptionKey(
    hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"),
  );
  assert.equal(w.length, SCHEDULE_WORDS);
  assert.equal(SCHEDULE_WORDS, 60);
  const words = Array.from(w, fipsWord);
  // The key itself, then the words Appendix A.3 lists (first and last ones).
  assert.deepEqual(words.slice(0, 8), [
    "603deb10",
    "15ca71be",
    "2b73aef0",
    "857d7781",
    "1f352c07",
    "3b6108d7",
    "2d9810a3",
    "0914dff4",
  ]);
  assert.deepEqual(words.slice(8, 12), ["9ba35411", "8e6925af", "a51a8b5f", "2067fcde"]);
  assert.deepEqual(words.slice(56), ["fe4890d1", "e6188d0b", "046df344", "706c631e"]);
});

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1, bit by bit. */
function gmul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & (1 << i)) p ^= a;
    a = (a << 1) ^ (a & 0x80 ? 0x11b : 0);
  }
  return p;
}

/** InvMixColumns of one column (FIPS-197 section 5.3.3), computed the long way. */
function invMixColumn(w: number): number {
  const a = [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24];
  const m = [0x0e, 0x0b, 0x0d, 0x09];
  let out = 0;
  for (let r = 0; r < 4; r++) {
    let b = 0;
    for (let c = 0; c < 4; c++) b ^= gmul(a[c], m[(c - r + 4) % 4]);
    out |= b << (8 * r);
  }
  return out >>> 0;
}

Deno.test("AES-256 decryption schedule: reversed round keys, inner ones InvMixColumns'd", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
      const enc = expandEncryptionKey(key);
      const dec = expandDecryptionKey(enc);
      for (let r = 0; r <= ROUNDS; r++) {
        for (let c = 0; c < 4; c++) {
          const w = enc[4 * (ROUNDS - r) + c];
          const want = r === 0 || r === ROUNDS ? w : invMixColumn(w);
          assert.equal(dec[4 * r + c], want, `round ${r}, column ${c}`);
        }
      }
      assert.deepEqual(Array.from(dec.subarray(4 * ROUNDS)), Array.from(enc.subarray(0, 4)));
    }),
    { numRuns: 50 },
  );
});

import assert from "node:assert/strict";
import fc from "fast-check";
import { ecb } from "@noble/ciphers/aes.js";
import { Aes256 } from "../../src/crypto/aes.ts";
import {
  bytesFromWords,
  HOST_LITTLE_ENDIAN,
  swapWords,
  wordsFromBytes,
} from "../../src/crypto/_aes_words.ts";
import { INV_SBOX, SBOX } from "../../src/crypto/_aes_tables.ts";
import { assertBytesEqual, hex, toHex } from "./_assert.ts";

// Known answers for AES-256, each also checked with `openssl enc -aes-256-ecb -nopad`.
const KATS: { source: string; key: string; plain: string; cipher: string }[] = [
  {
    source: "FIPS-197 Appendix C.3",
    key: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    plain: "00112233445566778899aabbccddeeff",
    cipher: "8ea2b7ca516745bfeafc49904b496089",
  },
  {
    source: "NIST SP 800-38A F.1.5 (ECB-AES256), blocks 1-4",
    key: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
    plain: "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51" +
      "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710",
    cipher: "f3eed1bdb5d2a03c064b5a7e3db181f8" + "591ccb10d410ed26dc5ba74a31362870" +
      "b6ed21b99ca6f4f9f153e7b1beafed1d" + "23304b7a39f9f3ff067d8d8f9e24ecc7",
  },
  {
    source: "AESAVS GFSbox, 256-bit key, first case",
    key: "00".repeat(32),
    plain: "014730f80ac625fe84f026c60bfd547d",
    cipher: "5c9d844ed46f9885085e5d6a4f94c7d7",
  },
  {
    source: "AESAVS VarKey, 256-bit key, first case",
    key: "80" + "00".repeat(31),
    plain: "00".repeat(16),
    cipher: "e35a6dcb19b201a01ebcfa8aa22b5759",
  },
];

Deno.test("AES-256 known answers (FIPS-197, SP 800-38A, AESAVS): encrypt and decrypt", () => {
  for (const v of KATS) {
    const aes = new Aes256(hex(v.key));
    assertBytesEqual(aes.encryptBytes(hex(v.plain)), hex(v.cipher), `${v.source}: encrypt`);
    assertBytesEqual(aes.decryptBytes(hex(v.cipher)), hex(v.plain), `${v.source}: decrypt`);
    // Decrypting first (its schedule is made on first use) gives the same answer.
    assertBytesEqual(
      new Aes256(hex(v.key)).decryptBytes(hex(v.cipher)),
      hex(v.plain),
      `${v.source}: decrypt on a fresh key`,
    );
  }
});

Deno.test("AES S-box: FIPS-197 Figure 7 spot values, and the inverse undoes it", () => {
  assert.deepEqual([SBOX[0x00], SBOX[0x01], SBOX[0x53], SBOX[0xff]], [0x63, 0x7c, 0xed, 0x16]);
  for (let x = 0; x < 256; x++) assert.equal(INV_SBOX[SBOX[x]], x);
});

Deno.test("AES words: the word view on this host reads columns little-endian", () => {
  const bytes = hex("000102030405060708090a0b0c0d0e0f");
  const w = wordsFromBytes(bytes);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) assert.equal(w[i], view.getUint32(4 * i, true));
  bytesFromWords(w);
  assertBytesEqual(bytes, hex("000102030405060708090a0b0c0d0e0f"), "bytes after a round trip");
  // A big-endian host reads what swapWords makes of the little-endian reading.
  const be = new Uint32Array(4);
  for (let i = 0; i < 4; i++) be[i] = view.getUint32(4 * i, false);
  const swapped = Uint32Array.from(w);
  swapWords(swapped);
  assert.deepEqual(
    Array.from(swapped),
    HOST_LITTLE_ENDIAN ? Array.from(be) : Array.from(w),
  );
});

Deno.test("AES words: a range of blocks is transformed, the rest left alone", () => {
  const aes = new Aes256(hex(KATS[1].key));
  const data = hex("00".repeat(16) + KATS[1].plain.slice(0, 32) + "00".repeat(16));
  const w = wordsFromBytes(data);
  aes.encryptWords(w, 4, 8);
  bytesFromWords(w);
  assert.equal(toHex(data), "00".repeat(16) + KATS[1].cipher.slice(0, 32) + "00".repeat(16));
});

Deno.test("AES property: equals @noble/ciphers' AES-256 ECB, both directions", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.integer({ min: 1, max: 16 }).chain((blocks) =>
        fc.uint8Array({ minLength: blocks * 16, maxLength: blocks * 16 })
      ),
      (key, data) => {
        const ours = new Aes256(key);
        const theirs = ecb(key, { disablePadding: true });
        const c = ours.encryptBytes(data);
        assert.equal(toHex(c), toHex(theirs.encrypt(data)));
        assert.equal(toHex(ours.decryptBytes(data)), toHex(theirs.decrypt(data)));
        assert.equal(toHex(ours.decryptBytes(c)), toHex(data));
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("AES rekey: the new key's answers in both directions, as a fresh key gives", () => {
  const aes = new Aes256(hex(KATS[0].key));
  // Decrypt first, so that the old key's decryption schedule exists when rekeying.
  assertBytesEqual(aes.decryptBytes(hex(KATS[0].cipher)), hex(KATS[0].plain), "first key");
  for (const v of [KATS[1], KATS[3], KATS[0]]) {
    aes.rekey(hex(v.key));
    assertBytesEqual(aes.decryptBytes(hex(v.cipher)), hex(v.plain), `${v.source}: decrypt`);
    assertBytesEqual(aes.encryptBytes(hex(v.plain)), hex(v.cipher), `${v.source}: encrypt`);
  }
  assert.throws(() => aes.rekey(new Uint8Array(16)), RangeError);
});

Deno.test("AES rejects a key that is not 32 bytes and data that is not whole blocks", () => {
  for (const n of [0, 16, 24, 31, 33, 64]) {
    assert.throws(() => new Aes256(new Uint8Array(n)), RangeError, `${n}-byte key`);
  }
  const aes = new Aes256(new Uint8Array(32));
  assert.throws(() => aes.encryptBytes(new Uint8Array(15)), RangeError);
  assert.throws(() => aes.decryptBytes(new Uint8Array(17)), RangeError);
});

Deno.test("AES destroy() zeroes the round keys: the old key's ciphertext is gone", () => {
  const aes = new Aes256(hex(KATS[0].key));
  aes.destroy();
  assert.notEqual(toHex(aes.encryptBytes(hex(KATS[0].plain))), KATS[0].cipher);
});

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { NvsforgeError } from "../../src/errors.ts";
import {
  decryptPartition,
  encryptPartition,
  encryptPartitionInPlace,
  PartitionCipher,
} from "../../src/crypto/partition.ts";
import { buildKeyPartition, parseKeyFile } from "../../src/crypto/key_partition.ts";
import { deriveKeysFromHmacKey } from "../../src/crypto/hmac_keys.ts";
import { xtsEncrypt } from "../../src/crypto/xts.ts";
import { crc32 } from "../../src/format/crc32.ts";
import {
  crcMatches,
  ENTRIES_PER_PAGE,
  ENTRY,
  ENTRY_SIZE,
  entryOffset,
  EntryState,
  getEntryState,
  ItemType,
  PAGE_HEADER,
  PAGE_SIZE,
  setEntryState,
} from "../../src/format/layout.ts";
import { assertBytesDiffer, assertBytesEqual } from "./_assert.ts";
import {
  caseFile,
  expectedFile,
  loadCases,
  optionValue,
  type VectorCase,
} from "../../scripts/vector_cases.ts";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** An encrypted image of the vectors with its key file, and its plain image when known. */
interface EncryptedImage {
  what: string;
  encrypted: Uint8Array;
  keys: Uint8Array;
  plain?: Uint8Array;
}

/**
 * Every encrypted image the vectors hold, with its key:
 * - `decrypt` cases: input image + key; the expected output is the plain image;
 * - `encrypt` cases: expected output + --inputkey;
 * - mfg_gen `generate` cases with --inputkey: every bin/*.bin output.
 * An encrypt case's plain image is the output of the decrypt case of the same bytes.
 */
function encryptedImages(): { images: EncryptedImage[]; counts: Record<string, number> } {
  const cases = loadCases().filter((c) => c.expect === "ok");
  const plainOf = new Map<string, Uint8Array>();
  const images: EncryptedImage[] = [];
  const counts: Record<string, number> = { decrypt: 0, encrypt: 0, mfg: 0 };
  const keysOf = (c: VectorCase, path: string) => parseKeyFile(caseFile(c, path), path);
  for (const c of cases.filter((c) => c.subcommand === "decrypt")) {
    const [input, keyPath] = c.args;
    const outputs = Object.keys(c.outputs);
    assert.equal(outputs.length, 1, `${c.name}: one output`);
    const encrypted = caseFile(c, input);
    const plain = expectedFile(c, outputs[0]);
    plainOf.set(sha256(encrypted), plain);
    images.push({ what: `${c.name}/${input}`, encrypted, keys: keysOf(c, keyPath), plain });
    counts.decrypt++;
  }
  for (const c of cases.filter((c) => c.subcommand === "encrypt")) {
    const keyPath = optionValue(c, "--inputkey");
    assert.ok(keyPath, `${c.name}: encrypt case without --inputkey`);
    const outputs = Object.keys(c.outputs);
    assert.equal(outputs.length, 1, `${c.name}: one output`);
    const encrypted = expectedFile(c, outputs[0]);
    images.push({
      what: `${c.name}/expected/${outputs[0]}`,
      encrypted,
      keys: keysOf(c, keyPath),
      plain: plainOf.get(sha256(encrypted)),
    });
    counts.encrypt++;
  }
  for (const c of cases.filter((c) => c.tool === "mfg_gen" && c.subcommand === "generate")) {
    const keyPath = optionValue(c, "--inputkey");
    if (keyPath === undefined) continue;
    for (const out of Object.keys(c.outputs).filter((p) => /(^|\/)bin\/[^/]+\.bin$/.test(p))) {
      images.push({
        what: `${c.name}/expected/${out}`,
        encrypted: expectedFile(c, out),
        keys: keysOf(c, keyPath),
      });
      counts.mfg++;
    }
  }
  return { images, counts };
}

/**
 * Checks that a decrypted image is a well-formed plain NVS image: every page header
 * with a valid CRC, every written item header with a valid CRC, and the payload CRC of
 * every string / blob / blob-data item. A wrong key or tweak would break every one of
 * these. Returns the number of items checked.
 */
function checkPlainImage(img: Uint8Array, what: string): number {
  const view = new DataView(img.buffer, img.byteOffset, img.byteLength);
  let items = 0;
  for (let base = 0; base < img.length; base += PAGE_SIZE) {
    if (img.subarray(base, base + PAGE_HEADER.size).every((b) => b === 0xff)) continue;
    assert.ok(crcMatches(PAGE_HEADER, view, img, base), `${what}: page ${base / PAGE_SIZE} CRC`);
    for (let i = 0; i < ENTRIES_PER_PAGE;) {
      if (getEntryState(img, base, i) !== EntryState.WRITTEN) {
        i++;
        continue;
      }
      const at = base + entryOffset(i);
      const where = `${what}: page ${base / PAGE_SIZE} entry ${i}`;
      assert.ok(crcMatches(ENTRY, view, img, at), `${where}: item CRC`);
      const type = img[at + ENTRY.fields.type.offset];
      const span = img[at + ENTRY.fields.span.offset];
      assert.ok(span >= 1 && i + span <= ENTRIES_PER_PAGE, `${where}: span ${span}`);
      if (type === ItemType.STRING || type === ItemType.BLOB || type === ItemType.BLOB_DATA) {
        const size = view.getUint16(at + 24, true);
        const payload = img.subarray(at + ENTRY_SIZE, at + ENTRY_SIZE + size);
        assert.equal(crc32(payload), view.getUint32(at + 28, true), `${where}: payload CRC`);
      }
      items++;
      i += span;
    }
  }
  return items;
}

Deno.test("vectors: decryptPartition gives the reference's plain bytes; encryptPartition the encrypted ones", () => {
  const { images, counts } = encryptedImages();
  // Fail, never skip, when the vectors are not what we expect.
  assert.ok(counts.decrypt >= 2, `decrypt cases: ${counts.decrypt}`);
  assert.ok(counts.encrypt >= 4, `encrypt cases: ${counts.encrypt}`);
  assert.ok(counts.mfg >= 2, `encrypted mfg images: ${counts.mfg}`);
  let withPlain = 0;
  for (const img of images) {
    const plain = decryptPartition(img.encrypted, { keys: img.keys });
    if (img.plain) {
      assertBytesEqual(plain, img.plain, `${img.what}: decrypted`);
      assertBytesEqual(
        encryptPartition(img.plain, { keys: img.keys }),
        img.encrypted,
        `${img.what}: encrypted`,
      );
      withPlain++;
    }
    assert.ok(checkPlainImage(plain, img.what) > 0, `${img.what}: no items`);
    // The generator's plain image is exactly what decryption recovered: encrypting it
    // must give the reference's encrypted bytes.
    assertBytesEqual(
      encryptPartition(plain, { keys: img.keys }),
      img.encrypted,
      `${img.what}: re-encrypted`,
    );
  }
  // dec-sample + enc-sample-keys, dec-own-key + enc-own-key at least.
  assert.ok(withPlain >= 4, `images with a known plain image: ${withPlain}`);
});

Deno.test("vectors: a wrong key does not give a well-formed image", () => {
  const { images } = encryptedImages();
  const img = images[0];
  const wrong = img.keys.slice();
  wrong[63] ^= 1; // the tweak key only
  const plain = decryptPartition(img.encrypted, { keys: wrong });
  assert.throws(() => checkPlainImage(plain, img.what));
});

/** Builds a plain image: random pages, entries in random states, empty entries 0xFF. */
const plainImage = fc.array(
  fc.record({
    erased: fc.boolean(),
    header: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    states: fc.array(fc.constantFrom(0b11, 0b10, 0b00, 0b01), {
      minLength: ENTRIES_PER_PAGE,
      maxLength: ENTRIES_PER_PAGE,
    }),
    seed: fc.integer({ min: 0, max: 0xffff }),
  }),
  { minLength: 1, maxLength: 4 },
).map((pages) => {
  const img = new Uint8Array(pages.length * PAGE_SIZE).fill(0xff);
  pages.forEach((p, n) => {
    const base = n * PAGE_SIZE;
    if (p.erased) return; // a page never written: all 0xFF
    img.set(p.header, base);
    if (p.header.every((b) => b === 0xff)) img[base] = 0xfe;
    p.states.forEach((s, i) => {
      setEntryState(img, base, i, s);
      if (s !== EntryState.EMPTY) {
        const at = base + entryOffset(i);
        for (let k = 0; k < ENTRY_SIZE; k++) img[at + k] = (p.seed * 31 + i * 7 + k * 13) & 0xff;
      }
    });
  });
  return img;
});

Deno.test("property: decryptPartition(encryptPartition(x)) == x; only non-empty entries change", () => {
  const keys = crypto.getRandomValues(new Uint8Array(64));
  fc.assert(
    fc.property(plainImage, (img) => {
      const enc = encryptPartition(img, { keys });
      assertBytesEqual(decryptPartition(enc, { keys }), img, "round trip");
      for (let base = 0; base < img.length; base += PAGE_SIZE) {
        assertBytesEqual(enc.subarray(base, base + 64), img.subarray(base, base + 64), "header");
        const headerErased = img.subarray(base, base + 32).every((b) => b === 0xff);
        for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
          const at = base + entryOffset(i);
          const e = enc.subarray(at, at + ENTRY_SIZE);
          const p = img.subarray(at, at + ENTRY_SIZE);
          if (headerErased || getEntryState(img, base, i) === EntryState.EMPTY) {
            assertBytesEqual(e, p, "untouched entry");
          } else {
            assertBytesDiffer(e, p, "encrypted entry");
          }
        }
      }
    }),
    { numRuns: 60 },
  );
});

Deno.test("property: encrypting in place gives encryptPartition's bytes, in the image given", () => {
  const keys = crypto.getRandomValues(new Uint8Array(64));
  const cipher = new PartitionCipher({ keys });
  fc.assert(
    fc.property(plainImage, (img) => {
      const expected = encryptPartition(img, { keys });
      const copy = img.slice();
      assertBytesEqual(cipher.encrypt(img), expected, "PartitionCipher.encrypt");
      assertBytesEqual(img, copy, "encrypt leaves its input alone");
      const a = img.slice();
      assert.equal(cipher.encryptInPlace(a), a, "the same array back");
      assertBytesEqual(a, expected, "PartitionCipher.encryptInPlace");
      const b = img.slice();
      assert.equal(encryptPartitionInPlace(b, keys), b, "the same array back");
      assertBytesEqual(b, expected, "encryptPartitionInPlace");
    }),
    { numRuns: 40 },
  );
  cipher.destroy();
});

Deno.test("a key per image (one reused key schedule): each image as with its own cipher", () => {
  const keys = [0, 1, 2].map(() => crypto.getRandomValues(new Uint8Array(64)));
  fc.assert(
    fc.property(
      plainImage,
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3 }),
      (img, order) => {
        const expected = keys.map((k) => {
          const c = new PartitionCipher({ keys: k });
          const e = c.encrypt(img);
          c.destroy();
          return e;
        });
        for (const i of order) {
          const enc = encryptPartitionInPlace(img.slice(), keys[i]);
          assertBytesEqual(enc, expected[i], `key ${i}, in place`);
          assertBytesEqual(decryptPartition(enc, { keys: keys[i] }), img, `key ${i}, decrypted`);
        }
      },
    ),
    { numRuns: 20 },
  );
});

Deno.test("encryptPartition: entry ciphertext is XTS with tweak = page*4096 + 64 + entry*32", () => {
  const keys = crypto.getRandomValues(new Uint8Array(64));
  const img = new Uint8Array(3 * PAGE_SIZE).fill(0xff);
  for (const page of [0, 2]) {
    const base = page * PAGE_SIZE;
    img.fill(0, base, base + 32); // a header that is not erased
    for (const i of [0, 1, 77, 125]) {
      setEntryState(img, base, i, EntryState.WRITTEN);
      img.fill(i + page, base + entryOffset(i), base + entryOffset(i) + ENTRY_SIZE);
    }
  }
  const enc = encryptPartition(img, { keys });
  for (const page of [0, 2]) {
    for (const i of [0, 1, 77, 125]) {
      const at = page * PAGE_SIZE + 64 + i * 32;
      const tweak = new Uint8Array(16);
      new DataView(tweak.buffer).setUint32(0, at, true);
      assertBytesEqual(
        enc.subarray(at, at + 32),
        xtsEncrypt(keys, tweak, img.subarray(at, at + 32)),
        `page ${page} entry ${i}`,
      );
    }
  }
  assertBytesEqual(enc.subarray(PAGE_SIZE, 2 * PAGE_SIZE), img.subarray(PAGE_SIZE, 2 * PAGE_SIZE));
  assertBytesEqual(img.slice(), img, "input not modified");
});

Deno.test("decryptPartition decrypts every non-0xFF entry whatever the bitmap says", () => {
  const keys = crypto.getRandomValues(new Uint8Array(64));
  const plain = new Uint8Array(PAGE_SIZE).fill(0xff);
  plain.fill(0, 0, 32);
  for (let i = 0; i < 10; i++) {
    setEntryState(plain, 0, i, EntryState.WRITTEN);
    plain.fill(i, entryOffset(i), entryOffset(i) + ENTRY_SIZE);
  }
  const enc = encryptPartition(plain, { keys });
  enc.fill(0xff, 32, 64); // bitmap lost: decryption does not need it
  const dec = decryptPartition(enc, { keys });
  assertBytesEqual(dec.subarray(64), plain.subarray(64));
  assertBytesEqual(dec.subarray(0, 32), plain.subarray(0, 32));
});

Deno.test("invalid sizes and keys are rejected with typed errors", () => {
  const keys = new Uint8Array(64).fill(1);
  for (const n of [0, 1, 4095, 4097, 8191]) {
    for (const f of [encryptPartition, decryptPartition]) {
      let caught: unknown;
      try {
        f(new Uint8Array(n), { keys });
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof NvsforgeError, `${n} bytes`);
      assert.equal(caught.code, "invalid-size");
      assert.match(caught.message, new RegExp(`${n} bytes`));
    }
  }
  for (const n of [0, 32, 63, 65]) {
    assert.throws(
      () => encryptPartition(new Uint8Array(PAGE_SIZE), { keys: new Uint8Array(n) }),
      (e: unknown) => e instanceof NvsforgeError && e.code === "invalid-key",
    );
  }
});

Deno.test("{ keys }: 64 bytes, their key partition and an HMAC key encrypt alike; other options are refused", () => {
  const hmacKey = new Uint8Array(32).fill(7);
  const keys = deriveKeysFromHmacKey(hmacKey);
  const plain = new Uint8Array(PAGE_SIZE).fill(0xff);
  plain.fill(0, 0, 32); // a page in use
  setEntryState(plain, 0, 0, EntryState.WRITTEN);
  plain.fill(5, entryOffset(0), entryOffset(0) + ENTRY_SIZE);
  const expected = encryptPartition(plain, { keys });
  assert.ok(!expected.subarray(64, 96).every((b) => b === 5), "entry 0 is encrypted");
  for (const form of [buildKeyPartition(keys), { hmacKey }]) {
    assertBytesEqual(encryptPartition(plain, { keys: form }), expected, "encrypted");
    assertBytesEqual(decryptPartition(expected, { keys: form }), plain, "decrypted");
    assertBytesEqual(new PartitionCipher({ keys: form }).encrypt(plain), expected, "cipher");
  }
  const refused = (f: () => unknown, code: string, option: string) =>
    assert.throws(
      f,
      (e: unknown) =>
        e instanceof NvsforgeError && e.code === code && e.location?.option === option,
    );
  // deno-lint-ignore no-explicit-any
  const loose = (o: unknown) => o as any;
  refused(() => encryptPartition(plain, loose({ keys, key: keys })), "unknown-option", "key");
  refused(() => decryptPartition(expected, loose({ keys64: keys })), "unknown-option", "keys64");
  refused(() => encryptPartition(plain, loose(keys)), "unknown-option", "keys");
  refused(() => new PartitionCipher(loose({ keys, tweak: 1 })), "unknown-option", "tweak");
  refused(() => decryptPartition(expected, loose({})), "invalid-key", "keys");
});

import assert from "node:assert/strict";
import { NvsforgeError } from "../../src/errors.ts";
import type { Warning } from "../../src/errors.ts";
import {
  buildKeyPartition,
  generateKeys,
  KEY_PARTITION_SIZE,
  parseKeyFile,
} from "../../src/crypto/key_partition.ts";
import { crc32 } from "../../src/format/crc32.ts";
import { assertBytesDiffer, assertBytesEqual } from "./_assert.ts";
import { caseFile, loadCases, optionValue } from "../../scripts/vector_cases.ts";

/** Asserts `fn` throws an NvsforgeError "invalid-key" whose message matches every pattern. */
function assertKeyError(fn: () => unknown, ...patterns: RegExp[]): NvsforgeError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof NvsforgeError, `expected an NvsforgeError, got ${caught}`);
  assert.equal(caught.code, "invalid-key");
  assert.equal(caught.message.includes("\n"), false, "one-line message");
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

Deno.test("buildKeyPartition: layout is keys, CRC32 (ESP-IDF seed, LE) at 64, then 0xFF", () => {
  const keys = Uint8Array.from({ length: 64 }, (_, i) => i * 3 + 1);
  const part = buildKeyPartition(keys);
  assert.equal(part.length, 4096);
  assertBytesEqual(part.subarray(0, 64), keys, "key bytes");
  const crc = new DataView(part.buffer).getUint32(64, true);
  assert.equal(crc, crc32(keys));
  assertBytesEqual(part.subarray(68), new Uint8Array(4096 - 68).fill(0xff), "0xFF fill");
});

Deno.test("round trip: generateKeys -> buildKeyPartition -> parseKeyFile", () => {
  const keys = generateKeys();
  assert.equal(keys.length, 64);
  assertBytesDiffer(keys, generateKeys(), "two generated keys");
  const warnings: Warning[] = [];
  const parsed = parseKeyFile(buildKeyPartition(keys), "keys.bin", (w) => warnings.push(w));
  assertBytesEqual(parsed, keys);
  assert.deepEqual(warnings, []);
});

Deno.test("vector key partitions: parse, and rebuilding gives the same bytes", () => {
  const seen = new Set<string>();
  for (const c of loadCases()) {
    const keyPath = optionValue(c, "--inputkey") ??
      (c.subcommand === "decrypt" ? c.args[1] : undefined);
    if (keyPath === undefined) continue;
    const file = caseFile(c, keyPath);
    assert.equal(file.length, KEY_PARTITION_SIZE, `${c.name}/${keyPath}`);
    const keys = parseKeyFile(file, keyPath);
    assertBytesEqual(buildKeyPartition(keys), file, `${c.name}/${keyPath}`);
    seen.add(c.name);
  }
  assert.ok(seen.size >= 6, `expected key files in at least 6 cases, found ${[...seen]}`);
});

Deno.test("wrong CRC: clear error with the file name, expected and found CRC", () => {
  const keys = generateKeys();
  const part = buildKeyPartition(keys);
  const good = crc32(keys);
  const badCrc = part.slice();
  badCrc[64] ^= 0x01;
  const found = new DataView(badCrc.buffer).getUint32(64, true);
  const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
  const e = assertKeyError(
    () => parseKeyFile(badCrc, "keys/nvs_keys.bin"),
    /CRC32 is wrong/,
    new RegExp(`expected ${hex(good)}`),
    new RegExp(`found ${hex(found)}`),
  );
  assert.deepEqual(e.location, { file: "keys/nvs_keys.bin" });
  assert.match(e.message, /^keys\/nvs_keys\.bin: /);
  // A corrupted key byte is caught the same way.
  const badKey = part.slice();
  badKey[10] ^= 0x80;
  assertKeyError(() => parseKeyFile(badKey, "k.bin"), /CRC32 is wrong/, /^k\.bin: /);
});

Deno.test("all-0xFF key partition: not initialised", () => {
  assertKeyError(
    () => parseKeyFile(new Uint8Array(4096).fill(0xff), "erased.bin"),
    /^erased\.bin: /,
    /not initialised/,
  );
  // Also when only the key bytes are erased, and for a bare 64-byte file.
  const part = new Uint8Array(4096).fill(0xff);
  part.fill(0, 64, 68);
  assertKeyError(() => parseKeyFile(part, "x.bin"), /not initialised/);
  assertKeyError(() => parseKeyFile(new Uint8Array(64).fill(0xff), "x.bin"), /not initialised/);
});

Deno.test("files shorter than 64 bytes are rejected", () => {
  for (const n of [0, 1, 32, 63]) {
    assertKeyError(
      () => parseKeyFile(new Uint8Array(n).fill(7), "short.bin"),
      /^short\.bin: /,
      new RegExp(`key file is ${n} bytes`),
      /4096/,
      /64 bytes/,
    );
  }
  // Without a file name the message still says what was expected.
  assertKeyError(() => parseKeyFile(new Uint8Array(10)), /^key file is 10 bytes/);
});

Deno.test("bare 64-byte key file: used as it is, no warning", () => {
  const keys = generateKeys();
  const warnings: Warning[] = [];
  const parsed = parseKeyFile(keys, "bare.bin", (w) => warnings.push(w));
  assertBytesEqual(parsed, keys);
  assert.equal(warnings.length, 0);
  parsed[0] ^= 1; // a copy, not a view of the input
  assertBytesDiffer(parsed, keys);
});

Deno.test("other sizes >= 64: first 64 bytes, as the reference reads them, with a warning", () => {
  for (const n of [65, 68, 100, 4095, 4097, 8192]) {
    const file = crypto.getRandomValues(new Uint8Array(n));
    const warnings: Warning[] = [];
    const parsed = parseKeyFile(file, "odd.bin", (w) => warnings.push(w));
    assertBytesEqual(parsed, file.subarray(0, 64), `${n} bytes`);
    assert.equal(warnings.length, 1, `${n} bytes: one warning`);
    assert.equal(warnings[0].code, "invalid-key");
    assert.deepEqual(warnings[0].location, { file: "odd.bin" });
    assert.match(warnings[0].message, new RegExp(`${n} bytes`));
    // And without a warning callback, it is still accepted.
    assertBytesEqual(parseKeyFile(file), file.subarray(0, 64));
  }
});

Deno.test("buildKeyPartition rejects key material that is not 64 bytes", () => {
  for (const n of [0, 32, 63, 65, 4096]) {
    assertKeyError(() => buildKeyPartition(new Uint8Array(n)), /64 bytes/);
  }
});

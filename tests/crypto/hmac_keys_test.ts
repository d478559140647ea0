import assert from "node:assert/strict";
import { NvsforgeError } from "../../src/errors.ts";
import { deriveKeysFromHmacKey, generateHmacKey } from "../../src/crypto/hmac_keys.ts";
import { buildKeyPartition } from "../../src/crypto/key_partition.ts";
import { assertBytesDiffer, assertBytesEqual } from "./_assert.ts";
import {
  caseFile,
  expectedFile,
  loadCases,
  optionValue,
  type VectorCase,
} from "../../scripts/vector_cases.ts";

/** The key partition a generate-key --key_protect_hmac case expects, from its HMAC key. */
function checkHmacCase(c: VectorCase): void {
  const hmacPath = optionValue(c, "--kp_hmac_inputkey");
  assert.ok(hmacPath, `${c.name}: no --kp_hmac_inputkey`);
  const outputs = Object.keys(c.outputs);
  assert.equal(outputs.length, 1, `${c.name}: one output`);
  const expected = expectedFile(c, outputs[0]);
  const keys = deriveKeysFromHmacKey(caseFile(c, hmacPath), hmacPath);
  assertBytesEqual(buildKeyPartition(keys), expected, `${c.name}: ${outputs[0]}`);
}

function hmacCases(): VectorCase[] {
  return loadCases().filter((c) =>
    c.subcommand === "generate-key" && c.expect === "ok" && c.args.includes("--key_protect_hmac")
  );
}

Deno.test("genkey-hmac-sample: derived key partition equals the reference's bytes", () => {
  const c = hmacCases().find((c) => c.name === "genkey-hmac-sample");
  assert.ok(c, "vector case genkey-hmac-sample is missing");
  checkHmacCase(c);
});

Deno.test("genkey-hmac-own: derived key partition equals the reference's bytes", () => {
  const c = hmacCases().find((c) => c.name === "genkey-hmac-own");
  assert.ok(c, "vector case genkey-hmac-own is missing");
  checkHmacCase(c);
});

Deno.test("every generate-key --key_protect_hmac vector case", () => {
  const cases = hmacCases();
  assert.ok(cases.length >= 2, `expected at least 2 HMAC cases, found ${cases.length}`);
  for (const c of cases) checkHmacCase(c);
});

Deno.test("the two halves use different seeds; the derivation is deterministic", () => {
  const k = generateHmacKey();
  const a = deriveKeysFromHmacKey(k);
  assert.equal(a.length, 64);
  assertBytesEqual(deriveKeysFromHmacKey(k.slice()), a);
  assertBytesDiffer(a.subarray(0, 32), a.subarray(32), "data key vs tweak key");
  assertBytesDiffer(deriveKeysFromHmacKey(generateHmacKey()), a, "another HMAC key");
});

Deno.test("HMAC key must be exactly 32 bytes", () => {
  for (const n of [0, 16, 31, 33, 64]) {
    let caught: unknown;
    try {
      deriveKeysFromHmacKey(new Uint8Array(n), "hmac_key.bin");
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof NvsforgeError, `${n} bytes: expected an NvsforgeError`);
    assert.equal(caught.code, "invalid-key");
    assert.deepEqual(caught.location, { file: "hmac_key.bin" });
    assert.match(caught.message, new RegExp(`^hmac_key\\.bin: HMAC key is ${n} bytes`));
    assert.match(caught.message, /exactly 32 bytes/);
  }
});

Deno.test("generateHmacKey: 32 random bytes", () => {
  const a = generateHmacKey();
  assert.equal(a.length, 32);
  assertBytesDiffer(a, generateHmacKey());
});

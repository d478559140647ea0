/**
 * Test helpers for tests/crypto: byte comparison with a useful message, hex
 * conversion (the vectors: scripts/vector_cases.ts).
 *
 * Uses `node:*` modules only (they work in Deno and Bun); this is test code, not
 * src/crypto, which must stay runtime-neutral.
 *
 * @module
 */

import { AssertionError } from "node:assert/strict";

/** Hex string (no separators) to bytes. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${s}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes to lower-case hex. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/**
 * Asserts two byte arrays are identical; on failure names the lengths or the first
 * differing offset and shows the bytes around it.
 */
export function assertBytesEqual(actual: Uint8Array, expected: Uint8Array, what = "bytes"): void {
  if (!(actual instanceof Uint8Array)) {
    throw new AssertionError({ message: `${what}: not a Uint8Array`, actual, expected });
  }
  if (actual.length !== expected.length) {
    throw new AssertionError({
      message: `${what}: length ${actual.length}, expected ${expected.length}`,
      actual: actual.length,
      expected: expected.length,
    });
  }
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      const from = i - (i % 16);
      throw new AssertionError({
        message: `${what}: first difference at offset ${i} (0x${i.toString(16)}): ` +
          `got ${toHex(actual.subarray(from, from + 32))}, ` +
          `expected ${toHex(expected.subarray(from, from + 32))} (from offset ${from})`,
        actual: actual[i],
        expected: expected[i],
      });
    }
  }
}

/** Asserts that two byte arrays differ somewhere. */
export function assertBytesDiffer(a: Uint8Array, b: Uint8Array, what = "bytes"): void {
  if (a.length === b.length && a.every((x, i) => x === b[i])) {
    throw new AssertionError({ message: `${what}: expected the bytes to differ` });
  }
}

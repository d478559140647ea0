/**
 * Assertions for the tests, over `node:assert/strict` (JSR's @std/assert is not
 * reachable from here; node:assert works on Deno and Bun).
 *
 * @module
 */

import assert from "node:assert/strict";

/** Deep equality. */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  assert.deepStrictEqual(actual, expected, message);
}

/** Truthiness. */
export function assert_(cond: unknown, message?: string): asserts cond {
  assert.ok(cond, message);
}
export { assert_ as assert };

/** Byte-for-byte equality, with the first differing offset in the message. */
export function assertBytes(actual: Uint8Array, expected: Uint8Array, message = ""): void {
  if (actual.length !== expected.length) {
    assert.fail(`${message} length ${actual.length} != ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      assert.fail(
        `${message} first difference at offset ${i} (0x${i.toString(16)}): ${actual[i]} != ${
          expected[i]
        }`,
      );
    }
  }
}

/** The function throws; returns what it threw (optionally checking its class and message). */
export function assertThrows(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  errorClass?: new (...args: any[]) => Error,
  includes?: string,
): Error {
  try {
    fn();
  } catch (e) {
    if (errorClass && !(e instanceof errorClass)) {
      assert.fail(`expected ${errorClass.name}, got ${(e as Error)?.constructor?.name}: ${e}`);
    }
    if (includes && !String((e as Error).message).includes(includes)) {
      assert.fail(`expected message to include "${includes}", got "${(e as Error).message}"`);
    }
    return e as Error;
  }
  assert.fail("expected the function to throw");
}

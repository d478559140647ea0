/**
 * Test helpers for tests/crypto: byte comparison with a useful message, hex
 * conversion, and access to the shared NVS compatibility vectors.
 *
 * Uses `node:*` modules only (they work in Deno and Bun); this is test code, not
 * src/crypto, which must stay runtime-neutral.
 *
 * @module
 */

import { AssertionError } from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

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

/** One vector case, as its case.json describes it (the fields these tests use). */
export interface VectorCase {
  /** Case (= folder) name. */
  name: string;
  /** "nvs_partition_gen" or "mfg_gen". */
  tool: string;
  /** generate, encrypt, decrypt or generate-key. */
  subcommand: string;
  /** Arguments after the subcommand. */
  args: string[];
  /** "ok" or "error". */
  expect: string;
  /** Output path (relative to the case folder) to sha256. */
  outputs: Record<string, string>;
  /** Absolute path of the case folder. */
  dir: string;
}

/**
 * The vectors folder: `$NVS_VECTORS`, else `../shared/nvs-vectors` beside the repository.
 * Throws (the calling test fails) when it is missing: these tests never skip.
 */
export function vectorsRoot(): string {
  const fromEnv = process.env.NVS_VECTORS;
  const root = fromEnv && fromEnv.length > 0
    ? fromEnv
    : fileURLToPath(new URL("../../../shared/nvs-vectors/", import.meta.url));
  if (!existsSync(root)) {
    throw new Error(
      `NVS vectors not found at ${root}: set NVS_VECTORS or check out shared/ beside the repo`,
    );
  }
  return root;
}

/** Every case of the vectors folder (throws when there is none). */
export function loadCases(): VectorCase[] {
  const root = vectorsRoot();
  const cases: VectorCase[] = [];
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, "case.json");
    if (!existsSync(file)) continue;
    const c = JSON.parse(readFileSync(file, "utf8")) as Omit<VectorCase, "dir">;
    cases.push({ ...c, dir: join(root, name) });
  }
  if (cases.length === 0) throw new Error(`no vector cases (case.json) under ${root}`);
  return cases;
}

/** Reads a file of a case: an input (relative to the case folder). */
export function readCaseFile(c: VectorCase, path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(c.dir, path)));
}

/** Reads the expected copy of an output of a case. */
export function readExpected(c: VectorCase, path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(c.dir, "expected", path)));
}

/** The value following option `name` in a case's arguments, if any. */
export function optionValue(c: VectorCase, name: string): string | undefined {
  const i = c.args.indexOf(name);
  return i >= 0 ? c.args[i + 1] : undefined;
}

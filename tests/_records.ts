/**
 * Record builders shared by the tests: `ns("cfg")`, `u8("level", 3)`, `str("ssid", "x")`,
 * `blob("cal", bytes)` or `blob("cal", 5000, 0x01)` (5000 bytes of 0x01).
 *
 * ```ts
 * import { blob, ns, u8 } from "./_records.ts";
 *
 * const records = [ns("n"), u8("a", 1), blob("b", 3, 0xee)];
 * const last = records[2];
 * if (last.kind !== "entry" || last.type !== "blob" || last.value[2] !== 0xee) throw new Error();
 * ```
 *
 * @module
 */

import type { NvsRecord } from "../src/format/items.ts";
import type { IntegerType } from "../src/format/layout.ts";

/** A namespace record. */
export const ns = (name: string): NvsRecord => ({ kind: "namespace", name });

/** An integer entry of any integer type. */
export const int = (type: IntegerType, key: string, value: number | bigint): NvsRecord =>
  ({ kind: "entry", key, type, value }) as NvsRecord;

/** A `u8` entry. */
export const u8 = (key: string, value: number): NvsRecord => int("u8", key, value);
/** An `i8` entry. */
export const i8 = (key: string, value: number): NvsRecord => int("i8", key, value);
/** A `u32` entry. */
export const u32 = (key: string, value: number): NvsRecord => int("u32", key, value);

/** A string entry. */
export const str = (key: string, value: string): NvsRecord => ({
  kind: "entry",
  key,
  type: "string",
  value,
});

/** A blob entry: the bytes given, or `size` bytes of `fill` (default 0xAB). */
export function blob(key: string, value: Uint8Array | number, fill = 0xab): NvsRecord {
  return {
    kind: "entry",
    key,
    type: "blob",
    value: typeof value === "number" ? new Uint8Array(value).fill(fill) : value,
  };
}

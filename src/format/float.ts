/**
 * Floating-point values as text: the shortest decimal that reads back to the same bits,
 * for float (IEEE-754 single precision, item type 0x24) and double (0x28) items, and the
 * raw bits as hex beside it. The reader, `inspect`, `verify` and the CSV writer show
 * float and double values through these functions, so every tool prints a value the same
 * way and nothing is lost in a round trip.
 *
 * Text forms: decimal as JavaScript writes numbers (`0.1`, `-0`, `1e-7`, `1.5e+300`);
 * infinities and NaN as `inf`, `-inf` and `nan` (what C's `printf` and Python's `float()`
 * understand; the bits tell NaNs apart).
 *
 * @module
 */

import type { FloatType } from "./layout.ts";

/** The most significant digits a single-precision value needs to read back exactly. */
const FLOAT32_MAX_DIGITS = 9;

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (Object.is(value, -0)) return "-0";
  return undefined;
}

/**
 * The shortest decimal text that reads back to the same value: for `double`, the
 * shortest round trip of the 64-bit value; for `float`, the fewest significant digits
 * whose nearest single-precision value is `value` again.
 *
 * @example
 * ```ts
 * import { formatFloat } from "@nvsforge/nvsforge/format";
 *
 * if (formatFloat(Math.fround(0.1), "float") !== "0.1") throw new Error("float 0.1");
 * if (formatFloat(0.1, "double") !== "0.1") throw new Error("double 0.1");
 * if (formatFloat(-0, "float") !== "-0") throw new Error("-0");
 * if (formatFloat(-Infinity, "double") !== "-inf") throw new Error("-inf");
 * ```
 *
 * @param value the value; for `float`, a single-precision value (as `Math.fround` gives).
 * @param type `float` or `double` (default).
 * @returns the text: decimal, `-0`, `inf`, `-inf` or `nan`.
 */
export function formatFloat(value: number, type: FloatType = "double"): string {
  const s = special(value);
  if (s !== undefined) return s;
  if (type === "double") return String(value);
  for (let digits = 1; digits < FLOAT32_MAX_DIGITS; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(Number(value.toPrecision(FLOAT32_MAX_DIGITS)));
}

/** A float or double value read from an item's data field, with its raw bits. */
export interface FloatValue {
  /** The value (a single-precision value widened to a number, for `float`). */
  value: number;
  /** The raw IEEE-754 bits as lower-case hex: 8 digits for `float`, 16 for `double`. */
  bits: string;
}

/**
 * Reads a float or double from the little-endian bytes at `offset`: its value and bits.
 *
 * @example
 * ```ts
 * import { formatFloat, readFloat } from "@nvsforge/nvsforge/format";
 *
 * const data = new Uint8Array([0x00, 0x00, 0xc0, 0x3f, 0xff, 0xff, 0xff, 0xff]);
 * const f = readFloat(new DataView(data.buffer), 0, "float");
 * if (f.value !== 1.5 || f.bits !== "3fc00000") throw new Error(`${f.value} ${f.bits}`);
 * if (formatFloat(f.value, "float") !== "1.5") throw new Error("text");
 * ```
 *
 * @param view a view over the bytes.
 * @param offset where the value's first (least significant) byte is.
 * @param type `float` (4 bytes) or `double` (8 bytes).
 * @returns the value and its bits.
 */
export function readFloat(view: DataView, offset: number, type: FloatType): FloatValue {
  if (type === "float") {
    return {
      value: view.getFloat32(offset, true),
      bits: view.getUint32(offset, true).toString(16).padStart(8, "0"),
    };
  }
  return {
    value: view.getFloat64(offset, true),
    bits: view.getBigUint64(offset, true).toString(16).padStart(16, "0"),
  };
}

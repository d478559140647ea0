/**
 * Value conversion per encoding, with the reference's parsing rules: Python's `int()`
 * for integers, `binascii.a2b_hex` after `strip()` for hex2bin, the non-strict
 * `binascii.a2b_base64` for base64, and the `blob_fill(N;0xPP)` /
 * `blob_sz_fill(N;0xPP)` encodings.
 *
 * Each function returns either a value or a problem description; the caller attaches
 * the location.
 *
 * @module
 */

import { quote } from "../errors.ts";

/** A conversion result: the value, or why it failed. */
export type Converted<T> = { ok: true; value: T; note?: string } | { ok: false; error: string };

const PY_INT = /^([+-]?)([0-9](?:_?[0-9])*)$/;

/**
 * Parses an integer as Python's `int(text)` (base 10) does: surrounding whitespace,
 * a sign, leading zeros and `_` between digits are accepted.
 */
export function parseInteger(text: string): Converted<bigint> {
  const s = text.trim();
  const plain = plainInteger(s);
  if (plain !== undefined) return { ok: true, value: plain, note: undefined };
  const m = PY_INT.exec(s);
  if (!m) {
    const hint = /^[+-]?0[xob]/i.test(s)
      ? " (hex, octal and binary literals are not accepted: write the number in decimal)"
      : "";
    return { ok: false, error: `${quote(text)} is not an integer${hint}` };
  }
  const v = BigInt(m[2].replaceAll("_", ""));
  const digits = m[2].replaceAll("_", "");
  const note = digits.length > 1 && digits.startsWith("0")
    ? `${quote(text)} has leading zeros: it is read as the decimal ${
      m[1] === "-" ? "-" : ""
    }${v}, not as octal`
    : undefined;
  return { ok: true, value: m[1] === "-" ? -v : v, note };
}

/**
 * The common integer, without a regular expression: an optional sign and at most 15
 * decimal digits, no `_`, no leading zero (those take {@linkcode parseInteger}'s full
 * path, which notes leading zeros). Undefined for anything else.
 */
function plainInteger(s: string): bigint | undefined {
  const first = s.charCodeAt(0);
  const start = first === 0x2d || first === 0x2b ? 1 : 0; // - or +
  const digits = s.length - start;
  if (digits < 1 || digits > 15) return undefined;
  if (digits > 1 && s.charCodeAt(start) === 0x30) return undefined;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return BigInt(Number(s));
}

const DIGITS = "[0-9](?:_?[0-9])*";
/** Python's `float()` syntax after `strip()`: decimal, exponent, `_` between digits. */
const PY_FLOAT = new RegExp(
  `^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`,
);
const PY_FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * Parses a `float` or `double` value as Python's `float(text)` reads it: surrounding
 * whitespace, a sign, `_` between digits, an exponent, `inf`/`infinity` in any case.
 * A `float` is rounded to the nearest single-precision value (as `Math.fround` rounds
 * the double). Refused: NaN (ESP-IDF's library refuses it), a finite value that
 * overflows its type, any other text.
 *
 * @example
 * ```ts
 * import { parseFloatValue } from "./values.ts";
 *
 * const r = parseFloatValue(" 2.5E+3 ", "float");
 * if (!r.ok || r.value !== 2500) throw new Error("2.5E+3");
 * const tenth = parseFloatValue("0.1", "float");
 * if (!tenth.ok || tenth.value !== Math.fround(0.1)) throw new Error("rounding");
 * if (parseFloatValue("1e39", "float").ok) throw new Error("overflow accepted");
 * if (!parseFloatValue("1e39", "double").ok) throw new Error("a double holds 1e39");
 * if (parseFloatValue("nan", "double").ok) throw new Error("NaN accepted");
 * ```
 *
 * @param text the value as the CSV gives it.
 * @param type `float` or `double`.
 * @returns the value (for `float`, already rounded to single precision), or the problem.
 */
export function parseFloatValue(text: string, type: "float" | "double"): Converted<number> {
  const s = pyStrip(text);
  const special = PY_FLOAT_SPECIAL.exec(s);
  if (special) {
    if (special[2].toLowerCase() === "nan") {
      return {
        ok: false,
        error: `${type} value ${
          quote(text)
        } is NaN, which ESP-IDF's NVS library refuses (ESP_ERR_INVALID_ARG)`,
      };
    }
    return { ok: true, value: special[1] === "-" ? -Infinity : Infinity };
  }
  if (!PY_FLOAT.test(s)) {
    return {
      ok: false,
      error: `${
        quote(text)
      } is not a ${type} value: expected a decimal number such as 1.5, -0.25, 2.5e-3, inf or -inf`,
    };
  }
  const wide = Number(s.replaceAll("_", ""));
  const value = type === "float" ? Math.fround(wide) : wide;
  if (!Number.isFinite(value)) {
    return {
      ok: false,
      error: `${type} value ${quote(text)} is too large: it overflows to infinity in a ${type}${
        type === "float" ? " (use double, or write inf)" : " (write inf for infinity)"
      }`,
    };
  }
  const note = value === 0 && wide !== 0 || wide === 0 && /[1-9]/.test(s.split(/[eE]/)[0])
    ? `${type} value ${quote(text)} is too small for a ${type}: it is stored as ${
      Object.is(value, -0) ? "-0" : "0"
    }`
    : undefined;
  return { ok: true, value, note };
}

const HEX_DIGITS = /^[0-9a-fA-F]*$/;
// Python's whitespace also includes the separators U+001C..U+001F and U+0085.
const PY_SPACE = "[\\s\u001c-\u001f\u0085]";
const PY_WHITESPACE = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, "g");

/** Whether a UTF-16 code unit may be Python whitespace (a cheap first test). */
function maybeSpace(c: number): boolean {
  return c <= 0x20 || c === 0x85 || c === 0xa0 || c >= 0x1680;
}

/** Python's `str.strip()`. */
export function pyStrip(s: string): string {
  // Most values have nothing to strip: no regular expression for them.
  if (s.length === 0 || !maybeSpace(s.charCodeAt(0)) && !maybeSpace(s.charCodeAt(s.length - 1))) {
    return s;
  }
  return s.replace(PY_WHITESPACE, "");
}

/** The value of a hex digit's character code, or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20; // lower case
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Decodes hex2bin text: surrounding whitespace stripped, an even number of hex digits. */
export function decodeHex(text: string): Converted<Uint8Array> {
  const s = pyStrip(text);
  if (s.length % 2 !== 0) {
    return { ok: false, error: `hex2bin value has an odd number of digits (${s.length})` };
  }
  if (!HEX_DIGITS.test(s)) {
    const bad = [...s].find((c) => !/[0-9a-fA-F]/.test(c))!;
    return { ok: false, error: `hex2bin value contains ${quote(bad)}, which is not a hex digit` };
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = hexDigit(s.charCodeAt(2 * i)) << 4 | hexDigit(s.charCodeAt(2 * i + 1));
  }
  return { ok: true, value: out };
}

/** The note of a base64 value whose only skipped characters are whitespace. */
export const WHITESPACE_NOTE = "whitespace inside the value is ignored";

const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_TABLE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[B64_ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/**
 * Decodes base64 exactly as Python's non-strict `binascii.a2b_base64`: characters
 * outside the alphabet are skipped, decoding stops at a complete padding sequence.
 * The note says what was skipped, so the caller can warn.
 */
export function decodeBase64(text: string): Converted<Uint8Array> {
  // Python converts the text to ASCII bytes first: any other character is an error.
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  const nonAscii = ascii ? null : /[^\p{ASCII}]/u.exec(text);
  if (nonAscii) {
    return {
      ok: false,
      error: `base64 value contains ${quote(nonAscii[0])}: only ASCII characters are allowed`,
    };
  }
  const out = new Uint8Array(Math.floor(text.length * 3 / 4) + 3);
  let n = 0;
  let quad = 0;
  let left = 0;
  let pads = 0;
  let skipped = "";
  let ignoredTail = false;
  let done = false; // a complete padding sequence ends decoding
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 61 /* = */) {
      if (quad >= 2 && quad + ++pads >= 4) {
        ignoredTail = /\S/.test(text.slice(i + 1)); // trailing whitespace is not worth a note
        done = true;
        break;
      }
      continue;
    }
    const v = B64_TABLE[code];
    if (v < 0) {
      skipped += text[i];
      continue;
    }
    pads = 0;
    switch (quad) {
      case 0:
        quad = 1;
        left = v;
        break;
      case 1:
        quad = 2;
        out[n++] = (left << 2) | (v >> 4);
        left = v & 0x0f;
        break;
      case 2:
        quad = 3;
        out[n++] = ((left << 4) | (v >> 2)) & 0xff;
        left = v & 0x03;
        break;
      case 3:
        quad = 0;
        out[n++] = ((left << 6) | v) & 0xff;
        left = 0;
        break;
    }
  }
  if (!done && quad === 1) {
    return {
      ok: false,
      error:
        "base64 value is invalid: its number of data characters is 1 more than a multiple of 4",
    };
  }
  if (!done && quad !== 0) {
    return { ok: false, error: "base64 value has incorrect padding" };
  }
  const notes: string[] = [];
  const visible = skipped.replace(/[\s]/g, "");
  if (visible) notes.push(`characters outside the base64 alphabet are ignored: ${quote(visible)}`);
  else if (skipped) notes.push(WHITESPACE_NOTE);
  if (ignoredTail) notes.push("everything after the padding is ignored");
  return { ok: true, value: out.slice(0, n), note: notes.length ? notes.join("; ") : undefined };
}

/** A parsed `blob_fill(N;0xPP)` or `blob_sz_fill(N;0xPP)` encoding. */
export interface FillEncoding {
  /** `blob_fill` pads the value; `blob_sz_fill` also prefixes its u32 length. */
  kind: "blob_fill" | "blob_sz_fill";
  /** Length the value is padded to. */
  length: number;
  /** Padding byte. */
  pad: number;
}

// As the reference's re.match: anchored at the start only.
const FILL = /^(blob_fill|blob_sz_fill)\((\d+);(0x[0-9a-f]{2})\)/;

/** Whether an encoding (lower case) is one of the fill encodings, well-formed or not. */
export function isFillEncoding(encoding: string): boolean {
  return encoding.startsWith("blob_fill") || encoding.startsWith("blob_sz_fill");
}

/** Parses a fill encoding (lower case). */
export function parseFillEncoding(encoding: string): Converted<FillEncoding> {
  const m = FILL.exec(encoding);
  if (!m) {
    return {
      ok: false,
      error: `encoding ${
        quote(encoding)
      } is malformed: expected blob_fill(N;0xPP) or blob_sz_fill(N;0xPP)`,
    };
  }
  return {
    ok: true,
    value: { kind: m[1] as FillEncoding["kind"], length: Number(m[2]), pad: parseInt(m[3], 16) },
  };
}

/** Applies a fill encoding to a value's bytes. */
export function applyFill(fill: FillEncoding, bytes: Uint8Array): Converted<Uint8Array> {
  if (bytes.length > fill.length) {
    return {
      ok: false,
      error: `value is ${bytes.length} bytes, longer than the ${fill.length} bytes of ${fill.kind}`,
    };
  }
  const prefix = fill.kind === "blob_sz_fill" ? 4 : 0;
  const out = new Uint8Array(prefix + fill.length).fill(fill.pad);
  if (prefix) new DataView(out.buffer).setUint32(0, bytes.length, true);
  out.set(bytes, prefix);
  return { ok: true, value: out };
}

/**
 * The generator CSV's encodings, and one value (text from the CSV, or bytes of a `file`
 * row) converted for its encoding.
 *
 * @module
 */

import { type ErrorCode, quote } from "../errors.ts";
import type { EntryRecord } from "../format/items.ts";
import { INTEGER_TYPES } from "../format/layout.ts";
import type { IntegerType } from "../format/layout.ts";
import {
  applyFill,
  decodeBase64,
  decodeHex,
  isFillEncoding,
  parseFillEncoding,
  parseFloatValue,
  parseInteger,
} from "./values.ts";
import type { Converted } from "./values.ts";
import { WHITESPACE_NOTE } from "./values.ts";

/** Encodings of the generator CSV (besides `blob_fill(…)` and `blob_sz_fill(…)`). */
export const ENCODINGS = [
  ...Object.keys(INTEGER_TYPES),
  "string",
  "hex2bin",
  "base64",
  "binary",
] as const;

/**
 * nvsforge's own encodings: ESP-IDF's `float` and `double` items, which
 * nvs_partition_gen 0.2.0 and mfg_gen reject ("Unsupported encoding"). Accepted only when
 * asked for (`--float`, or the `float` option), so that a CSV the reference refuses is
 * still refused by default.
 */
export const FLOAT_ENCODINGS = ["float", "double"] as const;

/** Whether an encoding (lower case) is `float` or `double`. */
export function isFloatEncoding(encoding: string): encoding is "float" | "double" {
  return encoding === "float" || encoding === "double";
}

/** The error for a float encoding used without `--float`. */
export function floatNotEnabled(encoding: string): string {
  return `encoding ${
    quote(encoding)
  } is nvsforge's own (nvs_partition_gen 0.2.0 rejects it as an unsupported encoding): add --float (library: option float) to write float and double items`;
}

/** A row's value: text from the CSV, or bytes from a `file` row. */
export type RawValue = { text: string } | { bytes: Uint8Array };

/** A file's text as the reference decodes it (UTF-8, a leading U+FEFF kept). */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
/** Bytes as a string of code points 0..255 (Python's view of bytes as ASCII text). */
function latin1(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
const ASCII_WS = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

function asText(raw: RawValue): string {
  return "text" in raw ? raw.text : latin1(raw.bytes);
}

function asBytes(raw: RawValue): Uint8Array {
  return "text" in raw ? encoder.encode(raw.text) : raw.bytes;
}

/** Converts one value for its encoding (already lower-cased). */
export function convertValue(
  encoding: string,
  raw: RawValue,
): Converted<Omit<EntryRecord, "key" | "kind" | "source">> {
  if (encoding in INTEGER_TYPES) {
    const text = "text" in raw ? raw.text : latin1(raw.bytes);
    const r = parseInteger(text);
    return r.ok
      ? { ok: true, value: { type: encoding as IntegerType, value: r.value }, note: r.note }
      : r;
  }
  switch (encoding) {
    case "float":
    case "double": {
      const r = parseFloatValue(asText(raw), encoding);
      return r.ok ? { ok: true, value: { type: encoding, value: r.value }, note: r.note } : r;
    }
    case "string":
      if ("text" in raw) return { ok: true, value: { type: "string", value: raw.text } };
      try {
        return { ok: true, value: { type: "string", value: utf8.decode(raw.bytes) } };
      } catch {
        return { ok: false, error: "the file is not valid UTF-8 text, as a string value must be" };
      }
    case "binary":
      return { ok: true, value: { type: "blob", value: asBytes(raw) } };
    case "hex2bin": {
      const text = "text" in raw ? raw.text : latin1(raw.bytes).replace(ASCII_WS, "");
      const r = decodeHex(text);
      return r.ok ? { ok: true, value: { type: "blob", value: r.value } } : r;
    }
    case "base64": {
      // Bytes from a file may hold non-ASCII bytes: Python skips them like other junk.
      const text = "text" in raw ? raw.text : asText(raw).replace(/[\x80-\xff]/g, "*");
      const r = decodeBase64(text);
      // Line breaks are normal in a base64 file (wrapped lines): not worth a warning there.
      const note = "bytes" in raw && r.ok && r.note === WHITESPACE_NOTE
        ? undefined
        : r.ok
        ? r.note
        : undefined;
      return r.ok ? { ok: true, value: { type: "blob", value: r.value }, note } : r;
    }
  }
  if (isFillEncoding(encoding)) {
    const fill = parseFillEncoding(encoding);
    if (!fill.ok) return fill;
    const r = applyFill(fill.value, asBytes(raw));
    return r.ok ? { ok: true, value: { type: "blob", value: r.value } } : r;
  }
  return {
    ok: false,
    error: `unknown encoding ${quote(encoding)}: expected one of ${
      ENCODINGS.join(", ")
    }, blob_fill(N;0xPP), blob_sz_fill(N;0xPP) (with --float also float, double)`,
  };
}

/** The error code for a value that does not convert (`error`: the conversion's message). */
export function codeFor(encoding: string, error: string): ErrorCode {
  if (error.startsWith("unknown encoding") || error.includes("is malformed")) {
    return "unknown-encoding" as const;
  }
  if (encoding in INTEGER_TYPES) return "invalid-integer" as const;
  if (isFloatEncoding(encoding)) return "invalid-float" as const;
  if (encoding === "hex2bin") return "invalid-hex" as const;
  if (encoding === "base64") return "invalid-base64" as const;
  if (encoding === "string") return "invalid-utf8" as const;
  return "invalid-fill" as const;
}

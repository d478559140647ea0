/**
 * The format's limits, checked on records before they are laid out: keys of 1..15
 * bytes, integers in range, string and blob sizes, float values, at most 254
 * namespaces, no entry before the first namespace. Every problem is recorded, none
 * thrown.
 *
 * @module
 */

import { Diagnostics, quote } from "../errors.ts";
import type { ErrorCode, SourceLocation } from "../errors.ts";
import type { EntryRecord, FormatVersion, NvsRecord } from "./items.ts";
import { INTEGER_TYPES, LIMITS } from "./layout.ts";

const encoder = new TextEncoder();
/**
 * Where strings are encoded on their way into a page (`encodeInto` a buffer kept for
 * the purpose costs a tenth of `encode`): big enough for any string NVS can hold.
 */
const scratch = new Uint8Array(3 * LIMITS.stringMaxBytes + 8);

/** Byte length of a string in UTF-8. */
export function utf8Length(s: string): number {
  if (s.length > 16 && 3 * s.length <= scratch.length) {
    return encoder.encodeInto(s, scratch).written;
  }
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Checks every record against the format's limits, recording each problem: keys of
 * 1..15 bytes, integers in range, string and blob sizes, at most 254 namespaces, no
 * entry before the first namespace.
 */
export function validateRecords(
  records: readonly NvsRecord[],
  version: FormatVersion,
  diagnostics: Diagnostics,
): void {
  const namespaces = new Set<string>();
  let reportedNoNamespace = false;
  for (const r of records) {
    const where: SourceLocation = r.source ?? {};
    if (r.kind === "namespace") {
      checkKey(r.name, "namespace name", where, diagnostics);
      if (!namespaces.has(r.name)) {
        namespaces.add(r.name);
        if (namespaces.size === LIMITS.namespaceMax + 1) {
          diagnostics.error(
            "too-many-namespaces",
            `namespace ${
              quote(r.name)
            } is namespace number ${namespaces.size}: an NVS partition holds at most ${LIMITS.namespaceMax} namespaces`,
            { ...where, key: r.name },
          );
        }
      }
      continue;
    }
    checkKey(r.key, "key", where, diagnostics);
    if (namespaces.size === 0 && !reportedNoNamespace) {
      reportedNoNamespace = true;
      diagnostics.error(
        "no-namespace",
        "data row before the first namespace row: add a row `<name>,namespace,,` above it (ESP-IDF cannot find entries that belong to no namespace)",
        { ...where, key: r.key },
      );
    }
    const problem = valueProblem(r, version);
    if (problem) {
      // A record read from a CSV: its value is in the CSV's value column.
      diagnostics.error(
        problem[0],
        problem[1],
        where.file !== undefined
          ? { ...where, key: r.key, column: "value" }
          : { ...where, key: r.key },
      );
    }
  }
}

function checkKey(key: string, what: string, where: SourceLocation, d: Diagnostics): void {
  const n = utf8Length(key);
  if (n > LIMITS.keyMaxBytes) {
    d.error(
      "key-too-long",
      `${what} is ${n} bytes long: NVS keys are at most ${LIMITS.keyMaxBytes} bytes`,
      where.file !== undefined ? { ...where, column: "key", key } : { ...where, key },
    );
  }
}

/**
 * The problem of a record's value (its code and message), or undefined. The caller makes
 * the problem's location only when there is one: most records have none, and a batch
 * checks a dozen per device.
 */
function valueProblem(r: EntryRecord, version: FormatVersion): [ErrorCode, string] | undefined {
  if (r.type === "string") {
    const n = utf8Length(r.value) + 1;
    const max = version === 1 ? LIMITS.v1VarlenMaxBytes : LIMITS.stringMaxBytes;
    if (n > max) {
      return [
        "value-too-long",
        `string is ${n} bytes with its NUL terminator: the limit is ${max} bytes${
          version === 1 ? " in version 1" : ""
        }`,
      ];
    }
  } else if (r.type === "blob") {
    if (version === 1 && r.value.length > LIMITS.v1VarlenMaxBytes) {
      return [
        "value-too-long",
        `blob is ${r.value.length} bytes: version 1 blobs are at most ${LIMITS.v1VarlenMaxBytes} bytes (format version 2 splits blobs over pages)`,
      ];
    }
  } else if (r.type === "float" || r.type === "double") {
    const problem = floatProblem(r.type, r.value);
    if (problem) return ["invalid-float", problem];
  } else {
    const t = INTEGER_TYPES[r.type];
    if (t === undefined) return ["unknown-encoding", `unknown type ${quote(String(r.type))}`];
    // A safe integer compares with the bigint bounds as it is (no bigint made).
    const value = r.value as unknown;
    let v: bigint | number;
    if (typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value))) {
      v = value;
    } else {
      try {
        v = BigInt(r.value);
      } catch {
        return ["invalid-integer", `${r.type} value ${quote(String(r.value))} is not an integer`];
      }
    }
    if (v < t.min || v > t.max) {
      return [
        "integer-out-of-range",
        `${r.type} value ${v} is out of range (expected ${t.min}..${t.max})`,
      ];
    }
  }
  return undefined;
}

/**
 * Why a value cannot be stored as a `float` or `double` item, or undefined when it can:
 * NaN (ESP-IDF's `nvs_set_float` and `nvs_set_double` return `ESP_ERR_INVALID_ARG`), a
 * finite value that becomes infinite in its type, anything that is not a number.
 */
export function floatProblem(type: "float" | "double", value: unknown): string | undefined {
  if (typeof value !== "number") {
    return `${type} value ${quote(String(value))} is not a number`;
  }
  if (Number.isNaN(value)) {
    return `${type} value is NaN, which ESP-IDF's NVS library refuses (ESP_ERR_INVALID_ARG)`;
  }
  if (type === "float" && Number.isFinite(value) && !Number.isFinite(Math.fround(value))) {
    return `float value ${value} is too large for a float (at most ±3.4028234663852886e+38): use double`;
  }
  return undefined;
}

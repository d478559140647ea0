/**
 * Records given to the library by a program (not read from a CSV or an image): checked
 * for their shape, turned into the writer's records, and warned about as the CSV path
 * warns about the same rows (an empty key, a key written again).
 *
 * @module
 */

import type { Diagnostics, SourceLocation } from "../errors.ts";
import type { NvsRecord } from "../format/items.ts";
import { INTEGER_TYPES } from "../format/layout.ts";
import type { FloatType, IntegerType } from "../format/layout.ts";
import { KeyHistory, warnEmptyKey } from "../csv/key_history.ts";

/**
 * A record as a program may write it: the shape of {@linkcode NvsRecord}, with plain
 * `string` accepted for `kind` and `type` so that a literal assigned to a variable needs
 * no `as const`, and a blob's bytes accepted as an array of numbers. Everything is
 * checked when the document is made: a wrong shape is an error with code
 * `invalid-record` (or `unknown-type`) naming the record's index.
 *
 * @example
 * ```ts
 * import { NvsDocument, type NvsRecordInput } from "@nvsforge/nvsforge";
 *
 * const records: NvsRecordInput[] = [
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 *   { kind: "entry", key: "mac", type: "blob", value: [0xa4, 0xcf, 0x12, 0x00, 0x00, 0x01] },
 * ];
 * const [, , mac] = new NvsDocument(records).records;
 * if (mac.kind !== "entry" || !(mac.value instanceof Uint8Array)) throw new Error("not bytes");
 * ```
 */
export interface NvsRecordInput {
  /** `"namespace"` or `"entry"`. */
  readonly kind: "namespace" | "entry" | (string & Record<never, never>);
  /** A namespace's name. */
  readonly name?: string;
  /** An entry's key. */
  readonly key?: string;
  /** An entry's type: `u8` … `i64`, `float`, `double`, `string` or `blob`. */
  readonly type?: IntegerType | FloatType | "string" | "blob" | (string & Record<never, never>);
  /** An entry's value: a number or bigint (integers), a number (floats), a string, or bytes (blob). */
  readonly value?: number | bigint | string | Uint8Array | readonly number[];
  /** Where the record came from, for messages. */
  readonly source?: SourceLocation;
}

const TYPES = [...Object.keys(INTEGER_TYPES), "float", "double", "string", "blob"];

/** What a program probably meant by a type name that is not one (`uint8` → `u8`). */
function nearType(type: string): string {
  const m = /^(u?)int(8|16|32|64)(_t)?$/i.exec(type.trim());
  if (m) return ` (did you mean "${m[1] ? "u" : "i"}${m[2]}"?)`;
  const lower = type.trim().toLowerCase();
  if (lower === "str" || lower === "text") return ' (did you mean "string"?)';
  if (lower === "bytes" || lower === "binary" || lower === "data") return ' (did you mean "blob"?)';
  return TYPES.includes(lower) && lower !== type ? ` (did you mean "${lower}"?)` : "";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "bytes";
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`;
}

/** A blob's bytes from a Uint8Array, an ArrayBuffer or an array of numbers 0..255. */
function blobBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (
    Array.isArray(value) &&
    value.every((b) => typeof b === "number" && Number.isInteger(b) && b >= 0 && b <= 255)
  ) {
    return Uint8Array.from(value as number[]);
  }
  return undefined;
}

/**
 * Checks and converts records given by a program, in order. Every problem is recorded
 * in `d` with the record's index (`records[i]`); records with errors are left out.
 *
 * @param input the records.
 * @param d where errors and warnings go.
 * @returns the writer's records.
 */
export function recordsFromInput(input: Iterable<NvsRecordInput>, d: Diagnostics): NvsRecord[] {
  const out: NvsRecord[] = [];
  const history = new KeyHistory();
  let namespace: string | undefined;
  let i = -1;
  for (const r of input) {
    i++;
    const source: SourceLocation = (r as NvsRecordInput | null)?.source ?? { record: i };
    if (typeof r !== "object" || r === null) {
      d.error("invalid-record", `a record must be an object, got ${describe(r)}`, source);
      continue;
    }
    if (r.kind === "namespace") {
      if (typeof r.name !== "string") {
        d.error(
          "invalid-record",
          `a namespace record needs a name (a string), got ${describe(r.name)}`,
          source,
        );
        continue;
      }
      if (r.name === "") warnEmptyKey(source, d);
      namespace = r.name;
      out.push({ kind: "namespace", name: r.name, source });
      continue;
    }
    if (r.kind !== "entry") {
      d.error(
        "invalid-record",
        `kind ${JSON.stringify(r.kind)} is neither "namespace" nor "entry"`,
        source,
      );
      continue;
    }
    if (typeof r.key !== "string") {
      d.error("invalid-record", `an entry needs a key (a string), got ${describe(r.key)}`, source);
      continue;
    }
    const at: SourceLocation = { ...source, key: r.key };
    const type = r.type;
    const value: unknown = r.value;
    let record: NvsRecord | undefined;
    if (type === "string") {
      if (typeof value === "string") {
        record = { kind: "entry", key: r.key, type: "string", value, source };
      } else {d.error(
          "invalid-record",
          `a string entry's value must be a string, got ${describe(value)}`,
          at,
        );}
    } else if (type === "blob") {
      const bytes = blobBytes(value);
      if (bytes) record = { kind: "entry", key: r.key, type: "blob", value: bytes, source };
      else {
        d.error(
          "invalid-record",
          `a blob entry's value must be bytes (a Uint8Array, or an array of numbers 0..255), got ${
            describe(value)
          }`,
          at,
        );
      }
    } else if (type === "float" || type === "double") {
      if (typeof value === "number") {
        record = { kind: "entry", key: r.key, type: type as FloatType, value, source };
      } else {
        d.error(
          "invalid-record",
          `a ${type} entry's value must be a number, got ${describe(value)}`,
          at,
        );
      }
    } else if (typeof type === "string" && type in INTEGER_TYPES) {
      if (typeof value === "number" || typeof value === "bigint") {
        record = { kind: "entry", key: r.key, type: type as IntegerType, value, source };
      } else {
        d.error(
          "invalid-integer",
          `a ${type} entry's value must be a number or a bigint, got ${describe(value)}`,
          at,
        );
      }
    } else {
      d.error(
        "unknown-type",
        `unknown type ${JSON.stringify(type)}${nearType(String(type))}: expected one of ${
          TYPES.join(", ")
        }`,
        at,
      );
    }
    if (r.key === "") warnEmptyKey(source, d);
    if (!record) continue;
    if (namespace !== undefined) history.see(namespace, r.key, at, d);
    out.push(record);
  }
  return out;
}

/**
 * Generator CSV rows → NVS records: the row types (`namespace`, `data`, `file`), value
 * conversion per encoding, the Wi-Fi entries the reference adds, and the warnings for
 * input that is accepted but probably a mistake.
 *
 * @module
 */

import { describeSystemError, formatLocation, quote, quotePath } from "../errors.ts";
import type { Diagnostics, SourceLocation } from "../errors.ts";
import type { EntryRecord, NvsRecord } from "../format/items.ts";
import { INTEGER_TYPES } from "../format/layout.ts";
import type { IntegerType } from "../format/layout.ts";
import type { NvsCsvRow } from "./nvs_csv.ts";
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
import { AP_KEYS, ApState, STA_TRIGGER_KEYS, stationExtras } from "./wifi.ts";

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

/**
 * Reads the file a `file`-type row names, synchronously: returns its bytes, throws (any
 * error) when it cannot be read. The path is the row's value column, as written.
 *
 * @example
 * ```ts
 * import { csvToRecords, type ReadFileSync } from "@nvsforge/nvsforge/csv";
 *
 * const files: Record<string, Uint8Array> = { "mac.bin": new Uint8Array([0xa4, 0xcf]) };
 * const readFile: ReadFileSync = (path) => {
 *   const bytes = files[path];
 *   if (!bytes) throw new Error(`no file ${path}`);
 *   return bytes;
 * };
 * const text = "key,type,encoding,value\nn,namespace,,\nmac,file,binary,mac.bin\n";
 * const { records, diagnostics } = csvToRecords([{ name: "nvs.csv", text }], { readFile });
 * const mac = records[1];
 * if (diagnostics.errors.length !== 0 || mac.kind !== "entry" || mac.type !== "blob") {
 *   throw new Error("mac not read");
 * }
 * const missing = "key,type,encoding,value\nn,namespace,,\nx,file,binary,nope.bin\n";
 * const failed = csvToRecords([{ name: "nvs.csv", text: missing }], { readFile });
 * if (failed.diagnostics.errors[0]?.code !== "file-unreadable") throw new Error("no error");
 * ```
 */
export type ReadFileSync = (path: string) => Uint8Array;

/**
 * The former name of {@linkcode ReadFileSync}, for the batch modules until they move.
 *
 * @deprecated use {@linkcode ReadFileSync} (or `ReadFile`, which may be async).
 */
export type FileReader = ReadFileSync;

/**
 * Reads the file a `file`-type row names: returns its bytes, or a promise of them (so a
 * browser `File` can be read with `file.bytes()`); throws or rejects (any error) when
 * it cannot be read. Each path is read once, however many rows name it.
 *
 * @example
 * ```ts
 * import { NvsDocument, type ReadFile } from "@nvsforge/nvsforge";
 *
 * const files = new Map([["cal.bin", new Blob([new Uint8Array([1, 2, 3])])]]);
 * let reads = 0;
 * const readFile: ReadFile = async (path) => {
 *   reads++;
 *   const file = files.get(path);
 *   if (!file) throw new Error(`no file ${path}`);
 *   return new Uint8Array(await file.arrayBuffer());
 * };
 * const csv = "key,type,encoding,value\ncal,namespace,,\na,file,binary,cal.bin\nb,file,binary,cal.bin\n";
 * const doc = await NvsDocument.fromCsv(csv, { readFile });
 * const [, a] = doc.records;
 * if (reads !== 1 || a.kind !== "entry" || a.type !== "blob" || a.value[2] !== 3) {
 *   throw new Error("not read once");
 * }
 * ```
 */
export type ReadFile = (path: string) => Uint8Array | Promise<Uint8Array>;

/** Options of {@linkcode rowsToRecords}. */
export interface RowsToRecordsOptions {
  /** Reads `file`-type values; without it, `file` rows are errors. */
  readFile?: ReadFileSync;
  /** Where errors and warnings go. */
  diagnostics: Diagnostics;
  /** Accept nvsforge's own `float` and `double` encodings (default: refused, as the reference does). */
  float?: boolean;
}

/** A row's value: text from the CSV, or bytes from a `file` row. */
type RawValue = { text: string } | { bytes: Uint8Array };

const utf8 = new TextDecoder("utf-8", { fatal: true });
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

const KNOWN_TYPES = ["data", "file", "namespace"];

/** Warns that a key is empty (code `key-empty`): the CSV path and the records path say it alike. */
export function warnEmptyKey(where: SourceLocation | undefined, d: Diagnostics): void {
  d.warn(
    "key-empty",
    "the key is empty: ESP-IDF's generator writes it, but firmware cannot read it back by name",
    where,
  );
}

/** Where a record is, in a message: `file:line`, or `records[i]`. */
function place(at: SourceLocation): string {
  if (at.file !== undefined || at.line !== undefined) {
    return formatLocation({ file: at.file, line: at.line });
  }
  return at.record !== undefined ? `records[${at.record}]` : "an earlier record";
}

/**
 * The keys written so far, per namespace: a key written again gets a warning (code
 * `quirk`) naming where it was first written. The CSV path and the records path share it.
 */
export class KeyHistory {
  readonly #seen = new Map<string, Map<string, SourceLocation>>();

  /** Records that `key` is written in `namespace` at `at`, warning when it was before. */
  see(namespace: string, key: string, at: SourceLocation | undefined, d: Diagnostics): void {
    let keys = this.#seen.get(namespace);
    if (!keys) this.#seen.set(namespace, keys = new Map());
    const before = keys.get(key);
    if (before) {
      d.warn(
        "quirk",
        `key ${quote(key)} is written again in namespace ${quote(namespace)} (first at ${
          place(before)
        }): the device keeps only the last value`,
        at,
      );
    } else keys.set(key, at ?? {});
  }
}

/**
 * Turns generator CSV rows (of one or several files, in order) into records. Every
 * problem is recorded in `diagnostics`; rows with errors produce no record.
 */
export function rowsToRecords(
  rows: readonly NvsCsvRow[],
  options: RowsToRecordsOptions,
): NvsRecord[] {
  const d = options.diagnostics;
  const out: NvsRecord[] = [];
  const ap = new ApState();
  let stationExtrasWritten = false;
  let namespace: string | undefined;
  const history = new KeyHistory();

  const push = (r: EntryRecord, generated = false) => {
    if (namespace !== undefined && !generated) history.see(namespace, r.key, r.source, d);
    out.push(r);
  };

  for (const row of rows) {
    const where: SourceLocation = { file: row.file, line: row.line };
    const key = row.key ?? "";
    const at: SourceLocation = { ...where, key };
    if (row.type === undefined) {
      d.error(
        "csv-row",
        "the row ends before its type column: expected key,type,encoding,value",
        { ...at, column: "type" },
      );
      continue;
    }
    if (key === "") warnEmptyKey(where, d);

    if (AP_KEYS.has(key)) {
      const pmk = ap.see(key, row.value);
      if (pmk) {
        push({ kind: "entry", key: "ap.pmk_info", type: "blob", value: pmk, source: at }, true);
      }
    }

    if (STA_TRIGGER_KEYS.has(key)) {
      // The reference writes these from the value text, whatever the row's type.
      if (row.type !== "data") {
        d.warn(
          "quirk",
          `type ${quote(row.type)} is ignored for ${
            quote(key)
          }: ESP-IDF's generator stores the value column itself as the data`,
          at,
        );
      }
      const e = convertRow(row, { text: row.value ?? "" }, at, d, options.float);
      if (e) push(e);
      if (!stationExtrasWritten) {
        stationExtrasWritten = true;
        for (const x of stationExtras()) {
          push({ kind: "entry", key: x.key, type: "blob", value: x.value, source: at }, true);
        }
      }
      continue;
    }

    if (row.type === "namespace") {
      namespace = key;
      out.push({ kind: "namespace", name: key, source: at });
      continue;
    }

    let raw: RawValue;
    if (row.type === "file") {
      if (row.value === undefined || row.value === "") {
        d.error("file-unreadable", "file row without a file name in its value column", {
          ...at,
          column: "value",
        });
        continue;
      }
      if (!options.readFile) {
        d.error("file-unreadable", `cannot read ${quotePath(row.value)}: no file access here`, {
          ...at,
          column: "value",
        });
        continue;
      }
      try {
        raw = { bytes: options.readFile(row.value) };
      } catch (e) {
        d.error(
          "file-unreadable",
          `cannot read file ${quotePath(row.value)}: ${describeSystemError(e)}`,
          {
            ...at,
            column: "value",
          },
        );
        continue;
      }
    } else {
      if (row.type !== "data") {
        const near = KNOWN_TYPES.find((t) => t === row.type!.trim().toLowerCase());
        d.warn(
          "unknown-type",
          `type ${
            quote(row.type)
          } is not data, file or namespace: it is treated as data, as ESP-IDF's generator does${
            near && near !== "data" ? ` (did you mean "${near}"?)` : ""
          }`,
          at,
        );
      }
      if (row.value === undefined) {
        d.error(
          "csv-row",
          "the row ends before its value column: expected key,type,encoding,value",
          { ...at, column: "value" },
        );
        continue;
      }
      raw = { text: row.value };
    }
    const e = convertRow(row, raw, at, d, options.float);
    if (e) push(e);
  }
  return out;
}

function convertRow(
  row: NvsCsvRow,
  raw: RawValue,
  at: SourceLocation,
  d: Diagnostics,
  float = false,
): EntryRecord | undefined {
  if (row.encoding === undefined) {
    d.error(
      "csv-row",
      "the row ends before its encoding column: expected key,type,encoding,value",
      { ...at, column: "encoding" },
    );
    return undefined;
  }
  const encoding = row.encoding.toLowerCase();
  if (!float && isFloatEncoding(encoding)) {
    d.error("unknown-encoding", floatNotEnabled(row.encoding), { ...at, column: "encoding" });
    return undefined;
  }
  const r = convertValue(encoding, raw);
  if (!r.ok) {
    d.error(codeFor(encoding, r.error), r.error, { ...at, column: "value" });
    return undefined;
  }
  if (r.note) d.warn(encoding === "base64" ? "invalid-base64" : "quirk", r.note, at);
  const text = r.value.type === "string" ? r.value.value as string : "";
  const nul = text.indexOf("\0");
  {
    if (nul >= 0) {
      const before = encoder.encode(text.slice(0, nul)).length;
      d.warn(
        "nul-in-string",
        `the string holds a NUL character after ${before} bytes: the firmware reads only the text before it`,
        at,
      );
    }
  }
  return { kind: "entry", key: row.key ?? "", source: at, ...r.value } as EntryRecord;
}

function codeFor(encoding: string, error: string) {
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

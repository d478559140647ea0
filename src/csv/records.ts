/**
 * Generator CSV rows → NVS records: the row types (`namespace`, `data`, `file`), value
 * conversion per encoding, the Wi-Fi entries the reference adds, and the warnings for
 * input that is accepted but probably a mistake.
 *
 * @module
 */

import { describeSystemError, quote, quotePath } from "../errors.ts";
import type { Diagnostics, SourceLocation } from "../errors.ts";
import type { EntryRecord, NvsRecord } from "../format/items.ts";
import type { NvsCsvRow } from "./nvs_csv.ts";
import {
  codeFor,
  convertValue,
  floatNotEnabled,
  isFloatEncoding,
  type RawValue,
} from "./encodings.ts";
import { KeyHistory, warnEmptyKey } from "./key_history.ts";
import { AP_KEYS, ApState, STA_TRIGGER_KEYS, stationExtras } from "./wifi.ts";

export {
  convertValue,
  ENCODINGS,
  FLOAT_ENCODINGS,
  floatNotEnabled,
  isFloatEncoding,
} from "./encodings.ts";
export { KeyHistory, warnEmptyKey } from "./key_history.ts";

const encoder = new TextEncoder();

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

const KNOWN_TYPES = ["data", "file", "namespace"];

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

/**
 * Generator CSV (`key,type,encoding,value`) ↔ NVS records, from text and to text (no file
 * system: `file`-type values are read through a callback).
 *
 * ```ts
 * import { csvToRecords, stringifyCsv } from "@nvsforge/nvsforge/csv";
 *
 * const text = "key,type,encoding,value\nwifi,namespace,,\nretries,data,u8,3\n";
 * const { records } = csvToRecords([{ name: "nvs.csv", text }]);
 * if (stringifyCsv(records) !== text) throw new Error("not the same CSV");
 * ```
 *
 * @module
 */

import { Diagnostics } from "../errors.ts";
import type { NvsRecord } from "../format/items.ts";
import { readNvsCsv } from "./nvs_csv.ts";
import type { NvsCsvRow } from "./nvs_csv.ts";
import { rowsToRecords } from "./records.ts";
import type { ReadFile, ReadFileSync, RowsToRecordsOptions } from "./records.ts";

/**
 * One input CSV: its name (for messages) and its text.
 *
 * @example
 * ```ts
 * import { type CsvInput, csvToRecords } from "@nvsforge/nvsforge/csv";
 *
 * // Two files read as one stream: the namespace of the first carries over.
 * const inputs: CsvInput[] = [
 *   { name: "base.csv", text: "key,type,encoding,value\ncfg,namespace,,\na,data,u8,1\n" },
 *   { name: "extra.csv", text: "key,type,encoding,value\nb,data,u8,2\n" },
 * ];
 * const { records, diagnostics } = csvToRecords(inputs);
 * if (records.length !== 3 || diagnostics.errors.length !== 0) throw new Error("not one stream");
 * ```
 */
export interface CsvInput {
  /** File name as the user gave it. */
  name: string;
  /** Content, decoded as UTF-8. */
  text: string;
}

/**
 * Options of {@linkcode csvToRecords}.
 *
 * @example
 * ```ts
 * import { csvToRecords, type CsvToRecordsOptions } from "@nvsforge/nvsforge/csv";
 *
 * const options: CsvToRecordsOptions = {
 *   readFile: (path) => new TextEncoder().encode(`contents of ${path}`),
 *   strict: true,
 * };
 * const text = "key,type,encoding,value\nfs,namespace,,\ncert,file,string,ca.pem\n";
 * const { records, diagnostics } = csvToRecords([{ name: "nvs.csv", text }], options);
 * const cert = records[1];
 * if (diagnostics.errors.length !== 0 || cert.kind !== "entry" || cert.type !== "string") {
 *   throw new Error("cert not read");
 * }
 * if (cert.value !== "contents of ca.pem") throw new Error(cert.value);
 * ```
 */
export interface CsvToRecordsOptions {
  /** Reads `file`-type values (paths as written in the CSV). */
  readFile?: ReadFileSync;
  /** Turn warnings into errors. */
  strict?: boolean;
  /**
   * Accept nvsforge's own `float` and `double` encodings (nvs_partition_gen 0.2.0 rejects
   * them, and so does nvsforge by default).
   */
  float?: boolean;
  /** Collector to use; default a new one (with `strict`). */
  diagnostics?: Diagnostics;
}

/**
 * Reads one or several generator CSVs as one stream (namespaces carry over from one
 * file to the next) into records. Problems are collected in the returned diagnostics;
 * nothing is thrown.
 *
 * @example
 * ```ts
 * import { csvToRecords } from "@nvsforge/nvsforge/csv";
 *
 * const text = [
 *   "key,type,encoding,value",
 *   "factory,namespace,,",
 *   "serial,data,string,NF-000042",
 *   "rev,data,u8,3",
 *   "mac,data,hex2bin,a4cf1g",
 * ].join("\n");
 * const { records, diagnostics } = csvToRecords([{ name: "nvs.csv", text }]);
 * // The row with an error gives no record; the error names its line.
 * if (records.length !== 3) throw new Error(`${records.length} records`);
 * const [error] = diagnostics.errors;
 * if (error?.code !== "invalid-hex" || error.location?.line !== 5) {
 *   throw new Error(error?.message);
 * }
 * ```
 *
 * @param inputs the CSVs, in order.
 * @param options how `file` values are read; strictness, or a collector to use.
 * @returns the records of the rows without errors, and the collector of every problem.
 */
export function csvToRecords(
  inputs: readonly CsvInput[],
  options: CsvToRecordsOptions = {},
): { records: NvsRecord[]; diagnostics: Diagnostics } {
  const diagnostics = options.diagnostics ?? new Diagnostics(options.strict ?? false);
  const rows: NvsCsvRow[] = [];
  // One push per row: spreading an input-sized array into push() overflows the stack.
  for (const input of inputs) {
    for (const row of readNvsCsv(input.text, input.name, diagnostics)) rows.push(row);
  }
  const records = rowsToRecords(rows, {
    readFile: options.readFile,
    diagnostics,
    float: options.float,
  });
  return { records, diagnostics };
}

export { readNvsCsv, rowsToRecords };
export type { NvsCsvRow, ReadFile, ReadFileSync, RowsToRecordsOptions };
export { Diagnostics, NvsforgeError, NvsforgeErrors } from "../errors.ts";
export type {
  BlobEntry,
  EntryRecord,
  FloatEntry,
  FormatVersion,
  IntegerEntry,
  NamespaceRecord,
  NvsRecord,
  StringEntry,
} from "../format/items.ts";
export type { FloatType, IntegerType } from "../format/layout.ts";
export type { ErrorCode, ErrorKind, SourceLocation, Warning } from "../errors.ts";
export { stringifyCsv } from "./stringify.ts";
export type { BlobEncoding, StringifyCsvOptions } from "./stringify.ts";

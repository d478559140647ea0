/**
 * Generator CSV → NVS records, from text (no file system: `file`-type values are read
 * through a callback).
 *
 * @module
 */

import { Diagnostics } from "../errors.ts";
import type { NvsRecord } from "../format/items.ts";
import { readNvsCsv } from "./nvs_csv.ts";
import type { NvsCsvRow } from "./nvs_csv.ts";
import { rowsToRecords } from "./records.ts";
import type { FileReader } from "./records.ts";

/** One input CSV: its name (for messages) and its text. */
export interface CsvInput {
  /** File name as the user gave it. */
  name: string;
  /** Content, decoded as UTF-8. */
  text: string;
}

/** Options of {@linkcode csvToRecords}. */
export interface CsvToRecordsOptions {
  /** Reads `file`-type values (paths as written in the CSV). */
  readFile?: FileReader;
  /** Turn warnings into errors. */
  strict?: boolean;
  /** Collector to use; default a new one (with `strict`). */
  diagnostics?: Diagnostics;
}

/**
 * Reads one or several generator CSVs as one stream (namespaces carry over from one
 * file to the next) into records. Problems are collected in the returned diagnostics;
 * nothing is thrown.
 */
export function csvToRecords(
  inputs: readonly CsvInput[],
  options: CsvToRecordsOptions = {},
): { records: NvsRecord[]; diagnostics: Diagnostics } {
  const diagnostics = options.diagnostics ?? new Diagnostics(options.strict ?? false);
  const rows: NvsCsvRow[] = [];
  for (const input of inputs) rows.push(...readNvsCsv(input.text, input.name, diagnostics));
  const records = rowsToRecords(rows, { readFile: options.readFile, diagnostics });
  return { records, diagnostics };
}

export { readNvsCsv, rowsToRecords };
export type { FileReader, NvsCsvRow };
export { stringifyCsv } from "./stringify.ts";
export type { BlobEncoding, StringifyCsvOptions } from "./stringify.ts";

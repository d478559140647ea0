/**
 * The CSV inputs of `NvsDocument.fromCsv`: text, named texts, or browser `File`s (any
 * `Blob`), and the files their `file` rows name, each read once (a reader may be async).
 *
 * @module
 */

import { Diagnostics, NvsforgeError } from "../errors.ts";
import { readNvsCsv } from "../csv/nvs_csv.ts";
import type { NvsCsvRow } from "../csv/nvs_csv.ts";
import { rowsToRecords } from "../csv/records.ts";
import type { ReadFile, ReadFileSync } from "../csv/records.ts";
import { STA_TRIGGER_KEYS } from "../csv/wifi.ts";
import type { BuildParts } from "./_build.ts";
import type { FromCsvOptions } from "./options.ts";

/**
 * One generator CSV file: its name (for messages) and its text.
 *
 * @example
 * ```ts
 * import { type CsvFile, NvsDocument } from "@nvsforge/nvsforge";
 *
 * // Two files read as one stream: the namespace of the first carries over.
 * const files: CsvFile[] = [
 *   { name: "base.csv", text: "key,type,encoding,value\ncfg,namespace,,\na,data,u8,1\n" },
 *   { name: "extra.csv", text: "key,type,encoding,value\nb,data,u8,2\n" },
 * ];
 * const doc = await NvsDocument.fromCsv(files);
 * if (doc.records.length !== 3) throw new Error("not one stream");
 * ```
 */
export interface CsvFile {
  /** The file's name as the user knows it (messages say `name:line`). */
  readonly name: string;
  /** Its content. */
  readonly text: string;
}

/**
 * A named `Blob`, as a browser `File` is: its text is read with `text()`.
 *
 * @example
 * ```ts
 * import { type CsvBlob, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const upload: CsvBlob = new File(["key,type,encoding,value\nn,namespace,,\nk,data,u8,x\n"], "up.csv");
 * const [error] = (await NvsDocument.fromCsv(upload)).check().errors;
 * if (error?.location?.file !== "up.csv" || error.location.line !== 3) throw new Error("where?");
 * ```
 */
export interface CsvBlob {
  /** The file's name. */
  readonly name?: string;
  /** Reads the content as text (UTF-8). */
  text(): Promise<string>;
}

/**
 * What `NvsDocument.fromCsv` reads: CSV text, a named file, a browser `File`, or several
 * of these, read in order as one stream (a namespace carries over from one to the next).
 * A text without a name is called `input.csv` in messages.
 *
 * @example
 * ```ts
 * import { type CsvSource, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const header = "key,type,encoding,value\n";
 * const sources: CsvSource[] = [
 *   header + "n,namespace,,\nk,data,u8,1\n",
 *   { name: "nvs.csv", text: header + "n,namespace,,\nk,data,u8,1\n" },
 *   new File([header + "n,namespace,,\nk,data,u8,1\n"], "nvs.csv"),
 *   [header + "n,namespace,,\n", { name: "more.csv", text: header + "k,data,u8,1\n" }],
 * ];
 * for (const source of sources) {
 *   const doc = await NvsDocument.fromCsv(source);
 *   if (doc.records.length !== 2) throw new Error("not read");
 * }
 * ```
 */
export type CsvSource =
  | string
  | CsvFile
  | CsvBlob
  | readonly (string | CsvFile | CsvBlob)[];

/** The name a CSV text without one gets in messages. */
export const UNNAMED_CSV = "input.csv";

/** The texts of a CSV source, in order. */
export async function csvTexts(source: CsvSource): Promise<CsvFile[]> {
  const list = Array.isArray(source) ? source : [source];
  const out: CsvFile[] = [];
  for (const item of list as (string | CsvFile | CsvBlob)[]) {
    if (typeof item === "string") out.push({ name: UNNAMED_CSV, text: item });
    else if (item && typeof item === "object" && typeof item.text === "string") {
      out.push({ name: String((item as CsvFile).name ?? UNNAMED_CSV), text: item.text });
    } else if (item && typeof item === "object" && typeof item.text === "function") {
      out.push({ name: String(item.name || UNNAMED_CSV), text: await (item as CsvBlob).text() });
    } else {
      throw new NvsforgeError(
        "usage",
        `fromCsv reads CSV text, { name, text }, a File, or a list of these; got ${
          item === null ? "null" : typeof item
        }`,
        undefined,
      );
    }
  }
  return out;
}

/** The rows of every text, in order; CSV problems go to `d`. */
export function csvRows(files: readonly CsvFile[], d: Diagnostics): NvsCsvRow[] {
  const rows: NvsCsvRow[] = [];
  for (const f of files) {
    for (const row of readNvsCsv(f.text, f.name, d)) rows.push(row);
  }
  return rows;
}

/**
 * Reads, once each, the files the rows' `file` values name, and returns a synchronous
 * reader over what was read (failures are thrown again, for each row that names them).
 */
export async function preread(
  rows: readonly NvsCsvRow[],
  readFile: ReadFile | undefined,
): Promise<ReadFileSync | undefined> {
  if (!readFile) return undefined;
  const read = new Map<string, { bytes: Uint8Array } | { error: unknown }>();
  for (const row of rows) {
    const path = row.value;
    if (row.type !== "file" || !path || STA_TRIGGER_KEYS.has(row.key ?? "") || read.has(path)) {
      continue;
    }
    try {
      const bytes: unknown = await readFile(path);
      if (bytes instanceof Uint8Array) read.set(path, { bytes });
      else if (bytes instanceof ArrayBuffer) read.set(path, { bytes: new Uint8Array(bytes) });
      else {
        read.set(path, {
          error: new Error(`readFile gave ${bytes === null ? "null" : typeof bytes}, not bytes`),
        });
      }
    } catch (error) {
      read.set(path, { error });
    }
  }
  return (path) => {
    const r = read.get(path);
    if (!r) throw new Error("the file was not read");
    if ("error" in r) throw r.error;
    return r.bytes;
  };
}

/**
 * The records of CSV and the problems found reading them (`NvsDocument.fromCsv`, and the
 * command line's `nvs generate`, which builds with them without a document).
 */
export async function readCsvParts(
  csv: CsvSource,
  options: FromCsvOptions,
): Promise<BuildParts> {
  const d = new Diagnostics();
  const rows = csvRows(await csvTexts(csv), d);
  const readFile = await preread(rows, options.readFile);
  const records = rowsToRecords(rows, { readFile, diagnostics: d, float: options.float });
  return { records, errors: d.errors, warnings: d.warnings };
}

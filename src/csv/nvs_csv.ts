/**
 * The generator's 4-column CSV (`key,type,encoding,value`) read from text, with the
 * reference's semantics: lines whose first character is `#` are dropped before CSV
 * parsing (also inside a quoted value), columns are read by header name (any order,
 * unknown columns ignored), empty lines are skipped, a short row leaves its missing
 * columns unset.
 *
 * Improvements: a UTF-8 byte-order mark is ignored; header names are matched without
 * regard to case and surrounding spaces; rows whose fields are all blank (what a
 * spreadsheet writes for an empty row) are skipped.
 *
 * @module
 */

import type { Diagnostics } from "../errors.ts";
import { quote, QUOTE_MAX } from "../errors.ts";
import { PythonCsvParser, splitLines } from "./python_csv.ts";
import { semicolonHint } from "./hints.ts";

/** The four columns of the generator CSV. */
export const NVS_CSV_COLUMNS = ["key", "type", "encoding", "value"] as const;

/** One data row. A column the row is too short for is `undefined`. */
export interface NvsCsvRow {
  /** Input file name, as given. */
  file: string;
  /** 1-based line where the row starts. */
  line: number;
  /** `key` column. */
  key: string | undefined;
  /** `type` column. */
  type: string | undefined;
  /** `encoding` column. */
  encoding: string | undefined;
  /** `value` column. */
  value: string | undefined;
}

const BOM = "\uFEFF";

/** Removes a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * Reads the rows of one generator CSV. Problems (a missing column in the header, a `#`
 * line dropped from inside a quoted value) go to `diagnostics`.
 *
 * @param text The file's content, decoded as UTF-8.
 * @param file The file's name, for messages.
 */
export function readNvsCsv(text: string, file: string, diagnostics: Diagnostics): NvsCsvRow[] {
  const lines = splitLines(stripBom(text));
  const parser = new PythonCsvParser();
  const records: { fields: string[]; line: number }[] = [];
  lines.forEach((l, i) => {
    if (l.startsWith("#")) {
      if (parser.inQuotedField) {
        diagnostics.warn(
          "quirk",
          "this line starts with '#' inside a quoted value and is dropped from the value as a comment, as ESP-IDF's generator does; indent it or remove the '#' to keep it",
          { file, line: i + 1 },
        );
      }
      return;
    }
    const r = parser.feedLine(l, i + 1);
    if (r) records.push(r);
  });
  const end = parser.end(lines.length);
  if (end.record) {
    records.push(end.record);
    diagnostics.warn(
      "csv-row",
      "a quoted value is never closed: it runs to the end of the file",
      { file, line: end.record.line },
    );
  }

  const nonEmpty = records.filter((r) => r.fields.length > 0);
  const header = nonEmpty.shift();
  if (!header) {
    // The reference accepts a file without rows (it adds nothing): so does nvsforge, warning.
    diagnostics.warn("csv-header", "the file holds no header and no rows: it adds nothing", {
      file,
    });
    return [];
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const column = new Map<string, number>();
  // As in a Python dict built from the header, a repeated name refers to its last column.
  names.forEach((n, i) => column.set(n, i));
  const missing = NVS_CSV_COLUMNS.filter((c) => !column.has(c));
  if (missing.length > 0) {
    diagnostics.error(
      "csv-header",
      `the header row lacks the column${missing.length > 1 ? "s" : ""} ${
        missing.join(", ")
      }: expected key,type,encoding,value (found ${quote(header.fields.join(","), 2 * QUOTE_MAX)})${
        semicolonHint(header.fields, 4)
      }`,
      { file, line: header.line },
    );
    return [];
  }
  const at = (r: { fields: string[] }, c: string) => r.fields[column.get(c)!];
  const rows: NvsCsvRow[] = [];
  for (const r of nonEmpty) {
    if (r.fields.every((f) => f.trim() === "")) continue;
    rows.push({
      file,
      line: r.line,
      key: at(r, "key"),
      type: at(r, "type"),
      encoding: at(r, "encoding"),
      value: at(r, "value"),
    });
  }
  return rows;
}

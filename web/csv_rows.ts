/**
 * The rows of a generator CSV (`key,type,encoding,value`) as the editor holds them, and
 * back to CSV text with the line each row starts on (to put the command line's messages,
 * which name lines, beside their rows).
 *
 * @module
 */

import { Diagnostics, formatCsvRow, readNvsCsv } from "./nvs.ts";

/** One editable row. */
export interface EditRow {
  /** `key` column: a namespace's name or an entry's key. */
  key: string;
  /** `namespace`, `data` or `file`. */
  type: string;
  /** The encoding (empty for a namespace). */
  encoding: string;
  /** The value: text, or the path of a `file` row. */
  value: string;
}

/** The header every generator CSV starts with. */
export const HEADER = ["key", "type", "encoding", "value"];

/** CSV text of the rows, and the line each row starts on. */
export function toCsv(rows: readonly EditRow[]): { text: string; lines: number[] } {
  let text = formatCsvRow(HEADER);
  let line = 2;
  const lines: number[] = [];
  for (const r of rows) {
    const fields = r.type === "namespace" ? [r.key, r.type, "", ""] : [
      r.key,
      r.type,
      r.encoding,
      r.value,
    ];
    const row = formatCsvRow(fields);
    lines.push(line);
    line += row.split("\n").length - 1;
    text += row;
  }
  return { text, lines };
}

/** The rows of CSV text, read as the command line reads it (comments and blank lines go). */
export function fromCsv(text: string, name: string): EditRow[] {
  const d = new Diagnostics();
  const rows = readNvsCsv(text, name, d);
  d.throwIfAny();
  return rows.map((r) => ({
    key: r.key ?? "",
    type: r.type ?? "",
    encoding: r.encoding ?? "",
    value: r.value ?? "",
  }));
}

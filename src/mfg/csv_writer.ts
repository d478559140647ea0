/**
 * Rows → CSV text exactly as Python's `csv.writer` writes them in its default dialect,
 * which is how mfg_gen writes the per-device CSVs and the created master values file:
 * comma delimiter, `\r\n` after every row, minimal quoting (a field is quoted when it
 * holds a comma, a double quote, `\r` or `\n`; quotes inside are doubled), a newline
 * inside a value written as it is, and a row of one empty field written as `""`.
 *
 * @module
 */

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Formats one field as Python's `csv.writer` (QUOTE_MINIMAL) does.
 *
 * @example
 * ```ts
 * import { formatCsvField } from "@nvsforge/nvsforge/mfg";
 * if (formatCsvField('say "hi", twice') !== '"say ""hi"", twice"') throw new Error("not quoted");
 * if (formatCsvField(" plain ") !== " plain ") throw new Error("quoted");
 * ```
 */
export function formatCsvField(field: string): string {
  if (!NEEDS_QUOTES.test(field)) return field;
  return `"${field.includes('"') ? field.replaceAll('"', '""') : field}"`;
}

/**
 * Formats one row, with its `\r\n` terminator, as Python's `csv.writer.writerow`.
 *
 * @param fields the row's fields.
 * @returns the row's text, ending in `\r\n`.
 * @example
 * ```ts
 * import { formatCsvRow } from "@nvsforge/nvsforge/mfg";
 * if (formatCsvRow(["ns", "namespace", "", ""]) !== "ns,namespace,,\r\n") throw new Error("row");
 * if (formatCsvRow([""]) !== '""\r\n') throw new Error("a lone empty field is not quoted");
 * ```
 */
export function formatCsvRow(fields: readonly string[]): string {
  if (fields.length === 1 && fields[0] === "") return '""\r\n';
  let s = "";
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) s += ",";
    s += formatCsvField(fields[i]);
  }
  return s + "\r\n";
}

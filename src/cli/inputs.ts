/**
 * Reading the user's input files for the commands: CSVs decoded as UTF-8, `file`-type
 * values read relative to the current directory. Unreadable inputs become input errors
 * with the file named.
 *
 * @module
 */

import type { Diagnostics } from "../errors.ts";
import type { CsvInput } from "../csv/mod.ts";
import { describe } from "../csv/records.ts";
import * as rt from "../runtime/mod.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads CSV files as UTF-8 text; each one that cannot be read is recorded and skipped. */
export function readCsvFiles(files: readonly string[], d: Diagnostics): CsvInput[] {
  const out: CsvInput[] = [];
  for (const name of files) {
    let bytes: Uint8Array;
    try {
      bytes = rt.readFile(name);
    } catch (e) {
      d.error("file-unreadable", `cannot read input file: ${describe(e)}`, { file: name });
      continue;
    }
    try {
      out.push({ name, text: utf8.decode(bytes) });
    } catch {
      d.error("invalid-utf8", "the file is not UTF-8 text: save the CSV as UTF-8", { file: name });
    }
  }
  return out;
}

/** Reads a `file`-type value: relative paths resolve against the current directory. */
export function readValueFile(path: string): Uint8Array {
  return rt.readFile(rt.paths.resolve(rt.cwd(), path));
}

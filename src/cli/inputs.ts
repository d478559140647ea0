/**
 * Reading the user's input files for the commands: CSVs decoded as UTF-8, `file`-type
 * values through the `--file-root` option (the reading itself, and its bounds, are in
 * `src/value_files.ts`). Unreadable inputs become input errors with the file named.
 *
 * @module
 */

import type { Diagnostics } from "../errors.ts";
import type { CsvInput } from "../csv/mod.ts";
import { describeSystemError as describe } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import { readValue, resolveFileRoot, VALUE_FILE_MAX_BYTES, valueFilePath } from "../value_files.ts";
import type { ValueFileSource } from "../value_files.ts";

export {
  confinedPath,
  IMAGE_MAX_BYTES,
  KEY_FILE_MAX_BYTES,
  resolveFileRoot,
  VALUE_FILE_MAX_BYTES,
  valueFilePath,
} from "../value_files.ts";
export type { PathHost } from "../value_files.ts";

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

/** The `--file-root` option as given, and resolved. */
let fileRoot: { given: string; resolved: string } | undefined;

/**
 * Takes the `--file-root` option, which confines `file`-type values to a directory (for
 * CSVs that cannot be trusted: a pull request's, in CI). Undefined lifts the
 * confinement.
 */
export function setFileRoot(dir: string | undefined): void {
  fileRoot = dir === undefined ? undefined : { given: dir, resolved: resolveFileRoot(dir) };
}

/** Where the commands read `file`-type values from: the current directory, `--file-root`. */
export function valueFileSource(): ValueFileSource {
  return { cwd: rt.cwd(), fileRoot: fileRoot?.given };
}

/**
 * Reads a `file`-type value: relative paths resolve against the current directory, or
 * against the `--file-root` directory, within which it must stay.
 */
export function readValueFile(path: string): Uint8Array {
  return readValue(valueFilePath(path, fileRoot?.resolved), VALUE_FILE_MAX_BYTES);
}

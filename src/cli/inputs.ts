/**
 * Reading the user's input files for the commands: CSVs decoded as UTF-8, `file`-type
 * values read relative to the current directory. Unreadable inputs become input errors
 * with the file named.
 *
 * @module
 */

import type { Diagnostics } from "../errors.ts";
import type { CsvInput } from "../csv/mod.ts";
import { describeSystemError as describe } from "../errors.ts";
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

let fileRoot: string | undefined;

/**
 * Confines `file`-type values to a directory (`--file-root`), for CSVs that cannot be
 * trusted (a pull request's, in CI). Undefined lifts the confinement.
 */
export function setFileRoot(dir: string | undefined): void {
  fileRoot = dir === undefined ? undefined : rt.realPath(rt.paths.resolve(rt.cwd(), dir));
}

/**
 * Checks a `file`-type value against the `--file-root` confinement: it must be a
 * relative path, without `..`, that stays inside the root once every symbolic link is
 * resolved. Throws an error saying which rule the path breaks.
 */
export function confinedPath(root: string, path: string): string {
  if (rt.paths.isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.startsWith("\\")) {
    throw new Error(`absolute paths are not allowed under --file-root ${root}`);
  }
  if (path.split(/[\\/]/).includes("..")) {
    throw new Error(`".." is not allowed in paths under --file-root ${root}`);
  }
  const resolved = rt.paths.resolve(root, path);
  const real = rt.realPath(resolved);
  const inside = real === root ||
    real.startsWith(root.endsWith(rt.paths.sep) ? root : root + rt.paths.sep);
  if (!inside || real !== resolved) {
    throw new Error(`the path goes through a symbolic link, outside --file-root ${root}`);
  }
  return real;
}

/**
 * Reads a `file`-type value: relative paths resolve against the current directory, or
 * against the `--file-root` directory, within which it must stay.
 */
export function readValueFile(path: string): Uint8Array {
  if (fileRoot !== undefined) return rt.readFile(confinedPath(fileRoot, path));
  return rt.readFile(rt.paths.resolve(rt.cwd(), path));
}

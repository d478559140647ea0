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
import { ENTRIES_PER_PAGE, ENTRY_SIZE, KEY_PARTITION, LIMITS } from "../format/layout.ts";
import * as rt from "../runtime/mod.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The largest `file`-type value read: the largest blob NVS holds (128 chunks of 4000
 * bytes) as hex2bin text, twice its bytes, and 4 KiB of surrounding whitespace. A longer
 * file (or `/dev/zero`) is refused after reading one byte more.
 */
export const VALUE_FILE_MAX_BYTES = 2 * LIMITS.blobMaxChunks * (ENTRIES_PER_PAGE - 1) * ENTRY_SIZE +
  4096;
/** The largest key file read: an NVS key partition (4096 bytes). */
export const KEY_FILE_MAX_BYTES = KEY_PARTITION.size;
/** The largest image read: a dump of the largest flash chip esptool knows (128 MiB). */
export const IMAGE_MAX_BYTES = 128 * 1024 * 1024;

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

/**
 * What the path rules below need from the host: node:path's functions for one platform,
 * the current directory and link resolution. The default is the host's own; tests pass
 * node:path's `win32` and a fake `realPath` to check the Windows rules on any host.
 */
export interface PathHost {
  /** node:path's `win32` or `posix` functions. */
  paths: rt.PathFlavour;
  /** The current directory. */
  cwd(): string;
  /** The path with every link resolved (see the runtime's `realPath`). */
  realPath(file: string): string;
}

const HOST: PathHost = { paths: rt.paths, cwd: rt.cwd, realPath: rt.realPath };

/** Windows device names (`NUL`, `con.txt`, `COM1`...): no file, in any directory. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|(com|lpt)[0-9¹²³])([.:\s]|$)/i;

let fileRoot: string | undefined;

/** The `--file-root` directory `dir` as an absolute path with every link resolved. */
export function resolveFileRoot(dir: string, host: PathHost = HOST): string {
  return host.realPath(host.paths.resolve(host.cwd(), dir));
}

/**
 * Confines `file`-type values to a directory (`--file-root`), for CSVs that cannot be
 * trusted (a pull request's, in CI). Undefined lifts the confinement.
 */
export function setFileRoot(dir: string | undefined): void {
  fileRoot = dir === undefined ? undefined : resolveFileRoot(dir);
}

/**
 * Checks a `file`-type value against the `--file-root` confinement: it must be a
 * relative path, without `..` (either separator), that stays inside the root once every
 * link is resolved; on Windows also not a device name. Comparisons follow the host's
 * rules (case-insensitive on Windows). Throws an error saying which rule the path breaks.
 *
 * @param root the root, as {@linkcode resolveFileRoot} gives it.
 * @param path the value as the CSV gives it.
 * @param host the path rules and file system (default: the host's).
 * @returns the real path to read.
 */
export function confinedPath(root: string, path: string, host: PathHost = HOST): string {
  const { paths } = host;
  if (paths.isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.startsWith("\\")) {
    throw new Error(`absolute paths are not allowed under --file-root ${root}`);
  }
  const parts = path.split(/[\\/]/);
  if (parts.includes("..")) {
    throw new Error(`".." is not allowed in paths under --file-root ${root}`);
  }
  const device = paths.sep === "\\" && parts.find((p) => WINDOWS_DEVICE.test(p));
  if (device) {
    throw new Error(`"${device}" is a Windows device, not a file under --file-root ${root}`);
  }
  const resolved = paths.resolve(root, path);
  const real = host.realPath(resolved);
  const rel = paths.relative(root, real);
  const inside = rel !== ".." && !rel.startsWith(".." + paths.sep) && !paths.isAbsolute(rel);
  if (!inside || paths.relative(resolved, real) !== "") {
    throw new Error(`the path goes through a symbolic link, outside --file-root ${root}`);
  }
  return real;
}

/**
 * The path a `file`-type value names, as the reference's `open(value)` finds it: relative
 * to the current directory with the host's rules (on Windows `certs\x.pem`, `C:\x.pem`,
 * `\x.pem`, `C:x.pem` and `\\server\share\x.pem` all mean what they mean to Windows; on
 * POSIX a backslash is an ordinary file name character). Under `--file-root`, the
 * confined path ({@linkcode confinedPath}).
 *
 * @param path the value as the CSV gives it.
 * @param root the `--file-root` directory (default: the one set), or undefined.
 * @param host the path rules and file system (default: the host's).
 */
export function valueFilePath(
  path: string,
  root: string | undefined = fileRoot,
  host: PathHost = HOST,
): string {
  if (root !== undefined) return confinedPath(root, path, host);
  return host.paths.resolve(host.cwd(), path);
}

/**
 * Reads a `file`-type value: relative paths resolve against the current directory, or
 * against the `--file-root` directory, within which it must stay.
 */
export function readValueFile(path: string): Uint8Array {
  return rt.readRegularFile(valueFilePath(path), VALUE_FILE_MAX_BYTES);
}

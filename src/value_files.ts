/**
 * Reading the files a CSV's `file`-type values name, and the bounds of every input file
 * the commands read: regular files only, at most so many bytes (never a device or FIFO
 * that would not end). Relative paths resolve against a directory fixed once, or are
 * confined to a root directory (`--file-root`) that the caller passes in: nothing here
 * keeps state, so the main thread and worker threads read alike.
 *
 * @module
 */

import { ENTRIES_PER_PAGE, ENTRY_SIZE, KEY_PARTITION, LIMITS } from "./format/layout.ts";
import * as rt from "./runtime/mod.ts";

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

/** The `--file-root` directory `dir` as an absolute path with every link resolved. */
export function resolveFileRoot(dir: string, host: PathHost = HOST): string {
  return host.realPath(host.paths.resolve(host.cwd(), dir));
}

/**
 * Checks a `file`-type value against the `--file-root` confinement: it must be a
 * relative path (to the current directory, as without the option: the root only
 * confines), without `..` (either separator), that stays inside the root once every
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
  // Relative to the current directory, as without the option: the root only confines.
  const resolved = paths.resolve(host.cwd(), path);
  const within = (file: string) => {
    const rel = paths.relative(root, file);
    return rel !== ".." && !rel.startsWith(".." + paths.sep) && !paths.isAbsolute(rel);
  };
  if (!within(resolved)) {
    throw new Error(`the path is outside --file-root ${root}`);
  }
  const real = host.realPath(resolved);
  if (!within(real) || paths.relative(resolved, real) !== "") {
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
 * @param root the resolved `--file-root` directory, or undefined.
 * @param host the path rules and file system (default: the host's).
 */
export function valueFilePath(
  path: string,
  root: string | undefined,
  host: PathHost = HOST,
): string {
  if (root !== undefined) return confinedPath(root, path, host);
  return host.paths.resolve(host.cwd(), path);
}

/** Where `file`-type values are read from: plain data, so that threads can be sent it. */
export interface ValueFileSource {
  /** The directory relative paths resolve against (the current directory). */
  cwd: string;
  /** `--file-root` as given (relative to `cwd`): confine every value to it. */
  fileRoot?: string;
}

/**
 * The reader of `file`-type values for a source: regular files of at most
 * {@linkcode VALUE_FILE_MAX_BYTES}, relative to `cwd` (looked up once), or confined to
 * the file root (resolved once).
 *
 * @example
 * ```ts
 * import { valueFileReader } from "./value_files.ts";
 * const read = valueFileReader({ cwd: "." });
 * let refused = false;
 * try {
 *   read("no such file.pem");
 * } catch {
 *   refused = true;
 * }
 * if (!refused) throw new Error("read a missing file");
 * ```
 */
export function valueFileReader(source: ValueFileSource): (path: string) => Uint8Array {
  if (source.fileRoot === undefined) return fileReaderFrom(source.cwd, VALUE_FILE_MAX_BYTES);
  const root = rt.realPath(rt.paths.resolve(source.cwd, source.fileRoot));
  const cwd = rt.realPath(rt.paths.resolve(source.cwd));
  const host = { ...HOST, cwd: () => cwd };
  return (path) => readValue(confinedPath(root, path, host), VALUE_FILE_MAX_BYTES);
}

/**
 * Reads regular files of at most `maxBytes` relative to a directory fixed once (the
 * current directory is not looked up again for every file).
 */
function fileReaderFrom(dir: string, maxBytes: number): (file: string) => Uint8Array {
  // On POSIX the system resolves the path as the reference's open() has it resolved
  // (`..` after a symbolic link included), and nothing needs normalizing. On Windows
  // resolve, not join: a drive-relative path (C:certs\x.pem) keeps its drive.
  const paths = rt.paths;
  const locate = paths.sep === "/"
    ? (file: string) => file.startsWith("/") ? file : `${dir}/${file}`
    : (file: string) => paths.isAbsolute(file) ? file : paths.resolve(dir, file);
  return (file: string) => readValue(locate(file), maxBytes);
}

/**
 * Reads a value file; a missing one's error carries the directory it was looked up in
 * (`directory`, which {@linkcode describeSystemError} names).
 */
export function readValue(file: string, maxBytes: number): Uint8Array {
  try {
    return rt.readRegularFile(file, maxBytes);
  } catch (e) {
    if ((e as { code?: string })?.code === "ENOENT" && typeof e === "object" && e !== null) {
      Object.assign(e, { directory: rt.paths.dirname(rt.paths.resolve(file)) });
    }
    throw e;
  }
}

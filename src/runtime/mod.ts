/**
 * The only module that touches the host: files, arguments, environment, exit status and
 * the terminal. It uses `node:*` modules, which Deno and Bun both provide, so the same
 * code runs on either; the rest of nvsforge never asks which runtime it is on.
 *
 * @module
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";

/** Command-line arguments after the program name. */
export function args(): string[] {
  return process.argv.slice(2);
}

/** Ends the process with a status. */
export function exit(code: number): never {
  process.exit(code);
}

/**
 * Gives the JIT its usual eagerness back. The compiled Bun executable starts with a
 * reluctant one (`bun build --compile-jit-policy`, scripts/build_executables.ts): one
 * image is run-once code, which the interpreter runs sooner than the JIT compiles it.
 * A command that may run for long (every command but the fast path's one image, and
 * each worker thread) calls this first. Nothing under Deno, Node or `bun cli.ts`
 * (where the policy is already the usual one).
 */
export function normalJitPolicy(): void {
  const bun = (globalThis as { Bun?: { unsafe?: { setJITPolicy?(scale: number): void } } }).Bun;
  bun?.unsafe?.setJITPolicy?.(1);
}

/** The current directory. */
export function cwd(): string {
  return process.cwd();
}

/** An environment variable, or undefined. */
export function env(name: string): string | undefined {
  return process.env[name];
}

/** Whether standard error is a terminal (progress bars, colours). */
export function stderrIsTerminal(): boolean {
  return Boolean(process.stderr.isTTY);
}

/** Writes to standard output. */
export function writeStdout(text: string): void {
  writeAll(1, text, () => process.stdout);
}

/** Writes to standard error. */
export function writeStderr(text: string): void {
  writeAll(2, text, () => process.stderr);
}

/** File descriptors that are written through their stream (see writeAll). */
const throughStream = new Set<number>(process.platform === "win32" ? [1, 2] : []);

/**
 * Writes `text` to standard output or error with `writeSync`: a one-shot command then
 * never creates the runtime's stream objects (about 1.5 ms of start-up in the compiled
 * executable). A non-blocking pipe that is full (EAGAIN) hands the rest, and every later
 * write, to the stream, which queues it; a reader gone away (EPIPE) ends the output.
 * Windows consoles keep the stream, which converts text for the console.
 */
function writeAll(fd: number, text: string, stream: () => NodeJS.WriteStream): void {
  if (throughStream.has(fd)) {
    stream().write(text);
    return;
  }
  const bytes = new TextEncoder().encode(text);
  let done = 0;
  try {
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EPIPE") return;
    if (code !== "EAGAIN") throw e;
    throughStream.add(fd);
    stream().write(bytes.subarray(done));
  }
}

/** Reads a whole file. */
export function readFile(file: string): Uint8Array {
  const b = fs.readFileSync(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Reads a regular file of at most `maxBytes` bytes. Anything else fails with an error
 * whose message says why (its `code` is `ENOTREGULAR` or `ETOOLARGE`): a device, FIFO or
 * socket is refused before it is opened for reading (so `/dev/zero` or a FIFO never
 * blocks or fills the memory), and at most `maxBytes + 1` bytes are ever read.
 *
 * @param file the path.
 * @param maxBytes the largest size the caller can use.
 * @returns the file's bytes.
 */
export function readRegularFile(file: string, maxBytes: number): Uint8Array {
  const refuse = (code: string, message: string) =>
    Object.assign(new Error(message), { code }) as Error & { code: string };
  const notRegular = (st: fs.Stats) =>
    refuse(
      "ENOTREGULAR",
      `it is not a regular file but ${
        st.isFIFO()
          ? "a FIFO (named pipe)"
          : st.isCharacterDevice() || st.isBlockDevice()
          ? "a device"
          : st.isSocket()
          ? "a socket"
          : "not a file"
      }`,
    );
  const tooLarge = () =>
    refuse("ETOOLARGE", `it is larger than ${maxBytes} bytes, the most that can be used here`);
  // The common case, a regular file, is told by a cheap look (see quickRegularSize);
  // anything else takes node:fs's stat, whose errors and kinds the messages use.
  let size = quickRegularSize(file);
  if (size === undefined) {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (!st.isFile()) throw notRegular(st);
    size = st.size;
  }
  if (size > maxBytes) throw tooLarge();
  // Non-blocking: should the path have become a FIFO since the check, opening it does not
  // wait for a writer, nor does reading it. What was opened is checked again (fstat)
  // unless the reads found exactly the bytes the check saw, which only a regular file of
  // that size gives (an empty file is always checked: a FIFO without a writer reads as
  // empty). At most size + 1 bytes are read before that check.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    let checked = false;
    const check = () => {
      if (checked) return;
      checked = true;
      const opened = fs.fstatSync(fd);
      if (!opened.isFile()) throw notRegular(opened);
    };
    if (size === 0) check();
    let buf = new Uint8Array(Math.min(size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        check();
        if (n > maxBytes) throw tooLarge(); // grew past the limit while being read
        const bigger = new Uint8Array(Math.min(2 * n, maxBytes + 1));
        bigger.set(buf);
        buf = bigger;
      }
      let got: number;
      try {
        got = fs.readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        check(); // a device or FIFO (EAGAIN) is refused as such
        throw e;
      }
      if (got === 0) break;
      n += got;
    }
    if (n !== size) check();
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Deno's own stat, when nvsforge runs on Deno: node:fs's Stats cost ~15 µs more there. */
const denoStat = (globalThis as {
  Deno?: { statSync(file: string): { isFile: boolean; size: number } };
}).Deno?.statSync;

/**
 * The size of `file` when it is certainly a regular file, looked at the cheapest way the
 * host has (Deno's own stat: a batch reads two files per device); undefined otherwise
 * (not a regular file, an error, or no cheaper way than node:fs).
 */
function quickRegularSize(file: string): number | undefined {
  if (!denoStat) return undefined;
  try {
    const st = denoStat(file);
    return st.isFile ? st.size : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a whole file as UTF-8 text (a byte-order mark is kept; callers strip it). */
export function readTextFile(file: string): string {
  return fs.readFileSync(file, "utf8");
}

/**
 * A path with every symbolic link (on Windows also every junction) resolved; a path
 * that does not exist keeps its missing tail (so that the caller's read reports it as
 * missing).
 */
export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    const parent = path.dirname(file);
    if (parent === file) return file;
    return path.join(realPath(parent), path.basename(file));
  }
}

/** Whether a path exists (any kind of file). */
export function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Whether a path is a directory. */
export function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Size of a file in bytes, or undefined when it does not exist. */
export function fileSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined;
  }
}

/**
 * Creates a directory and its parents. Returns the first directory created (to remove
 * on rollback), or undefined when it existed.
 */
export function makeDirectory(dir: string): string | undefined {
  return fs.mkdirSync(dir, { recursive: true }) ?? undefined;
}

/** Removes a file, ignoring a missing one. */
export function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as { code?: string }).code !== "ENOENT") throw e;
  }
}

/** Removes a directory if it is empty (best effort: a directory in use stays). */
export function removeEmptyDirectory(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or gone
  }
}

/** Removes a directory tree created by this run (rollback). */
export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Open flags of a new file, as numbers: "wx" makes some runtimes look for the file
 * first, and Deno's `writeFileSync` with a mode ignores the umask; `openSync` with these
 * flags and a mode honours it on every runtime.
 */
const CREATE_NEW = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL;

/**
 * Creates a new file for writing (fails with EEXIST when it exists); `mode` is masked by
 * the umask. Returns its descriptor.
 */
export function createFile(file: string, mode = 0o666): number {
  return fs.openSync(file, CREATE_NEW, mode);
}

/** Writes all of `data` at a descriptor's position (a write may take only part of it). */
export function writeBytes(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

/** Closes a descriptor. */
export function closeFile(fd: number): void {
  fs.closeSync(fd);
}

/** Makes `target` a second name of `file` (fails with EEXIST when `target` exists). */
export function linkFile(file: string, target: string): void {
  fs.linkSync(file, target);
}

/** Renames a file or directory (replacing a file, or an empty directory, at `to`). */
export function rename(from: string, to: string): void {
  fs.renameSync(from, to);
}

/** File mode of a path (POSIX permission bits), or undefined. */
export function fileMode(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** The user's home directory (for `~` in paths). */
export function homeDirectory(): string {
  return os.homedir();
}

/**
 * The path functions nvsforge uses, with the rules of one platform: node:path's `win32`
 * or `posix` object fits (tests pass `win32` to check the Windows rules on any host).
 */
export interface PathFlavour {
  /** Joins parts with the separator and normalizes (`..` applied). */
  join(...parts: string[]): string;
  /** An absolute path, each part resolved against the ones before it. */
  resolve(...parts: string[]): string;
  /** The directory part. */
  dirname(p: string): string;
  /** The last part. */
  basename(p: string, suffix?: string): string;
  /** The extension of the last part, with its dot, or "". */
  extname(p: string): string;
  /** Whether the path is absolute (on Windows also `\x`, rooted on the current drive). */
  isAbsolute(p: string): boolean;
  /** The path from one to the other ("" when the same; case-insensitive on Windows). */
  relative(from: string, to: string): string;
  /** The separator: "/" or "\\". */
  readonly sep: string;
}

/** Path helpers of the host platform. */
export const paths: PathFlavour = {
  join: path.join,
  resolve: path.resolve,
  dirname: path.dirname,
  basename: path.basename,
  extname: path.extname,
  isAbsolute: path.isAbsolute,
  relative: path.relative,
  sep: path.sep,
};

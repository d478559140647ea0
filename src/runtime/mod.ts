/**
 * The only module that touches the host: files, arguments, environment, exit status and
 * the terminal. It runs on Deno through Deno's own API and on Bun (or Node) through the
 * `node:*` modules (see `host.ts`); the rest of nvsforge never asks which runtime it is
 * on.
 *
 * @module
 */

import { denoHost } from "./deno_host.ts";
import type { FileKind, Host, OpenFile } from "./host.ts";
import { nodeHost } from "./node_host.ts";
import type { PathFlavour } from "./paths.ts";

export type { PathFlavour } from "./paths.ts";
export type { OpenFile } from "./host.ts";
export { normalJitPolicy } from "./jit.ts";

/** The runtime nvsforge runs on. */
export const host: Host = "Deno" in globalThis ? denoHost() : nodeHost();

/** Command-line arguments after the program name. */
export function args(): string[] {
  return host.args();
}

/** Ends the process with a status. */
export function exit(code: number): never {
  return host.exit(code);
}

/** The current directory. */
export function cwd(): string {
  return host.cwd();
}

/** An environment variable, or undefined. */
export function env(name: string): string | undefined {
  return host.env(name);
}

/** Whether standard error is a terminal (progress bars, colours). */
export function stderrIsTerminal(): boolean {
  return host.stderrIsTerminal();
}

/**
 * Writes to standard output, synchronously (a reader gone away ends the output
 * quietly; a full non-blocking pipe queues the rest in order).
 */
export function writeStdout(text: string): void {
  host.writeOutput(1, text);
}

/** Writes to standard error, as {@linkcode writeStdout} does. */
export function writeStderr(text: string): void {
  host.writeOutput(2, text);
}

/** Reads a whole file. */
export function readFile(file: string): Uint8Array {
  return host.readFile(file);
}

/** What a refused file is, in words. */
const KIND_WORDS: Partial<Record<FileKind, string>> = {
  fifo: "a FIFO (named pipe)",
  device: "a device",
  socket: "a socket",
};

/**
 * Reads a regular file of at most `maxBytes` bytes. Anything else fails with an error
 * whose message says why (its `code` is `ENOTREGULAR` or `ETOOLARGE`): a device, FIFO or
 * socket is refused before it is read (so `/dev/zero` or a FIFO never blocks or fills
 * the memory), and a file larger than `maxBytes` is refused by its size (one that grows
 * between that check and its read is refused after it).
 *
 * @param file the path.
 * @param maxBytes the largest size the caller can use.
 * @returns the file's bytes.
 */
export function readRegularFile(file: string, maxBytes: number): Uint8Array {
  const refuse = (why: { kind: FileKind } | { tooLarge: true }): Error => {
    const [code, message] = !("kind" in why)
      ? ["ETOOLARGE", `it is larger than ${maxBytes} bytes, the most that can be used here`]
      : why.kind === "directory"
      ? ["EISDIR", "is a directory"]
      : ["ENOTREGULAR", `it is not a regular file but ${KIND_WORDS[why.kind] ?? "not a file"}`];
    return Object.assign(new Error(message), { code });
  };
  return host.readRegularFile(file, maxBytes, refuse);
}

/** Decodes UTF-8 keeping a byte-order mark (callers strip it). */
const utf8KeepingBom = new TextDecoder("utf-8", { ignoreBOM: true });

/** Reads a whole file as UTF-8 text (a byte-order mark is kept; callers strip it). */
export function readTextFile(file: string): string {
  return utf8KeepingBom.decode(host.readFile(file));
}

/**
 * A path with every symbolic link (on Windows also every junction) resolved; a path
 * that does not exist keeps its missing tail (so that the caller's read reports it as
 * missing).
 */
export function realPath(file: string): string {
  try {
    return host.realPath(file);
  } catch {
    const parent = paths.dirname(file);
    if (parent === file) return file;
    return paths.join(realPath(parent), paths.basename(file));
  }
}

/** Whether a path exists (any kind of file). */
export function exists(file: string): boolean {
  try {
    host.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Whether a path is a directory. */
export function isDirectory(file: string): boolean {
  try {
    return host.stat(file).kind === "directory";
  } catch {
    return false;
  }
}

/** Size of a file in bytes, or undefined when it does not exist. */
export function fileSize(file: string): number | undefined {
  try {
    return host.stat(file).size;
  } catch {
    return undefined;
  }
}

/**
 * Creates a directory and its parents. Returns the first directory created (to remove
 * on rollback), or undefined when it existed.
 */
export function makeDirectory(dir: string): string | undefined {
  const full = paths.resolve(dir);
  let first: string | undefined;
  for (let d = full; !exists(d); d = paths.dirname(d)) {
    first = d;
    if (paths.dirname(d) === d) break;
  }
  host.makeDirectories(full);
  return first;
}

/** Removes a file, ignoring a missing one. */
export function removeFile(file: string): void {
  try {
    host.removeFile(file);
  } catch (e) {
    if ((e as { code?: string }).code !== "ENOENT") throw e;
  }
}

/** Removes a directory if it is empty (best effort: a directory in use stays). */
export function removeEmptyDirectory(dir: string): void {
  try {
    host.removeDirectory(dir);
  } catch {
    // not empty, or gone
  }
}

/** Removes a directory tree created by this run (rollback). */
export function removeTree(dir: string): void {
  host.removeTree(dir);
}

/**
 * Creates a new file for writing (fails with EEXIST when it exists); `mode` is masked by
 * the umask.
 */
export function createFile(file: string, mode = 0o666): OpenFile {
  return host.createFile(file, mode);
}

/**
 * Writes `data` to a new file (fails with EEXIST when it exists, and nothing is
 * touched); `mode` is masked by the umask. When the write fails, the file is removed.
 */
export function writeNewFile(file: string, data: Uint8Array, mode = 0o666): void {
  try {
    if (host.writeNewFile && mode === 0o666) host.writeNewFile(file, data);
    else {
      const f = createFile(file, mode);
      try {
        writeBytes(f, data);
      } finally {
        closeFile(f);
      }
    }
  } catch (e) {
    if ((e as { code?: string }).code !== "EEXIST") {
      try {
        removeFile(file);
      } catch {
        // not there, or not ours to remove
      }
    }
    throw e;
  }
}

/** Writes all of `data` at a file's position (a write may take only part of it). */
export function writeBytes(f: OpenFile, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += host.write(f, data, off);
}

/** Closes a file. */
export function closeFile(f: OpenFile): void {
  host.close(f);
}

/** Makes `target` a second name of `file` (fails with EEXIST when `target` exists). */
export function linkFile(file: string, target: string): void {
  host.link(file, target);
}

/** Renames a file or directory (replacing a file, or an empty directory, at `to`). */
export function rename(from: string, to: string): void {
  host.rename(from, to);
}

/** File mode of a path (POSIX permission bits), or undefined. */
export function fileMode(file: string): number | undefined {
  try {
    return host.stat(file).mode;
  } catch {
    return undefined;
  }
}

/** The user's home directory (for `~` in paths). */
export function homeDirectory(): string {
  return host.homeDirectory();
}

/** Path helpers of the host platform. */
export const paths: PathFlavour = host.paths;

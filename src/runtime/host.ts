/**
 * What nvsforge asks of the runtime it runs on, as one small interface with one
 * implementation per runtime: `deno_host.ts` speaks Deno's own API, `node_host.ts` the
 * `node:*` modules (Bun, Node). Deno provides `node:*` too, but loading them costs some
 * 45 ms at start-up (and again in every worker thread), more than a one-image run takes;
 * Deno's own API costs nothing to load.
 *
 * Only `mod.ts` and `stream.ts` use a host; the rest of nvsforge calls their functions.
 *
 * @module
 */

import type { PathFlavour } from "./paths.ts";

/** What a path names. */
export type FileKind = "file" | "directory" | "fifo" | "device" | "socket" | "symlink" | "other";

/** What nvsforge needs to know of a file. */
export interface FileInfo {
  kind: FileKind;
  /** Size in bytes. */
  size: number;
  /** Modification time in milliseconds. */
  mtimeMs: number;
  /** POSIX permission bits, or undefined (Windows). */
  mode?: number;
}

/** A file opened by a host (its descriptor or handle; only that host uses it). */
export type OpenFile = { readonly __openFile: unique symbol };

/** A worker thread, as the thread that started it sees it. */
export interface Thread {
  /** Sends a message (structured clone). */
  post(message: unknown): void;
  /** Stops the thread. */
  terminate(): void;
}

/** The thread that started this one, as a worker thread sees it. */
export interface ParentThread {
  post(message: unknown): void;
  listen(handler: (message: unknown) => void): void;
}

/** Receives a worker thread's messages and its failure. */
export interface ThreadHandlers {
  message(message: unknown): void;
  error(error: Error): void;
}

/** The interruption signals a batch run handles. */
export type InterruptSignal = "SIGINT" | "SIGTERM";

/**
 * One runtime's files, process and threads. Errors from the file system carry node's
 * `code` strings (ENOENT, EEXIST, EISDIR, EACCES...) on every host.
 */
export interface Host {
  /** Whether paths follow Windows' rules. */
  readonly windows: boolean;
  /** Path functions of the platform. */
  readonly paths: PathFlavour;

  /** Command-line arguments after the program name. */
  args(): string[];
  /** Ends the process with a status. */
  exit(code: number): never;
  /** The current directory. */
  cwd(): string;
  /** An environment variable, or undefined. */
  env(name: string): string | undefined;
  /** The user's home directory. */
  homeDirectory(): string;
  /** Whether standard error is a terminal. */
  stderrIsTerminal(): boolean;
  /**
   * Writes text to standard output (1) or error (2), synchronously where the host can;
   * a reader gone away (a closed pipe) ends the output quietly.
   */
  writeOutput(fd: 1 | 2, text: string): void;

  /** Reads a whole file. */
  readFile(file: string): Uint8Array;
  /**
   * Reads a regular file of at most `maxBytes` bytes (see `mod.ts`'s readRegularFile;
   * `refuse` makes the error for a file that is not regular, or too large).
   */
  readRegularFile(file: string, maxBytes: number, refuse: RegularFileRefusal): Uint8Array;
  /** Information on a path, following symbolic links (throws when it cannot be read). */
  stat(file: string): FileInfo;
  /** Information on a path itself (a symbolic link is not followed). */
  lstat(file: string): FileInfo;
  /** The path with every link resolved (throws when it does not exist). */
  realPath(file: string): string;
  /** Creates a directory and its missing parents (nothing when it exists). */
  makeDirectories(dir: string): void;
  /** Removes a file (throws ENOENT when missing). */
  removeFile(file: string): void;
  /** Removes an empty directory (throws when not empty). */
  removeDirectory(dir: string): void;
  /** Removes a directory tree, ignoring a missing one. */
  removeTree(dir: string): void;
  /** Makes `target` a second name of `file`. */
  link(file: string, target: string): void;
  /** Renames a file or directory. */
  rename(from: string, to: string): void;
  /** The names in a directory, one by one (nothing when it cannot be read). */
  listDirectory(dir: string): Generator<string>;

  /** Opens a file for reading. */
  openRead(file: string): OpenFile;
  /** Creates a new file for writing (EEXIST when it exists); `mode` is masked by the umask. */
  createFile(file: string, mode: number): OpenFile;
  /**
   * Creates a new file holding `data` with the default mode (0o666 masked by the umask;
   * EEXIST when it exists) in one call, where the host has such a call. A failure may
   * leave the file created, partly written.
   */
  writeNewFile?(file: string, data: Uint8Array): void;
  /** Reads into `buf` from `offset`; 0 at the end of the file. */
  read(f: OpenFile, buf: Uint8Array, offset: number): number;
  /** Writes some of `data` from `offset`; returns how many bytes were written. */
  write(f: OpenFile, data: Uint8Array, offset: number): number;
  /** Closes a file. */
  close(f: OpenFile): void;

  /** CPUs this process may use. */
  cpuCount(): number;
  /** Starts a worker thread running the module at `url`. */
  startThread(url: URL, handlers: ThreadHandlers, youngGenerationMb?: number): Thread;
  /** The parent of this thread, when it is a worker thread. */
  parentThread(): ParentThread | undefined;
  /** Calls `handler` on a signal; returns what removes it. */
  onSignal(signal: InterruptSignal, handler: () => void): () => void;
}

/** Makes the error of a file that cannot be read as a regular one. */
export type RegularFileRefusal = (
  why: { kind: FileKind } | { tooLarge: true },
) => Error;

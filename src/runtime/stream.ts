/**
 * Host capabilities for long batch runs (`nvsforge generate` on a million devices):
 * reading a big file in chunks, writing a file progressively under a temporary name,
 * listing a directory without holding it, the number of CPUs, interruption signals and
 * the clock. Like `mod.ts`, it uses `node:*` modules only, which Deno and Bun provide.
 *
 * @module
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { parentPort, Worker } from "node:worker_threads";
import { readRegularFile } from "./mod.ts";

/**
 * Reads a file in chunks of `chunkSize` bytes, synchronously (the batch runner reads
 * its master file this way: memory stays bounded whatever the file's size).
 *
 * @param file the path.
 * @param chunkSize bytes per chunk (default 64 KiB).
 * @returns an iterable of chunks. Each chunk is a view of one buffer reused for the
 *   next: use (or copy) it before asking for the next one.
 * @throws the file system's error (code ENOENT, EACCES, EISDIR...) when the file cannot
 *   be opened or read.
 */
export function* readChunks(file: string, chunkSize = 64 * 1024): Generator<Uint8Array> {
  const fd = fs.openSync(file, "r");
  const buf = new Uint8Array(chunkSize);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, chunkSize, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Compares bytes produced piece by piece with a file's content, reading the file as it
 * goes: nothing is held but one chunk of each.
 *
 * @example
 * ```ts ignore
 * const same = new FileComparer("values_tmp_created.csv");
 * same.feed(new TextEncoder().encode("id,a\r\n"));
 * console.log(same.end()); // true when the file holds exactly the bytes fed
 * ```
 */
export class FileComparer {
  readonly #chunks: Iterator<Uint8Array>;
  #chunk: Uint8Array = new Uint8Array(0);
  #at = 0;
  #equal = true;

  /** Opens the file. Throws the file system's error when it cannot be read. */
  constructor(file: string) {
    this.#chunks = readChunks(file);
  }

  /** Compares the next bytes. */
  feed(data: Uint8Array): void {
    let i = 0;
    while (this.#equal && i < data.length) {
      if (this.#at === this.#chunk.length) {
        const next = this.#chunks.next();
        if (next.done) {
          this.#equal = false;
          return;
        }
        this.#chunk = next.value;
        this.#at = 0;
      }
      const n = Math.min(data.length - i, this.#chunk.length - this.#at);
      for (let k = 0; k < n; k++) {
        if (data[i + k] !== this.#chunk[this.#at + k]) {
          this.#equal = false;
          return;
        }
      }
      i += n;
      this.#at += n;
    }
  }

  /** Whether the file held exactly the bytes fed; closes it. */
  end(): boolean {
    if (this.#equal && this.#at === this.#chunk.length) {
      this.#equal = this.#chunks.next().done === true;
    } else if (this.#equal) {
      this.#equal = false;
    }
    this.#chunks.return?.();
    return this.#equal;
  }
}

/** Size and modification time of a file: enough to notice that it changed between passes. */
export interface FileStamp {
  /** Size in bytes. */
  size: number;
  /** Modification time in milliseconds. */
  mtimeMs: number;
}

/** The size and modification time of a file, or undefined when it does not exist. */
export function fileStamp(file: string): FileStamp | undefined {
  try {
    const s = fs.statSync(file);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

/** A file being written progressively under a temporary name beside its target. */
export interface ProgressiveFile {
  /** The temporary path. */
  readonly tmp: string;
  /** Appends bytes. */
  write(data: Uint8Array): void;
  /** Closes the file and renames it to its target (replacing an existing target). */
  commit(): void;
  /** Closes and removes the temporary file (safe to call twice, or after commit). */
  discard(): void;
}

/**
 * Opens `.<name>.<random>.tmp` beside `target` for progressive writing; the target
 * appears only on {@linkcode ProgressiveFile.commit}. The directory must exist.
 */
export function openProgressive(target: string, mode?: number): ProgressiveFile {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let fd = -1;
  let tmp = "";
  for (let attempt = 0; fd < 0; attempt++) {
    const suffix = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0");
    tmp = path.join(dir, `.${base}.${suffix}.tmp`);
    try {
      fd = fs.openSync(tmp, "wx", mode ?? 0o666);
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST" || attempt >= 10) throw e;
    }
  }
  let open = true;
  const close = () => {
    if (open) {
      open = false;
      fs.closeSync(fd);
    }
  };
  let committed = false;
  return {
    tmp,
    write(data: Uint8Array) {
      writeAll(fd, data);
    },
    commit() {
      close();
      fs.renameSync(tmp, target);
      committed = true;
    },
    discard() {
      close();
      if (!committed) {
        try {
          fs.unlinkSync(tmp);
        } catch {
          // already gone
        }
      }
    },
  };
}

/**
 * A run tag: 8 hex digits naming the temporary files of one run, so that they can be
 * told apart from those of an earlier (killed) run.
 */
export function newRunTag(): string {
  return (Math.random() * 0x100000000 >>> 0).toString(16).padStart(8, "0");
}

/** The staged (temporary) name of `target` in the run tagged `tag`: `.<name>.<tag>.tmp`. */
export function stagedName(target: string, tag: string): string {
  const slash = Math.max(target.lastIndexOf("/"), target.lastIndexOf(path.sep));
  return `${target.slice(0, slash + 1)}.${target.slice(slash + 1)}.${tag}.tmp`;
}

/**
 * Open flags of a new file, as numbers: "wx" makes some runtimes look for the file
 * first (one system call more), where O_EXCL has the open itself fail.
 */
const CREATE_NEW = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL;

/**
 * Writes `data` to a new file (created with `mode`; fails when `file` exists): three
 * system calls.
 */
export function writeNewFile(file: string, data: Uint8Array, mode?: number): void {
  // open/write/close rather than writeFileSync, which changes the mode again afterwards
  // on some runtimes: one system call more per file.
  const fd = fs.openSync(file, CREATE_NEW, mode ?? 0o666);
  try {
    writeAll(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `data` under the staged name of `target` (created with `mode`, never over an
 * existing file). {@linkcode commitStaged} moves it into place.
 */
export function stageFile(target: string, data: Uint8Array, tag: string, mode?: number): void {
  writeNewFile(stagedName(target, tag), data, mode);
}

/** Writes all of `data` at the file's position (a write may take only part of it). */
function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

/**
 * Moves the staged file of `target` into place, replacing `target` (the run checked
 * beforehand that it may). One system call.
 *
 * @returns false when there is no staged file (nothing was staged for `target`).
 */
export function commitStaged(target: string, tag: string): boolean {
  try {
    fs.renameSync(stagedName(target, tag), target);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT" && !fs.existsSync(stagedName(target, tag))) {
      return false;
    }
    throw e;
  }
}

/**
 * Moves a staging directory into place as `dir`, which did not exist when the run
 * started: one system call. When that fails (`dir` appeared meanwhile, or a file in the
 * staging directory is held open), its files are moved one by one into `dir` instead,
 * never over an existing file, and the staging directory is removed.
 *
 * @throws the file system's error for the first file that cannot be moved (EEXIST when
 *   `dir` has a file of that name).
 */
export function commitStagingDirectory(staging: string, dir: string): void {
  try {
    fs.renameSync(staging, dir);
    return;
  } catch {
    // one by one, below
  }
  fs.mkdirSync(dir, { recursive: true });
  // A few thousand names at a time, each from a new listing: a directory is not
  // changed while it is being read.
  for (;;) {
    const names: string[] = [];
    for (const name of listDirectory(staging)) if (names.push(name) >= 4096) break;
    if (names.length === 0) break;
    for (const name of names) {
      const target = path.join(dir, name);
      if (fs.existsSync(target)) {
        throw Object.assign(new Error(`file exists: ${target}`), { code: "EEXIST" });
      }
      fs.renameSync(path.join(staging, name), target);
    }
  }
  fs.rmdirSync(staging);
}

/** Removes the files staged by the run tagged `tag` in `dir`; returns how many. */
export function removeStaged(dir: string, tag: string): number {
  const suffix = `.${tag}.tmp`;
  const staged: string[] = [];
  for (const name of listDirectory(dir)) {
    if (name.startsWith(".") && name.endsWith(suffix)) staged.push(name);
  }
  for (const name of staged) {
    try {
      fs.unlinkSync(path.join(dir, name));
    } catch {
      // already gone
    }
  }
  return staged.length;
}

/**
 * The names in a directory, read a batch at a time (a directory of a million files is
 * never held in memory at once). Nothing when the directory does not exist.
 */
export function* listDirectory(dir: string): Generator<string> {
  let d: fs.Dir;
  try {
    d = fs.opendirSync(dir);
  } catch {
    return;
  }
  try {
    for (;;) {
      const e = d.readSync();
      if (e === null) return;
      yield e.name;
    }
  } finally {
    d.closeSync();
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The number of CPUs available to the process (at least 1). */
export function cpuCount(): number {
  const n = typeof os.availableParallelism === "function"
    ? os.availableParallelism()
    : os.cpus().length;
  return Math.max(1, n || 1);
}

/**
 * Reads `file`-type values relative to a directory fixed once (the current directory
 * is not looked up again for every file).
 */
export function fileReaderFrom(dir: string, maxBytes: number): (file: string) => Uint8Array {
  // On POSIX the system resolves the path as the reference's open() has it resolved
  // (`..` after a symbolic link included), and nothing needs normalizing. On Windows
  // resolve, not join: a drive-relative path (C:certs\x.pem) keeps its drive.
  const locate = path.sep === "/"
    ? (file: string) => file.startsWith("/") ? file : `${dir}/${file}`
    : (file: string) => path.isAbsolute(file) ? file : path.resolve(dir, file);
  // A regular file of at most maxBytes: never a device or FIFO that would not end.
  return (file: string) => readRegularFile(locate(file), maxBytes);
}

/** A worker thread, as the batch runner uses one. */
export interface Thread {
  /** Sends a message (structured clone). */
  post(message: unknown): void;
  /** Stops the thread. */
  terminate(): void;
}

/**
 * Starts a worker thread running the module at `url`. `youngGenerationMb` caps the
 * thread's young-generation heap (V8; ignored elsewhere): a thread that allocates a lot
 * of short-lived data then keeps a small footprint, where V8 would otherwise let it grow
 * to tens of megabytes. `onExit` is called when the thread dies on its own.
 */
export function startThread(
  url: URL,
  handlers: {
    message(message: unknown): void;
    error(error: Error): void;
  },
  youngGenerationMb?: number,
): Thread {
  const w = new Worker(url, {
    resourceLimits: youngGenerationMb ? { maxYoungGenerationSizeMb: youngGenerationMb } : undefined,
  });
  let terminated = false;
  w.on("message", (m: unknown) => handlers.message(m));
  w.on("error", (e: Error) => handlers.error(e));
  w.on("exit", (code: number) => {
    if (!terminated) handlers.error(new Error(`worker thread exited with status ${code}`));
  });
  return {
    post: (m) => w.postMessage(m),
    terminate: () => {
      terminated = true;
      w.terminate();
    },
  };
}

/**
 * In a worker thread started by {@linkcode startThread}: receives messages from the
 * thread that started it and replies. Undefined in the main thread.
 */
export function parentThread():
  | { post(message: unknown): void; listen(handler: (message: unknown) => void): void }
  | undefined {
  const port = parentPort;
  if (!port) return undefined;
  return {
    post: (m) => port.postMessage(m),
    listen: (h) => port.on("message", h),
  };
}

/** Milliseconds from an arbitrary origin, monotonic. */
export function now(): number {
  return performance.now();
}

/**
 * Calls `handler` when the process is asked to stop (SIGINT from Ctrl-C, SIGTERM),
 * instead of dying at once; the handler decides when to exit. Returns a function that
 * removes the handler. The handler runs only when the event loop gets control: a long
 * synchronous loop must yield (see {@linkcode yieldToEventLoop}).
 */
export function onInterrupt(handler: (signal: "SIGINT" | "SIGTERM") => void): () => void {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const listeners = signals.map((s) => {
    const l = () => handler(s);
    try {
      process.on(s, l);
    } catch {
      // a platform without this signal (SIGTERM on Windows)
    }
    return [s, l] as const;
  });
  return () => {
    for (const [s, l] of listeners) {
      try {
        process.off(s, l);
      } catch {
        // as above
      }
    }
  };
}

/** Lets pending events (signals, timers) run: resolves on the next turn of the event loop. */
export function yieldToEventLoop(): Promise<void> {
  // A timer, not setImmediate: Deno polls its pending operations (signals among them)
  // only when the event loop turns through its timers.
  return new Promise((resolve) => setTimeout(resolve, 0));
}

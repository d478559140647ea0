/**
 * Host capabilities for long batch runs (`nvsforge generate` on a million devices):
 * reading a big file in chunks, listing a directory without holding it, worker
 * threads, the number of CPUs, interruption signals and the clock. How files are
 * written safely is policy, in `src/file_protocol.ts`; how value files are read, in
 * `src/value_files.ts`. Like `mod.ts`, it uses `node:*` modules only, which Deno and
 * Bun provide.
 *
 * @module
 */

import * as fs from "node:fs";
import * as os from "node:os";
import process from "node:process";
import { normalJitPolicy } from "./mod.ts";

/**
 * `node:worker_threads`, loaded when a thread is first started or asked for: a command
 * that starts none does not load it (in the compiled Bun executable it costs more
 * start-up than `node:fs`).
 */
function workerThreads(): typeof import("node:worker_threads") {
  return process.getBuiltinModule("node:worker_threads");
}

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
  const w = new (workerThreads().Worker)(url, {
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
  const port = workerThreads().parentPort;
  if (!port) return undefined;
  // A worker thread works through a batch's devices: hot code, the JIT's usual policy.
  normalJitPolicy();
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

/**
 * Host capabilities for long batch runs (`nvsforge generate` on a million devices):
 * reading a big file in chunks, listing a directory without holding it, worker
 * threads, the number of CPUs, interruption signals and the clock. How files are
 * written safely is policy, in `src/file_protocol.ts`; how value files are read, in
 * `src/value_files.ts`. Like `mod.ts`, it goes through the host (see `host.ts`).
 *
 * @module
 */

import { host } from "./mod.ts";
import type { ParentThread, Thread, ThreadHandlers } from "./host.ts";

export type { ParentThread, Thread, ThreadHandlers } from "./host.ts";

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
  const f = host.openRead(file);
  const buf = new Uint8Array(chunkSize);
  try {
    for (;;) {
      const n = host.read(f, buf, 0);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    host.close(f);
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
    const s = host.stat(file);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * The names in a directory, read a batch at a time (a directory of a million files is
 * never held in memory at once). Nothing when the directory does not exist.
 */
export function listDirectory(dir: string): Generator<string> {
  return host.listDirectory(dir);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The number of CPUs available to the process (at least 1). */
export function cpuCount(): number {
  return host.cpuCount();
}

/**
 * Starts a worker thread running the module at `url`. `youngGenerationMb` caps the
 * thread's young-generation heap where the host can (Bun's and Node's threads; Deno's
 * workers have no such limit): a thread that allocates a lot of short-lived data then
 * keeps a small footprint, where V8 would otherwise let it grow to tens of megabytes.
 * `handlers.error` is called when the thread fails or dies on its own.
 */
export function startThread(
  url: URL,
  handlers: ThreadHandlers,
  youngGenerationMb?: number,
): Thread {
  return host.startThread(url, handlers, youngGenerationMb);
}

/**
 * In a worker thread started by {@linkcode startThread}: receives messages from the
 * thread that started it and replies. Undefined in the main thread.
 */
export function parentThread(): ParentThread | undefined {
  return host.parentThread();
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
  const offs = (["SIGINT", "SIGTERM"] as const).map((s) => host.onSignal(s, () => handler(s)));
  return () => {
    for (const off of offs) off();
  };
}

/** Lets pending events (signals, timers) run: resolves on the next turn of the event loop. */
export function yieldToEventLoop(): Promise<void> {
  // A timer, not setImmediate: Deno polls its pending operations (signals among them)
  // only when the event loop turns through its timers.
  return new Promise((resolve) => setTimeout(resolve, 0));
}

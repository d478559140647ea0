/**
 * The host on Bun (and Node), through the `node:*` modules, which those runtimes load
 * at no cost. They are taken with `process.getBuiltinModule`, so that this module costs
 * nothing where it is not used (Deno).
 *
 * @module
 */

import type * as NodeFs from "node:fs";
import type * as NodeOs from "node:os";
import type * as NodePath from "node:path";
import type * as NodeWorkers from "node:worker_threads";
import type { FileInfo, FileKind, Host, OpenFile, Thread, ThreadHandlers } from "./host.ts";
import { normalJitPolicy } from "./jit.ts";

type NodeProcess = typeof globalThis.process;

function kindOf(st: NodeFs.Stats): FileKind {
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "directory";
  if (st.isSymbolicLink()) return "symlink";
  if (st.isFIFO()) return "fifo";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "device";
  if (st.isSocket()) return "socket";
  return "other";
}

function infoOf(st: NodeFs.Stats, windows: boolean): FileInfo {
  return {
    kind: kindOf(st),
    size: st.size,
    mtimeMs: st.mtimeMs,
    mode: windows ? undefined : st.mode & 0o777,
  };
}

const fd = (f: OpenFile) => f as unknown as number;

/**
 * The names in a directory through node:fs's directory reader, entry by entry (nothing
 * when it cannot be read): Bun's and Node's listing, and Deno's, whose own API reads a
 * whole directory at once.
 */
export function* listWithNodeFs(
  fs: Pick<typeof NodeFs, "opendirSync">,
  dir: string,
): Generator<string> {
  let d: NodeFs.Dir;
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

/**
 * Starts a `node:worker_threads` thread (`youngGenerationMb` caps its young-generation
 * heap): the threads of Bun and Node, and Deno's when a heap limit is asked for.
 */
export function startNodeThread(
  workers: typeof NodeWorkers,
  url: URL,
  handlers: ThreadHandlers,
  youngGenerationMb?: number,
): Thread {
  const w = new workers.Worker(url, {
    resourceLimits: youngGenerationMb ? { maxYoungGenerationSizeMb: youngGenerationMb } : undefined,
  });
  // A thread that fails (its module not found, an uncaught error) emits "error" and
  // then "exit": one failure, reported once (a second report would turn a worker that
  // could not start, which the pool survives, into a failed run).
  let ended = false;
  const end = (e: Error) => {
    if (ended) return;
    ended = true;
    handlers.error(e);
  };
  w.on("message", (m: unknown) => handlers.message(m));
  w.on("error", (e: Error) => end(e));
  w.on("exit", (code: number) => end(new Error(`worker thread exited with status ${code}`)));
  return {
    post: (m) => w.postMessage(m),
    terminate: () => {
      ended = true;
      w.terminate();
    },
  };
}

/** Creates the host of Bun and Node. */
export function nodeHost(): Host {
  const process = (globalThis as unknown as { process: NodeProcess }).process;
  const load = <T>(name: string) => process.getBuiltinModule(name) as T;
  const fs = load<typeof NodeFs>("node:fs");
  const os = load<typeof NodeOs>("node:os");
  const path = load<typeof NodePath>("node:path");
  const windows = process.platform === "win32";
  const { O_RDONLY, O_NONBLOCK, O_WRONLY, O_CREAT, O_EXCL } = fs.constants;
  /** Open flags of a new file as numbers ("wx" makes some runtimes look for the file first). */
  const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL;

  /** Descriptors written through their stream (see writeOutput). */
  const throughStream = new Set<number>(windows ? [1, 2] : []);
  const stream = (n: 1 | 2) => n === 1 ? process.stdout : process.stderr;

  return {
    windows,
    paths: path,
    args: () => process.argv.slice(2),
    exit: (code) => process.exit(code),
    cwd: () => process.cwd(),
    env: (name) => process.env[name],
    homeDirectory: () => os.homedir(),
    stderrIsTerminal: () => Boolean(process.stderr.isTTY),
    /**
     * With `writeSync`, a one-shot command never creates the runtime's stream objects
     * (about 1.5 ms of start-up in the compiled executable). A non-blocking pipe that is
     * full (EAGAIN) hands the rest, and every later write, to the stream, which queues
     * it; a reader gone away (EPIPE) ends the output. Windows consoles keep the stream,
     * which converts text for the console.
     */
    writeOutput(n, text) {
      if (throughStream.has(n)) {
        stream(n).write(text);
        return;
      }
      const bytes = new TextEncoder().encode(text);
      let done = 0;
      try {
        while (done < bytes.length) done += fs.writeSync(n, bytes, done, bytes.length - done);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === "EPIPE") return;
        if (code !== "EAGAIN") throw e;
        throughStream.add(n);
        stream(n).write(bytes.subarray(done));
      }
    },

    readFile(f) {
      const b = fs.readFileSync(f);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    readRegularFile(file, maxBytes, refuse) {
      const st = fs.statSync(file);
      if (!st.isFile()) throw refuse({ kind: kindOf(st) });
      const size = st.size;
      if (size > maxBytes) throw refuse({ tooLarge: true });
      // Non-blocking: should the path have become a FIFO since the check, opening it does
      // not wait for a writer, nor does reading it. What was opened is checked again
      // (fstat) unless the reads found exactly the bytes the check saw, which only a
      // regular file of that size gives (an empty file is always checked: a FIFO without
      // a writer reads as empty). At most size + 1 bytes are read before that check.
      const d = fs.openSync(file, O_RDONLY | (O_NONBLOCK ?? 0));
      try {
        let checked = false;
        const check = () => {
          if (checked) return;
          checked = true;
          const opened = fs.fstatSync(d);
          if (!opened.isFile()) throw refuse({ kind: kindOf(opened) });
        };
        if (size === 0) check();
        let buf = new Uint8Array(size + 1);
        let n = 0;
        for (;;) {
          if (n === buf.length) {
            check();
            if (n > maxBytes) throw refuse({ tooLarge: true }); // grew while being read
            const bigger = new Uint8Array(Math.min(2 * n, maxBytes + 1));
            bigger.set(buf);
            buf = bigger;
          }
          let got: number;
          try {
            got = fs.readSync(d, buf, n, buf.length - n, null);
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
        fs.closeSync(d);
      }
    },
    stat: (f) => infoOf(fs.statSync(f), windows),
    lstat: (f) => infoOf(fs.lstatSync(f), windows),
    realPath: (f) => fs.realpathSync.native(f),
    makeDirectories: (dir) => void fs.mkdirSync(dir, { recursive: true }),
    removeFile: (f) => fs.unlinkSync(f),
    removeDirectory: (dir) => fs.rmdirSync(dir),
    removeTree: (dir) => fs.rmSync(dir, { recursive: true, force: true }),
    link: (f, target) => fs.linkSync(f, target),
    rename: (from, to) => fs.renameSync(from, to),
    listDirectory: (dir) => listWithNodeFs(fs, dir),

    openRead: (f) => fs.openSync(f, "r") as unknown as OpenFile,
    createFile: (f, mode) => fs.openSync(f, CREATE_NEW, mode) as unknown as OpenFile,
    read: (f, buf, offset) => fs.readSync(fd(f), buf, offset, buf.length - offset, null),
    write: (f, data, offset) => fs.writeSync(fd(f), data, offset, data.length - offset),
    close: (f) => fs.closeSync(fd(f)),

    cpuCount() {
      const n = typeof os.availableParallelism === "function"
        ? os.availableParallelism()
        : os.cpus().length;
      return Math.max(1, n || 1);
    },
    startThread: (url, handlers, youngGenerationMb) =>
      startNodeThread(load("node:worker_threads"), url, handlers, youngGenerationMb),
    parentThread() {
      const port = load<typeof NodeWorkers>("node:worker_threads").parentPort;
      if (!port) return undefined;
      // A worker thread works through a batch's devices: hot code, the JIT's usual policy.
      normalJitPolicy();
      return { post: (m) => port.postMessage(m), listen: (h) => port.on("message", h) };
    },
    onSignal(signal, handler) {
      try {
        process.on(signal, handler);
      } catch {
        return () => {}; // a platform without this signal (SIGTERM on Windows)
      }
      return () => {
        try {
          process.off(signal, handler);
        } catch {
          // as above
        }
      };
    },
  };
}

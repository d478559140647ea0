/**
 * The host on Deno, through Deno's own API: nothing to load at start-up, and worker
 * threads that start in a third of the time a `node:worker_threads` one takes there.
 *
 * @module
 */

import type * as NodeFs from "node:fs";
import type * as NodeWorkers from "node:worker_threads";
import type { FileInfo, FileKind, Host, OpenFile, ParentThread } from "./host.ts";
import { listWithNodeFs, startNodeThread } from "./node_host.ts";
import { posixPaths } from "./paths.ts";
import type { PathFlavour } from "./paths.ts";

/** `node:*` modules, for the little Deno's own API does not do the same way. */
function nodeModule<T>(name: string): T {
  return (globalThis as unknown as { process: { getBuiltinModule(id: string): T } })
    .process.getBuiltinModule(name);
}

function kindOf(st: Deno.FileInfo): FileKind {
  if (st.isFile) return "file";
  if (st.isDirectory) return "directory";
  if (st.isSymlink) return "symlink";
  if (st.isFifo) return "fifo";
  if (st.isCharDevice || st.isBlockDevice) return "device";
  if (st.isSocket) return "socket";
  return "other";
}

function infoOf(st: Deno.FileInfo): FileInfo {
  return {
    kind: kindOf(st),
    size: st.size,
    mtimeMs: st.mtime?.getTime() ?? 0,
    mode: st.mode === null ? undefined : st.mode & 0o777,
  };
}

const file = (f: OpenFile) => f as unknown as Deno.FsFile;
const encoder = new TextEncoder();

/** Writes `bytes` whole to standard output or error; a closed reader ends it quietly. */
function writeAll(fd: 1 | 2, bytes: Uint8Array, queue: { tail?: Promise<unknown> }): void {
  const out = fd === 1 ? Deno.stdout : Deno.stderr;
  let done = 0;
  try {
    // Once a write would have blocked, the rest keeps its order behind the queued ones.
    if (queue.tail === undefined) {
      while (done < bytes.length) done += out.writeSync(bytes.subarray(done));
      return;
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (e instanceof Deno.errors.BrokenPipe || code === "EPIPE") return;
    if (!(e instanceof Deno.errors.WouldBlock) && code !== "EAGAIN") throw e;
  }
  const rest = bytes.subarray(done);
  queue.tail = (queue.tail ?? Promise.resolve()).then(async () => {
    let off = 0;
    while (off < rest.length) off += await out.write(rest.subarray(off));
  }).catch(() => {});
}

/**
 * The worker side of a thread started by {@linkcode DenoHost.startThread}: a web worker,
 * or a `node:worker_threads` one (Deno gives both the worker's `postMessage` and its
 * message events; only workers have a global `postMessage`).
 */
function parentThread(): ParentThread | undefined {
  const self = globalThis as unknown as {
    postMessage?(m: unknown): void;
    addEventListener(type: "message", h: (e: MessageEvent) => void): void;
  };
  if (typeof self.postMessage !== "function") return undefined;
  return {
    post: (m) => self.postMessage!(m),
    listen: (h) => self.addEventListener("message", (e) => h(e.data)),
  };
}

/** Creates the Deno host. */
export function denoHost(): Host {
  const windows = Deno.build.os === "windows";
  const paths: PathFlavour = windows
    ? nodeModule<{ win32: PathFlavour }>("node:path").win32
    : posixPaths(() => Deno.cwd());
  const queues: Record<1 | 2, { tail?: Promise<unknown> }> = { 1: {}, 2: {} };
  return {
    windows,
    paths,
    args: () => [...Deno.args],
    exit: (code) => Deno.exit(code),
    cwd: () => Deno.cwd(),
    env: (name) => Deno.env.get(name),
    homeDirectory: () => Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? "",
    stderrIsTerminal: () => Deno.stderr.isTerminal(),
    writeOutput: (fd, text) => writeAll(fd, encoder.encode(text), queues[fd]),

    readFile: (f) => Deno.readFileSync(f),
    readRegularFile(path, maxBytes, refuse) {
      // Deno opens without O_NONBLOCK: a FIFO is told by its stat, before it is opened.
      const st = Deno.statSync(path);
      const kind = kindOf(st);
      if (kind !== "file") throw refuse({ kind });
      if (st.size > maxBytes) throw refuse({ tooLarge: true });
      // One call (open, read, close), without a file object: the cheapest read there is.
      const data = Deno.readFileSync(path);
      if (data.length > maxBytes) throw refuse({ tooLarge: true }); // grew since its stat
      return data;
    },
    stat: (f) => infoOf(Deno.statSync(f)),
    lstat: (f) => infoOf(Deno.lstatSync(f)),
    realPath: (f) => Deno.realPathSync(f),
    makeDirectories: (dir) => Deno.mkdirSync(dir, { recursive: true }),
    removeFile: (f) => Deno.removeSync(f),
    removeDirectory(dir) {
      // Deno's remove would take a file too.
      if (!Deno.lstatSync(dir).isDirectory) {
        throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
      }
      Deno.removeSync(dir);
    },
    removeTree(dir) {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    },
    link: (f, target) => Deno.linkSync(f, target),
    rename: (from, to) => Deno.renameSync(from, to),
    // node:fs's reader goes entry by entry; Deno's reads the whole directory at once,
    // which a million-device output directory would make big.
    listDirectory: (dir) => listWithNodeFs(nodeModule<typeof NodeFs>("node:fs"), dir),

    openRead: (f) => Deno.openSync(f) as unknown as OpenFile,
    // One call, no file object (Deno's writeFileSync applies a mode given to it over the
    // umask's: only the default mode goes this way).
    writeNewFile: (f, data) => Deno.writeFileSync(f, data, { createNew: true }),
    createFile: (f, mode) =>
      Deno.openSync(f, { write: true, createNew: true, mode }) as unknown as OpenFile,
    read: (f, buf, offset) => file(f).readSync(buf.subarray(offset)) ?? 0,
    write: (f, data, offset) => file(f).writeSync(offset ? data.subarray(offset) : data),
    close: (f) => file(f).close(),

    cpuCount: () => Math.max(1, navigator.hardwareConcurrency || 1),
    startThread(url, handlers, youngGenerationMb) {
      // Only node:worker_threads caps a thread's heap here (a long batch asks for it, and
      // pays the ~100 ms its node:* modules take to load in the thread); a web worker
      // starts in a third of the time.
      if (youngGenerationMb !== undefined) {
        const workers = nodeModule<typeof NodeWorkers>("node:worker_threads");
        return startNodeThread(workers, url, handlers, youngGenerationMb);
      }
      const w = new Worker(url, { type: "module" });
      w.onmessage = (e) => handlers.message(e.data);
      w.onerror = (e) => {
        e.preventDefault();
        handlers.error(new Error(e.message));
      };
      w.onmessageerror = () => handlers.error(new Error("a message could not be read"));
      return { post: (m) => w.postMessage(m), terminate: () => w.terminate() };
    },
    parentThread,
    onSignal(signal, handler) {
      try {
        Deno.addSignalListener(signal, handler);
      } catch {
        return () => {}; // a platform without this signal (SIGTERM on Windows)
      }
      return () => Deno.removeSignalListener(signal, handler);
    },
  };
}

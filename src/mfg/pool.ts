/**
 * Runs the per-device work of a batch — preparing devices (pass 1: checked, built,
 * staged), committing them (pass 2: moved into place) — in the main thread or spread
 * over worker threads, with results delivered in submission order either way. Jobs are
 * small groups of consecutive devices; at most a few are in flight per worker, so memory
 * stays bounded.
 *
 * Worker threads pay off on big batches only (each one loads nvsforge's modules first):
 * the runner asks for them when the master file is big or `--jobs` says so, and falls
 * back to the main thread when they cannot start (an executable built without the
 * worker module, for example).
 *
 * @module
 */

import type { Warning } from "../errors.ts";
import type { BatchOptions } from "./batch.ts";
import type {
  CommitOutcome,
  DeviceJob,
  DeviceWriter,
  Prepared,
  Staging,
  WriterSettings,
} from "./device_writer.ts";
import { errorToData, NvsforgeError } from "../errors.ts";
import type { ErrorData } from "../errors.ts";
import type { MasterLayout } from "./master.ts";
import * as st from "../runtime/stream.ts";

/** A group of devices to prepare (pass 1) or to commit (pass 2). */
export type PoolJob =
  | {
    kind: "prepare";
    devices: DeviceJob[];
    /** Also look for the devices' existing files (their output directories exist). */
    existing: boolean;
    /** `--resume`: compare existing files with what would be written. */
    resume: boolean;
    /** How to stage the devices' files. Absent: check only. */
    stage?: Staging;
    /** Describe each device's files for the manifest. */
    describe: boolean;
  }
  | {
    kind: "commit";
    devices: (Pick<DeviceJob, "index" | "name"> & { state: number })[];
    /** How they were staged. */
    stage: Staging;
  };

/** The outcome of a prepare job: per device, what was found and staged. */
export interface PrepareResult {
  kind: "prepare";
  prepared: Prepared[];
}

/** The outcome of a commit job: the devices committed, and the error that stopped it. */
export interface CommitResult {
  kind: "commit";
  outcomes: CommitOutcome[];
  error?: ErrorData;
}

/** A result, or a bug report from a worker. */
export type PoolResult = PrepareResult | CommitResult | { kind: "crash"; message: string };

/** Runs one job with a device writer (in whichever thread holds it). */
export function runJob(writer: DeviceWriter, job: PoolJob): PoolResult {
  if (job.kind === "prepare") {
    return { kind: "prepare", prepared: job.devices.map((d) => writer.prepare(d, job)) };
  }
  const outcomes: CommitOutcome[] = [];
  for (const d of job.devices) {
    try {
      outcomes.push({ index: d.index, written: writer.commit(d, d.state, job.stage) });
    } catch (e) {
      if (e instanceof NvsforgeError) return { kind: "commit", outcomes, error: errorToData(e) };
      throw e;
    }
  }
  return { kind: "commit", outcomes };
}

/** Receives the result of one job. */
export type ResultHandler = (r: PoolResult) => void;

/**
 * Runs jobs and delivers their results in submission order, each to the handler it was
 * submitted with (a pass hands its own; nothing is reassigned between passes).
 */
export interface DevicePool {
  /** Worker threads in use (0: the main thread does the work). */
  readonly threads: number;
  /** Submits a job; resolves when another one may be submitted. */
  submit(job: PoolJob, onResult: ResultHandler): Promise<void>;
  /** Resolves when every submitted job's result has been delivered. */
  drain(): Promise<void>;
  /** Stops the workers. */
  close(): void;
}

/** The main thread does the work, one job at a time. */
export class LocalPool implements DevicePool {
  readonly threads = 0;
  constructor(readonly writer: DeviceWriter) {}
  submit(job: PoolJob, onResult: ResultHandler): Promise<void> {
    onResult(runJob(this.writer, job));
    return Promise.resolve();
  }
  drain(): Promise<void> {
    return Promise.resolve();
  }
  close(): void {}
}

/** What a worker needs to build its own device writer (structured-clone safe). */
export interface WorkerInit {
  /** The configuration's text. */
  configText: string;
  /** Batch options without the file reader. */
  options: Omit<BatchOptions, "readFile" | "size"> & { size: number | string };
  /** The master file's header layout. */
  layout: MasterLayout;
  /** Output directory, encryption, force. */
  settings: WriterSettings;
  /** How `file`-type values are read: relative to `cwd`, or confined to `fileRoot`. */
  files: { cwd: string; fileRoot?: string };
}

/** Messages from a worker. */
export type WorkerReply =
  | { type: "ready" }
  | { type: "failed"; message: string }
  | { type: "result"; seq: number; result: string };

interface Slot {
  thread: st.Thread;
  inFlight: number;
}

/** Jobs in flight per worker. */
const PER_WORKER = 2;

/**
 * Where the worker module may be: beside this module (running from source, or a
 * `deno compile` executable that includes it), or under the bundle's root (a
 * `bun build --compile` executable given `src/mfg/worker.ts` as a second entry point).
 * Each is tried in turn; loading a missing module fails at once.
 */
export function workerUrls(): URL[] {
  return [
    new URL("./worker.ts", import.meta.url),
    new URL("./src/mfg/worker.ts", import.meta.url),
  ];
}
/**
 * Young-generation heap of a worker thread, in MB. V8 would let a thread that allocates
 * as much as a batch does grow it to 64 MB; a few MB cost little time (its garbage dies
 * young) and keep a million-device run small.
 */
const WORKER_YOUNG_GENERATION_MB = 4;

/**
 * Work spread over worker threads. The threads start in the background, and each one
 * takes jobs as soon as it is ready (they load nvsforge's modules first, some 50-150 ms,
 * the second one later than the first on a busy machine). Until the first is ready, and
 * for good when none can start (an executable built without the worker module, for
 * example), the jobs run in this thread, with `local`.
 */
export class WorkerPool implements DevicePool {
  /** The workers ready for jobs. */
  readonly #slots: Slot[] = [];
  /** Every worker started, ready or not (each is stopped on close). */
  readonly #started: st.Thread[] = [];
  /** Per job in flight, its handler; its result once it came (delivered in order). */
  readonly #handlers = new Map<number, ResultHandler>();
  readonly #pending = new Map<number, PoolResult>();
  readonly #local: DeviceWriter;
  readonly #capHeaps: boolean;
  #nextSeq = 0;
  #nextDelivery = 0;
  #waiters: (() => void)[] = [];
  #crash: Error | undefined;
  #closed = false;

  /**
   * Starts `count` workers in the background (each loads its modules and `init`); jobs
   * submitted meanwhile run in this thread with `local`.
   *
   * @param capHeaps cap each worker's young-generation heap (a long batch: memory stays
   *   flat; on Deno such a thread takes longer to start).
   */
  constructor(count: number, init: WorkerInit, local: DeviceWriter, capHeaps = false) {
    this.#local = local;
    this.#capHeaps = capHeaps;
    void this.#boot(count, init);
  }

  get threads(): number {
    return this.#slots.length;
  }

  async #boot(count: number, init: WorkerInit): Promise<void> {
    for (const url of workerUrls()) {
      if (this.#closed || await this.#startFrom(url, count, init)) return;
    }
  }

  /**
   * Starts `count` workers from the module at `url`; each one takes jobs as soon as it
   * is ready. Resolves with whether any started (none: the module is not there).
   */
  async #startFrom(url: URL, count: number, init: WorkerInit): Promise<boolean> {
    const started: Promise<boolean>[] = [];
    for (let i = 0; i < count && !this.#closed; i++) {
      let settle: (ok: boolean) => void = () => {};
      started.push(new Promise<boolean>((resolve) => settle = resolve));
      let thread: st.Thread | undefined;
      let ready = false;
      let joined: Slot | undefined;
      const timer = setTimeout(() => {
        settle(false);
        thread?.terminate();
      }, 30_000);
      try {
        thread = st.startThread(url, {
          message: (m) => {
            const msg = m as WorkerReply;
            if (ready) {
              this.#message(joined!, msg);
              return;
            }
            clearTimeout(timer);
            ready = msg.type === "ready";
            if (!ready || this.#closed) thread!.terminate();
            else {
              joined = { thread: thread!, inFlight: 0 };
              this.#slots.push(joined);
              this.#wake();
            }
            settle(ready);
          },
          error: (e) => {
            if (ready) {
              this.#fail(new Error(`worker thread failed: ${e.message}`));
              return;
            }
            clearTimeout(timer);
            thread?.terminate();
            settle(false);
          },
        }, this.#capHeaps ? WORKER_YOUNG_GENERATION_MB : undefined);
        this.#started.push(thread);
        thread.post({ type: "init", init });
      } catch {
        // no worker support here
        clearTimeout(timer);
        settle(false);
      }
    }
    return (await Promise.all(started)).some(Boolean);
  }

  #message(slot: Slot, msg: WorkerReply): void {
    if (msg.type !== "result") return;
    slot.inFlight--;
    const result = JSON.parse(msg.result) as PoolResult;
    if (result.kind === "crash") {
      this.#fail(new Error(`worker thread failed: ${result.message}`));
      return;
    }
    this.#deliver(msg.seq, result);
    this.#wake();
  }

  /** Holds a result until those submitted before it are delivered. */
  #deliver(seq: number, result: PoolResult): void {
    this.#pending.set(seq, result);
    while (this.#pending.has(this.#nextDelivery)) {
      const next = this.#nextDelivery++;
      const r = this.#pending.get(next)!;
      const handle = this.#handlers.get(next)!;
      this.#pending.delete(next);
      this.#handlers.delete(next);
      handle(r);
    }
  }

  #fail(e: Error): void {
    this.#crash ??= e;
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  #wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async submit(job: PoolJob, onResult: ResultHandler): Promise<void> {
    for (;;) {
      if (this.#crash) throw this.#crash;
      if (this.#slots.length === 0) {
        // No worker ready (yet): this thread does the job, then lets a worker's "ready"
        // message in (a timer's turn of the event loop: Deno does not look at its
        // workers' messages on the turn another message makes).
        const seq = this.#nextSeq++;
        this.#handlers.set(seq, onResult);
        this.#deliver(seq, runJob(this.#local, job));
        await st.yieldToEventLoop();
        return;
      }
      const slot = this.#slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      if (slot.inFlight < PER_WORKER) {
        slot.inFlight++;
        this.#handlers.set(this.#nextSeq, onResult);
        // Jobs and results cross as JSON text: one string is cheaper to pass than the
        // structured clone of hundreds of small objects (Deno walks every one of them).
        slot.thread.post({ type: "job", seq: this.#nextSeq++, job: JSON.stringify(job) });
        return;
      }
      await this.#wait();
    }
  }

  async drain(): Promise<void> {
    while (this.#nextDelivery < this.#nextSeq) {
      if (this.#crash) throw this.#crash;
      await this.#wait();
    }
    if (this.#crash) throw this.#crash;
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#started) t.terminate();
  }
}

/** Warnings cross the worker boundary as plain data already. */
export type { Warning };

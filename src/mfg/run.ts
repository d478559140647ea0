/**
 * A batch run on disk, as `nvsforge generate` does it: two streaming passes over the
 * master values file.
 *
 * 1. The generating pass reads every row and checks everything — names, values,
 *    referenced files, sizes, files already there — and, while nothing is wrong, builds
 *    each device once and stages its files: an output directory that does not exist yet
 *    is written whole into a staging directory (`.<dir>-<prefix>.<run tag>.tmp`), one
 *    that exists gets each file beside its target (`.<name>.<run tag>.tmp`). All
 *    problems are reported together; after the first one, devices are only checked, and
 *    at the end everything staged is removed: a run with an error writes nothing.
 * 2. The committing pass moves the staged files into place in a fixed order (CSV, key
 *    files, image): a staging directory with one rename, files staged one by one with
 *    one rename each, in a second pass over the master file. An interrupted run leaves
 *    complete files only. `--resume` skips devices whose files are already complete
 *    (same bytes).
 *
 * Memory stays bounded whatever the number of devices: rows are streamed, and what is
 * kept per device is one byte (its resume state, only when outputs already exist) and,
 * with `--fileid`, a 12-byte hash. The per-device work runs in worker threads on big
 * batches (see `pool.ts`).
 *
 * @module
 */

import {
  describeSystemError as describe,
  Diagnostics,
  errorFromData as fromErrorData,
  failureFromData,
  failureToData,
  InterruptedError,
  NvsforgeError,
  OutputError,
  UsageError,
} from "../errors.ts";
import type { FailureData, StopSignal, Warning } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import * as st from "../runtime/stream.ts";
import * as fp from "../file_protocol.ts";
import { BatchChecker, MfgBatch } from "./batch.ts";
import type { BatchOptions, PlannedDevice } from "./batch.ts";
import type { DeviceRow, MasterLayout } from "./master.ts";
import { formatCsvRow } from "./csv_writer.ts";
import { DeviceState, DeviceWriter, writeError } from "./device_writer.ts";
import type { DeviceJob, RunEncryption, Staging } from "./device_writer.ts";
import { cachedReader } from "./file_cache.ts";
import { ErrorList, WarningDigest } from "./findings.ts";
import { fileLines } from "./file_lines.ts";
import { BufferedText } from "./buffered_text.ts";
import { ProgressDisplay, progressMode } from "./progress_display.ts";
import type { ProgressMode } from "./progress_display.ts";
import { manifestFile, manifestHeaderLine, manifestLine, manifestTotalsLine } from "./manifest.ts";
import type { ManifestFile, ManifestHeader } from "./manifest.ts";
import { summaryHeader, summaryLine as summaryCsvLine } from "../flash/summary.ts";
import type { FlashPart } from "../flash/layout.ts";
import { buildKeyPartition } from "../crypto/key_partition.ts";
import { deviceFiles } from "./naming.ts";
import type { FlashSettings } from "./device_writer.ts";
import { LocalPool, WorkerPool, workerUrls } from "./pool.ts";
import type { DevicePool, PoolJob, PoolResult } from "./pool.ts";
import { formatCount, formatDuration, summaryLine } from "./progress.ts";
import type { BatchSummary } from "./progress.ts";

export type { RunEncryption } from "./device_writer.ts";
export type { BatchSummary } from "./progress.ts";
export { progressMode } from "./progress_display.ts";
export type { ProgressMode } from "./progress_display.ts";

/** Everything a run needs. */
export interface BatchRun {
  /** The configuration file. */
  conf: string;
  /** The master values file. */
  values: string;
  /** Naming, size, version, file reader, strictness. */
  batch: BatchOptions;
  /** The output directory (`~` already expanded). */
  outdir: string;
  /** Encryption, if any. */
  encryption?: RunEncryption;
  /** Replace existing output files. */
  force?: boolean;
  /** Skip devices whose files are complete; finish the others. */
  resume?: boolean;
  /** Write a JSON Lines manifest to this file. */
  manifest?: string;
  /** The manifest's first line (the command line knows its inputs): written first. */
  manifestHeader?: ManifestHeader;
  /** With a partition table: each device's esptool argument file and Intel HEX. */
  flash?: FlashSettings;
  /** The batch summary (`summary-<prefix>.csv`). */
  summary?: SummarySettings;
  /** Receives warnings to print. */
  onWarnings?: (warnings: readonly Warning[]) => void;
  /** Progress display: a bar on a terminal, lines otherwise (default), or nothing. */
  progress?: "auto" | "bar" | "lines" | "none";
  /** Milliseconds between progress lines when standard error is not a terminal. */
  progressIntervalMs?: number;
  /**
   * Worker threads for the per-device work: a number (0: the main thread does it), or
   * "auto" (as many as CPUs, for a master file big enough to pay for starting them;
   * none for a small one). Default "auto".
   */
  jobs?: number | "auto";
  /**
   * Where the run is coordinated when worker threads are used: in a thread of its own
   * ("thread"), in this one ("main"), or "auto" (a thread for a big master file). Default
   * "auto".
   */
  coordinate?: "auto" | "thread" | "main";
  /**
   * How worker threads read `file`-type values (they cannot share `batch.readFile`):
   * relative to `cwd`, or confined to `fileRoot` (`--file-root`). Default: the current
   * directory.
   */
  files?: { cwd: string; fileRoot?: string };
}

/** The batch summary's settings. */
export interface SummarySettings {
  /** The file to write. */
  path: string;
  /** `--summary-columns`: master file columns (default: its metadata columns). */
  columns?: string[];
  /** The key file every device shares (`--inputkey`, `--kp_hmac_inputkey`), if any. */
  keyFile?: string;
}

/** The run was stopped by a signal; complete files only were left. */
export class BatchInterrupted extends InterruptedError {
  constructor(signal: StopSignal, readonly summary: BatchSummary) {
    super(signal);
    this.name = "BatchInterrupted";
  }
}

/**
 * Hooks for the tests of interrupted runs, set only by tests (the command line never
 * sets them): `afterGroup` is awaited after each group of devices a pass hands on, with
 * the pass and the devices handed on so far, so that a test can stop a run at a known
 * point instead of guessing when.
 */
export const passHooks: {
  afterGroup?: (pass: "generating" | "committing", devices: number) => Promise<void>;
} = {};

/** Devices per job handed to the pool. */
const JOB_DEVICES = 32;
/** Devices per commit job (moving files is cheap work). */
const COMMIT_DEVICES = 128;
/** A master file at least this big makes "auto" use worker threads. */
const AUTO_THREADS_BYTES = 256 * 1024;
/** Worker threads at most, for "auto" (each costs some 35 MB of memory). */
const MAX_AUTO_THREADS = 4;
/**
 * A master file at least this big (about 100,000 rows) is coordinated from a thread of
 * its own, whose heap stays small; below it the main thread coordinates, which spares
 * the second of start-up that threads started from a thread cost.
 */
const COORDINATOR_BYTES = 8 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

function readText(file: string, what: string): string {
  let bytes: Uint8Array;
  try {
    bytes = rt.readFile(file);
  } catch (e) {
    throw new NvsforgeError("file-unreadable", `cannot read the ${what}: ${describe(e)}`, {
      file,
    });
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new NvsforgeError("invalid-utf8", `the ${what} is not UTF-8 text: save it as UTF-8`, {
      file,
    });
  }
}

/**
 * `<stem>_tmp_created<ext>` beside the values file, as mfg_gen names the master file
 * with its REPEAT values filled in.
 *
 * @example
 * ```ts
 * import { createdValuesPath } from "./run.ts";
 * if (createdValuesPath("in/values.csv") !== "in/values_tmp_created.csv") throw new Error("path");
 * ```
 */
export function createdValuesPath(values: string): string {
  const ext = rt.paths.extname(values);
  return `${ext ? values.slice(0, -ext.length) : values}_tmp_created${ext}`;
}

/**
 * Runs a batch: checks everything, then writes. Resolves with its summary.
 *
 * When the per-device work goes to worker threads and the master file is big, the whole
 * run does: a coordinating thread reads the master file and hands devices to the others,
 * and this thread only relays signals and prints. Every thread then has a small
 * young-generation heap, which keeps a million-device run's memory low (the main
 * thread's heap cannot be sized once the runtime has started).
 *
 * @throws {NvsforgeError|NvsforgeErrors} every problem found before anything is written,
 *   or the output error that stopped the committing pass.
 * @throws {BatchInterrupted} on SIGINT or SIGTERM (every file written is complete).
 */
export async function runBatch(run: BatchRun): Promise<BatchSummary> {
  const mode = progressMode(run.progress);
  const bytes = st.fileStamp(run.values)?.size ?? 0;
  const where = run.coordinate ?? "auto";
  const inThread = where === "thread" || (where === "auto" && bytes >= COORDINATOR_BYTES);
  if (inThread && threadsFor(run, bytes) > 0) {
    const isolated = await runInThread(run, mode);
    if (isolated) return isolated.summary;
  }
  const runner = new BatchRunner(run, mode, rt.writeStderr);
  const off = st.onInterrupt((s) => runner.requestStop(s));
  try {
    return await runner.run();
  } finally {
    off();
  }
}

/** Threads to use for a run: worker threads asked for, or a master file big enough. */
function threadsFor(run: Pick<BatchRun, "jobs">, valuesBytes: number): number {
  const jobs = run.jobs ?? "auto";
  return jobs === "auto"
    ? (valuesBytes >= AUTO_THREADS_BYTES ? Math.min(st.cpuCount(), MAX_AUTO_THREADS) : 0)
    : Math.max(0, Math.floor(jobs));
}

/** What a coordinating thread needs: the run without its functions. */
export type ThreadRun = Omit<BatchRun, "onWarnings" | "batch" | "progress"> & {
  batch: Omit<BatchOptions, "readFile">;
  progress: ProgressMode;
};

/** Messages from a coordinating thread. */
export type CoordinatorReply =
  | { type: "stderr"; text: string }
  | { type: "warnings"; warnings: Warning[] }
  | { type: "done"; summary: BatchSummary }
  | { type: "failed"; error: SerializedFailure };

/** A run's failure as plain data: the error, and the summary of an interrupted run. */
export interface SerializedFailure {
  failure: FailureData;
  summary?: BatchSummary;
}

/** A failure → plain data (in the coordinating thread). */
export function serializeFailure(e: unknown): SerializedFailure {
  return {
    failure: failureToData(e),
    summary: e instanceof BatchInterrupted ? e.summary : undefined,
  };
}

function deserializeFailure(f: SerializedFailure): Error {
  const e = failureFromData(f.failure);
  if (e instanceof InterruptedError && f.summary) return new BatchInterrupted(e.signal, f.summary);
  return e;
}

/** Young-generation heap of the coordinating thread, in MB. */
const COORDINATOR_YOUNG_GENERATION_MB = 4;

/**
 * Runs the batch in a coordinating thread. Resolves undefined when threads cannot start
 * here (the caller then runs it in this thread).
 */
async function runInThread(
  run: BatchRun,
  mode: ProgressMode,
): Promise<{ summary: BatchSummary } | undefined> {
  for (const url of workerUrls()) {
    const r = await runInThreadFrom(url, run, mode);
    if (r !== "unavailable") return r;
  }
  return undefined;
}

function runInThreadFrom(
  url: URL,
  run: BatchRun,
  mode: ProgressMode,
): Promise<{ summary: BatchSummary } | "unavailable"> {
  const { onWarnings, batch, ...rest } = run;
  const { readFile: _, ...batchOptions } = batch;
  const threadRun: ThreadRun = {
    ...rest,
    batch: batchOptions,
    progress: mode,
    files: run.files ?? { cwd: rt.cwd() },
  };
  return new Promise((resolve, reject) => {
    let started = false;
    let settled = false;
    let off = () => {};
    let thread: st.Thread | undefined;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      off();
      thread?.terminate();
      f();
    };
    try {
      thread = st.startThread(url, {
        message: (m) => {
          const msg = m as CoordinatorReply;
          started = true;
          if (msg.type === "stderr") rt.writeStderr(msg.text);
          else if (msg.type === "warnings") onWarnings?.(msg.warnings);
          else if (msg.type === "done") settle(() => resolve({ summary: msg.summary }));
          else settle(() => reject(deserializeFailure(msg.error)));
        },
        error: (e) => {
          if (!started) settle(() => resolve("unavailable"));
          else settle(() => reject(new Error(`the batch thread failed: ${e.message}`)));
        },
      }, COORDINATOR_YOUNG_GENERATION_MB);
    } catch {
      resolve("unavailable");
      return;
    }
    off = st.onInterrupt((signal) => thread?.post({ type: "stop", signal }));
    thread.post({ type: "run", run: threadRun });
  });
}

/**
 * One run of a batch, in whichever thread runs it: the two passes, the pool of device
 * workers, progress. `write` receives the text for standard error.
 */
export class BatchRunner {
  readonly #run: BatchRun;
  readonly #t0 = st.now();
  readonly #batch: MfgBatch;
  readonly #configText: string;
  readonly #outdir: string;
  readonly #progress: ProgressDisplay;
  readonly #created?: string;
  readonly #outDirs: string[];
  readonly #errors = new ErrorList();
  readonly #warnings = new WarningDigest();
  readonly #writer: DeviceWriter;
  #pool?: DevicePool;
  #printedWarnings = 0;
  #stop: "SIGINT" | "SIGTERM" | undefined;
  #lastYield = st.now();
  #devices = 0;
  #written = 0;
  #skipped = 0;
  #files = 0;
  /** Names this run's staged files. */
  readonly #tag = fp.newRunTag();
  /** Directories this run made, outermost first. */
  readonly #made: string[] = [];
  /** The created values file and the manifest, being written. */
  readonly #progressive: fp.ProgressiveFile[] = [];
  /** How the output directories are staged (decided when pass 1 starts). */
  #plan: StagingPlan = { before: [], perFile: [], after: [] };
  /** The output directories staged whole → their staging directories. */
  #whole: Record<string, string> = {};
  /** Those moved into place. */
  readonly #wholeDone = new Set<string>();
  /** Files written into staging directories. */
  #stagedWhole = 0;
  /** Whether any file has been moved into place. */
  #committedAny = false;

  readonly #say: (text: string) => void;

  constructor(run: BatchRun, mode: ProgressMode, write: (text: string) => void) {
    this.#run = run;
    this.#say = write;
    const readFile = run.batch.readFile ? cachedReader(run.batch.readFile) : undefined;
    this.#configText = readText(run.conf, "configuration file");
    this.#batch = new MfgBatch(this.#configText, {
      ...run.batch,
      readFile,
      configName: run.conf,
      valuesName: run.values,
      withKeyFiles: run.encryption?.kind === "keygen",
    });
    this.#outdir = rt.paths.resolve(rt.cwd(), run.outdir);
    this.#progress = new ProgressDisplay(mode, write, run.progressIntervalMs);
    this.#created = this.#batch.config.keys.some((k) => k.repeat)
      ? createdValuesPath(run.values)
      : undefined;
    this.#outDirs = [
      "csv",
      "bin",
      ...(run.encryption?.kind === "keygen" ? ["keys"] : []),
      ...(run.flash ? ["flash"] : []),
      ...(run.flash?.hex ? ["hex"] : []),
    ];
    this.#writer = new DeviceWriter(this.#batch, {
      outdir: this.#outdir,
      encryption: run.encryption,
      force: run.force ?? false,
      flash: run.flash,
    });
  }

  /** Asks the run to stop after the devices in flight (a signal arrived). */
  requestStop(signal: "SIGINT" | "SIGTERM"): void {
    this.#stop ??= signal;
  }

  async run(): Promise<BatchSummary> {
    try {
      const prepared = await this.#prepare();
      if (prepared.stoppedAt !== undefined) {
        // Interrupted in the first pass: the devices built so far are kept (their files
        // are complete), when nothing was wrong with the rows read so far.
        if (prepared.stoppedAt > 0) await this.#commit(prepared);
        throw new BatchInterrupted(this.#stop!, this.#summary());
      }
      await this.#commit(prepared);
      const s = this.#summary();
      this.#progress.finish(summaryLine(s));
      return s;
    } catch (e) {
      this.#progress.clear();
      this.#unstage();
      if (e instanceof BatchInterrupted) {
        const s = e.summary;
        const done = s.written + s.skipped;
        this.#say(
          !this.#committedAny
            ? `generate: interrupted by ${e.signal} before any device was written (${
              formatDuration(s.elapsedMs)
            }): nothing was written\n`
            : `generate: interrupted by ${e.signal} (${formatDuration(s.elapsedMs)}): ${
              formatCount(done)
            } device${
              done === 1 ? "" : "s"
            } kept, every file written is complete; run the same command with --resume to finish\n`,
        );
      }
      throw e;
    } finally {
      // The temporaries not committed (a created values file the same as the one there).
      for (const p of this.#progressive) p.discard();
      this.#pool?.close();
    }
  }

  #summary(): BatchSummary {
    return {
      devices: this.#devices,
      written: this.#written,
      skipped: this.#skipped,
      files: this.#files,
      elapsedMs: st.now() - this.#t0,
      outdir: this.#run.outdir,
    };
  }

  #target(rel: string): string {
    return rt.paths.join(this.#outdir, ...rel.split("/"));
  }

  #printWarnings(ws: readonly Warning[]): void {
    if (ws.length === 0) return;
    this.#progress.clear();
    this.#run.onWarnings?.(ws);
  }

  #flushWarnings(): void {
    const shown = this.#warnings.shown;
    if (shown.length === this.#printedWarnings) return;
    const fresh = shown.slice(this.#printedWarnings);
    this.#printedWarnings = shown.length;
    this.#printWarnings(fresh);
  }

  /** Lets signals in now and then (the main-thread pool never waits otherwise). */
  async #pause(): Promise<void> {
    const t = st.now();
    if (t - this.#lastYield >= 50) {
      this.#lastYield = t;
      await st.yieldToEventLoop();
    }
  }

  /** Where pool results go: set by each pass. */
  #onResult: (r: PoolResult) => void = () => {};

  /** The pool, started at the first device (the header is known then). */
  async #poolFor(valuesBytes: number): Promise<DevicePool> {
    if (this.#pool) return this.#pool;
    const deliver = (r: PoolResult) => this.#onResult(r);
    const threads = threadsFor(this.#run, valuesBytes);
    if (threads > 0) {
      const { readFile: _, size: __, ...options } = this.#batch.options;
      this.#pool = await WorkerPool.start(threads, {
        configText: this.#configText,
        options: {
          ...options,
          size: this.#batch.settings.size.bytes,
          configName: this.#run.conf,
          valuesName: this.#run.values,
          withKeyFiles: this.#run.encryption?.kind === "keygen",
        },
        layout: this.#batch.layout!,
        settings: {
          outdir: this.#outdir,
          encryption: this.#run.encryption,
          force: this.#run.force ?? false,
          flash: this.#run.flash,
        },
        files: this.#run.files ?? { cwd: rt.cwd() },
      }, deliver);
    }
    this.#pool ??= new LocalPool(this.#writer, deliver);
    return this.#pool;
  }

  // ---- Pass 1: check everything; build and stage while the batch is good.

  async #prepare(): Promise<Prepared> {
    const run = this.#run;
    const batch = this.#batch;
    const errors = this.#errors;
    const checker = new BatchChecker(batch, errors, this.#warnings);
    const d = new Diagnostics(run.batch.strict ?? false);
    const stamp = st.fileStamp(run.values);
    if (!stamp) {
      throw new NvsforgeError("file-unreadable", "cannot read the values file: no such file", {
        file: run.values,
      });
    }
    const existing = this.#outDirs.some((dir) => rt.isDirectory(this.#target(dir)));
    this.#plan = stagingPlan(this.#outDirs, (dir) => rt.exists(this.#target(dir)));
    for (const dir of [...this.#plan.before, ...this.#plan.after]) {
      this.#whole[dir] = fp.stagingDirectoryName(this.#outdir, dir, run.batch.prefix, this.#tag);
    }
    const created = this.#created;
    let createdSame: fp.FileComparer | undefined;
    if (created && rt.exists(created)) {
      try {
        createdSame = new fp.FileComparer(created);
      } catch (e) {
        throw new OutputError(
          "output-exists",
          `"${created}" exists and cannot be read: ${describe(e)}`,
        );
      }
    }
    for (const file of [run.manifest, run.summary?.path, this.#sharedKeysPath()]) {
      if (file !== undefined && rt.exists(file) && !run.force && !run.resume) {
        errors.add(this.#existsError(file, ""));
      }
    }
    if (run.resume || run.force) {
      // What a killed run (no chance to clean up) may have left.
      const dirs = this.#outDirs.map((dir) => this.#target(dir));
      fp.removeBatchLeftovers(this.#outdir, dirs, run.batch.prefix);
      for (const file of [created, run.manifest, run.summary?.path, this.#sharedKeysPath()]) {
        if (file) fp.removeLeftoversOf(file);
      }
    }
    const keygen = run.encryption?.kind === "keygen" ? run.encryption : undefined;
    // Files are staged while nothing is wrong; after the first problem, devices are only
    // checked (everything staged is removed at the end).
    let staging = errors.count === 0;
    const createdText = new BufferedText(undefined);
    const manifestText = new BufferedText(undefined);
    const summaryText = new BufferedText(undefined);
    const sharedKeys = new BufferedText(undefined);
    /** Runs `step` on `target`; a failure is an output error, and staging stops. */
    const attempt = (target: string, step: () => void): boolean => {
      try {
        step();
        return true;
      } catch (e) {
        errors.add(writeError(target, e));
        staging = false;
        return false;
      }
    };
    // The created values file and the manifest are written as the rows go by; the
    // output directories are made when the first device is staged.
    if (staging && created) {
      const replace = createdSame !== undefined; // checked below: the same, or --force
      attempt(created, () => {
        createdText.file = this.#keep(fp.openProgressive(created, this.#tag, replace));
      });
    }
    if (staging && run.manifest !== undefined) {
      const manifest = run.manifest;
      attempt(manifest, () => {
        this.#made.push(...made(rt.paths.dirname(manifest)));
        const replace = rt.exists(manifest); // an error above unless --force or --resume
        manifestText.file = this.#keep(fp.openProgressive(manifest, this.#tag, replace));
      });
      if (run.manifestHeader) manifestText.write(manifestHeaderLine(run.manifestHeader));
    }
    if (staging && run.summary !== undefined) {
      const summary = run.summary.path;
      attempt(summary, () => {
        this.#made.push(...made(rt.paths.dirname(summary)));
        summaryText.file = this.#keep(fp.openProgressive(summary, this.#tag, rt.exists(summary)));
      });
    }
    const sharedKeysPath = this.#sharedKeysPath();
    let sharedKeysData: Uint8Array | undefined;
    if (staging && sharedKeysPath !== undefined && run.encryption?.kind === "inputkey") {
      sharedKeysData = buildKeyPartition(run.encryption.keys64);
      attempt(sharedKeysPath, () => {
        this.#made.push(...made(rt.paths.dirname(sharedKeysPath)));
        sharedKeys.file = this.#keep(
          fp.openProgressive(sharedKeysPath, this.#tag, rt.exists(sharedKeysPath), 0o600),
        );
      });
      sharedKeys.file?.write(sharedKeysData);
    }
    const totals = { files: 0, bytes: 0 };
    let summaryColumns: number[] | undefined;
    let dirsMade = false;

    const compareCreated = (text: string) => {
      createdSame?.feed(encoder.encode(text));
      createdText.write(text);
    };
    let states: Uint8Array | undefined;
    const setState = (index: number, state: number) => {
      if (state === DeviceState.Fresh) return;
      if (!states || states.length < index) {
        const bigger = new Uint8Array(Math.max(1024, index * 2));
        if (states) bigger.set(states);
        states = bigger;
      }
      states[index - 1] = state;
    };
    // The devices in flight, for their manifest lines.
    const inFlight = new Map<
      number,
      Pick<PlannedDevice, "id" | "index" | "line" | "name"> & { fields?: string[] }
    >();
    const describeFiles = run.manifest !== undefined || run.summary !== undefined;
    this.#onResult = (r: PoolResult) => {
      if (r.kind !== "prepare") return;
      for (const p of r.prepared) {
        // One by one: a device's errors are input-sized (never spread into a call).
        for (const e of p.errors) errors.add(fromErrorData(e));
        for (const e of p.outputErrors) errors.add(fromErrorData(e));
        for (const w of p.warnings) this.#warnings.add(w);
        setState(p.index, p.state);
        this.#stagedWhole += p.stagedWhole ?? 0;
        const device = inFlight.get(p.index);
        inFlight.delete(p.index);
        if (p.files && device) {
          const parts = this.#partsOf(device.name, p.files, sharedKeysData);
          const hmacKey = this.#hmacKeyOf(device.name);
          manifestText.write(manifestLine({
            id: device.id,
            row: device.index,
            line: device.line,
            name: device.name,
            files: p.files,
            ...(parts ? { parts } : {}),
            ...(hmacKey !== undefined ? { hmacKey } : {}),
          }));
          for (const f of p.files) {
            totals.files++;
            totals.bytes += f.bytes;
          }
          const image = p.files.find((f) => f.path === deviceFiles(device.name).bin);
          if (image && summaryColumns) {
            summaryText.write(summaryCsvLine({
              index: device.index,
              fileId: device.id,
              columns: summaryColumns.map((i) => device.fields?.[i] ?? ""),
              image: image.path,
              imageSha256: image.sha256,
              imageSize: image.bytes,
              partitionOffset: run.flash?.plan.nvs.offset,
              keyFile: this.#keyFileOf(device.name),
            }));
          }
        }
      }
      if (errors.count > 0) staging = false;
      this.#flushWarnings();
    };
    let bytesRead = 0;
    this.#progress.phase("generating");
    const reader = batch.reader(d);
    const drain = () => {
      for (const w of d.warnings.splice(0)) this.#warnings.add(w);
      if (d.errors.length) {
        for (const e of d.errors) errors.add(e);
        d.errors.length = 0;
        staging = false;
      }
    };
    let pool: DevicePool | undefined;
    let group: DeviceJob[] = [];
    const submit = async () => {
      if (group.length === 0) return;
      if (staging && !dirsMade) {
        dirsMade = true;
        for (const dir of this.#outDirs) {
          const target = this.#whole[dir] ?? this.#target(dir);
          if (!attempt(target, () => this.#made.push(...made(target)))) break;
        }
      }
      const job: PoolJob = {
        kind: "prepare",
        devices: group,
        existing,
        resume: run.resume ?? false,
        stage: staging ? { tag: this.#tag, whole: this.#whole } : undefined,
        describe: describeFiles && staging,
      };
      group = [];
      await pool!.submit(job);
    };
    let checked = 0;
    for (const [text, n] of fileLines(run.values, (b) => bytesRead += b)) {
      const rows = reader.push(text, n);
      if (!batch.layout && reader.layout) {
        batch.useLayout(reader.layout);
        compareCreated(formatCsvRow(reader.layout.header));
        if (run.summary) {
          const found = summaryColumnsOf(reader.layout, run.summary.columns, run.values);
          if (typeof found === "string") {
            errors.add(new UsageError("usage", found));
            staging = false;
          } else {
            summaryColumns = found;
            summaryText.write(
              summaryHeader(found.map((i) => reader.layout!.header[i])),
            );
          }
        }
      }
      drain();
      for (const row of rows) {
        compareCreated(batch.createdRow(row));
        const who = batch.identify(row);
        pool ??= await this.#poolFor(stamp.size);
        // One HMAC key file for several devices is an error reported below.
        if (keygen?.hmacKeyfile !== undefined && row.index > 1) staging = false;
        if (checker.checkName({ ...who, index: row.index, line: row.line })) {
          if (describeFiles) {
            inFlight.set(row.index, {
              ...who,
              index: row.index,
              line: row.line,
              fields: summaryColumns && row.fields,
            });
          }
          group.push(jobOf(row, who));
          if (group.length >= JOB_DEVICES) {
            await submit();
            await passHooks.afterGroup?.("generating", row.index);
          }
        } else staging = false;
        this.#flushWarnings();
        checked = row.index;
        this.#progress.update(checked, bytesRead / Math.max(1, stamp.size));
        await this.#pause();
        if (this.#stop) break;
      }
      if (this.#stop) break;
    }
    await submit();
    await pool?.drain();
    if (this.#stop) {
      this.#devices = checked;
      this.#flushWarnings();
      // Devices up to `checked` are staged, unless a problem stopped the staging.
      return { states, stamp, stoppedAt: errors.count === 0 && staging ? checked : 0 };
    }
    reader.end();
    drain();
    this.#devices = reader.rowCount;
    this.#flushWarnings();
    this.#printWarnings(this.#warnings.summaries());

    if (errors.count === 0 && keygen?.hmacKeyfile !== undefined && this.#devices > 1) {
      throw new UsageError(
        "usage",
        `--kp_hmac_keyfile names one file, but each of the ${this.#devices} devices gets its own HMAC key: leave it out (the keys are written as keys/hmac-keys-<name>.bin)`,
      );
    }
    const same = createdSame?.end() ?? false;
    if (created && createdSame && !same && !run.force && errors.count === 0) {
      errors.add(this.#existsError(created, " with other content"));
    }
    errors.throwIfAny();
    if (run.manifestHeader) {
      const kept = states ? states.filter((x) => x === DeviceState.Complete).length : 0;
      const batchFiles = [];
      if (sharedKeysData && sharedKeysPath) {
        batchFiles.push(manifestFile(this.#relative(sharedKeysPath), sharedKeysData));
      }
      manifestText.write(manifestTotalsLine({
        kind: "totals",
        devices: this.#devices,
        written: this.#devices - kept,
        kept,
        files: totals.files,
        bytes: totals.bytes,
        batchFiles,
        finishedAt: new Date().toISOString(),
      }));
    }
    try {
      createdText.flush();
      manifestText.flush();
      summaryText.flush();
    } catch (e) {
      throw writeError(created ?? run.manifest ?? run.outdir, e);
    }
    return {
      states,
      stamp,
      created: same ? undefined : createdText.file,
      manifest: manifestText.file,
      summary: summaryText.file,
      sharedKeys: sharedKeys.file,
    };
  }

  /** The shared key partition file (`--inputkey` with a partition table), absolute. */
  #sharedKeysPath(): string | undefined {
    const rel = this.#run.flash?.sharedKeys;
    return rel === undefined ? undefined : rt.paths.join(this.#outdir, ...rel.split("/"));
  }

  /** A path under the outdir, relative to it with `/`. */
  #relative(abs: string): string {
    return rt.paths.relative(this.#outdir, abs).split(rt.paths.sep).join("/");
  }

  /** The HMAC key file of a device for its eFuse, with `--key_protect_hmac`. */
  #hmacKeyOf(name: string): string | undefined {
    const enc = this.#run.encryption;
    if (enc?.kind !== "keygen") return undefined;
    if (enc.hmacKeygen) {
      return enc.hmacKeyfile !== undefined ? `keys/${enc.hmacKeyfile}` : deviceFiles(name).hmacKey;
    }
    return enc.derived ? this.#run.summary?.keyFile : undefined;
  }

  /** The key file the summary names for a device. */
  #keyFileOf(name: string): string | undefined {
    const enc = this.#run.encryption;
    if (enc?.kind === "keygen") return this.#hmacKeyOf(name) ?? deviceFiles(name).keys;
    if (enc?.kind === "inputkey") return this.#run.flash?.sharedKeys ?? this.#run.summary?.keyFile;
    return undefined;
  }

  /** A device's flash parts, from its files (with a partition table). */
  #partsOf(
    name: string,
    files: readonly ManifestFile[],
    sharedKeys: Uint8Array | undefined,
  ): FlashPart[] | undefined {
    const flash = this.#run.flash;
    if (!flash) return undefined;
    const names = deviceFiles(name);
    const image = files.find((f) => f.path === names.bin);
    if (!image) return undefined;
    const parts: FlashPart[] = [{
      partition: flash.plan.nvs.name,
      offset: flash.plan.nvs.offset,
      size: image.bytes,
      path: image.path,
      sha256: image.sha256,
      encrypt: false,
    }];
    if (flash.plan.keys) {
      const keys = flash.sharedKeys !== undefined && sharedKeys
        ? manifestFile(flash.sharedKeys, sharedKeys)
        : files.find((f) => f.path === names.keys);
      if (keys) {
        parts.push({
          partition: flash.plan.keys.name,
          offset: flash.plan.keys.offset,
          size: keys.bytes,
          path: keys.path,
          sha256: keys.sha256,
          encrypt: true,
        });
      }
    }
    return parts;
  }

  #existsError(file: string, how: string): NvsforgeError {
    return new OutputError(
      "output-exists",
      `"${file}" already exists${how}: not overwritten (use --force to replace it${
        this.#run.resume ? "" : ", or --resume to finish an interrupted run"
      })`,
    );
  }

  #keep(file: fp.ProgressiveFile): fp.ProgressiveFile {
    this.#progressive.push(file);
    return file;
  }

  // ---- Pass 2: move the staged files into place.

  async #commit(prepared: Prepared): Promise<void> {
    const run = this.#run;
    const after = st.fileStamp(run.values);
    const before = prepared.stamp;
    if (!after || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new NvsforgeError(
        "file-unreadable",
        "the values file changed while it was being checked: run the command again",
        { file: run.values },
      );
    }
    // The shared key partition first: every argument file names it.
    if (prepared.sharedKeys) {
      try {
        prepared.sharedKeys.commit();
        this.#files++;
      } catch (e) {
        throw writeError(this.#sharedKeysPath()!, e);
      }
    }
    // The commit order (CSV, key files, image) holds directory by directory.
    for (const dir of this.#plan.before) this.#commitWhole(dir);
    if (this.#plan.perFile.length > 0) await this.#commitFiles(prepared);
    else this.#written = this.#devices;
    for (const dir of this.#plan.after) this.#commitWhole(dir);
    this.#files += this.#stagedWhole;
    for (
      const [file, name] of [
        [prepared.created, this.#created],
        [prepared.summary, run.summary?.path],
        [prepared.manifest, run.manifest],
      ] as const
    ) {
      if (!file) continue;
      try {
        file.commit();
        this.#files++;
      } catch (e) {
        throw writeError(name ?? run.outdir, e);
      }
    }
  }

  /** Moves an output directory staged whole into place. */
  #commitWhole(dir: string): void {
    const target = this.#target(dir);
    try {
      fp.commitStagingDirectory(this.#whole[dir], target);
    } catch (e) {
      const err = writeError(target, e);
      if (!this.#committedAny) throw err;
      throw new OutputError(
        err.code,
        `${err.detail} (fix the problem and run the same command with --resume to finish)`,
        err.location,
      );
    }
    this.#wholeDone.add(dir);
    this.#committedAny = true;
  }

  /** Moves the files staged one by one into place, device by device. */
  async #commitFiles(prepared: Prepared): Promise<void> {
    const run = this.#run;
    const batch = this.#batch;
    const stage: Staging = { tag: this.#tag, whole: this.#whole };
    const quiet = new Diagnostics();
    const reader = batch.reader(quiet);
    // Keeping the devices of a run interrupted in its first pass: commit those staged,
    // whatever signal arrives meanwhile (moving files is quick).
    const last = prepared.stoppedAt ?? Infinity;
    const stopping = () => prepared.stoppedAt === undefined && this.#stop !== undefined;
    let early = false;
    let failure: NvsforgeError | undefined;
    this.#onResult = (r: PoolResult) => {
      if (r.kind !== "commit") return;
      for (const o of r.outcomes) {
        if (prepared.states?.[o.index - 1] === DeviceState.Complete) this.#skipped++;
        else this.#written++;
        this.#files += o.written;
        if (o.written > 0) this.#committedAny = true;
      }
      if (r.error && !failure) failure = fromErrorData(r.error);
      this.#progress.update(this.#written + this.#skipped);
    };
    const pool = await this.#poolFor(0);
    let group: (Pick<DeviceJob, "index" | "name"> & { state: number })[] = [];
    const submit = async () => {
      if (group.length === 0) return;
      const job: PoolJob = { kind: "commit", devices: group, stage };
      group = [];
      await pool.submit(job);
    };
    this.#progress.phase("committing", this.#devices);
    outer: for (const [text, n] of fileLines(run.values)) {
      for (const row of reader.push(text, n)) {
        if (row.index > last) {
          early = true;
          break outer;
        }
        const { name } = batch.identify(row);
        group.push({ index: row.index, name, state: prepared.states?.[row.index - 1] ?? 0 });
        if (group.length >= COMMIT_DEVICES) {
          await submit();
          await passHooks.afterGroup?.("committing", row.index);
        }
        await this.#pause();
        if (stopping() || failure) break outer;
      }
    }
    if (!stopping() && !failure) await submit();
    await pool.drain();
    if (failure) {
      const done = this.#written + this.#skipped;
      throw new NvsforgeError(
        failure.code,
        `${failure.detail}${
          done > 0
            ? ` (${done} device${
              done === 1 ? " is" : "s are"
            } complete: fix the problem and run the same command with --resume to finish)`
            : ""
        }`,
        failure.location,
        failure.kind,
      );
    }
    if (stopping()) throw new BatchInterrupted(this.#stop!, this.#summary());
    if (early) return;
    reader.end();
    if (quiet.errors.length > 0) throw quiet.errors[0];
  }

  /**
   * After a failed or interrupted run: removes what it staged and not committed, and
   * the directories it made when nothing was committed in them (they are empty then).
   */
  #unstage(): void {
    for (const p of this.#progressive) p.discard();
    for (const dir of this.#plan.perFile) fp.removeStaged(this.#target(dir), this.#tag);
    for (const [dir, staging] of Object.entries(this.#whole)) {
      if (!this.#wholeDone.has(dir)) rt.removeTree(staging);
    }
    if (this.#committedAny) return;
    for (const dir of [...this.#made].reverse()) rt.removeEmptyDirectory(dir);
  }
}

/**
 * How the output directories (in commit order) are staged: those that do not exist yet
 * are staged whole (see {@linkcode Staging}), moved into place before the files staged
 * one by one (`before`) or after them (`after`). One between two that exist is made and
 * its files are staged one by one, so that the commit order holds.
 */
interface StagingPlan {
  before: string[];
  perFile: string[];
  after: string[];
}

function stagingPlan(dirs: readonly string[], exists: (dir: string) => boolean): StagingPlan {
  const there = dirs.map(exists);
  const first = there.indexOf(true);
  if (first < 0) return { before: [...dirs], perFile: [], after: [] };
  const last = there.lastIndexOf(true);
  return {
    before: dirs.slice(0, first),
    perFile: dirs.slice(first, last + 1),
    after: dirs.slice(last + 1),
  };
}

/** What pass 1 hands to pass 2. */
interface Prepared {
  /** Per device (index - 1), its state when not fresh. */
  states?: Uint8Array;
  /** The values file as it was read. */
  stamp: st.FileStamp;
  /** The created values file, written (absent: not needed, or the same one exists). */
  created?: fp.ProgressiveFile;
  /** The manifest, written. */
  manifest?: fp.ProgressiveFile;
  /** The summary, written. */
  summary?: fp.ProgressiveFile;
  /** The shared key partition (`--inputkey` with a table), written. */
  sharedKeys?: fp.ProgressiveFile;
  /**
   * Set when a signal stopped the first pass: the devices staged (rows up to this one)
   * are to be committed, then the run ends (0: none is kept).
   */
  stoppedAt?: number;
}

/**
 * Makes a directory with its missing parents; returns those it made, outermost first
 * (nothing when it existed).
 */
function made(dir: string): string[] {
  const first = rt.makeDirectory(dir);
  if (first === undefined) return [];
  const dirs = [first];
  for (const part of dir.slice(first.length).split(/[\\/]/).filter(Boolean)) {
    dirs.push(rt.paths.join(dirs[dirs.length - 1], part));
  }
  return dirs;
}

/**
 * The summary's columns: `--summary-columns` by name, or the master file's metadata
 * columns (those that are not configuration keys). Returns an error message for an
 * unknown name.
 */
function summaryColumnsOf(
  layout: MasterLayout,
  names: readonly string[] | undefined,
  file: string,
): number[] | string {
  if (names === undefined) {
    const keys = new Set(layout.keyColumns);
    return layout.header.map((_, i) => i).filter((i) => !keys.has(i));
  }
  const out: number[] = [];
  for (const n of names) {
    const i = layout.header.indexOf(n);
    if (i < 0) {
      return `--summary-columns: "${n}" is not a column of ${file} (it has ${
        layout.header.map((h) => `"${h}"`).join(", ")
      })`;
    }
    out.push(i);
  }
  return out;
}

function jobOf(row: DeviceRow, who: { id: string; name: string }): DeviceJob {
  return { index: row.index, line: row.line, id: who.id, name: who.name, fields: row.fields };
}

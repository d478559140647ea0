/**
 * One run's context, built once and handed to each pass: its settings, the batch (the
 * configuration and the master file's naming), where its outputs go, its state, its
 * messages, and the pool of device workers (started at the first device).
 *
 * @module
 */

import { describeSystemError as describe, NvsforgeError, UsageError } from "../../errors.ts";
import * as rt from "../../runtime/mod.ts";
import { MfgBatch } from "../batch.ts";
import type { LaidOutBatch } from "../laid_out_batch.ts";
import { DeviceWriter } from "../device_writer.ts";
import type { WriterSettings } from "../device_writer.ts";
import { hasKeyFiles } from "../encryption.ts";
import { cachedReader } from "../file_cache.ts";
import { ErrorList } from "../findings.ts";
import { LocalPool, WorkerPool } from "../pool.ts";
import type { DevicePool } from "../pool.ts";
import { ProgressDisplay } from "../progress_display.ts";
import type { ProgressMode } from "../progress_display.ts";
import { coordinatedInThread, RunLayout, threadsFor } from "./plan.ts";
import type { BatchRun } from "./settings.ts";
import { RunOutput, RunState } from "./state.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

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
 * An error about a batch option the command line took from its arguments: a usage
 * error, without the option's name (the command line's own check names the argument).
 */
function fromArguments(e: NvsforgeError, options: readonly string[] = []): NvsforgeError {
  const option = e.location?.option;
  if (option === undefined || !options.includes(option)) return e;
  const { option: _, ...rest } = e.location!;
  return new UsageError(e.code, e.detail, Object.keys(rest).length > 0 ? rest : undefined);
}

/** What both passes of a run share. */
export class RunContext {
  readonly run: BatchRun;
  readonly configText: string;
  readonly batch: MfgBatch;
  readonly layout: RunLayout;
  readonly state = new RunState();
  readonly out: RunOutput;
  /** Every problem found (reported together at the end of pass 1). */
  readonly errors = new ErrorList();
  #pool?: DevicePool;

  /**
   * Reads the configuration.
   *
   * @param write receives the text for standard error.
   * @throws {NvsforgeError|NvsforgeErrors} when the configuration cannot be read (with a
   *   bad size, if any). Its errors are reported by the first pass, with the values'.
   */
  constructor(run: BatchRun, mode: ProgressMode, write: (text: string) => void) {
    this.run = run;
    const readFile = run.batch.readFile ? cachedReader(run.batch.readFile) : undefined;
    let unreadable: NvsforgeError | undefined;
    try {
      this.configText = readText(run.conf, "configuration file");
    } catch (e) {
      if (!(e instanceof NvsforgeError)) throw e;
      unreadable = e;
      this.configText = "";
    }
    // A bad size and the configuration's errors are reported with the master file's.
    this.batch = new MfgBatch(this.configText, {
      ...run.batch,
      readFile,
      configName: run.conf,
      valuesName: run.values,
      withKeyFiles: hasKeyFiles(run.encryption),
    }, {
      add: (e) => {
        // An unreadable configuration is its one error (not also an empty one).
        if (!unreadable || e.location?.file !== run.conf) {
          this.errors.add(fromArguments(e, run.usageOptions));
        }
      },
    });
    if (unreadable) {
      // Without a configuration the values cannot be checked: a bad size and this.
      this.errors.add(unreadable);
      this.errors.throwIfAny();
    }
    this.layout = new RunLayout(run, this.batch.config.keys.some((k) => k.repeat));
    this.out = new RunOutput(
      new ProgressDisplay(mode, write, run.progressIntervalMs),
      write,
      run.onWarnings,
    );
  }

  /** What a device writer needs besides the batch (also sent to worker threads). */
  writerSettings(): WriterSettings {
    return {
      outdir: this.layout.outdir,
      encryption: this.run.encryption,
      hmacKeyfile: this.run.hmacKeyfile,
      force: this.run.force ?? false,
      flash: this.run.flash,
    };
  }

  /**
   * The pool, started at the first device (the master file's header is known then).
   *
   * @param batch the batch laid out by the master file's header.
   * @param valuesBytes the master file's size (it decides how many threads are worth it).
   */
  pool(batch: LaidOutBatch, valuesBytes: number): DevicePool {
    if (this.#pool) return this.#pool;
    const threads = threadsFor(this.run, valuesBytes);
    const local = new DeviceWriter(batch, this.writerSettings());
    if (threads > 0) {
      const { readFile: _, size: __, ...options } = this.batch.options;
      this.#pool = new WorkerPool(
        threads,
        {
          configText: this.configText,
          options: {
            ...options,
            // A bad size is sent as given: the worker only checks devices then.
            size: this.batch.settings.size?.bytes ?? String(this.run.batch.size),
            configName: this.run.conf,
            valuesName: this.run.values,
            withKeyFiles: hasKeyFiles(this.run.encryption),
          },
          layout: batch.layout,
          settings: this.writerSettings(),
          files: this.run.files ?? { cwd: rt.cwd() },
        },
        local,
        // A run coordinated from a thread of its own (a big one) caps its workers' heaps.
        coordinatedInThread(this.run, valuesBytes),
      );
    }
    this.#pool ??= new LocalPool(local);
    return this.#pool;
  }

  /** Stops the worker threads, if any. */
  close(): void {
    this.#pool?.close();
  }
}

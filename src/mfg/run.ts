/**
 * A batch run on disk, as `nvsforge generate` does it: two streaming passes over the
 * master values file, read top-down in `src/mfg/run/`:
 *
 * 1. `plan.ts` decides the threads and where every output goes; `context.ts` holds what
 *    both passes share (the batch, the layout, the state, the pool of device workers).
 * 2. `validate_pass.ts` (pass 1) reads every row and checks everything, and while
 *    nothing is wrong builds each device once and stages its files: an output directory
 *    that does not exist yet is written whole into a staging directory
 *    (`.<dir>-<prefix>.<run tag>.tmp`), one that exists gets each file beside its target
 *    (`.<name>.<run tag>.tmp`). All problems are reported together; a run with an error
 *    writes nothing. `batch_files.ts` writes the manifest, the summary and the created
 *    values file as the rows go by.
 * 3. `write_pass.ts` (pass 2) moves the staged files into place in a fixed order (CSV,
 *    key files, image). An interrupted run leaves complete files only. `--resume` skips
 *    devices whose files are already complete (same bytes).
 * 4. On a failure or a signal, `state.ts`'s `rollback` removes what was staged and not
 *    committed; a signal in either pass keeps the devices whose files are complete.
 *
 * Memory stays bounded whatever the number of devices: rows are streamed, and what is
 * kept per device is one byte (its resume state, only when outputs already exist) and,
 * with `--fileid`, a 12-byte hash. The per-device work runs in worker threads on big
 * batches (see `pool.ts`), and a very big run is coordinated from a thread of its own
 * (`run/coordinator.ts`).
 *
 * @module
 */

import type { StopSignal } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import * as st from "../runtime/stream.ts";
import { formatCount, formatDuration, summaryLine } from "./progress.ts";
import type { BatchSummary } from "./progress.ts";
import { progressMode } from "./progress_display.ts";
import type { ProgressMode } from "./progress_display.ts";
import { RunContext } from "./run/context.ts";
import { runInThread } from "./run/coordinator.ts";
import { coordinatedInThread } from "./run/plan.ts";
import { BatchInterrupted } from "./run/settings.ts";
import type { BatchRun } from "./run/settings.ts";
import { rollback } from "./run/state.ts";
import { validatePass } from "./run/validate_pass.ts";
import { writePass } from "./run/write_pass.ts";

export type { RunEncryption } from "./device_writer.ts";
export type { BatchSummary } from "./progress.ts";
export { progressMode } from "./progress_display.ts";
export type { ProgressMode } from "./progress_display.ts";
export { BatchInterrupted, passHooks } from "./run/settings.ts";
export type { BatchRun, SummarySettings } from "./run/settings.ts";
export { createdValuesPath } from "./run/plan.ts";
export { serializeFailure } from "./run/coordinator.ts";
export type { CoordinatorReply, SerializedFailure, ThreadRun } from "./run/coordinator.ts";

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
  if (coordinatedInThread(run, bytes)) {
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

/** The line an interrupted run ends with: how many devices were kept. */
function interruptedLine(e: BatchInterrupted, committedAny: boolean): string {
  const s = e.summary;
  const done = s.written + s.skipped;
  return !committedAny
    ? `generate: interrupted by ${e.signal} before any device was written (${
      formatDuration(s.elapsedMs)
    }): nothing was written\n`
    : `generate: interrupted by ${e.signal} (${formatDuration(s.elapsedMs)}): ${
      formatCount(done)
    } device${
      done === 1 ? "" : "s"
    } kept, every file written is complete; run the same command with --resume to finish\n`;
}

/**
 * One run of a batch, in whichever thread runs it: pass 1, pass 2, and the rollback
 * when either fails. `write` receives the text for standard error.
 */
export class BatchRunner {
  readonly #ctx: RunContext;

  /** @throws {NvsforgeError} when the configuration cannot be read or is wrong. */
  constructor(run: BatchRun, mode: ProgressMode, write: (text: string) => void) {
    this.#ctx = new RunContext(run, mode, write);
  }

  /** Asks the run to stop after the devices in flight (a signal arrived). */
  requestStop(signal: StopSignal): void {
    this.#ctx.state.requestStop(signal);
  }

  /** Runs both passes; resolves with the summary. */
  async run(): Promise<BatchSummary> {
    const ctx = this.#ctx;
    const { state, out, layout } = ctx;
    const outdir = ctx.run.outdir;
    try {
      const validated = await validatePass(ctx);
      if (validated.stoppedAt !== undefined) {
        // Interrupted in the first pass: the devices built so far are kept (their files
        // are complete), when nothing was wrong with the rows read so far.
        if (validated.stoppedAt > 0) await writePass(ctx, validated);
        throw new BatchInterrupted(state.stop!, state.summary(outdir));
      }
      await writePass(ctx, validated);
      const s = state.summary(outdir);
      out.progress.finish(summaryLine(s));
      return s;
    } catch (e) {
      out.progress.clear();
      rollback(state, layout);
      if (e instanceof BatchInterrupted) out.say(interruptedLine(e, state.committedAny));
      throw e;
    } finally {
      // The temporaries not committed (a created values file the same as the one there).
      for (const p of state.progressive) p.discard();
      ctx.close();
    }
  }
}

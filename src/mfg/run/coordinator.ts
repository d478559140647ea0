/**
 * A batch run coordinated from a thread of its own (big master files): this thread
 * starts it, relays signals to it and prints what it sends; failures cross as plain
 * data and become the same errors again here.
 *
 * @module
 */

import { failureFromData, failureToData, InterruptedError } from "../../errors.ts";
import type { FailureData, Warning } from "../../errors.ts";
import * as rt from "../../runtime/mod.ts";
import * as st from "../../runtime/stream.ts";
import type { BatchOptions } from "../batch.ts";
import { workerUrls } from "../pool.ts";
import type { BatchSummary } from "../progress.ts";
import type { ProgressMode } from "../progress_display.ts";
import { BatchInterrupted } from "./settings.ts";
import type { BatchRun } from "./settings.ts";

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
export async function runInThread(
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

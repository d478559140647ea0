/**
 * What a batch run keeps between its passes, in one place: the counts its summary
 * reports, the signal that stops it, what it made and staged (for the rollback), and
 * where its messages go.
 *
 * @module
 */

import type { StopSignal, Warning } from "../../errors.ts";
import * as rt from "../../runtime/mod.ts";
import { now, yieldToEventLoop } from "../../runtime/stream.ts";
import { removeStaged } from "../../file_protocol.ts";
import type { ProgressiveFile } from "../../file_protocol.ts";
import { WarningDigest } from "../findings.ts";
import type { BatchSummary } from "../progress.ts";
import type { ProgressDisplay } from "../progress_display.ts";
import type { RunLayout } from "./plan.ts";

/** The counts, the stop request and the staging bookkeeping of one run. */
export class RunState {
  readonly #t0 = now();
  #lastYield = now();
  /** The signal that asked the run to stop, once one did. */
  stop: StopSignal | undefined;
  /** Devices in the batch (known at the end of pass 1, or where it stopped). */
  devices = 0;
  /** Devices whose files this run moved into place. */
  written = 0;
  /** Devices complete already (`--resume`). */
  skipped = 0;
  /** Files moved into place. */
  files = 0;
  /** Files written into staging directories. */
  stagedWhole = 0;
  /** Whether any file has been moved into place. */
  committedAny = false;
  /** Directories this run made, outermost first. */
  readonly made: string[] = [];
  /** The files written progressively (created values file, manifest, summary...). */
  readonly progressive: ProgressiveFile[] = [];
  /** The output directories staged whole and moved into place. */
  readonly wholeDone = new Set<string>();

  /** Asks the run to stop after the devices in flight (the first signal counts). */
  requestStop(signal: StopSignal): void {
    this.stop ??= signal;
  }

  /** Remembers a progressive file (discarded unless committed). */
  keep(file: ProgressiveFile): ProgressiveFile {
    this.progressive.push(file);
    return file;
  }

  /** Lets signals in now and then (the main-thread pool never waits otherwise). */
  async pause(): Promise<void> {
    const t = now();
    if (t - this.#lastYield >= 50) {
      this.#lastYield = t;
      await yieldToEventLoop();
    }
  }

  /** The run's summary so far. */
  summary(outdir: string): BatchSummary {
    return {
      devices: this.devices,
      written: this.written,
      skipped: this.skipped,
      files: this.files,
      elapsedMs: now() - this.#t0,
      outdir,
    };
  }
}

/**
 * After a failed or interrupted run: removes what it staged and did not commit, and the
 * directories it made when nothing was committed in them (they are empty then).
 */
export function rollback(state: RunState, layout: RunLayout): void {
  for (const p of state.progressive) p.discard();
  for (const dir of layout.plan.perFile) removeStaged(layout.target(dir), layout.tag);
  for (const [dir, staging] of Object.entries(layout.whole)) {
    if (!state.wholeDone.has(dir)) rt.removeTree(staging);
  }
  if (state.committedAny) return;
  for (const dir of [...state.made].reverse()) rt.removeEmptyDirectory(dir);
}

/** Where a run's messages go: progress, warnings (the bar cleared first), other text. */
export class RunOutput {
  /** The warnings found, deduplicated (repeated ones summarised at the end). */
  readonly warnings = new WarningDigest();
  #printed = 0;

  constructor(
    readonly progress: ProgressDisplay,
    readonly say: (text: string) => void,
    readonly onWarnings: ((warnings: readonly Warning[]) => void) | undefined,
  ) {}

  /** Prints warnings now. */
  print(ws: readonly Warning[]): void {
    if (ws.length === 0) return;
    this.progress.clear();
    this.onWarnings?.(ws);
  }

  /** Prints the warnings found since the last call. */
  flush(): void {
    const shown = this.warnings.shown;
    if (shown.length === this.#printed) return;
    const fresh = shown.slice(this.#printed);
    this.#printed = shown.length;
    this.print(fresh);
  }
}

/**
 * Where a batch run's progress goes: a bar redrawn on a terminal line, plain lines for a
 * log, or nothing, shown at most every so often. The text itself is `progress.ts`'s.
 *
 * @module
 */

import * as rt from "../runtime/mod.ts";
import { now } from "../runtime/stream.ts";
import { progressBar, progressLine } from "./progress.ts";
import type { ProgressState } from "./progress.ts";

/** How progress is shown, decided where standard error is known. */
export type ProgressMode = "bar" | "lines" | "none";

/**
 * The progress display for a run's setting: a bar on a terminal, else lines.
 *
 * @example
 * ```ts
 * import { progressMode } from "./progress_display.ts";
 * if (progressMode("none") !== "none" || progressMode("lines") !== "lines") throw new Error("mode");
 * ```
 */
export function progressMode(setting: "auto" | ProgressMode | undefined): ProgressMode {
  if (setting === "none" || setting === "lines" || setting === "bar") return setting;
  return rt.stderrIsTerminal() ? "bar" : "lines";
}

/**
 * Shows a run's progress, at most every `intervalMs` (lines; a bar every 100 ms), through
 * `write` (standard error, or the message port of a coordinating thread).
 */
export class ProgressDisplay {
  readonly #mode: ProgressMode;
  readonly #interval: number;
  readonly #write: (text: string) => void;
  readonly #clock: () => number;
  #start: number;
  #last = 0;
  #shown = false;
  #state: ProgressState = { phase: "generating", done: 0, elapsedMs: 0 };

  /**
   * @param mode bar, lines or none.
   * @param write receives the text.
   * @param intervalMs milliseconds between lines (default 5000; 0: every update).
   * @param clock milliseconds (default: the runtime's monotonic clock); tests pass their own.
   */
  constructor(
    mode: ProgressMode,
    write: (text: string) => void,
    intervalMs = 5000,
    clock: () => number = now,
  ) {
    this.#mode = mode;
    this.#write = write;
    this.#interval = mode === "bar" ? 100 : intervalMs;
    this.#clock = clock;
    this.#start = clock();
  }

  /** Starts a phase: its count starts from 0, its total is known or not. */
  phase(phase: ProgressState["phase"], total?: number): void {
    this.#start = this.#clock();
    this.#last = this.#start;
    this.#state = { phase, done: 0, total, elapsedMs: 0 };
  }

  /** Devices done so far in this phase (and the fraction of bytes read, total unknown). */
  update(done: number, fraction?: number): void {
    if (this.#mode === "none") return;
    const t = this.#clock();
    if (t - this.#last < this.#interval) return;
    this.#last = t;
    this.#state = { ...this.#state, done, fraction, elapsedMs: t - this.#start };
    if (this.#mode === "bar") {
      this.#write(`\r${progressBar(this.#state)}\x1b[K`);
      this.#shown = true;
    } else {
      this.#write(progressLine(this.#state) + "\n");
    }
  }

  /** Clears the bar (before other output). */
  clear(): void {
    if (this.#shown) {
      this.#write("\r\x1b[K");
      this.#shown = false;
    }
  }

  /** Clears the bar and prints the closing line (unless the mode is none). */
  finish(line: string): void {
    this.clear();
    if (this.#mode !== "none") this.#write(line + "\n");
  }
}

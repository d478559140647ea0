/**
 * Progress of a batch as text: a one-line bar for a terminal (devices done/total, rate,
 * time left), plain lines for logs, and the closing summary. Pure formatting; the
 * command line decides where and how often to print.
 *
 * @module
 */

/** A snapshot of a batch's progress. */
export interface ProgressState {
  /**
   * What is being done: "generating" (first pass: checking, building, staging) or
   * "committing" (second pass: moving the files into place).
   */
  phase: "generating" | "committing";
  /** Devices done in this phase. */
  done: number;
  /** Devices in the batch, when known. */
  total?: number;
  /** Fraction of the work done (0..1) when the total is not known yet (bytes read). */
  fraction?: number;
  /** Milliseconds since the phase started. */
  elapsedMs: number;
}

/** `1,234,567`. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A duration as `12s`, `3m05s` or `2h07m`.
 *
 * @example
 * ```ts
 * import { formatDuration } from "@nvsforge/nvsforge/mfg";
 * if (formatDuration(185_000) !== "3m05s") throw new Error(formatDuration(185_000));
 * ```
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

function rate(p: ProgressState): number {
  return p.elapsedMs > 0 ? p.done / (p.elapsedMs / 1000) : 0;
}

function fractionOf(p: ProgressState): number | undefined {
  if (p.total !== undefined && p.total > 0) return Math.min(1, p.done / p.total);
  return p.fraction;
}

function eta(p: ProgressState): string {
  const f = fractionOf(p);
  if (f === undefined || f <= 0 || p.done === 0) return "";
  return ` ETA ${formatDuration((p.elapsedMs * (1 - f)) / f)}`;
}

/**
 * A progress bar for a terminal line (no newline), `width` characters of bar.
 *
 * @example
 * ```ts
 * import { progressBar } from "@nvsforge/nvsforge/mfg";
 * const line = progressBar({ phase: "committing", done: 50, total: 100, elapsedMs: 1000 }, 10);
 * if (line !== "committing [#####-----]  50% 50/100 devices  50/s ETA 1s") throw new Error(line);
 * ```
 */
export function progressBar(p: ProgressState, width = 30): string {
  const label = p.phase.padEnd(10);
  const frac = fractionOf(p);
  if (frac === undefined) {
    return `${label} ${formatCount(p.done)} devices  ${formatCount(rate(p))}/s`;
  }
  const filled = Math.round(frac * width);
  const bar = "#".repeat(filled) + "-".repeat(width - filled);
  const pct = String(Math.floor(frac * 100)).padStart(3);
  const count = p.total !== undefined && p.total > 0
    ? `${formatCount(p.done)}/${formatCount(p.total)}`
    : formatCount(p.done);
  return `${label} [${bar}] ${pct}% ${count} devices  ${formatCount(rate(p))}/s${eta(p)}`;
}

/**
 * A plain progress line for a log (no newline).
 *
 * @example
 * ```ts
 * import { progressLine } from "@nvsforge/nvsforge/mfg";
 * const line = progressLine({ phase: "generating", done: 2500, total: 10000, elapsedMs: 2000 });
 * if (line !== "generate: generating 2,500/10,000 devices (25%), 1,250/s, ETA 6s") {
 *   throw new Error(line);
 * }
 * ```
 */
export function progressLine(p: ProgressState): string {
  const f = fractionOf(p);
  const count = p.total !== undefined && p.total > 0
    ? `${formatCount(p.done)}/${formatCount(p.total)}`
    : formatCount(p.done);
  const of = `${count} devices${f === undefined ? "" : ` (${Math.floor(f * 100)}%)`}`;
  return `generate: ${p.phase} ${of}, ${formatCount(rate(p))}/s${eta(p).replace(" ETA", ", ETA")}`;
}

/** What a finished (or stopped) batch did. */
export interface BatchSummary {
  /** Devices in the batch. */
  devices: number;
  /** Devices whose files were written in this run. */
  written: number;
  /** Devices skipped because their files were already complete (`--resume`). */
  skipped: number;
  /** Files written. */
  files: number;
  /** Milliseconds of the whole run. */
  elapsedMs: number;
  /** The output directory. */
  outdir: string;
}

/**
 * The closing line of a batch.
 *
 * @example
 * ```ts
 * import { summaryLine } from "@nvsforge/nvsforge/mfg";
 * const s = summaryLine({ devices: 3, written: 3, skipped: 0, files: 6, elapsedMs: 1500, outdir: "." });
 * if (s !== "generate: 3 devices written (6 files) in 2s, 2/s, to .") throw new Error(s);
 * ```
 */
export function summaryLine(s: BatchSummary): string {
  const r = s.elapsedMs > 0 ? s.written / (s.elapsedMs / 1000) : 0;
  const skipped = s.skipped > 0 ? `, ${formatCount(s.skipped)} already complete (skipped)` : "";
  return `generate: ${formatCount(s.written)} device${s.written === 1 ? "" : "s"} written (${
    formatCount(s.files)
  } files)${skipped} in ${formatDuration(s.elapsedMs)}, ${formatCount(r)}/s, to ${s.outdir}`;
}

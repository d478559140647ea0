/**
 * The decisions a batch run makes before its first device: how many worker threads,
 * whether a thread of its own coordinates, where every output goes and how each output
 * directory is staged.
 *
 * @module
 */

import * as rt from "../../runtime/mod.ts";
import { cpuCount } from "../../runtime/stream.ts";
import * as fp from "../../file_protocol.ts";
import { hasKeyFiles } from "../encryption.ts";
import type { BatchRun } from "./settings.ts";

/** Devices per job handed to the pool. */
export const JOB_DEVICES = 32;
/** Devices per commit job (moving files is cheap work). */
export const COMMIT_DEVICES = 128;
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

/**
 * Worker threads to use for a run: those asked for, or (auto) one per CPU up to 4 for a
 * master file big enough to pay for starting them.
 *
 * @example
 * ```ts
 * import { threadsFor } from "./plan.ts";
 * if (threadsFor({ jobs: 3 }, 0) !== 3 || threadsFor({ jobs: "auto" }, 10) !== 0) throw new Error();
 * ```
 */
export function threadsFor(run: Pick<BatchRun, "jobs">, valuesBytes: number): number {
  const jobs = run.jobs ?? "auto";
  return jobs === "auto"
    ? (valuesBytes >= AUTO_THREADS_BYTES ? Math.min(cpuCount(), MAX_AUTO_THREADS) : 0)
    : Math.max(0, Math.floor(jobs));
}

/** Whether a thread of its own coordinates the run (worker threads are used then). */
export function coordinatedInThread(
  run: Pick<BatchRun, "jobs" | "coordinate">,
  valuesBytes: number,
): boolean {
  const where = run.coordinate ?? "auto";
  const inThread = where === "thread" || (where === "auto" && valuesBytes >= COORDINATOR_BYTES);
  return inThread && threadsFor(run, valuesBytes) > 0;
}

/**
 * `<stem>_tmp_created<ext>` beside the values file, as mfg_gen names the master file
 * with its REPEAT values filled in.
 *
 * @example
 * ```ts
 * import { createdValuesPath } from "./plan.ts";
 * if (createdValuesPath("in/values.csv") !== "in/values_tmp_created.csv") throw new Error("path");
 * ```
 */
export function createdValuesPath(values: string): string {
  const ext = rt.paths.extname(values);
  return `${ext ? values.slice(0, -ext.length) : values}_tmp_created${ext}`;
}

/**
 * How the output directories (in commit order) are staged: those that do not exist yet
 * are staged whole (see `Staging` in `device_writer.ts`), moved into place before the
 * files staged one by one (`before`) or after them (`after`). One between two that exist
 * is made and its files are staged one by one, so that the commit order holds.
 */
export interface StagingPlan {
  before: string[];
  perFile: string[];
  after: string[];
}

/**
 * The staging plan of output directories `dirs` (in commit order).
 *
 * @example
 * ```ts
 * import { stagingPlan } from "./plan.ts";
 * const p = stagingPlan(["csv", "keys", "bin", "flash"], (d) => d === "keys" || d === "bin");
 * if (JSON.stringify(p) !== '{"before":["csv"],"perFile":["keys","bin"],"after":["flash"]}') {
 *   throw new Error(JSON.stringify(p));
 * }
 * ```
 */
export function stagingPlan(
  dirs: readonly string[],
  exists: (dir: string) => boolean,
): StagingPlan {
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

/** Where a run's outputs go, and (once planned) how they are staged. */
export class RunLayout {
  /** The output directory, absolute. */
  readonly outdir: string;
  /** The output directories, in commit order (`csv`, `bin`, `keys`, `flash`, `hex`). */
  readonly outDirs: string[];
  /** The created values file (REPEAT values filled in), when the configuration has any. */
  readonly created?: string;
  /** The shared key partition file (`--inputkey` with a partition table), absolute. */
  readonly sharedKeys?: string;
  /** Names this run's staged files. */
  readonly tag: string = fp.newRunTag();
  /** How the output directories are staged (see {@linkcode RunLayout.planStaging}). */
  plan: StagingPlan = { before: [], perFile: [], after: [] };
  /** The output directories staged whole → their staging directories. */
  readonly whole: Record<string, string> = {};

  constructor(run: BatchRun, hasRepeat: boolean) {
    this.outdir = rt.paths.resolve(rt.cwd(), run.outdir);
    this.outDirs = [
      "csv",
      "bin",
      ...(hasKeyFiles(run.encryption) ? ["keys"] : []),
      ...(run.flash ? ["flash"] : []),
      ...(run.flash?.hex ? ["hex"] : []),
    ];
    this.created = hasRepeat ? createdValuesPath(run.values) : undefined;
    const rel = run.flash?.sharedKeys;
    this.sharedKeys = rel === undefined ? undefined : this.target(rel);
  }

  /** A path under the outdir (`bin/dev-1.bin`), absolute. */
  target(rel: string): string {
    return rt.paths.join(this.outdir, ...rel.split("/"));
  }

  /** A path under the outdir, relative to it with `/`. */
  relative(abs: string): string {
    return rt.paths.relative(this.outdir, abs).split(rt.paths.sep).join("/");
  }

  /** Decides the staging from the directories there now (when pass 1 starts). */
  planStaging(prefix: string): void {
    this.plan = stagingPlan(this.outDirs, (dir) => rt.exists(this.target(dir)));
    for (const dir of [...this.plan.before, ...this.plan.after]) {
      this.whole[dir] = fp.stagingDirectoryName(this.outdir, dir, prefix, this.tag);
    }
  }
}

/**
 * Makes a directory with its missing parents; returns those it made, outermost first
 * (nothing when it existed).
 */
export function makeDirectories(dir: string): string[] {
  const first = rt.makeDirectory(dir);
  if (first === undefined) return [];
  const dirs = [first];
  for (const part of dir.slice(first.length).split(/[\\/]/).filter(Boolean)) {
    dirs.push(rt.paths.join(dirs[dirs.length - 1], part));
  }
  return dirs;
}

/**
 * The names of the crash-safe file protocol: run tags, temporary names
 * (`.<name>.<tag>.tmp`) and staging directories (`.<dir>-<prefix>.<tag>.tmp`), and the
 * removal of what a run left under them.
 *
 * @module
 */

import * as rt from "../runtime/mod.ts";
import type { PathFlavour } from "../runtime/mod.ts";
import { listDirectory } from "../runtime/stream.ts";

/**
 * A run tag: 8 hex digits naming the temporary files of one run, so that they can be
 * told apart from those of an earlier (killed) run.
 */
export function newRunTag(): string {
  return (Math.random() * 0x100000000 >>> 0).toString(16).padStart(8, "0");
}

/** The temporary name of `target` in the run tagged `tag`: `.<name>.<tag>.tmp` beside it. */
export function temporaryName(target: string, tag: string): string {
  const slash = Math.max(target.lastIndexOf("/"), target.lastIndexOf(rt.paths.sep));
  return `${target.slice(0, slash + 1)}.${target.slice(slash + 1)}.${tag}.tmp`;
}

/**
 * Directories as join normalizes them, with their separator, per path flavour (a batch
 * has a few); null when a name appended to it would not be what join makes of it.
 */
const bases = new Map<PathFlavour, Map<string, string | null>>();

/**
 * `rel` (parts joined by `/`) inside `dir`, as `paths.join(dir, ...parts)` makes it,
 * without normalizing the whole path again for every file of a batch: the names a batch
 * makes for a device (checked: no separators of their own, never `.` or `..`) are
 * appended to the directory as they are. A name with `.` or `..` parts (one given on the
 * command line) is joined.
 *
 * @example
 * ```ts
 * import { pathUnder } from "./names.ts";
 * import { posix, win32 } from "node:path";
 * if (pathUnder("./out/", "bin/NF-1.bin", posix) !== "out/bin/NF-1.bin") throw new Error();
 * if (pathUnder("out", "keys/../k.bin", posix) !== "out/k.bin") throw new Error();
 * if (pathUnder("C:out", "bin/NF-1.bin", win32) !== "C:out\\bin\\NF-1.bin") throw new Error();
 * ```
 */
export function pathUnder(dir: string, rel: string, paths: PathFlavour = rt.paths): string {
  const { sep, join } = paths;
  let known = bases.get(paths);
  if (known === undefined) bases.set(paths, known = new Map());
  let base = known.get(dir);
  if (base === undefined) {
    const d = join(dir, ".");
    base = d === "." ? "" : d.replace(/[\\/]*$/, sep);
    if (join(dir, "x") !== `${base}x`) base = null;
    if (known.size > 16) known.clear();
    known.set(dir, base);
  }
  if (base === null || /(^|[\\/])\.\.?([\\/]|$)/.test(rel)) return join(dir, ...rel.split("/"));
  return base + (sep === "/" ? rel : rel.replaceAll("/", sep));
}

/** The staging directory of output directory `dir` (`bin`) of batch `prefix`. */
export function stagingDirectoryName(outdir: string, dir: string, prefix: string, tag: string) {
  return rt.paths.join(outdir, `.${dir}-${prefix}.${tag}.tmp`);
}

const TEMPORARY = /^\.(.+)\.[0-9a-f]{8}\.tmp$/;
const STAGING = /^\.(csv|keys|bin|flash|hex)-(.+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files a killed run left in `dir`: those whose target's name
 * `ours` accepts. Returns how many.
 */
export function removeLeftovers(dir: string, ours: (name: string) => boolean): number {
  const stale: string[] = [];
  for (const name of listDirectory(dir)) {
    const m = TEMPORARY.exec(name);
    // A staging directory's name is a temporary name too (`.keys-<prefix>.<tag>.tmp`),
    // and so is a key file's (`.keys-<prefix>-1.bin.<tag>.tmp`): a file is one.
    if (m && ours(m[1]) && !(STAGING.test(name) && rt.isDirectory(rt.paths.join(dir, name)))) {
      stale.push(name);
    }
  }
  for (const name of stale) rt.removeFile(rt.paths.join(dir, name));
  return stale.length;
}

/** Removes the staging directories a killed run of batch `prefix` left in `outdir`. */
export function removeStaleStagingDirectories(outdir: string, prefix: string): void {
  const stale: string[] = [];
  for (const name of listDirectory(outdir)) {
    const m = STAGING.exec(name);
    if (m && m[2] === prefix) stale.push(name);
  }
  for (const name of stale) rt.removeTree(rt.paths.join(outdir, name));
}

/** Removes the files staged by the run tagged `tag` in `dir`; returns how many. */
export function removeStaged(dir: string, tag: string): number {
  const suffix = `.${tag}.tmp`;
  const staged: string[] = [];
  for (const name of listDirectory(dir)) {
    if (name.startsWith(".") && name.endsWith(suffix)) staged.push(name);
  }
  for (const name of staged) rt.removeFile(rt.paths.join(dir, name));
  return staged.length;
}

/**
 * Whether a target's name belongs to the files of batch `prefix`: `<prefix>-…`,
 * `keys-<prefix>-…`, `hmac-keys-<prefix>-…`.
 */
export function isBatchName(name: string, prefix: string): boolean {
  return name.startsWith(`${prefix}-`) || name.startsWith(`keys-${prefix}-`) ||
    name.startsWith(`hmac-keys-${prefix}-`);
}

/**
 * Removes what a killed run of batch `prefix` (no chance to clean up) may have left in
 * `outdir`: its staging directories, and the temporary files of the batch's names in
 * the output directories `dirs`.
 */
export function removeBatchLeftovers(
  outdir: string,
  dirs: readonly string[],
  prefix: string,
): void {
  removeStaleStagingDirectories(outdir, prefix);
  for (const dir of dirs) removeLeftovers(dir, (name) => isBatchName(name, prefix));
}

/** Removes the temporary files a killed run left beside `target`, for `target` only. */
export function removeLeftoversOf(target: string): number {
  const base = rt.paths.basename(target);
  return removeLeftovers(rt.paths.dirname(target), (name) => name === base);
}

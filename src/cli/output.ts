/**
 * Output files: the reference's path rules (`<outdir>/<file>`, an absolute file ignores
 * the outdir, `~` expanded in the outdir) and an all-or-nothing set of outputs. Every
 * file is written under a temporary name beside its target and renamed into place only
 * when all of them are written; on any failure the temporaries, the files already moved
 * into place by this run and the directories it created are removed.
 *
 * @module
 */

import {
  describeSystemError,
  NvsforgeError,
  OutputError,
  quotePath,
  UsageError,
} from "../errors.ts";
import * as rt from "../runtime/mod.ts";

/**
 * Expands a leading `~` as Python's `os.path.expanduser` does: `~` alone, or followed by
 * `/` (or, with Windows rules, `\`); on POSIX `~\x` is left alone (a backslash is a
 * file name character there).
 *
 * @param p the path as given (`--outdir`).
 * @param paths the path rules (default: the host's; node:path's `win32` or `posix`).
 */
export function expandHome(p: string, paths: rt.PathFlavour = rt.paths): string {
  if (p === "~") return rt.homeDirectory();
  if (p.startsWith("~/") || (paths.sep === "\\" && p.startsWith("~\\"))) {
    return paths.join(rt.homeDirectory(), p.slice(2));
  }
  return p;
}

/** `<outdir>/<file>`, or `file` itself when it is absolute. */
export function targetPath(outdir: string | undefined, file: string): string {
  if (rt.paths.isAbsolute(file)) return file;
  return rt.paths.join(expandHome(outdir ?? "."), file);
}

/** The reference's check on an output or key file name: its extension must be `.bin`. */
export function checkBinExtension(file: string, what = "output file"): void {
  const ext = rt.paths.extname(file);
  if (!ext.toLowerCase().includes(".bin")) {
    throw new UsageError(
      "invalid-output",
      `${what} ${quotePath(file)} must have the .bin extension`,
    );
  }
}

interface Staged {
  tmp: string;
  target: string;
  overwrite: boolean;
}

/** Options of {@linkcode OutputSet.add}. */
export interface AddOptions {
  /** Replace an existing file (default true, as the reference does for images). */
  overwrite?: boolean;
  /** POSIX mode for a new file (key files: 0o600). */
  mode?: number;
}

/** A set of output files written all together or not at all. */
export class OutputSet {
  private readonly staged: Staged[] = [];
  private readonly committed: string[] = [];
  private readonly createdDirs: string[] = [];

  /** Writes `data` to a temporary file beside `target`. */
  add(target: string, data: Uint8Array, options: AddOptions = {}): void {
    const overwrite = options.overwrite ?? true;
    if (!overwrite && rt.exists(target)) {
      throw new OutputError(
        "output-exists",
        `${quotePath(target)} already exists: not overwritten (use --force to replace it)`,
      );
    }
    const dir = rt.paths.dirname(target);
    try {
      const created = rt.makeDirectory(dir);
      if (created) this.createdDirs.push(created);
      this.staged.push({ tmp: rt.writeTemporary(target, data, options.mode), target, overwrite });
    } catch (e) {
      throw outputError(target, e);
    }
  }

  /** Moves every staged file into place. */
  commit(): void {
    try {
      for (const s of this.staged) {
        rt.commitTemporary(s.tmp, s.target, s.overwrite);
        this.committed.push(s.target);
      }
      this.staged.length = 0;
    } catch (e) {
      const target = this.staged[this.committed.length]?.target ?? "";
      this.rollback();
      throw outputError(target, e);
    }
  }

  /** Removes everything this set wrote or created. */
  rollback(): void {
    for (const s of this.staged) safely(() => rt.removeFile(s.tmp));
    for (const c of this.committed) safely(() => rt.removeFile(c));
    for (const d of this.createdDirs.reverse()) safely(() => rt.removeTree(d));
    this.staged.length = 0;
    this.committed.length = 0;
    this.createdDirs.length = 0;
  }
}

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // best effort during rollback
  }
}

function outputError(target: string, e: unknown): NvsforgeError {
  if (e instanceof NvsforgeError) return e;
  const code = (e as { code?: string })?.code;
  const why = code === "EEXIST"
    ? "it already exists (use --force to replace it)"
    : describeSystemError(e);
  return new OutputError("write-failed", `cannot write ${quotePath(target)}: ${why}`);
}

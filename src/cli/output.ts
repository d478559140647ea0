/**
 * Output files: the reference's path rules (`<outdir>/<file>`, an absolute file ignores
 * the outdir, `~` expanded in the outdir) and an all-or-nothing set of outputs. Every
 * file is written under a temporary name beside its target and renamed into place only
 * when all of them are written; on any failure the temporaries, the files already moved
 * into place by this run and the directories it created are removed.
 *
 * @module
 */

import { quotePath, UsageError } from "../errors.ts";
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

export { OutputSet } from "../file_protocol.ts";
export type { AddOptions } from "../file_protocol.ts";

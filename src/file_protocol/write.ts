/**
 * The writes of the crash-safe file protocol: create-only files, staged files and
 * staging directories moved into place, files written progressively.
 *
 * @module
 */

import { describeSystemError, NvsforgeError, OutputError, quotePath } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import { listDirectory } from "../runtime/stream.ts";
import { temporaryName } from "./names.ts";

/** Mode of every key file. */
export const KEY_MODE = 0o600;

/** The output error of a file that could not be written (exit status 3). */
export function writeError(target: string, e: unknown): NvsforgeError {
  if (e instanceof NvsforgeError) return e;
  const code = (e as { code?: string })?.code;
  const why = code === "EEXIST"
    ? "it already exists (another run writing to the same place?)"
    : describeSystemError(e);
  return new OutputError("write-failed", `cannot write ${quotePath(target)}: ${why}`);
}

/**
 * Writes `data` to a new file `file` (never over an existing one); `mode` is masked by
 * the umask. When the write fails, the file is removed.
 *
 * @param target the name the error names (default `file`).
 * @throws {OutputError} when the file cannot be created or written.
 */
export function writeNew(file: string, data: Uint8Array, mode?: number, target = file): void {
  try {
    rt.writeNewFile(file, data, mode);
  } catch (e) {
    throw writeError(target, e);
  }
}

/**
 * Moves `from` to `target`. Create-only unless `replace`: when `target` exists (another
 * run wrote it after it was checked), it fails with EEXIST and nothing is moved.
 */
export function moveInto(from: string, target: string, replace: boolean): void {
  if (replace) {
    rt.rename(from, target);
    return;
  }
  try {
    rt.linkFile(from, target);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "EEXIST" || code === "ENOENT") throw e;
    // A file system without hard links: check, then rename.
    if (rt.exists(target)) {
      throw Object.assign(new Error(`file exists: ${target}`), { code: "EEXIST" });
    }
    rt.rename(from, target);
    return;
  }
  rt.removeFile(from);
}

/** Writes `data` under the temporary name of `target` for a later {@linkcode commitStaged}. */
export function stageFile(target: string, data: Uint8Array, tag: string, mode?: number): void {
  writeNew(temporaryName(target, tag), data, mode, target);
}

/**
 * Moves the staged file of `target` into place (see {@linkcode moveInto}).
 *
 * @returns false when nothing was staged for `target`.
 * @throws the file system's error (EEXIST: `target` appeared since it was checked).
 */
export function commitStaged(target: string, tag: string, replace: boolean): boolean {
  const staged = temporaryName(target, tag);
  try {
    moveInto(staged, target, replace);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT" && !rt.exists(staged)) return false;
    throw e;
  }
}

/**
 * Moves a staging directory into place as `dir`, which did not exist when the run
 * started: one rename (which replaces an empty directory at most). When `dir` has files
 * meanwhile, the staged files are moved into it one by one, create-only, and the
 * staging directory is removed.
 *
 * @throws the file system's error for the first file that cannot be moved (EEXIST when
 *   `dir` has a file of that name).
 */
export function commitStagingDirectory(staging: string, dir: string): void {
  try {
    rt.rename(staging, dir);
    return;
  } catch {
    // one by one, below
  }
  rt.makeDirectory(dir);
  // A few thousand names at a time, each from a new listing: a directory is not
  // changed while it is being read.
  for (;;) {
    const names: string[] = [];
    for (const name of listDirectory(staging)) if (names.push(name) >= 4096) break;
    if (names.length === 0) break;
    for (const name of names) {
      moveInto(rt.paths.join(staging, name), rt.paths.join(dir, name), false);
    }
  }
  rt.removeEmptyDirectory(staging);
}

/** A file written progressively under its temporary name; its target appears on commit. */
export interface ProgressiveFile {
  /** The temporary path. */
  readonly tmp: string;
  /** Appends bytes. @throws {OutputError} when they cannot be written. */
  write(data: Uint8Array): void;
  /** Closes the file and moves it into place. @throws {OutputError} when it cannot. */
  commit(): void;
  /** Closes and removes the temporary file (safe to call twice, or after commit). */
  discard(): void;
}

/**
 * Opens the temporary name of `target` for progressive writing. The directory must
 * exist.
 *
 * @param replace the caller checked that `target` may be replaced (else create-only).
 * @throws {OutputError} when it cannot be created.
 */
export function openProgressive(
  target: string,
  tag: string,
  replace: boolean,
  mode?: number,
): ProgressiveFile {
  const tmp = temporaryName(target, tag);
  let fd: rt.OpenFile;
  try {
    fd = rt.createFile(tmp, mode);
  } catch (e) {
    throw writeError(target, e);
  }
  let open = true;
  let committed = false;
  const close = () => {
    if (open) {
      open = false;
      rt.closeFile(fd);
    }
  };
  return {
    tmp,
    write(data) {
      try {
        rt.writeBytes(fd, data);
      } catch (e) {
        throw writeError(target, e);
      }
    },
    commit() {
      try {
        close();
        moveInto(tmp, target, replace);
        committed = true;
      } catch (e) {
        throw writeError(target, e);
      }
    },
    discard() {
      try {
        close();
      } catch {
        // closed already
      }
      if (!committed) rt.removeFile(tmp);
    },
  };
}

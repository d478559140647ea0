/**
 * The crash-safe file protocol every command writes its outputs with. An output never
 * appears half-written under its own name, and a commit never replaces a file it did
 * not check:
 *
 * - **Temporary names**: a file is written beside its target as `.<name>.<tag>.tmp`
 *   (`tag`: 8 hex digits naming one run), created exclusively (never over anything),
 *   with its mode masked by the umask (key files 0600). A write that fails (a full
 *   disk) removes its temporary file and is an {@linkcode OutputError}: one line, exit
 *   status 3.
 * - **Staging directories**: an output directory that does not exist yet is written
 *   whole as `.<dir>-<prefix>.<tag>.tmp` beside it and moved into place with one rename.
 * - **Commit**: create-only (a hard link, then the temporary name removed), so that a
 *   file another run wrote meanwhile is reported, never replaced; a replacement only
 *   where the caller checked the target existed (and may be replaced).
 * - **Rollback**: {@linkcode OutputSet} removes what it wrote and the directories it made.
 * - **Leftovers** of a killed run: {@linkcode removeLeftovers} and
 *   {@linkcode removeStaleStagingDirectories} recognise the names above.
 * - **Resume**: {@linkcode sameContent} and {@linkcode FileComparer} compare what is on
 *   disk with what a run would write.
 *
 * @module
 */

import { describeSystemError, NvsforgeError, OutputError, quotePath } from "./errors.ts";
import * as rt from "./runtime/mod.ts";
import { listDirectory, readChunks } from "./runtime/stream.ts";

/** Mode of every key file. */
export const KEY_MODE = 0o600;

// ---- Names

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
    if (m && !STAGING.test(name) && ours(m[1])) stale.push(name);
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

// ---- Errors

/** The output error of a file that could not be written (exit status 3). */
export function writeError(target: string, e: unknown): NvsforgeError {
  if (e instanceof NvsforgeError) return e;
  const code = (e as { code?: string })?.code;
  const why = code === "EEXIST"
    ? "it already exists (another run writing to the same place?)"
    : describeSystemError(e);
  return new OutputError("write-failed", `cannot write ${quotePath(target)}: ${why}`);
}

// ---- Writes

/**
 * Writes `data` to a new file `file` (never over an existing one); `mode` is masked by
 * the umask. When the write fails, the file is removed.
 *
 * @param target the name the error names (default `file`).
 * @throws {OutputError} when the file cannot be created or written.
 */
export function writeNew(file: string, data: Uint8Array, mode?: number, target = file): void {
  let fd: number;
  try {
    fd = rt.createFile(file, mode);
  } catch (e) {
    throw writeError(target, e);
  }
  try {
    rt.writeBytes(fd, data);
    rt.closeFile(fd);
  } catch (e) {
    try {
      rt.closeFile(fd);
    } catch {
      // closed already
    }
    rt.removeFile(file);
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
  let fd: number;
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

/** Options of {@linkcode OutputSet.add}. */
export interface AddOptions {
  /** Replace an existing file (default true, as the reference does for images). */
  overwrite?: boolean;
  /** POSIX mode for a new file, masked by the umask (key files: 0o600). */
  mode?: number;
}

/**
 * A set of output files written all together or not at all: each is written under its
 * temporary name, then all are moved into place; any failure (a full disk) removes what
 * the set wrote and the directories it made.
 */
export class OutputSet {
  readonly #tag = newRunTag();
  readonly #staged: { target: string; overwrite: boolean }[] = [];
  readonly #committed: string[] = [];
  readonly #createdDirs: string[] = [];

  /**
   * Writes `data` under the temporary name of `target`, making its directory.
   *
   * @throws {OutputError} when `target` exists and may not be replaced, or on a write
   *   error (everything the set wrote is removed then).
   */
  add(target: string, data: Uint8Array, options: AddOptions = {}): void {
    const overwrite = options.overwrite ?? true;
    if (!overwrite && rt.exists(target)) {
      throw new OutputError(
        "output-exists",
        `${quotePath(target)} already exists: not overwritten (use --force to replace it)`,
      );
    }
    try {
      const created = rt.makeDirectory(rt.paths.dirname(target));
      if (created) this.#createdDirs.push(created);
      stageFile(target, data, this.#tag, options.mode);
      this.#staged.push({ target, overwrite });
    } catch (e) {
      this.rollback();
      throw writeError(target, e);
    }
  }

  /** Moves every file into place. @throws {OutputError} after a rollback. */
  commit(): void {
    for (const s of this.#staged) {
      try {
        commitStaged(s.target, this.#tag, s.overwrite);
      } catch (e) {
        this.rollback();
        throw e instanceof NvsforgeError
          ? e
          : (e as { code?: string }).code === "EEXIST"
          ? new OutputError(
            "output-exists",
            `${quotePath(s.target)} already exists: not overwritten (use --force to replace it)`,
          )
          : writeError(s.target, e);
      }
      this.#committed.push(s.target);
    }
    this.#staged.length = 0;
  }

  /** Removes everything this set wrote or made. */
  rollback(): void {
    for (const s of this.#staged) safely(() => rt.removeFile(temporaryName(s.target, this.#tag)));
    for (const c of this.#committed) safely(() => rt.removeFile(c));
    for (const d of this.#createdDirs.reverse()) safely(() => rt.removeTree(d));
    this.#staged.length = 0;
    this.#committed.length = 0;
    this.#createdDirs.length = 0;
  }
}

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // best effort during rollback
  }
}

// ---- Resume

/** Whether `file` holds exactly `data`. */
export function sameContent(file: string, data: Uint8Array): boolean {
  const have = rt.readFile(file);
  if (have.length !== data.length) return false;
  for (let i = 0; i < have.length; i++) if (have[i] !== data[i]) return false;
  return true;
}

/**
 * Compares bytes produced piece by piece with a file's content, reading the file as it
 * goes: nothing is held but one chunk of each.
 */
export class FileComparer {
  readonly #chunks: Iterator<Uint8Array>;
  #chunk: Uint8Array = new Uint8Array(0);
  #at = 0;
  #equal = true;

  /** Opens the file. Throws the file system's error when it cannot be read. */
  constructor(file: string) {
    this.#chunks = readChunks(file);
  }

  /** Compares the next bytes. */
  feed(data: Uint8Array): void {
    let i = 0;
    while (this.#equal && i < data.length) {
      if (this.#at === this.#chunk.length) {
        const next = this.#chunks.next();
        if (next.done) {
          this.#equal = false;
          return;
        }
        this.#chunk = next.value;
        this.#at = 0;
      }
      const n = Math.min(data.length - i, this.#chunk.length - this.#at);
      for (let k = 0; k < n; k++) {
        if (data[i + k] !== this.#chunk[this.#at + k]) {
          this.#equal = false;
          return;
        }
      }
      i += n;
      this.#at += n;
    }
  }

  /** Whether the file held exactly the bytes fed; closes it. */
  end(): boolean {
    if (this.#equal && this.#at === this.#chunk.length) {
      this.#equal = this.#chunks.next().done === true;
    } else if (this.#equal) {
      this.#equal = false;
    }
    this.#chunks.return?.();
    return this.#equal;
  }
}

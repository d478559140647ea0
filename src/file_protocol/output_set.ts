/**
 * A set of output files written all together or not at all (one command's outputs).
 *
 * @module
 */

import { NvsforgeError, OutputError, quotePath } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import { newRunTag, temporaryName } from "./names.ts";
import { commitStaged, stageFile, writeError } from "./write.ts";

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

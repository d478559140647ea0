/**
 * Scratch directories for the tests, removed when the test that made them ends — also
 * when it fails. Declare them with `using`, so the removal runs as a `finally` would:
 *
 * ```ts
 * import * as fs from "node:fs";
 * import * as path from "node:path";
 * import { tempDir } from "./_tmp.ts";
 *
 * let dir = "";
 * {
 *   using tmp = tempDir("nvsforge-test-");
 *   dir = tmp.path;
 *   fs.writeFileSync(path.join(dir, "in.csv"), "key,type,encoding,value\n");
 * }
 * if (fs.existsSync(dir)) throw new Error(`${dir} was left behind`);
 * ```
 *
 * The suite's temporary folder must be empty after a run (`.ci/run` checks it), so every
 * directory a test creates goes through here.
 *
 * @module
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A scratch directory that removes itself (and everything in it) when disposed. */
export interface TempDir extends Disposable {
  /** The directory's absolute path. */
  readonly path: string;
}

/** Creates a new directory in the temporary folder whose name starts with `prefix`. */
export function tempDir(prefix = "nvsforge-test-"): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    path: dir,
    [Symbol.dispose]() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const untilExit = new Set<string>();
globalThis.addEventListener("unload", () => {
  for (const dir of untilExit) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Creates a new directory in the temporary folder, removed when the test module ends
 * (passed or failed). For tests written before {@linkcode tempDir}; prefer `using`.
 */
export function tempPath(prefix = "nvsforge-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  untilExit.add(dir);
  return dir;
}

/** A scratch directory holding the given files (text or bytes), removed when disposed. */
export function tempFiles(
  files: Record<string, string | Uint8Array> = {},
  prefix = "nvsforge-test-",
): TempDir {
  const tmp = tempDir(prefix);
  try {
    writeFiles(tmp.path, files);
  } catch (e) {
    tmp[Symbol.dispose]();
    throw e;
  }
  return tmp;
}

/** Writes files (text or bytes) under `dir`, making their parent directories. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

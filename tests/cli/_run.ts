/**
 * Runs the nvsforge command line in a scratch directory, as a user would.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bin, REPO_ROOT } from "../../scripts/vectors.ts";
import { type TempDir, tempFiles, tempPath, writeFiles } from "../_tmp.ts";

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A scratch directory holding the given files (text or bytes), removed when disposed,
 * also when the test fails: `using tmp = scratchDir({...}); const dir = tmp.path;`.
 */
export function scratchDir(files: Record<string, string | Uint8Array> = {}): TempDir {
  return tempFiles(files, "nvsforge-test-");
}

/**
 * A scratch directory holding the given files, removed when the test module ends
 * (passed or failed). Prefer {@linkcode scratchDir}, which removes it when the test ends.
 */
export function scratch(files: Record<string, string | Uint8Array> = {}): string {
  const dir = tempPath("nvsforge-test-");
  writeFiles(dir, files);
  return dir;
}

/** Runs `nvsforge <args>` under Deno in `cwd`. */
export function nvsforge(cwd: string, ...args: string[]): RunResult {
  const deno = bin("deno");
  const r = spawnSync(
    fs.existsSync(deno) ? deno : "deno",
    ["run", "--allow-all", "--quiet", path.join(REPO_ROOT, "cli.ts"), ...args],
    { cwd, encoding: "utf8" },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under a directory, relative, sorted. */
export function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

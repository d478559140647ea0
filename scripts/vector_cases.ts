/**
 * The one loader of the public compatibility vectors (`../shared/nvs-vectors`, or
 * `$NVS_VECTORS`; see its README): where they are, every case's `case.json` with the
 * folder it sits in, and a case's input files, expected outputs and option values.
 * Every vector-driven test and script reads the vectors through it.
 *
 * ```ts
 * import { expectedFile, loadCase, optionValue } from "./vector_cases.ts";
 *
 * const c = loadCase("gen-size-0x3000");
 * if (c.expect !== "ok" || optionValue(c, "--version") !== undefined) throw new Error(c.name);
 * const [output] = Object.keys(c.outputs);
 * if (expectedFile(c, output).length !== 0x3000) throw new Error("not a 0x3000-byte image");
 * ```
 *
 * @module
 */

import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";

/** A vector case: its `case.json` (fields as the vectors' README describes them) and its folder. */
export interface VectorCase {
  /** The case (= folder) name. */
  name: string;
  /** Which reference tool the case runs. */
  tool: "nvs_partition_gen" | "mfg_gen";
  /** `generate`, `encrypt`, `decrypt` or `generate-key`. */
  subcommand: string;
  /** The arguments after the subcommand, exactly as passed; paths relative to the case folder. */
  args: string[];
  /** Where the command runs, relative to the case folder (always `"."`). */
  cwd?: string;
  /** Whether the reference succeeds. */
  expect: "ok" | "error";
  /** Every output path (relative to `cwd`) with its sha256; a copy is at `expected/<path>`. */
  outputs: Record<string, string>;
  /** What the case exercises. */
  notes?: string;
  /** Error cases: the reference's exit status. */
  exit_code?: number;
  /** Error cases: the reference's message (not to be matched verbatim). */
  error_text?: string;
  /** Error cases: the reference died with a traceback. */
  reference_crashed?: boolean;
  /** Absolute path of the case folder. */
  dir: string;
}

/** Where the repository is (the parent of scripts/). */
export const REPO_ROOT: string = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  "..",
);

/**
 * The vectors directory: `$NVS_VECTORS`, else `../shared/nvs-vectors` beside the
 * repository. Throws (loudly: a test fails, never skips) when it does not exist.
 */
export function findVectors(): string {
  const candidates = [
    process.env.NVS_VECTORS,
    path.resolve(REPO_ROOT, "../shared/nvs-vectors"),
  ].filter((p): p is string => Boolean(p));
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, "README.md"))) return c;
  }
  throw new Error(
    `NVS vectors not found: set NVS_VECTORS or place them at ${
      path.resolve(REPO_ROOT, "../shared/nvs-vectors")
    } (looked in: ${candidates.join(", ")})`,
  );
}

/** Reads the case of one folder. */
function readCase(dir: string): VectorCase {
  const c = JSON.parse(fs.readFileSync(path.join(dir, "case.json"), "utf8"));
  return { ...c, dir };
}

/**
 * Every case of a vectors directory (default: {@linkcode findVectors}), sorted by name.
 * Throws when there is none.
 */
export function loadCases(dir: string = findVectors()): VectorCase[] {
  const cases = fs.readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, "case.json")))
    .sort()
    .map((d) => readCase(path.join(dir, d)));
  if (cases.length === 0) throw new Error(`no vector cases (case.json) under ${dir}`);
  return cases;
}

/** One case by name; throws when the vectors have no such case. */
export function loadCase(name: string, dir: string = findVectors()): VectorCase {
  const folder = path.join(dir, name);
  if (!fs.existsSync(path.join(folder, "case.json"))) {
    throw new Error(`no vector case ${JSON.stringify(name)} under ${dir}`);
  }
  return readCase(folder);
}

/** The absolute path of a file of a case (an input: relative to the case folder). */
export function casePath(c: VectorCase, rel: string): string {
  return path.join(c.dir, rel);
}

/** The bytes of an input file of a case (relative to the case folder). */
export function caseFile(c: VectorCase, rel: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(fs.readFileSync(casePath(c, rel)));
}

/** The text (UTF-8) of an input file of a case. */
export function caseText(c: VectorCase, rel: string): string {
  return fs.readFileSync(casePath(c, rel), "utf8");
}

/** The absolute path of the expected copy of an output of a case. */
export function expectedPath(c: VectorCase, output: string): string {
  return path.join(c.dir, "expected", output);
}

/** The bytes the reference wrote for an output of a case (a path of `outputs`). */
export function expectedFile(c: VectorCase, output: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(fs.readFileSync(expectedPath(c, output)));
}

/** The value following option `name` in a case's arguments, if any. */
export function optionValue(c: VectorCase, name: string): string | undefined {
  const i = c.args.indexOf(name);
  return i >= 0 && i + 1 < c.args.length ? c.args[i + 1] : undefined;
}

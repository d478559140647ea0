/**
 * The compatibility-vector runner: runs every case of `../shared/nvs-vectors` (or
 * `$NVS_VECTORS`) through the nvsforge command line — under Deno, under Bun, or a
 * compiled executable — and compares every expected output byte for byte. Error cases
 * must fail with a non-zero status, print no stack trace and leave no file behind.
 *
 * Used by the test suite (tests/vectors_test.ts) and by scripts/run_vectors.ts; the cases
 * are read by scripts/vector_cases.ts.
 *
 * @module
 */

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { sha256 } from "@noble/hashes/sha2.js";
import { loadCases, REPO_ROOT, type VectorCase } from "./vector_cases.ts";

// The loader of the cases: scripts/vector_cases.ts (re-exported for the runner's users).
export { findVectors, loadCases, REPO_ROOT, type VectorCase } from "./vector_cases.ts";

/** The outcome of one case. */
export interface CaseResult {
  name: string;
  ok: boolean;
  problems: string[];
}

/** How to start nvsforge. */
export type Launcher = { runtime: "deno" | "bun" } | { exe: string };

/** A tool from node_modules/.bin (installed by npm ci), else from the PATH. */
export function bin(name: "deno" | "bun"): string {
  // npm links the native binary as node_modules/.bin/<name> on POSIX; on Windows it
  // writes a .cmd shim there instead, which cannot be spawned without a shell: take the
  // package's own executable then.
  const modules = path.join(REPO_ROOT, "node_modules");
  const candidates = [
    path.join(modules, ".bin", name),
    path.join(modules, name, name === "bun" ? "bin/bun.exe" : "deno.exe"),
  ];
  return candidates.find((f) => fs.existsSync(f)) ?? name;
}

/** The command line that starts nvsforge. */
export function launcherCommand(l: Launcher): string[] {
  if ("exe" in l) return [path.resolve(l.exe)];
  const cli = path.join(REPO_ROOT, "cli.ts");
  return l.runtime === "bun"
    ? [bin("bun"), cli]
    : [bin("deno"), "run", "--allow-all", "--quiet", cli];
}

/** nvsforge's arguments for a case. */
export function caseArgs(c: VectorCase): string[] {
  return c.tool === "nvs_partition_gen"
    ? ["nvs", c.subcommand, ...c.args]
    : [c.subcommand, ...c.args];
}

/**
 * The environment a case runs in. A compiled executable must need nothing installed, so
 * it runs with a PATH that holds no Deno, Bun or Node.
 */
export function launcherEnv(l: Launcher): Record<string, string | undefined> {
  if (!("exe" in l)) return process.env;
  return { HOME: process.env.HOME, PATH: path.join(os.tmpdir(), "nvsforge-empty-path") };
}

function run(
  cmd: string[],
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => stdout += b);
    child.stderr.on("data", (b) => stderr += b);
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ status: -1, stdout, stderr: String(e) });
    });
  });
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? [path.relative(base, p) + "/", ...listFiles(p, base)] : [
      path.relative(base, p),
    ];
  });
}

/** Runs one case in a scratch copy of its folder. */
export async function runCase(c: VectorCase, launcher: Launcher): Promise<CaseResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-vec-"));
  try {
    fs.cpSync(c.dir, work, { recursive: true });
    fs.rmSync(path.join(work, "expected"), { recursive: true, force: true });
    const before = new Set(listFiles(work));
    const cwd = path.join(work, c.cwd ?? ".");
    const r = await run([...launcherCommand(launcher), ...caseArgs(c)], cwd, launcherEnv(launcher));
    const problems: string[] = [];
    const said = r.stderr + r.stdout;
    if (/^\s+at /m.test(said)) problems.push("printed a stack trace");
    if (/internal error/i.test(said)) problems.push("reported an internal error");
    if (c.expect === "error") {
      if (r.status === 0) problems.push("expected an error, got exit 0");
      const left = listFiles(work).filter((f) => !before.has(f));
      if (left.length) problems.push(`left ${left.join(", ")}`);
    } else {
      if (r.status !== 0) {
        problems.push(`exit ${r.status}: ${said.trim().split("\n").slice(-2).join(" | ")}`);
      }
      for (const [rel, want] of Object.entries(c.outputs)) {
        const p = path.join(cwd, rel);
        if (!fs.existsSync(p)) problems.push(`missing ${rel}`);
        else if (hex(sha256(fs.readFileSync(p))) !== want) problems.push(`differs ${rel}`);
      }
    }
    return { name: c.name, ok: problems.length === 0, problems };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Options of {@linkcode runVectors}. */
export interface RunOptions {
  /** How to start nvsforge. */
  launcher: Launcher;
  /** Which cases: a predicate (default all). */
  filter?: (c: VectorCase) => boolean;
  /** Cases run at once (default: the number of CPUs). */
  concurrency?: number;
}

/** Runs many cases concurrently; results in case order. */
export async function runVectors(dir: string, options: RunOptions): Promise<CaseResult[]> {
  const cases = loadCases(dir).filter(options.filter ?? (() => true));
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, options.concurrency ?? os.cpus().length) },
    async () => {
      while (next < cases.length) {
        const i = next++;
        results[i] = await runCase(cases[i], options.launcher);
      }
    },
  );
  await Promise.all(workers);
  return results;
}

/** Formats results: one line per failing case and the closing `N passed, M failed`. */
export function summarize(results: readonly CaseResult[], verbose = false): string {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.ok) lines.push(`FAIL ${r.name}: ${r.problems.join("; ")}`);
    else if (verbose) lines.push(`ok   ${r.name}`);
  }
  const passed = results.filter((r) => r.ok).length;
  lines.push(`${passed} passed, ${results.length - passed} failed`);
  return lines.join("\n");
}

/**
 * Builds nvsforge's single executables with `bun build --compile --bytecode` (Bun fetches
 * the runtime of each target from the npm registry), and writes `SHA256SUMS` beside them.
 * The flags ({@linkcode BUN_FLAGS}) are chosen for start-up, one image being the most
 * common run (scripts/bench_startup.ts measures them):
 * - `--bytecode` ships the code compiled to JavaScriptCore bytecode, so the executable
 *   does not parse its source at every start (about half its start-up); it needs an
 *   entry point without top-level await (cli.ts).
 * - `--format=esm --splitting`: what cli.ts and the worker import only with `import()`
 *   (commander and the other commands) is a chunk of its own, loaded when a command
 *   needs it; in one bundle, its mere presence costs the fast path about 2 ms.
 * - `--no-compile-autoload-dotenv --no-compile-autoload-bunfig`: the executable neither
 *   reads a `.env` nor a `bunfig.toml` from the working directory (it behaves as under
 *   Deno, whatever directory it runs in), and does not look for them (a scan of every
 *   parent directory at each start).
 * - `--compile-jit-policy`: the JIT is reluctant at start, as suits run-once code; every
 *   command but the fast path's one image restores the usual policy
 *   (`normalJitPolicy` in src/runtime/mod.ts), as does each worker thread.
 *
 *   deno run -A scripts/build_executables.ts [--outdir dist] [--target NAME]...
 *
 * Without `--target`, every target is built. Names: `nvsforge-<os>-<arch>[.exe]`, plus
 * `-baseline` x64 builds for CPUs without AVX2 (old factory PCs).
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { sha256 } from "@noble/hashes/sha2.js";
import { bin, REPO_ROOT } from "./vectors.ts";

/** An executable to build: its file name and Bun's compile target. */
export interface Target {
  name: string;
  bunTarget: string;
}

/** Every release target. */
export const TARGETS: Target[] = [
  { name: "nvsforge-linux-x64", bunTarget: "bun-linux-x64" },
  { name: "nvsforge-linux-x64-baseline", bunTarget: "bun-linux-x64-baseline" },
  { name: "nvsforge-linux-arm64", bunTarget: "bun-linux-arm64" },
  { name: "nvsforge-darwin-x64", bunTarget: "bun-darwin-x64" },
  { name: "nvsforge-darwin-x64-baseline", bunTarget: "bun-darwin-x64-baseline" },
  { name: "nvsforge-darwin-arm64", bunTarget: "bun-darwin-arm64" },
  { name: "nvsforge-windows-x64.exe", bunTarget: "bun-windows-x64" },
  { name: "nvsforge-windows-x64-baseline.exe", bunTarget: "bun-windows-x64-baseline" },
];

/** The flags of every build, before the target (see the module's overview). */
export const BUN_FLAGS: readonly string[] = [
  "--compile",
  "--minify",
  "--bytecode",
  "--format=esm",
  "--splitting",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
  "--compile-jit-policy=20",
];

/**
 * Builds one target into `outdir`; returns the executable's path. `flags` replace
 * {@linkcode BUN_FLAGS}, and `root` is the checkout built (scripts/bench_startup.ts
 * compares builds this way).
 */
export function build(
  target: Target,
  outdir: string,
  flags: readonly string[] = BUN_FLAGS,
  root: string = REPO_ROOT,
): string {
  fs.mkdirSync(outdir, { recursive: true });
  const out = path.join(outdir, target.name);
  const r = spawnSync(bin("bun"), [
    "build",
    ...flags,
    `--target=${target.bunTarget}`,
    path.join(root, "cli.ts"),
    // The mfg worker threads' entry point, embedded so the executable can start them.
    path.join(root, "src/mfg/worker.ts"),
    "--outfile",
    out,
  ], { cwd: outdir, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`bun build for ${target.name} failed: ${(r.stderr || r.stdout).trim()}`);
  }
  return out;
}

/** Writes `SHA256SUMS` (sha256sum's format) for the given files. */
export function writeChecksums(files: string[], outdir: string): string {
  const lines = files.map((f) => {
    const digest = Array.from(sha256(fs.readFileSync(f)), (b) => b.toString(16).padStart(2, "0"))
      .join("");
    return `${digest}  ${path.basename(f)}\n`;
  });
  const sums = path.join(outdir, "SHA256SUMS");
  fs.writeFileSync(sums, lines.join(""));
  return sums;
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const outdir = path.resolve(
    argv[argv.indexOf("--outdir") + 1] && argv.includes("--outdir")
      ? argv[argv.indexOf("--outdir") + 1]
      : path.join(REPO_ROOT, "dist"),
  );
  const wanted = argv.flatMap((a, i) => a === "--target" ? [argv[i + 1]] : []);
  const targets = wanted.length ? TARGETS.filter((t) => wanted.includes(t.name)) : TARGETS;
  if (wanted.length && targets.length !== wanted.length) {
    console.error(`unknown target; known: ${TARGETS.map((t) => t.name).join(", ")}`);
    process.exit(2);
  }
  const built = targets.map((t) => {
    const f = build(t, outdir);
    console.log(
      `built ${path.relative(process.cwd(), f)} (${(fs.statSync(f).size / 1e6).toFixed(1)} MB)`,
    );
    return f;
  });
  console.log(`wrote ${path.relative(process.cwd(), writeChecksums(built, outdir))}`);
}

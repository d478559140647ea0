/**
 * The release path with `deno compile`: one executable per target, with only the
 * permissions nvsforge needs (read and write files, read the environment for HOME and
 * NVSFORGE_* settings, system information for the CPU count). `deno compile` downloads
 * the runtime of each target from Deno's download host: run this where that host is
 * reachable (the release workflow). `scripts/build_executables.ts` is the Bun path.
 *
 *   deno run -A scripts/compile_deno.ts [--outdir dist] [--target NAME]...
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { REPO_ROOT } from "./vectors.ts";
import { writeChecksums } from "./build_executables.ts";

/** Deno's targets, under the same names as the Bun builds. */
export const DENO_TARGETS: { name: string; denoTarget: string }[] = [
  { name: "nvsforge-linux-x64", denoTarget: "x86_64-unknown-linux-gnu" },
  { name: "nvsforge-linux-arm64", denoTarget: "aarch64-unknown-linux-gnu" },
  { name: "nvsforge-darwin-x64", denoTarget: "x86_64-apple-darwin" },
  { name: "nvsforge-darwin-arm64", denoTarget: "aarch64-apple-darwin" },
  { name: "nvsforge-windows-x64.exe", denoTarget: "x86_64-pc-windows-msvc" },
];

/** The permissions the compiled executable gets: no network, no subprocesses. */
export const PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys=cpus,homedir",
];

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const outdir = path.resolve(
    argv.includes("--outdir") ? argv[argv.indexOf("--outdir") + 1] : path.join(REPO_ROOT, "dist"),
  );
  const wanted = argv.flatMap((a, i) => a === "--target" ? [argv[i + 1]] : []);
  const targets = wanted.length
    ? DENO_TARGETS.filter((t) => wanted.includes(t.name))
    : DENO_TARGETS;
  fs.mkdirSync(outdir, { recursive: true });
  const built: string[] = [];
  for (const t of targets) {
    const out = path.join(outdir, t.name);
    const r = spawnSync(process.execPath, [
      "compile",
      ...PERMISSIONS,
      "--target",
      t.denoTarget,
      "--include",
      path.join(REPO_ROOT, "src/mfg/worker.ts"),
      "--output",
      out,
      path.join(REPO_ROOT, "cli.ts"),
    ], { stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
    built.push(out);
  }
  console.log(`wrote ${writeChecksums(built, outdir)}`);
}

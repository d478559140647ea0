/**
 * End-to-end time of one image with the compiled executable (start-up included): builds
 * the linux-x64 executable as released (`bun build --compile --bytecode`) and times
 * `nvsforge nvs generate` on testdata/sample.csv, and the same under `deno run` and
 * `bun cli.ts` for comparison, and a compiled program that does nothing (the floor).
 *
 *   deno run -A scripts/bench_startup.ts [--runs 20]
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { build, TARGETS } from "./build_executables.ts";
import { bin, REPO_ROOT } from "./vectors.ts";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 20;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-startup-"));
fs.cpSync(path.join(REPO_ROOT, "testdata"), path.join(work, "testdata"), { recursive: true });
const exe = build(TARGETS.find((t) => t.name === "nvsforge-linux-x64")!, work);
// The floor: a compiled program that does nothing, built the same way.
const nothing = path.join(work, "nothing.ts");
fs.writeFileSync(nothing, "export {};\n");
const empty = path.join(work, "nothing");
const made = spawnSync(bin("bun"), [
  "build",
  "--compile",
  "--minify",
  "--bytecode",
  nothing,
  "--outfile",
  empty,
], { cwd: work, encoding: "utf8" });
if (made.status !== 0) throw new Error(`bun build failed: ${made.stderr}`);
const cli = path.join(REPO_ROOT, "cli.ts");
const args = ["nvs", "generate", "testdata/sample.csv", "out.bin", "0x6000"];

function time(cmd: string[], withArgs = true): { median: number; min: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd[0], [...cmd.slice(1), ...(withArgs ? args : [])], { cwd: work });
    ms.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed: ${r.stderr}`);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0] };
}

console.log(`one image (testdata/sample.csv, 0x6000), end to end, ${runs} runs`);
for (
  const [name, cmd] of [
    ["compiled executable (bun build --compile --bytecode)", [exe]],
    ["bun cli.ts", [bin("bun"), cli]],
    ["deno run cli.ts", [bin("deno"), "run", "--allow-all", "--quiet", cli]],
  ] as [string, string[]][]
) {
  const t = time(cmd);
  console.log(`${name.padEnd(52)} median ${t.median.toFixed(1)} ms, min ${t.min.toFixed(1)} ms`);
}
const e = time([empty], false);
console.log(
  `${"a compiled program that does nothing".padEnd(52)} median ${e.median.toFixed(1)} ms, min ${
    e.min.toFixed(1)
  } ms`,
);
fs.rmSync(work, { recursive: true, force: true });

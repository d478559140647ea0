/**
 * End-to-end time of one image with the compiled executable (start-up included): builds
 * the linux-x64 executable as released (scripts/build_executables.ts' flags) and times
 * `nvsforge nvs generate` on testdata/sample.csv, and the same under `deno run` and
 * `bun cli.ts` for comparison, and a compiled program that does nothing, built with the
 * same flags (the floor). The programs take turns, run after run, so that a change in
 * the machine's load touches each of them alike.
 *
 *   deno run -A scripts/bench_startup.ts [--runs 20] [--variant NAME=FLAGS]...
 *     [--baseline CHECKOUT [--baseline-flags FLAGS]]
 *
 * `--variant` builds one more executable with Bun flags of its own (replacing the
 * release flags, space-separated) and times it beside the others, e.g.
 * `--variant "one bundle=--compile --minify --bytecode"`. `--baseline` builds another
 * checkout (with its node_modules) the same way, or with `--baseline-flags` (an older
 * release's flags: `--compile --minify --bytecode` before 2026-12-01 16:00).
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { build, BUN_FLAGS, TARGETS } from "./build_executables.ts";
import { bin, REPO_ROOT } from "./vectors.ts";

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf("--runs") + 1]) || 20;
const variants = argv.flatMap((a, i) => a === "--variant" ? [argv[i + 1]] : []).map((v) => {
  const eq = v.indexOf("=");
  if (eq < 1) throw new Error(`--variant NAME=FLAGS, got ${JSON.stringify(v)}`);
  return {
    name: `variant: ${v.slice(0, eq)}`,
    flags: v.slice(eq + 1).split(/\s+/).filter(Boolean),
  };
});

const baseline = argv.includes("--baseline")
  ? path.resolve(argv[argv.indexOf("--baseline") + 1])
  : undefined;
const baselineFlags = argv.includes("--baseline-flags")
  ? argv[argv.indexOf("--baseline-flags") + 1].split(/\s+/).filter(Boolean)
  : BUN_FLAGS;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-startup-"));
try {
  fs.cpSync(path.join(REPO_ROOT, "testdata"), path.join(work, "testdata"), { recursive: true });
  const target = TARGETS.find((t) => t.name === "nvsforge-linux-x64")!;
  const exe = build(target, work);
  const built = variants.map((v, i) => ({
    ...v,
    exe: build({ ...target, name: `variant-${i}` }, work, v.flags),
  }));
  if (baseline) {
    built.unshift({
      name: `baseline ${path.basename(baseline)}`,
      flags: [...baselineFlags],
      exe: build({ ...target, name: "baseline" }, work, baselineFlags, baseline),
    });
  }
  // The floor: a compiled program that does nothing, built the same way.
  fs.writeFileSync(path.join(work, "nothing.ts"), "export {};\n");
  const empty = path.join(work, "nothing");
  const made = spawnSync(bin("bun"), [
    "build",
    ...BUN_FLAGS,
    path.join(work, "nothing.ts"),
    "--outfile",
    empty,
  ], { cwd: work, encoding: "utf8" });
  if (made.status !== 0) throw new Error(`bun build failed: ${made.stderr}`);
  const cli = path.join(REPO_ROOT, "cli.ts");
  const args = ["nvs", "generate", "testdata/sample.csv", "out.bin", "0x6000"];

  const programs: { name: string; cmd: string[]; ms: number[] }[] = [
    { name: "compiled executable (as released)", cmd: [exe, ...args], ms: [] },
    ...built.map((v) => ({ name: v.name, cmd: [v.exe, ...args], ms: [] })),
    { name: "bun cli.ts", cmd: [bin("bun"), cli, ...args], ms: [] },
    {
      name: "deno run cli.ts",
      cmd: [bin("deno"), "run", "--allow-all", "--quiet", cli, ...args],
      ms: [],
    },
    { name: "a compiled program that does nothing", cmd: [empty], ms: [] },
  ];
  for (let i = 0; i < runs; i++) {
    for (const p of programs) {
      const t = performance.now();
      const r = spawnSync(p.cmd[0], p.cmd.slice(1), { cwd: work });
      p.ms.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`${p.cmd.join(" ")} failed: ${r.stderr}`);
    }
  }
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  console.log(`one image (testdata/sample.csv, 0x6000), end to end, ${runs} runs (load ${load})`);
  for (const p of programs) {
    const ms = [...p.ms].sort((a, b) => a - b);
    const median = ms[Math.floor(ms.length / 2)];
    console.log(
      `${p.name.padEnd(52)} median ${median.toFixed(1)} ms, min ${ms[0].toFixed(1)} ms`,
    );
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

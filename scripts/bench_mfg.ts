/**
 * Benchmark of `nvsforge generate` on a realistic batch: two namespaces, a dozen keys
 * (REPEAT ones among them), and per device a ~1.2 KB certificate and a private key
 * file. Reports devices/s for a plain run, `--inputkey` and `--keygen`, each next to
 * the I/O floor measured in the same run: one process that reads every input file the
 * batch references (the configuration and master files, the key file with `--inputkey`,
 * and each device's `file` values) and writes the very same output files from memory,
 * one `writeFileSync` each, device by device. The ratio nvsforge ÷ floor is what the
 * computing, the crash-safe staging and the threads cost on top of the I/O any tool
 * must do. "writes" is the previous floor (the writes alone), for comparison with
 * older figures.
 *
 * Every measurement starts after a `sync`, so that it does not pay for writing back the
 * previous one's data. With `--repeat R` each figure is the best of R runs (the
 * machine's noise only ever slows a run down).
 *
 *   deno run -A scripts/bench_mfg.ts [DEVICES=10000] [--runtime deno|bun] [--size 0x4000]
 *       [--jobs N] [--repeat R] [--dir DIR] [--baseline CHECKOUT] [--modes plain,inputkey,keygen]
 *
 * `--baseline CHECKOUT` also runs another checkout of nvsforge (e.g. `git worktree add
 * /tmp/base main`, with `node_modules` linked) on the same batch, interleaved with this
 * one in every repeat, so that before and after meet the same load. Each row also gives
 * the user + system CPU time of the run (from the child's resource usage), which a
 * shared machine disturbs less than the wall-clock time. `--modes` picks the modes.
 *
 * The batch goes to a new temporary directory (under `--dir`, e.g. `/dev/shm/b` for
 * tmpfs), removed at the end. Every run writes to its own output directory, removed
 * (with the floor's copies) right after its floor is measured.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { type Inputs, makeBatch } from "./_bench_batch.ts";
import { bin, REPO_ROOT } from "./vectors.ts";

const argv = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const positional = argv.filter((a, i) => !a.startsWith("--") && !argv[i - 1]?.startsWith("--"));
const devices = Number(positional[0] ?? 10000);
const runtime = opt("--runtime", "deno")!;
const size = opt("--size", "0x4000")!;
const jobs = opt("--jobs");
const repeat = Number(opt("--repeat", "1"));

const baseline = opt("--baseline");
const wanted = opt("--modes", "plain,inputkey,keygen")!.split(",");
/** The command line that runs the checkout at `root`'s nvsforge. */
const commandOf = (root: string) => {
  const cli = path.join(root, "cli.ts");
  return runtime === "bun"
    ? [bin("bun"), cli]
    : [bin("deno"), "run", "--allow-all", "--quiet", cli];
};
const versions: [string, string[]][] = [["", commandOf(REPO_ROOT)]];
if (baseline) versions.unshift(["baseline ", commandOf(path.resolve(baseline))]);

/** GNU time, to read a run's user + system CPU seconds (absent: CPU is not reported). */
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** Flushes written data to disk, so that a measurement does not pay for the previous one. */
function settle(): void {
  spawnSync("sync", [], { stdio: "ignore" });
}

/**
 * The I/O floor: reads the inputs (`shared`, then each device's files) and writes the
 * files nvsforge wrote to `outdir` into `scratch`, from memory, device by device (with
 * `reads` false: the writes only). Returns seconds.
 */
function floor(
  root: string,
  inputs: Inputs,
  shared: string[],
  outdir: string,
  scratch: string,
  reads: boolean,
): number {
  const outputs = new Map<string, { f: string; data: Uint8Array }[]>();
  const dirs = new Set<string>();
  for (const f of listFiles(outdir)) {
    const id = /NF-\d{7}/.exec(f)?.[0] ?? ""; // the device's serial, as in makeBatch
    const target = path.join(scratch, f);
    dirs.add(path.dirname(target));
    const list = outputs.get(id) ?? [];
    list.push({ f: target, data: new Uint8Array(fs.readFileSync(path.join(outdir, f))) });
    outputs.set(id, list);
  }
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  const read = (f: string) => {
    if (reads) fs.readFileSync(path.join(root, f));
  };
  const t = performance.now();
  for (const f of shared) read(f);
  for (const { f, data } of outputs.get("") ?? []) fs.writeFileSync(f, data);
  for (const d of inputs.devices) {
    for (const f of d.files) read(f);
    for (const { f, data } of outputs.get(d.id) ?? []) fs.writeFileSync(f, data);
  }
  return (performance.now() - t) / 1000;
}

// Everything goes into a new directory (under --dir, created if need be), removed at the end.
const parent = opt("--dir") ?? os.tmpdir();
fs.mkdirSync(parent, { recursive: true });
const root = fs.mkdtempSync(path.join(parent, "nvsforge-bench-"));
try {
  const inputs = makeBatch(root, devices);
  console.log(
    `nvsforge generate benchmark: ${devices} devices, size ${size}, ${runtime}, ${os.cpus().length} CPUs (${
      os.cpus()[0]?.model ?? "?"
    }), ${new Date().toISOString().slice(0, 10)}`,
  );
  const modes = ([
    ["plain", [], []],
    ["--inputkey", ["--inputkey", "input_key.bin"], ["input_key.bin"]],
    ["--keygen", ["--keygen"], []],
  ] as [string, string[], string[]][]).filter(([m]) => wanted.includes(m.replace(/^--/, "")));
  type Best = { secs: number; cpu: number; floor: number; writes: number; files: number };
  const best = new Map<string, Best>();
  let n = 0;
  for (let r = 0; r < repeat; r++) {
    for (const [name, extra, keyFiles] of modes) {
      for (const [version, command] of versions) {
        const out = `out-${++n}`;
        const args = [
          ...command,
          "generate",
          "config.csv",
          "values.csv",
          "NF",
          size,
          "--fileid",
          "serial",
          "--outdir",
          out,
          "--progress",
          "none",
          ...extra,
          ...(jobs ? ["--jobs", jobs] : []),
        ];
        const cpuFile = path.join(root, `cpu-${n}`);
        const run = TIME ? [TIME, "-o", cpuFile, "-f", "%U %S", ...args] : args;
        settle();
        const t = performance.now();
        const res = spawnSync(run[0], run.slice(1), { cwd: root, encoding: "utf8" });
        const secs = (performance.now() - t) / 1000;
        if (res.status !== 0) throw new Error(`${name} failed: ${res.stderr}`);
        const cpu = TIME
          ? fs.readFileSync(cpuFile, "utf8").trim().split("\n").at(-1)!.split(" ")
            .reduce((a, x) => a + Number(x), 0)
          : NaN;
        const files = listFiles(path.join(root, out)).length;
        const shared = [...inputs.shared, ...keyFiles];
        const o = path.join(root, out);
        settle();
        const f = floor(root, inputs, shared, o, path.join(root, `floor-${n}`), true);
        settle();
        const w = floor(root, inputs, shared, o, path.join(root, `writes-${n}`), false);
        const key = version + name;
        const b = best.get(key);
        best.set(key, {
          secs: Math.min(secs, b?.secs ?? Infinity),
          cpu: Math.min(cpu, b?.cpu ?? Infinity),
          floor: Math.min(f, b?.floor ?? Infinity),
          writes: Math.min(w, b?.writes ?? Infinity),
          files,
        });
        // Outputs go at once (tmpfs holds them in memory); the floor's copies too.
        for (const d of [out, `floor-${n}`, `writes-${n}`]) {
          fs.rmSync(path.join(root, d), { recursive: true, force: true });
        }
      }
    }
  }
  const rate = (secs: number) => `${(devices / secs).toFixed(0).padStart(7)}/s`;
  const width = Math.max(...[...best.keys()].map((k) => k.length));
  console.log(
    `${"mode".padEnd(width)} ${"nvsforge".padStart(9)}   ${"floor".padStart(9)}   ${
      "writes".padStart(9)
    }   nvsforge ÷ floor (÷ writes)   CPU (user + sys)`,
  );
  for (const [name, b] of best) {
    console.log(
      `${name.padEnd(width)} ${rate(b.secs)}   ${rate(b.floor)}   ${rate(b.writes)}   ${
        (b.secs / b.floor).toFixed(2)
      } (${(b.secs / b.writes).toFixed(2)})   ${b.files} files, ${b.secs.toFixed(2)} s, CPU ${
        b.cpu.toFixed(2)
      } s`,
    );
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

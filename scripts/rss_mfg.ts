/**
 * Peak memory of `nvsforge generate` on a big master file: generates a master values
 * file of 1,000,000 rows (or DEVICES) in a temporary directory, runs the command line as
 * a child process, and reports its peak resident set size (from `/usr/bin/time -v` when
 * available, else by polling `/proc/<pid>/status` for VmHWM), with the time it took.
 *
 *   deno run -A scripts/rss_mfg.ts [DEVICES=1000000] [--runtime deno|bun] [--jobs N]
 *       [--size 0x3000] [--fileid] [--dir DIR] [--keep]
 *
 * The full run writes every device's files: about 16 KB of disk per device with the
 * default size (16 GB for a million devices); everything is removed at the end unless
 * `--keep`. The check is that memory stays bounded (well under 256 MB) whatever the
 * number of rows.
 *
 * @module
 */

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { bin, REPO_ROOT } from "./vectors.ts";

const argv = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const positional = argv.filter((a, i) => !a.startsWith("--") && !argv[i - 1]?.startsWith("--"));
const devices = Number(positional[0] ?? 1_000_000);
const runtime = opt("--runtime", "deno")!;
const size = opt("--size", "0x3000")!;
const jobs = opt("--jobs");

const cli = path.join(REPO_ROOT, "cli.ts");
const command = runtime === "bun"
  ? [bin("bun"), cli]
  : [bin("deno"), "run", "--allow-all", "--quiet", cli];

/** Writes config.csv and a master file of `devices` rows, in chunks. */
function makeBatch(dir: string): number {
  fs.writeFileSync(
    path.join(dir, "config.csv"),
    [
      "factory,namespace,",
      "serial,data,string",
      "mac,data,hex2bin",
      "hw_rev,data,u8,REPEAT",
      "batch,data,u16",
      "token,data,base64",
      "app,namespace,",
      "region,data,string,REPEAT",
      "boots,data,u32",
      "",
    ].join("\n"),
  );
  const fd = fs.openSync(path.join(dir, "values.csv"), "w");
  fs.writeSync(fd, "serial,mac,hw_rev,batch,token,region,boots,note\n");
  let chunk: string[] = [];
  for (let i = 1; i <= devices; i++) {
    const serial = `NF-${String(i).padStart(8, "0")}`;
    chunk.push(
      `${serial},a4cf${i.toString(16).padStart(8, "0")},${i === 1 ? "3" : ""},${i % 1000},${
        btoa(serial)
      },${i === 1 ? "EU" : ""},0,"lot ${Math.floor(i / 5000)}, line ${i % 4}"\n`,
    );
    if (chunk.length === 10000) {
      fs.writeSync(fd, chunk.join(""));
      chunk = [];
    }
  }
  fs.writeSync(fd, chunk.join(""));
  fs.closeSync(fd);
  return fs.statSync(path.join(dir, "values.csv")).size;
}

function vmHwmKb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const root = opt("--dir") ?? fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-rss-"));
fs.mkdirSync(root, { recursive: true });
try {
  const t0 = performance.now();
  const bytes = makeBatch(root);
  console.log(
    `master file: ${devices} rows, ${(bytes / 1e6).toFixed(1)} MB, made in ${
      ((performance.now() - t0) / 1000).toFixed(1)
    } s; ${os.cpus().length} CPUs, ${runtime}, ${new Date().toISOString().slice(0, 10)}`,
  );
  const args = [
    ...command,
    "generate",
    "config.csv",
    "values.csv",
    "NF",
    size,
    ...(argv.includes("--fileid") ? ["--fileid", "serial"] : []),
    "--outdir",
    "out",
    "--progress",
    "lines",
    ...(jobs ? ["--jobs", jobs] : []),
  ];
  const useTime = fs.existsSync("/usr/bin/time");
  const full = useTime ? ["/usr/bin/time", "-v", ...args] : args;
  const t = performance.now();
  const child = spawn(full[0], full.slice(1), {
    cwd: root,
    stdio: ["ignore", "inherit", "pipe"],
    env: { ...process.env, NVSFORGE_PROGRESS_MS: "10000" },
  });
  let stderr = "";
  child.stderr.on("data", (b) => {
    const s = String(b);
    stderr += s;
    for (const line of s.split("\n")) if (line.startsWith("generate:")) console.log("  " + line);
  });
  let polledKb = 0;
  const poll = setInterval(() => {
    // Under /usr/bin/time the runtime is its child: poll every process of the tree.
    for (const pid of [child.pid!, ...childPids(child.pid!)]) {
      polledKb = Math.max(polledKb, vmHwmKb(pid) ?? 0);
    }
  }, 200);
  const status: number = await new Promise((resolve) => child.on("close", resolve));
  clearInterval(poll);
  const secs = (performance.now() - t) / 1000;
  if (status !== 0) {
    console.error(stderr.split("\n").filter((l) => !l.startsWith("\t")).join("\n"));
    throw new Error(`nvsforge exited with ${status}`);
  }
  const timeKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0);
  const peakKb = Math.max(timeKb, polledKb);
  console.log(
    `peak RSS ${(peakKb / 1024).toFixed(1)} MB (${
      timeKb ? "/usr/bin/time -v" : "polled VmHWM"
    }) for ${devices} devices in ${secs.toFixed(1)} s (${(devices / secs).toFixed(0)} devices/s)`,
  );
} finally {
  if (!argv.includes("--keep")) fs.rmSync(root, { recursive: true, force: true });
}

function childPids(pid: number): number[] {
  try {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/)
      .filter(Boolean).map(Number);
    return kids.flatMap((k) => [k, ...childPids(k)]);
  } catch {
    return [];
  }
}

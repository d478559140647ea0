/**
 * Per-device compute of a batch, without the I/O: the benchmark's batch
 * (`scripts/_bench_batch.ts`) is read into memory, then its devices are built the way
 * a worker thread of `nvsforge generate` builds them (master row → intermediate CSV →
 * records → image, and the CSV's bytes), every `file` value served from memory. Reports
 * µs per device for the main thread's share (reading the master rows, naming each
 * device, its row of the created values file) and the worker's share (building its
 * files), each for its first round (a cold JIT, as in a run) and the best of `--repeat`
 * rounds over the same devices. With `--cpu-prof`
 * under Deno, the profile shows where a device's microseconds go.
 *
 *   deno run -A scripts/bench_device.ts [DEVICES=10000] [--repeat 5] [--inputkey|--keygen]
 *
 * @module
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { Diagnostics } from "../src/errors.ts";
import { MfgBatch } from "../src/mfg/batch.ts";
import { DeviceWriter } from "../src/mfg/device_writer.ts";
import type { LaidOutBatch } from "../src/mfg/laid_out_batch.ts";
import type { DeviceJob, RunEncryption } from "../src/mfg/device_writer.ts";
import { makeBatch } from "./_bench_batch.ts";

const argv = process.argv.slice(2);
const devices = Number(argv.find((a) => /^\d+$/.test(a)) ?? 10000);
const repeat = Number(argv[argv.indexOf("--repeat") + 1]) || 5;
const mode = argv.includes("--keygen")
  ? "keygen"
  : argv.includes("--inputkey")
  ? "inputkey"
  : "plain";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-device-bench-"));
try {
  const inputs = makeBatch(root, devices);
  const files = new Map<string, Uint8Array>();
  for (const d of inputs.devices) {
    for (const f of d.files) files.set(f, new Uint8Array(fs.readFileSync(path.join(root, f))));
  }
  const configText = fs.readFileSync(path.join(root, "config.csv"), "utf8");
  const valuesText = fs.readFileSync(path.join(root, "values.csv"), "utf8");
  const readFile = (f: string) => {
    const data = files.get(f);
    if (!data) throw new Error(`no file ${f}`);
    return data;
  };
  const batch = new MfgBatch(configText, {
    prefix: "NF",
    size: 0x4000,
    fileid: "serial",
    readFile,
  }, {
    add(e) {
      throw e;
    },
  });
  const encryption: RunEncryption | undefined = mode === "keygen"
    ? { generate: true }
    : mode === "inputkey"
    ? { keys: new Uint8Array(fs.readFileSync(path.join(root, "input_key.bin"))) }
    : undefined;

  /** The main thread's share: master rows, names, created values rows. */
  const coordinate = () => {
    const d = new Diagnostics();
    const reader = batch.reader(d);
    const jobs: DeviceJob[] = [];
    const lines = valuesText.replace(/\n$/, "").split("\n");
    let created = 0;
    let laid: LaidOutBatch | undefined;
    for (let i = 0; i < lines.length; i++) {
      for (const row of reader.push(lines[i], i + 1)) {
        laid ??= batch.withLayout(reader.layout!);
        created += batch.createdRow(row).length;
        const who = laid.identify(row);
        jobs.push({
          index: row.index,
          line: row.line,
          id: who.id,
          name: who.name,
          fields: row.fields,
        });
      }
    }
    reader.end();
    if (d.errors.length) throw d.errors[0];
    return { jobs, layout: reader.layout!, created };
  };
  /** µs per device of the first round (a cold JIT, as in a run) and of the best one. */
  const time = (f: () => unknown) => {
    const rounds: number[] = [];
    for (let r = 0; r < repeat; r++) {
      const t = performance.now();
      f();
      rounds.push((performance.now() - t) * 1000 / devices);
    }
    return { first: rounds[0], best: Math.min(...rounds) };
  };
  let coordinated: ReturnType<typeof coordinate> | undefined;
  const main = time(() => coordinated = coordinate());
  const { jobs, layout } = coordinated!;
  const writer = new DeviceWriter(batch.withLayout(layout), {
    outdir: root,
    encryption,
    force: false,
  });
  /** The worker's share: each device's files, built in memory. */
  let bytes = 0;
  const worker = time(() => {
    bytes = 0;
    for (const job of jobs) for (const f of writer.files(job, false)) bytes += f.data.length;
  });
  const us = (t: { first: number; best: number }) =>
    `${t.first.toFixed(1)} µs/device in the first round, ${t.best.toFixed(1)} in the best`;
  console.log(`${devices} devices (${mode}), ${repeat} rounds`);
  console.log(`building (a worker's share): ${us(worker)}`);
  console.log(`master rows, names, created rows (the main thread's share): ${us(main)}`);
  console.log(`files built: ${(bytes / devices / 1024).toFixed(1)} KiB per device`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

/**
 * Benchmark (not a test): nvsforge's AES-256 and XTS-AES-256 as the encrypted batch uses
 * them, in MB/s (10^6 bytes per second of bytes actually transformed) and µs per call.
 *
 *     deno run -A scripts/bench_aes.ts [--runs N] [--root CHECKOUT] [--only NAME,...]
 *
 * Rows, each the best of N timed runs (default 100; a run is ~2 ms of calls) after a
 * 300 ms warm-up:
 * - `xts unit 16K` / `1M`: one data unit of 16 KiB / 1 MiB through
 *   `XtsCipher.encrypt` / `decrypt` (the bare XTS, one tweak);
 * - `image 16K` / `1M`: `encryptPartition` / `decryptPartition` of an image whose every
 *   entry is written (new key each call: the key schedule is counted);
 * - `shared 16K` / `1M`: `PartitionCipher.encryptInPlace` / `decrypt` with one key
 *   prepared once (what `--inputkey` does per device);
 * - `device keygen` / `device inputkey`: one realistic 0x4000 device image (the
 *   benchmark batch's: a dozen keys, a 1.2 KB certificate, a 121-byte key file, 2 KiB
 *   or so of written entries) through `encryptPartitionInPlace` with a new key per device
 *   and through a shared `PartitionCipher`: µs per device.
 *
 * `--root CHECKOUT` loads the code of another checkout (e.g. a `git worktree` of main)
 * instead of this one, for before/after figures on the same machine. Run it while the
 * machine is otherwise quiet; the best of N only ever hides noise that slows a run down.
 *
 * @module
 */

import { cpus } from "node:os";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const RUNS = Number(opt("--runs", "100"));
const ROOT = path.resolve(
  opt("--root", path.join(path.dirname(fileURLToPath(import.meta.url)), ".."))!,
);
const ONLY = opt("--only")?.split(",");

const load = (rel: string) => import(pathToFileURL(path.join(ROOT, rel)).href);
const cryptoMod = await load("src/crypto/mod.ts");
const partitionMod = await load("src/crypto/partition.ts");
const { encodePartition } = await load("src/format/writer.ts");
const { EntryState, PAGE_SIZE, ENTRIES_PER_PAGE, getEntryState, setEntryState } = await load(
  "src/format/layout.ts",
);

/**
 * Best-of-`RUNS` time of one call of `fn` in ms. Warms up for 300 ms first (the JIT's
 * optimising tiers), and each run is a loop of as many calls as fill about 2 ms, so that
 * a call of a few µs is timed as well as one of many ms; short runs, many of them, so
 * that on a shared machine some run is likely not to be interrupted. `setup` runs untimed before
 * each call.
 */
function time(fn: () => void, setup?: () => void): number {
  const once = () => {
    setup?.();
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  let calls = 0, spent = 0;
  for (const start = performance.now(); performance.now() - start < 300; calls++) spent += once();
  const perRun = Math.max(1, Math.round(2 / (spent / calls)));
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    let sum = 0;
    for (let c = 0; c < perRun; c++) sum += once();
    best = Math.min(best, sum / perRun);
  }
  return best;
}

/** A new random 64-byte key with unequal halves. */
function newKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(64));
}

function random(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

/** An image of `bytes` whose every page is in use and every entry written. */
function fullImage(bytes: number): Uint8Array {
  const img = random(bytes);
  for (let base = 0; base < bytes; base += PAGE_SIZE) {
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) setEntryState(img, base, i, EntryState.WRITTEN);
    img.fill(0xfe, base, base + 4); // header state ACTIVE: not an erased page
  }
  return img;
}

/** One device of `scripts/_bench_batch.ts`'s batch, encoded as a 0x4000 image. */
function deviceImage(): Uint8Array {
  const cert = `-----BEGIN CERTIFICATE-----\n${
    btoa(String.fromCharCode(...random(870))).replace(/(.{64})/g, "$1\n")
  }\n-----END CERTIFICATE-----\n`;
  return encodePartition([
    { kind: "namespace", name: "factory" },
    { kind: "entry", key: "serial", type: "string", value: "NF-0000042" },
    { kind: "entry", key: "mac", type: "blob", value: random(6) },
    { kind: "entry", key: "hw_rev", type: "u8", value: 3 },
    { kind: "entry", key: "model", type: "string", value: "ESP32-S3, rev B" },
    { kind: "entry", key: "batch", type: "u16", value: 103 },
    { kind: "entry", key: "mfg_date", type: "u32", value: 20261124 },
    { kind: "entry", key: "cal", type: "blob", value: random(16) },
    { kind: "entry", key: "cert", type: "string", value: cert },
    { kind: "entry", key: "devkey", type: "blob", value: random(121) },
    { kind: "namespace", name: "app" },
    { kind: "entry", key: "region", type: "string", value: "EU" },
    { kind: "entry", key: "boots", type: "u64", value: 0n },
    { kind: "entry", key: "url", type: "string", value: "https://provision.example.com/d/NF-42" },
  ], { size: 0x4000 });
}

/** Bytes `encryptPartition` transforms in `img`: the non-EMPTY entries of pages in use. */
function writtenBytes(img: Uint8Array): number {
  let n = 0;
  for (let base = 0; base < img.length; base += PAGE_SIZE) {
    if (img.subarray(base, base + 32).every((b) => b === 0xff)) continue;
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      if (getEntryState(img, base, i) !== EntryState.EMPTY) n += 32;
    }
  }
  return n;
}

interface Row {
  name: string;
  bytes: number;
  ms: number;
}
const rows: Row[] = [];
function row(name: string, bytes: number, fn: () => void, setup?: () => void): void {
  if (ONLY && !ONLY.some((o) => name.startsWith(o))) return;
  rows.push({ name, bytes, ms: time(fn, setup) });
}

const { XtsCipher, encryptPartition, decryptPartition, PartitionCipher } = cryptoMod;
const { encryptPartitionInPlace } = partitionMod;

for (const [label, size] of [["16K", 16384], ["1M", 1 << 20]] as const) {
  const key = newKey();
  const tweak = new Uint8Array(16).fill(7);
  const data = random(size);
  const xts = new XtsCipher(key);
  const enc = xts.encrypt(tweak, data);
  row(`xts unit ${label} encrypt`, size, () => xts.encrypt(tweak, data));
  row(`xts unit ${label} decrypt`, size, () => xts.decrypt(tweak, enc));
}
for (const [label, size] of [["16K", 16384], ["1M", 1 << 20]] as const) {
  const img = fullImage(size);
  const bytes = (size / PAGE_SIZE) * ENTRIES_PER_PAGE * 32;
  const key = newKey();
  const encImg = encryptPartition(img, { keys: key });
  row(`image ${label} encrypt`, bytes, () => encryptPartition(img, { keys: newKey() }));
  row(`image ${label} decrypt`, bytes, () => decryptPartition(encImg, { keys: key }));
  const shared = new PartitionCipher({ keys: key });
  const work = img.slice();
  row(`shared ${label} encrypt`, bytes, () => shared.encryptInPlace(work), () => work.set(img));
  row(`shared ${label} decrypt`, bytes, () => shared.decrypt(encImg));
}
{
  const img = deviceImage();
  const bytes = writtenBytes(img);
  const work = img.slice();
  const reset = () => work.set(img);
  row("device keygen", bytes, () => encryptPartitionInPlace(work, newKey()), reset);
  const shared = new PartitionCipher({ keys: newKey() });
  row("device inputkey", bytes, () => shared.encryptInPlace(work), reset);
}

const cpu = cpus();
console.log(
  `nvsforge AES/XTS, ${ROOT}, best of ${RUNS}; ${new Date().toISOString()}; ` +
    `${cpu[0]?.model ?? "unknown CPU"} x ${cpu.length}; ${
      typeof Deno !== "undefined"
        ? `deno ${Deno.version.deno}`
        : `node-compatible ${process.version}`
    }`,
);
const w = Math.max(...rows.map((r) => r.name.length));
console.log(`${"".padEnd(w)}  ${"bytes".padStart(8)}  ${"µs".padStart(9)}  ${"MB/s".padStart(7)}`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(w)}  ${String(r.bytes).padStart(8)}  ${
      (r.ms * 1000).toFixed(1).padStart(9)
    }  ${(r.bytes / 1e6 / (r.ms / 1e3)).toFixed(1).padStart(7)}`,
  );
}

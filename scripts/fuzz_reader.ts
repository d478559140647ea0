/**
 * Fuzzes the image reader: random bytes, random page structures with valid CRCs, and
 * random mutations of the vector images (bit flips, byte runs, entry copies, bitmap and
 * header edits, span/size/chunk edge values, page splices), often with every CRC
 * recomputed afterwards so that the mutation gets past the CRC checks into the deeper
 * logic. For each input it parses, checks, renders the table and the JSON, turns the
 * items back into records and CSV and re-encodes them. It reports any exception that is
 * not one of nvsforge's typed errors, any property that does not hold, and any
 * iteration slower than the time budget; a run that stops answering (a hang) is
 * reported with the seed that reproduces it.
 *
 *   deno run -A scripts/fuzz_reader.ts [ITERATIONS] [--seed N] [--budget-ms MS]
 *
 * Iterations run in a worker watched by the main thread. Exits 1 when it found
 * anything. The test suite runs a shorter, fixed-seed version
 * (tests/format/reader_fuzz_test.ts).
 *
 * @module
 */

import process from "node:process";
import { isMainThread } from "node:worker_threads";
import { NvsforgeError, NvsforgeErrors } from "../src/errors.ts";
import { crc32 } from "../src/format/crc32.ts";
import {
  ENTRIES_PER_PAGE,
  ENTRY,
  ENTRY_SIZE,
  entryOffset,
  EntryState,
  getEntryState,
  ItemType,
  PAGE_HEADER,
  PAGE_SIZE,
  PageState,
  PageVersion,
  sealCrc,
  setEntryState,
  VARLEN_DATA,
  writeInt,
} from "../src/format/layout.ts";
import { parsePartition, recordsFromPartition } from "../src/format/reader.ts";
import { encodePartition } from "../src/format/writer.ts";
import { stringifyCsv } from "../src/csv/stringify.ts";
import { csvToRecords } from "../src/csv/mod.ts";
import { partitionToJson, renderTable } from "../src/cli/inspect.ts";
import { parseKeyFile } from "../src/crypto/mod.ts";
import { caseFile, expectedFile, loadCases, optionValue } from "./vector_cases.ts";

/** A small deterministic random generator (xorshift32). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    // splitmix32 of the seed, so that neighbouring seeds start far apart.
    let z = (seed + 0x9e3779b9) >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    this.s = (z ^ (z >>> 16)) >>> 0 || 0x9e3779b9;
  }
  /** A 32-bit unsigned integer. */
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }
  /** One of the values. */
  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }
  /** n random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

const EDGE_BYTES = [0, 1, 2, 0x7f, 0x80, 0x7d, 0x7e, 0xfe, 0xff, 125, 126, 127, 128, 254];
const TYPES = Object.values(ItemType) as number[];
const STATES = [
  PageState.EMPTY,
  PageState.ACTIVE,
  PageState.FULL,
  PageState.FREEING,
  PageState.CORRUPT,
  0,
  0x12345678,
];

/** An image of the vectors, with the key it is encrypted with. */
export interface VectorImage {
  /** The case's name. */
  caseName: string;
  /** The image's path, relative to the case folder. */
  file: string;
  /** The bytes. */
  image: Uint8Array;
  /** The XTS keys (64 bytes) when the image is encrypted. */
  keys?: Uint8Array;
  /** The key file, relative to the case folder, when the image is encrypted. */
  keyFile?: string;
}

/**
 * Every partition image of the vectors' ok cases: the `.bin` outputs (key files
 * aside) and the encrypted inputs of `decrypt` cases; encrypted ones with their keys
 * (the case's `--inputkey`, or the key argument of `decrypt`).
 */
export function vectorImages(): VectorImage[] {
  const out: VectorImage[] = [];
  for (const c of loadCases()) {
    if (c.expect !== "ok" || c.subcommand === "generate-key") continue;
    const read = (rel: string) => caseFile(c, rel);
    const keyFile = c.subcommand === "decrypt" ? c.args[1] : optionValue(c, "--inputkey");
    const keys = keyFile ? parseKeyFile(read(keyFile), keyFile) : undefined;
    if (c.subcommand === "decrypt") {
      out.push({ caseName: c.name, file: c.args[0], image: read(c.args[0]), keys, keyFile });
    }
    const encrypted = c.subcommand === "encrypt" || (c.subcommand === "generate" && keys);
    for (const rel of Object.keys(c.outputs).sort()) {
      if (!rel.endsWith(".bin")) continue;
      const image = expectedFile(c, rel);
      out.push(
        encrypted
          ? { caseName: c.name, file: rel, image, keys, keyFile }
          : { caseName: c.name, file: rel, image },
      );
    }
  }
  return out;
}

/** The plain images of the vectors (see {@linkcode vectorImages}). */
export function loadVectorImages(): Uint8Array[] {
  return vectorImages().filter((v) => !v.keys).map((v) => v.image);
}

/** Recomputes every header CRC, every written entry's CRC and (often) data CRCs. */
export function resealCrcs(image: Uint8Array, rng: Rng): void {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  for (let base = 0; base + PAGE_SIZE <= image.length; base += PAGE_SIZE) {
    if (view.getUint32(base, true) === PageState.EMPTY) continue;
    sealCrc(PAGE_HEADER, view, image, base);
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      if (getEntryState(image, base, i) !== EntryState.WRITTEN) continue;
      const at = base + entryOffset(i);
      const type = image[at + ENTRY.fields.type.offset];
      const span = image[at + ENTRY.fields.span.offset];
      if (
        (type === ItemType.STRING || type === ItemType.BLOB || type === ItemType.BLOB_DATA) &&
        rng.chance(0.8)
      ) {
        const d = at + ENTRY.fields.data.offset;
        const size = view.getUint16(d + VARLEN_DATA.fields.size.offset, true);
        const avail = Math.max(0, Math.min(size, (ENTRIES_PER_PAGE - i - 1) * ENTRY_SIZE));
        writeInt(
          view,
          d,
          VARLEN_DATA.fields.dataCrc32,
          crc32(image.subarray(at + ENTRY_SIZE, at + ENTRY_SIZE + avail)),
        );
        void span;
      }
      sealCrc(ENTRY, view, image, at);
    }
  }
}

/** A random image: random bytes, or pages with random states, bitmaps and entries. */
export function randomImage(rng: Rng): Uint8Array {
  const pages = 1 + rng.int(6);
  const image = new Uint8Array(pages * PAGE_SIZE);
  if (rng.chance(0.3)) {
    image.set(rng.bytes(image.length));
    return image;
  }
  image.fill(0xff);
  const view = new DataView(image.buffer);
  for (let p = 0; p < pages; p++) {
    const base = p * PAGE_SIZE;
    if (rng.chance(0.2)) continue; // an erased page
    writeInt(view, base, PAGE_HEADER.fields.state, rng.pick(STATES));
    writeInt(view, base, PAGE_HEADER.fields.sequenceNumber, rng.chance(0.7) ? p : rng.int(8));
    writeInt(
      view,
      base,
      PAGE_HEADER.fields.version,
      rng.chance(0.9) ? rng.pick([PageVersion.V1, PageVersion.V2]) : rng.int(256),
    );
    const used = rng.int(ENTRIES_PER_PAGE + 1);
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      const at = base + entryOffset(i);
      if (i < used) {
        setEntryState(image, base, i, rng.chance(0.85) ? EntryState.WRITTEN : rng.int(4));
        const e = rng.bytes(ENTRY_SIZE);
        e[0] = rng.chance(0.3) ? 0 : rng.int(4);
        e[1] = rng.chance(0.9) ? rng.pick(TYPES) : rng.int(256);
        e[2] = rng.chance(0.7) ? 1 + rng.int(4) : rng.pick(EDGE_BYTES);
        e[3] = rng.chance(0.6) ? 0xff : rng.pick(EDGE_BYTES);
        const keyLen = rng.int(17);
        for (let k = 0; k < 16; k++) e[8 + k] = k < keyLen ? 0x61 + rng.int(4) : 0;
        if (rng.chance(0.5)) {
          e[24] = rng.int(200);
          e[25] = 0;
        }
        image.set(e, at);
      } else if (rng.chance(0.02)) {
        image.set(rng.bytes(ENTRY_SIZE), at);
      }
    }
  }
  if (rng.chance(0.8)) resealCrcs(image, rng);
  return image;
}

/** A random mutation of an image (a copy). */
export function mutateImage(
  rng: Rng,
  source: Uint8Array,
  others: readonly Uint8Array[],
): Uint8Array {
  const image0 = source.slice();
  let image = image0;
  const pages = image.length / PAGE_SIZE;
  const usedPages = Math.max(
    1,
    [...Array(pages).keys()].filter((p) =>
      new DataView(image.buffer).getUint32(p * PAGE_SIZE, true) !== PageState.EMPTY
    ).length,
  );
  const randomPage = () => rng.chance(0.8) ? rng.int(usedPages) : rng.int(pages);
  const randomEntry = (p: number) => p * PAGE_SIZE + entryOffset(rng.int(ENTRIES_PER_PAGE));
  const n = 1 + rng.int(4);
  for (let k = 0; k < n; k++) {
    const p = randomPage();
    const base = p * PAGE_SIZE;
    switch (rng.int(10)) {
      case 0: // bit flips
        for (let j = 1 + rng.int(8); j > 0; j--) {
          const at = base + rng.int(PAGE_SIZE);
          image[at] ^= 1 << rng.int(8);
        }
        break;
      case 1: { // a run of bytes
        const at = base + rng.int(PAGE_SIZE);
        const len = 1 + rng.int(64);
        const v = rng.pick([0, 0xff, -1]);
        for (let j = at; j < Math.min(at + len, image.length); j++) {
          image[j] = v < 0 ? rng.int(256) : v;
        }
        break;
      }
      case 2: { // copy an entry
        const from = randomEntry(randomPage());
        const to = randomEntry(p);
        image.copyWithin(to, from, from + ENTRY_SIZE);
        break;
      }
      case 3: // bitmap states
        for (let j = 1 + rng.int(6); j > 0; j--) {
          setEntryState(image, base, rng.int(ENTRIES_PER_PAGE), rng.int(4));
        }
        break;
      case 4: { // header fields
        const view = new DataView(image.buffer);
        const field = rng.pick(["state", "sequenceNumber", "version"] as const);
        const value = field === "state"
          ? rng.pick(STATES)
          : field === "version"
          ? rng.pick([PageVersion.V1, PageVersion.V2, 0xfd, 0])
          : rng.int(6);
        writeInt(view, base, PAGE_HEADER.fields[field], value);
        break;
      }
      case 5: { // entry fields at edge values
        const at = randomEntry(p);
        const field = rng.pick([0, 1, 2, 3, 24, 25, 28, 29]);
        image[at + field] = field === 1 ? rng.pick(TYPES) : rng.pick(EDGE_BYTES);
        break;
      }
      case 6: // erase an entry or mark it erased
        if (rng.chance(0.5)) image.fill(0xff, randomEntry(p), randomEntry(p) + ENTRY_SIZE);
        else setEntryState(image, base, rng.int(ENTRIES_PER_PAGE), EntryState.ERASED);
        break;
      case 7: { // splice a page from another image
        const other = rng.pick(others);
        const q = rng.int(other.length / PAGE_SIZE);
        image.set(other.subarray(q * PAGE_SIZE, (q + 1) * PAGE_SIZE), base);
        break;
      }
      case 8: { // swap or duplicate pages
        const q = rng.int(pages);
        const copy = image.slice(q * PAGE_SIZE, (q + 1) * PAGE_SIZE);
        if (rng.chance(0.5)) image.copyWithin(q * PAGE_SIZE, base, base + PAGE_SIZE);
        image.set(copy, base);
        break;
      }
      case 9: // keys: no NUL, non-UTF-8, empty
        {
          const at = randomEntry(p) + ENTRY.fields.key.offset;
          const kind = rng.int(3);
          if (kind === 0) image.fill(0x41, at, at + 16);
          else if (kind === 1) image[at + rng.int(15)] = 0xc3 + rng.int(40);
          else image.fill(0, at, at + 16);
        }
        break;
    }
  }
  if (rng.chance(0.6)) resealCrcs(image, rng);
  if (rng.chance(0.08)) {
    // Grow or shrink by whole pages; rarely cut mid-page (a typed error).
    if (rng.chance(0.15)) image = image.slice(0, Math.max(0, image.length - 1 - rng.int(100)));
    else if (rng.chance(0.5) && pages > 1) image = image.slice(0, (pages - 1) * PAGE_SIZE);
    else {
      const bigger = new Uint8Array(image.length + PAGE_SIZE).fill(0xff);
      bigger.set(image);
      image = bigger;
    }
  }
  return image;
}

/** What one iteration found. */
export interface FuzzProblem {
  /** Seed of the iteration (reproduce with `--seed`). */
  seed: number;
  /** What went wrong. */
  problem: string;
}

const typed = (e: unknown) => e instanceof NvsforgeError || e instanceof NvsforgeErrors;

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ""}` : String(e);
}

/** Checks one image: parse, check, render, records, CSV, re-encode. */
export function exercise(image: Uint8Array): string | undefined {
  let parsed;
  try {
    parsed = parsePartition(image);
  } catch (e) {
    if (e instanceof NvsforgeError) return undefined;
    return `parsePartition threw ${describeError(e)}`;
  }
  try {
    renderTable(parsed, "fuzz.bin", true);
    JSON.stringify(partitionToJson(parsed, "fuzz.bin", true));
  } catch (e) {
    return `rendering threw ${describeError(e)}`;
  }
  let records;
  try {
    records = recordsFromPartition(parsed);
  } catch (e) {
    return `recordsFromPartition threw ${describeError(e)}`;
  }
  try {
    const csv = stringifyCsv(records);
    const back = csvToRecords([{ name: "fuzz.csv", text: csv }]);
    if (back.diagnostics.errors.length === 0 && back.records.length < records.length) {
      return `the CSV gave back ${back.records.length} records for ${records.length}`;
    }
  } catch (e) {
    if (!typed(e)) return `stringifyCsv/csvToRecords threw ${describeError(e)}`;
  }
  let again: Uint8Array;
  try {
    again = encodePartition(records, { size: Math.max(image.length, 3 * PAGE_SIZE) });
  } catch (e) {
    if (typed(e)) return undefined; // records an image holds may break the writer's limits
    return `encodePartition threw ${describeError(e)}`;
  }
  // What the writer writes, the reader reads back: same items, nothing but notes.
  const reread = parsePartition(again);
  const bad = reread.findings.filter((f) =>
    f.severity !== "info" && f.code !== "string-malformed" && f.code !== "key-invalid"
  );
  if (bad.length > 0) return `re-encoded records give findings: ${bad[0].code} ${bad[0].message}`;
  const want = parsed.items.filter((i) => i.namespace !== undefined);
  if (reread.items.length !== want.length) {
    return `re-encoded image has ${reread.items.length} items, not ${want.length}`;
  }
  return undefined;
}

/** One iteration: a random image (1 in `randomShare`) or a mutated vector image. */
export function fuzzOne(
  seed: number,
  bases: readonly Uint8Array[],
  randomShare = 0.3,
): string | undefined {
  const rng = new Rng(seed);
  const image = rng.chance(randomShare) || bases.length === 0
    ? randomImage(rng)
    : mutateImage(rng, rng.pick(bases), bases);
  return exercise(image);
}

/** Runs iterations in this thread; returns problems and timings. */
export function runFuzz(
  iterations: number,
  firstSeed: number,
  bases: readonly Uint8Array[],
  budgetMs: number,
  onIteration?: (i: number, ms: number) => void,
): { problems: FuzzProblem[]; slowest: number; totalMs: number } {
  const problems: FuzzProblem[] = [];
  let slowest = 0;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const seed = (firstSeed + Math.imul(i, 0x9e3779b1)) >>> 0;
    const t = performance.now();
    const problem = fuzzOne(seed, bases);
    const ms = performance.now() - t;
    slowest = Math.max(slowest, ms);
    if (problem) problems.push({ seed, problem });
    if (ms > budgetMs) {
      problems.push({ seed, problem: `took ${ms.toFixed(0)} ms (budget ${budgetMs})` });
    }
    onIteration?.(i, ms);
  }
  return { problems, slowest, totalMs: performance.now() - start };
}

// --- the script: a worker runs the iterations, the main thread watches for hangs ------

interface WorkerRequest {
  iterations: number;
  seed: number;
  budgetMs: number;
}

type WorkerMessage =
  | { kind: "progress"; done: number }
  | { kind: "done"; problems: FuzzProblem[]; slowest: number; totalMs: number };

function parseArgs(argv: string[]): WorkerRequest & { single?: number } {
  let iterations = 10_000;
  let seed = Date.now() >>> 0;
  let budgetMs = 2_000;
  let single: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--seed") seed = Number(argv[++i]) >>> 0;
    else if (a === "--budget-ms") budgetMs = Number(argv[++i]);
    else if (a === "--one") single = Number(argv[++i]) >>> 0;
    else if (/^\d+$/.test(a)) iterations = Number(a);
    else {throw new Error(
        `unknown argument ${a}: usage: fuzz_reader.ts [N] [--seed S] [--budget-ms MS] [--one SEED]`,
      );}
  }
  return { iterations, seed, budgetMs, single };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.single !== undefined) {
    const problem = fuzzOne(args.single, loadVectorImages());
    console.log(problem ?? "no problem");
    return problem ? 1 : 0;
  }
  console.log(
    `fuzzing the reader: ${args.iterations} iterations from seed ${args.seed}, budget ${args.budgetMs} ms each`,
  );
  const worker = new Worker(new URL(import.meta.url).href, { type: "module" });
  let done = 0;
  let lastMessage = performance.now();
  const result = await new Promise<
    WorkerMessage & { kind: "done" } | { kind: "hang" } | { kind: "crash"; message: string }
  >(
    (resolve) => {
      const watchdog = setInterval(() => {
        if (performance.now() - lastMessage > Math.max(30_000, args.budgetMs * 10)) {
          clearInterval(watchdog);
          resolve({ kind: "hang" });
        }
      }, 1_000);
      worker.onerror = (ev: ErrorEvent) => {
        ev.preventDefault();
        clearInterval(watchdog);
        resolve({ kind: "crash", message: ev.message });
      };
      worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
        lastMessage = performance.now();
        if (ev.data.kind === "progress") done = ev.data.done;
        else {
          clearInterval(watchdog);
          resolve(ev.data);
        }
      };
      worker.postMessage(args);
    },
  );
  worker.terminate();
  if (result.kind === "crash") {
    console.log(`the worker failed: ${result.message}`);
    return 1;
  }
  if (result.kind === "hang") {
    const seed = (args.seed + Math.imul(done, 0x9e3779b1)) >>> 0;
    console.log(`HANG at iteration ${done}: reproduce with --one ${seed}`);
    return 1;
  }
  for (const p of result.problems) {
    console.log(`PROBLEM seed ${p.seed} (--one ${p.seed}): ${p.problem}`);
  }
  console.log(
    `${args.iterations} iterations in ${(result.totalMs / 1000).toFixed(1)} s (${
      (args.iterations / (result.totalMs / 1000)).toFixed(0)
    }/s), slowest ${result.slowest.toFixed(1)} ms, ${result.problems.length} problem(s)`,
  );
  return result.problems.length ? 1 : 0;
}

function workerMain(): void {
  const scope = globalThis as unknown as {
    onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
    postMessage: (m: WorkerMessage) => void;
  };
  scope.onmessage = (ev) => {
    const { iterations, seed, budgetMs } = ev.data;
    const bases = loadVectorImages();
    const r = runFuzz(iterations, seed, bases, budgetMs, (i) => {
      scope.postMessage({ kind: "progress", done: i + 1 });
    });
    scope.postMessage({ kind: "done", ...r });
  };
}

/** Whether this module runs as the fuzzing worker (Deno: a WorkerGlobalScope; Bun: not the main thread). */
function inWorker(): boolean {
  const g = globalThis as unknown as { WorkerGlobalScope?: new () => unknown };
  return (g.WorkerGlobalScope !== undefined && globalThis instanceof g.WorkerGlobalScope) ||
    !isMainThread;
}

if (inWorker()) workerMain();
else if (import.meta.main) process.exit(await main());

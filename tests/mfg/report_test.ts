/** Progress text, batch findings, the manifest, the file cache. */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  formatCount,
  formatDuration,
  progressBar,
  progressLine,
  summaryLine,
} from "../../src/mfg/progress.ts";
import { ErrorList, WarningDigest } from "../../src/mfg/findings.ts";
import { manifestFile, manifestLine } from "../../src/mfg/manifest.ts";
import { cachedReader } from "../../src/mfg/file_cache.ts";
import { NvsforgeError, NvsforgeErrors } from "../../src/errors.ts";

Deno.test("progress: bar, line and summary", () => {
  assertEquals(formatCount(1234567), "1,234,567");
  assertEquals(formatDuration(0), "0s");
  assertEquals(formatDuration(3_725_000), "1h02m");
  const p = { phase: "committing" as const, done: 2500, total: 10000, elapsedMs: 5000 };
  assertEquals(
    progressBar(p, 8),
    "committing [##------]  25% 2,500/10,000 devices  500/s ETA 15s",
  );
  assertEquals(
    progressLine(p),
    "generate: committing 2,500/10,000 devices (25%), 500/s, ETA 15s",
  );
  assertEquals(
    progressLine({ phase: "generating", done: 10, elapsedMs: 1000, fraction: 0.5 }),
    "generate: generating 10 devices (50%), 10/s, ETA 1s",
  );
  assertEquals(
    summaryLine({ devices: 5, written: 2, skipped: 3, files: 4, elapsedMs: 2000, outdir: "b" }),
    "generate: 2 devices written (4 files), 3 already complete (skipped) in 2s, 1/s, to b",
  );
});

Deno.test("findings: the first errors are kept, all are counted and said", () => {
  const list = new ErrorList(2);
  list.add(...[1, 2, 3, 4].map((i) => new NvsforgeError("csv-row", `e${i}`, { line: i })));
  assertEquals(list.count, 4);
  const e = assertThrows(() => list.throwIfAny(), NvsforgeErrors) as NvsforgeErrors;
  assertEquals(e.errors.map((x) => x.message), ["line 1: e1", "line 2: e2"]);
  assertEquals(e.total, 4);
  assertEquals(e.message, "line 1: e1\nline 2: e2\n… and 2 more errors");
  new ErrorList().throwIfAny();
});

Deno.test("findings: warnings of one kind and column are shown a few times, then summed up", () => {
  const w = new WarningDigest(2);
  for (let i = 0; i < 5; i++) {
    w.add({ code: "quirk", message: "m", location: { column: "a", device: i } });
  }
  w.add({ code: "quirk", message: "m", location: { column: "b" } });
  assertEquals(w.shown.length, 3);
  const s = w.summaries();
  assertEquals(s.length, 1);
  assert(s[0].message.includes('column "a"') && s[0].message.includes("3 more"), s[0].message);
});

Deno.test("manifest: one JSON object per line with each file's size and SHA-256", () => {
  const line = manifestLine({
    id: "SN-1",
    row: 1,
    line: 2,
    name: "dev-SN-1",
    files: [manifestFile("bin/dev-SN-1.bin", new TextEncoder().encode("abc"))],
  });
  assert(line.endsWith("}\n") && !line.slice(0, -1).includes("\n"));
  assertEquals(JSON.parse(line).files[0], {
    path: "bin/dev-SN-1.bin",
    bytes: 3,
    sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  });
});

Deno.test("file cache: a file read twice is cached; per-device files are not held; budget kept", () => {
  const reads: string[] = [];
  const read = cachedReader((p) => (reads.push(p), new Uint8Array(100)), 1000);
  for (const p of ["ca", "d1", "ca", "d2", "ca", "ca", "d3"]) read(p);
  assertEquals(reads, ["ca", "d1", "ca", "d2", "d3"]);
  for (let i = 0; i < 30; i++) read(`x${i}`), read(`x${i}`);
  read("ca");
  assertEquals(reads.at(-1), "ca", "evicted once the budget was used by others");
  const failing = cachedReader(() => {
    throw new Error("ENOENT");
  });
  assertThrows(() => failing("nope"));
  assertThrows(() => failing("nope"));
});

Deno.test("findings: errors are kept in input order, whatever order they arrive in", () => {
  const list = new ErrorList(3);
  for (const line of [9, 2, 7, 1, 8]) list.add(new NvsforgeError("csv-row", `e${line}`, { line }));
  list.add(new NvsforgeError("output-exists", "global"));
  const e = assertThrows(() => list.throwIfAny(), NvsforgeErrors) as NvsforgeErrors;
  assertEquals(e.errors.map((x) => x.detail), [
    "e1",
    "e2",
    "e7",
  ]);
  assertEquals(e.total, 6);
});

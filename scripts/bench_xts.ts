/**
 * Benchmark (not a test): XTS-AES-256 throughput on NVS-style 32-byte data units.
 *
 *     deno run -A scripts/bench_xts.ts [--mib N] [--runs N]
 *
 * Builds a plain NVS image of N MiB (default 1) whose every entry is written, then
 * times nvsforge's `encryptPartition` / `decryptPartition` and the bare batch cipher
 * (`XtsCipher.encryptUnits`) over it, and, for comparison, Node's `node:crypto`
 * `aes-256-xts` (OpenSSL) on the same bytes with the same key, in a `node` child
 * process (Deno's and Bun's `node:crypto` lack XTS):
 * - one cipher object per 32-byte entry, as NVS needs (each entry has its own tweak);
 * - one call per 4096-byte unit: OpenSSL's bulk speed, for scale.
 * It also checks that node's per-entry ciphertext equals ours (sha256).
 *
 * MB/s counts entry bytes (the bytes actually encrypted), 1 MB = 10^6 bytes.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpus } from "node:os";
import process from "node:process";
import { decryptPartition, encryptPartition } from "../src/crypto/partition.ts";
import { XtsCipher } from "../src/crypto/xts.ts";
import {
  ENTRIES_PER_PAGE,
  ENTRY_SIZE,
  entryOffset,
  EntryState,
  PAGE_SIZE,
  setEntryState,
} from "../src/format/layout.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MIB = arg("--mib", 1);
const RUNS = arg("--runs", 10);
const PAGES = Math.round((MIB * 1024 * 1024) / PAGE_SIZE);
const ENTRY_BYTES = PAGES * ENTRIES_PER_PAGE * ENTRY_SIZE;

/** A plain image whose every page has a header and every entry is written. */
function buildImage(): Uint8Array {
  const img = new Uint8Array(PAGES * PAGE_SIZE);
  for (let i = 0; i < img.length; i += 65536) crypto.getRandomValues(img.subarray(i, i + 65536));
  for (let p = 0; p < PAGES; p++) {
    const base = p * PAGE_SIZE;
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) setEntryState(img, base, i, EntryState.WRITTEN);
    img.fill(0xfe, base, base + 4); // header state ACTIVE: not an erased page
  }
  return img;
}

/** Best-of-`runs` time of `fn` in ms, after one warm-up run. */
function time(fn: () => void, runs = RUNS): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1e3);

/** The entries of every page, concatenated (what the node side encrypts). */
function entryBytes(img: Uint8Array): Uint8Array {
  const out = new Uint8Array(ENTRY_BYTES);
  for (let p = 0; p < PAGES; p++) {
    const base = p * PAGE_SIZE;
    out.set(
      img.subarray(base + entryOffset(0), base + PAGE_SIZE),
      p * ENTRIES_PER_PAGE * ENTRY_SIZE,
    );
  }
  return out;
}

const NODE_SCRIPT = String.raw`
const { createCipheriv, createHash } = require("node:crypto");
const fs = require("node:fs");
const img = fs.readFileSync(0);
const key = Buffer.from(process.argv[1], "hex");
const runs = Number(process.argv[2]);
const PAGE = 4096, PER_PAGE = 126, pages = img.length / PAGE;
const iv = Buffer.alloc(16);
function perEntry() {
  const out = Buffer.alloc(pages * PER_PAGE * 32);
  let o = 0;
  for (let p = 0; p < pages; p++) {
    for (let e = 0; e < PER_PAGE; e++) {
      const at = p * PAGE + 64 + e * 32;
      iv.fill(0); iv.writeUInt32LE(at, 0);
      const c = createCipheriv("aes-256-xts", key, iv);
      c.update(img.subarray(at, at + 32)).copy(out, o);
      c.final();
      o += 32;
    }
  }
  return out;
}
function bulk() {
  for (let p = 0; p < pages; p++) {
    iv.fill(0); iv.writeUInt32LE(p, 0);
    const c = createCipheriv("aes-256-xts", key, iv);
    c.update(img.subarray(p * PAGE, (p + 1) * PAGE));
    c.final();
  }
}
function time(fn) {
  fn();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now(); fn(); best = Math.min(best, performance.now() - t0);
  }
  return best;
}
const sha = createHash("sha256").update(perEntry()).digest("hex");
process.stdout.write(JSON.stringify({
  perEntryMs: time(perEntry), bulkMs: time(bulk), sha, version: process.version,
  openssl: process.versions.openssl,
}));
`;

interface NodeResult {
  perEntryMs: number;
  bulkMs: number;
  sha: string;
  version: string;
  openssl: string;
}

function runNode(img: Uint8Array, key: Uint8Array): NodeResult | string {
  const keyHex = Array.from(key, (b) => b.toString(16).padStart(2, "0")).join("");
  const r = spawnSync("node", ["-e", NODE_SCRIPT, keyHex, String(RUNS)], {
    input: img,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) return `node not runnable: ${r.error}`;
  if (r.status !== 0) return `node failed: ${r.stderr}`;
  return JSON.parse(new TextDecoder().decode(r.stdout)) as NodeResult;
}

function main(): void {
  let key: Uint8Array;
  do key = crypto.getRandomValues(new Uint8Array(64)); while (
    key.subarray(0, 32).every((b, i) => b === key[32 + i]) // node refuses equal halves
  );
  const img = buildImage();
  const offsets: number[] = [];
  for (let p = 0; p < PAGES; p++) {
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) offsets.push(p * PAGE_SIZE + entryOffset(i));
  }
  const enc = encryptPartition(img, { keys: key });
  const ours = createHash("sha256").update(entryBytes(enc)).digest("hex");

  const rows: [string, number][] = [];
  rows.push([
    "nvsforge encryptPartition (whole image)",
    time(() => encryptPartition(img, { keys: key })),
  ]);
  rows.push([
    "nvsforge decryptPartition (whole image)",
    time(() => decryptPartition(enc, { keys: key })),
  ]);
  const cipher = new XtsCipher(key);
  const work = img.slice();
  rows.push([
    "nvsforge XtsCipher.encryptUnits (one batch)",
    time(() => cipher.encryptUnits(work, offsets)),
  ]);
  const node = runNode(img, key);
  let check = "";
  if (typeof node === "string") {
    check = node;
  } else {
    rows.push([`node:crypto aes-256-xts, one cipher per entry`, node.perEntryMs]);
    rows.push([`node:crypto aes-256-xts, 4096-byte units (bulk)`, node.bulkMs]);
    check = node.sha === ours
      ? `node ${node.version} (OpenSSL ${node.openssl}): per-entry ciphertext identical to ours`
      : `MISMATCH: node's per-entry ciphertext differs from ours (${node.sha} vs ${ours})`;
  }

  const cpu = cpus();
  console.log(
    `XTS-AES-256 on ${PAGES} pages (${(ENTRY_BYTES / 1e6).toFixed(3)} MB of 32-byte entries), ` +
      `best of ${RUNS} runs`,
  );
  console.log(`CPU: ${cpu[0]?.model ?? "unknown"} x ${cpu.length}`);
  const w = Math.max(...rows.map(([n]) => n.length));
  console.log(`${"".padEnd(w)}  ${"ms".padStart(9)}  ${"MB/s".padStart(9)}`);
  for (const [name, ms] of rows) {
    console.log(
      `${name.padEnd(w)}  ${ms.toFixed(2).padStart(9)}  ${
        mbps(ENTRY_BYTES, ms).toFixed(1).padStart(9)
      }`,
    );
  }
  console.log(check);
}

main();

/**
 * `nvsforge verify <outdir> --conf F --values F --prefix P`: checks a mass-manufacturing
 * batch on disk before it goes to the line. Every device of the master file is built
 * again in memory; its image in `<outdir>/bin/` is read (decrypted with the batch key or
 * with its own key from `<outdir>/keys/`), must pass the integrity check and must hold
 * exactly the expected bytes; its intermediate CSV must match too. Images that no
 * device of the master file names are reported as extra.
 *
 * @module
 */

import { decryptPartition, parseKeyFile } from "../crypto/mod.ts";
import { describeSystemError as describe } from "../errors.ts";
import type { SourceLocation } from "../errors.ts";
import { crc32 } from "../format/crc32.ts";
import { NvsforgeError, UsageError } from "../errors.ts";
import type { FormatVersion } from "../format/items.ts";
import { formatFinding } from "../format/findings.ts";
import { formatFloat } from "../format/float.ts";
import { parsePartition } from "../format/reader.ts";
import type { NvsItem } from "../format/reader.ts";
import { sizeArgument } from "./usage.ts";
import { generateBatch } from "../mfg/generate_batch.ts";
import { deviceFiles } from "../mfg/naming.ts";
import { prefixNumValue } from "./prefix_num.ts";
import * as rt from "../runtime/mod.ts";
import { listDirectory } from "../runtime/stream.ts";
import { IMAGE_MAX_BYTES, KEY_FILE_MAX_BYTES, readValueFile } from "./inputs.ts";
import { readInputKey } from "./keys.ts";
import { expandHome } from "./output.ts";
import { printProblem, printResult, printWarnings } from "./report.ts";
import { formatCount } from "../mfg/progress.ts";
import { now } from "../runtime/stream.ts";

/** Options of `verify`. */
export interface VerifyOptions {
  /** The configuration CSV. */
  conf: string;
  /** The master values CSV. */
  values: string;
  /** The file name prefix of the batch. */
  prefix: string;
  /** Partition size (default: the size of the batch's images). */
  size?: string;
  /** `--fileid`. */
  fileid?: string;
  /** `--prefix_num START DIGITS`, as {@linkcode joinPrefixNum} joins them. */
  prefixNum?: string;
  /** `--version`. */
  version?: string;
  /** The batch key (`--inputkey` of the batch). */
  inputkey?: string;
  /** Each device has its own key in `<outdir>/keys/` (`--keygen` batches). */
  keygen?: boolean;
  /** Warnings are errors. */
  strict?: boolean;
  /** `--float`: the batch uses nvsforge's own float and double encodings. */
  float?: boolean;
}

/** One problem of one device. */
export interface Mismatch {
  /** The device's file name base. */
  device: string;
  /** What is wrong. */
  problem: string;
  /** The device's row in the master values file (none for an extra image). */
  location?: SourceLocation;
}

/** What is followed of a device whose image differs: to tell two swapped devices. */
interface Differing {
  name: string;
  bin: string;
  location: SourceLocation;
  expected: string;
  actual: string;
}

const fingerprint = (image: Uint8Array) => `${image.length}:${crc32(image)}`;

/**
 * Devices holding each other's image (or another device's image), as mismatches.
 *
 * @param expected each device's name by the fingerprint of the image it should have.
 */
function swaps(differing: readonly Differing[], expected: Map<string, string>): Mismatch[] {
  const byName = new Map(differing.map((d) => [d.name, d]));
  const out: Mismatch[] = [];
  const told = new Set<string>();
  for (const a of differing) {
    const other = expected.get(a.actual);
    if (other === undefined || other === a.name || told.has(a.name)) continue;
    const b = byName.get(other);
    if (b !== undefined && b.actual === a.expected) {
      told.add(b.name);
      out.push({
        device: a.name,
        problem:
          `${a.bin} and ${b.bin} look swapped: each holds the image the master file gives for the other (${b.name})`,
        location: a.location,
      });
    } else {
      out.push({
        device: a.name,
        problem: `${a.bin} holds the image the master file gives for ${other}`,
        location: a.location,
      });
    }
  }
  return out;
}

function readText(file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(rt.readFile(file));
  } catch (e) {
    throw new NvsforgeError("file-unreadable", `cannot read: ${describe(e)}`, { file });
  }
}

function show(item: NvsItem | undefined): string {
  if (!item) return "nothing";
  if (item.type === "float" || item.type === "double") {
    return `${item.type} ${formatFloat(item.value, item.type)} (bits ${item.bits})`;
  }
  const v = item.value;
  if (v instanceof Uint8Array) {
    const hex = Array.from(v.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
    return `${v.length} bytes ${hex}${v.length > 16 ? "…" : ""}`;
  }
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function sameValue(a: NvsItem, b: NvsItem): boolean {
  if (a.type !== b.type) return false;
  if ((a.type === "float" || a.type === "double") && "bits" in b) return a.bits === b.bits;
  const x = a.value;
  const y = b.value;
  if (x instanceof Uint8Array && y instanceof Uint8Array) {
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return x === y || String(x) === String(y);
}

/** What differs between the expected and the actual image, value by value. */
export function describeDifference(expected: Uint8Array, actual: Uint8Array): string[] {
  if (expected.length !== actual.length) {
    return [`image is ${actual.length} bytes, expected ${expected.length}`];
  }
  const want = parsePartition(expected).items;
  const have = parsePartition(actual).items;
  // A key the library keeps with two types is two items: match the type first.
  const id = (i: NvsItem) => `${i.namespace}/${i.key}/${i.type}`;
  const haveById = new Map(have.map((i) => [id(i), i]));
  const sameKey = (i: NvsItem) =>
    [...haveById.values()].find((h) => h.namespace === i.namespace && h.key === i.key);
  const out: string[] = [];
  for (const w of want) {
    const h = haveById.get(id(w)) ?? sameKey(w);
    if (h) haveById.delete(id(h));
    if (!h || !sameValue(w, h)) {
      out.push(
        `namespace "${w.namespace}" key "${w.key}": image has ${show(h)}, the master file gives ${
          show(w)
        }`,
      );
    }
  }
  for (const h of haveById.values()) {
    out.push(`namespace "${h.namespace}" key "${h.key}": in the image but not in the master file`);
  }
  if (out.length === 0) {
    const at = expected.findIndex((b, i) => b !== actual[i]);
    out.push(`same values, but the bytes differ from offset ${at} (page ${Math.floor(at / 4096)})`);
  }
  return out;
}

/**
 * Verifies a batch; returns the problems found (empty: the batch is good).
 *
 * @param onDevice called after each device with the number of devices checked so far.
 */
export function verifyBatch(outdirArg: string, o: VerifyOptions, onDevice?: (n: number) => void): {
  devices: number;
  mismatches: Mismatch[];
} {
  const outdir = expandHome(outdirArg);
  const binDir = rt.paths.join(outdir, "bin");
  if (!rt.isDirectory(binDir)) {
    throw new NvsforgeError("file-unreadable", `no bin/ directory in "${outdirArg}"`, {
      file: outdirArg,
    });
  }
  const prefixNum = o.prefixNum === undefined ? undefined : prefixNumValue(o.prefixNum);
  if (o.keygen && o.inputkey !== undefined) {
    throw new UsageError(
      "usage",
      "--keygen and --inputkey exclude each other",
    );
  }
  const batchKey = o.inputkey !== undefined ? readInputKey(o.inputkey) : undefined;
  const images = [...listDirectory(binDir)].filter((f) => f.toLowerCase().endsWith(".bin"));
  const size = o.size !== undefined
    ? sizeArgument(o.size)
    : images.length
    ? sizeArgument(rt.fileSize(rt.paths.join(binDir, images[0])) ?? 0)
    : sizeArgument("0x3000");

  const mismatches: Mismatch[] = [];
  const differing: Differing[] = [];
  const expectedImages = new Map<string, string>();
  const seen = new Set<string>();
  let devices = 0;
  const devicesOf = generateBatch(readText(o.conf), readText(o.values), {
    prefix: o.prefix,
    size,
    version: (o.version === "1" ? 1 : 2) as FormatVersion,
    fileid: o.fileid,
    prefixNum,
    readFile: readValueFile,
    strict: o.strict,
    float: o.float,
    configName: o.conf,
    valuesName: o.values,
    onWarning: (w) => printWarnings([w]),
  });
  for (const device of devicesOf) {
    if (devices > 0) onDevice?.(devices);
    devices++;
    const files = deviceFiles(device.name);
    const binName = rt.paths.basename(files.bin);
    seen.add(binName);
    const location = { file: o.values, line: device.line, device: device.index };
    expectedImages.set(fingerprint(device.image), device.name);
    const report = (problem: string) => mismatches.push({ device: device.name, problem, location });
    const imagePath = rt.paths.join(outdir, files.bin);
    let actual: Uint8Array;
    try {
      actual = rt.readRegularFile(imagePath, IMAGE_MAX_BYTES);
    } catch {
      report(`missing image ${files.bin}`);
      continue;
    }
    let keys = batchKey;
    if (o.keygen) {
      const keyPath = rt.paths.join(outdir, files.keys);
      try {
        keys = parseKeyFile(rt.readRegularFile(keyPath, KEY_FILE_MAX_BYTES), keyPath);
      } catch (e) {
        report(
          e instanceof NvsforgeError ? e.message : `missing key file ${files.keys}: ${describe(e)}`,
        );
        continue;
      }
    }
    if (actual.length % 4096 !== 0 || actual.length === 0) {
      report(`${files.bin} is ${actual.length} bytes: not whole 4096-byte pages`);
      continue;
    }
    const plain = keys ? decryptPartition(actual, { keys }) : actual;
    const findings = parsePartition(plain).findings.filter((f) => f.severity !== "info");
    for (const f of findings) report(`${files.bin}: ${formatFinding(f)}`);
    if (plain.length !== device.image.length || plain.some((b, i) => b !== device.image[i])) {
      for (const d of describeDifference(device.image, plain)) report(`${files.bin}: ${d}`);
      differing.push({
        name: device.name,
        bin: files.bin,
        location,
        expected: fingerprint(device.image),
        actual: fingerprint(plain),
      });
    }
    const csvPath = rt.paths.join(outdir, files.csv);
    let csv: string | undefined;
    try {
      csv = new TextDecoder().decode(rt.readFile(csvPath));
    } catch {
      report(`missing intermediate CSV ${files.csv}`);
    }
    if (csv !== undefined && csv !== device.csvText) {
      report(`${files.csv} differs from the CSV the master file gives`);
    }
  }
  if (devices > 0) onDevice?.(devices);
  mismatches.push(...swaps(differing, expectedImages));
  for (const f of images) {
    if (!seen.has(f)) {
      mismatches.push({
        device: f,
        problem: `extra image bin/${f}: no device of the master file names it`,
      });
    }
  }
  return { devices, mismatches };
}

/** Shows how far a long verification is: a line on a terminal, else a line now and then. */
function progress(): { update(n: number): void; clear(): void } {
  const terminal = rt.stderrIsTerminal();
  const ms = rt.env("NVSFORGE_PROGRESS_MS");
  const interval = terminal ? 100 : /^\d+$/.test(ms ?? "") ? Number(ms) : 5000;
  const start = now();
  let last = start;
  let shown = false;
  return {
    update(n) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      const rate = t > start ? formatCount(n / ((t - start) / 1000)) : "0";
      const line = `verify: ${formatCount(n)} devices checked, ${rate}/s`;
      if (terminal) {
        rt.writeStderr(`\r${line}\x1b[K`);
        shown = true;
      } else rt.writeStderr(line + "\n");
    },
    clear() {
      if (shown) rt.writeStderr("\r\x1b[K");
    },
  };
}

/** Runs `verify`: prints each problem and a summary; fails when there is any problem. */
export function verify(outdir: string, o: VerifyOptions): void {
  const shown = progress();
  let result: ReturnType<typeof verifyBatch>;
  try {
    result = verifyBatch(outdir, o, (n) => shown.update(n));
  } finally {
    shown.clear();
  }
  const { devices, mismatches } = result;
  for (const m of mismatches) printProblem("mismatch", `${m.device}: ${m.problem}`, m.location);
  const bad = new Set(mismatches.map((m) => m.device)).size;
  if (mismatches.length) {
    throw new NvsforgeError(
      "check-failed",
      `verified ${devices} devices of "${outdir}": ${bad} with problems (${mismatches.length} in all)`,
    );
  }
  printResult(
    `verified ${devices} devices of "${outdir}": every image and CSV is as the master file gives`,
  );
}

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
import { NvsforgeError, UsageError } from "../errors.ts";
import type { FormatVersion } from "../format/items.ts";
import { formatFinding } from "../format/findings.ts";
import { formatFloat } from "../format/float.ts";
import { parsePartition } from "../format/reader.ts";
import type { NvsItem } from "../format/reader.ts";
import { sizeArgument } from "./usage.ts";
import { generateBatch } from "../mfg/batch.ts";
import { deviceFiles, parsePrefixNum } from "../mfg/naming.ts";
import type { PrefixNum } from "../mfg/naming.ts";
import * as rt from "../runtime/mod.ts";
import { listDirectory } from "../runtime/stream.ts";
import { IMAGE_MAX_BYTES, KEY_FILE_MAX_BYTES, readValueFile } from "./inputs.ts";
import { readInputKey } from "./keys.ts";
import { expandHome } from "./output.ts";
import { printResult, printWarnings } from "./report.ts";

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
  /** `--prefix_num START DIGITS`, as "START,DIGITS" or two values. */
  prefixNum?: string[];
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

/** Verifies a batch; returns the problems found (empty: the batch is good). */
export function verifyBatch(outdirArg: string, o: VerifyOptions): {
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
  let prefixNum: PrefixNum | undefined;
  if (o.prefixNum) {
    const [start, digits] = o.prefixNum.length === 1 ? o.prefixNum[0].split(",") : o.prefixNum;
    const p = parsePrefixNum(start, digits ?? "");
    if (typeof p === "string") {
      throw new UsageError("usage", `--prefix_num: ${p}`);
    }
    prefixNum = p;
  }
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
    devices++;
    const files = deviceFiles(device.name);
    const binName = rt.paths.basename(files.bin);
    seen.add(binName);
    const report = (problem: string) => mismatches.push({ device: device.name, problem });
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
    const plain = keys ? decryptPartition(actual, keys) : actual;
    const findings = parsePartition(plain).findings.filter((f) => f.severity !== "info");
    for (const f of findings) report(`${files.bin}: ${formatFinding(f)}`);
    if (plain.length !== device.image.length || plain.some((b, i) => b !== device.image[i])) {
      for (const d of describeDifference(device.image, plain)) report(`${files.bin}: ${d}`);
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

/** Runs `verify`: prints each problem and a summary; fails when there is any problem. */
export function verify(outdir: string, o: VerifyOptions): void {
  const { devices, mismatches } = verifyBatch(outdir, o);
  for (const m of mismatches) rt.writeStderr(`mismatch: ${m.device}: ${m.problem}\n`);
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

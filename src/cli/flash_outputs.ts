/**
 * `--partition-table FILE`, `--partition NAME` and `--hex` on the commands that write
 * images (`nvs generate`, `nvs encrypt`, `generate`): reading the table, choosing the NVS
 * partition and its size (`auto`, or checked against the table), and the flash outputs
 * beside an image (esptool argument file, sparse Intel HEX).
 *
 * @module
 */

import { InputError, NvsforgeError } from "../errors.ts";
import { describeSystemError as describe } from "../errors.ts";
import type { PartitionSize } from "../format/size.ts";
import { findNvsPartition, partitionImageSize, readPartitionTable } from "../partition/select.ts";
import type { PartitionEntry, PartitionTable } from "../partition/table.ts";
import * as rt from "../runtime/mod.ts";
import { esptoolArgs } from "../flash/esptool_args.ts";
import { intelHex } from "../flash/intel_hex.ts";
import { flashParts } from "../flash/layout.ts";
import type { FlashPlan } from "../flash/layout.ts";
import { expandHome } from "./output.ts";
import type { OutputSet } from "./output.ts";
import { sizeArgument, usage, withFlags } from "./usage.ts";

/** The table options, as commander gives them. */
export interface TableOptions {
  /** `--partition-table FILE`. */
  partitionTable?: string;
  /** `--partition NAME`. */
  partition?: string;
  /** `--hex`. */
  hex?: boolean;
}

/** The table of a run and its NVS partition. */
export interface TableChoice {
  /** The table file, as given. */
  file: string;
  /** Its bytes (for the manifest's SHA-256). */
  bytes: Uint8Array;
  /** The table. */
  table: PartitionTable;
  /** The NVS partition. */
  nvs: PartitionEntry;
  /** The image size: the partition's. */
  size: PartitionSize;
}

/**
 * Reads `--partition-table` and picks the NVS partition and the image size; without a
 * table, checks the size argument as before (`auto`, `--partition` and `--hex` then are
 * usage errors).
 */
export function chooseTable(
  o: TableOptions,
  sizeText: string,
): { size: PartitionSize; choice?: TableChoice } {
  const auto = sizeText.trim().toLowerCase() === "auto";
  if (o.partitionTable === undefined) {
    if (auto) throw usage("size auto means the partition's size: give --partition-table");
    if (o.partition !== undefined) throw usage("--partition needs --partition-table");
    if (o.hex) throw usage("--hex writes each device's flash parts: give --partition-table");
    return { size: sizeArgument(sizeText) };
  }
  if (!auto) sizeArgument(sizeText);
  const file = o.partitionTable;
  let bytes: Uint8Array;
  try {
    bytes = rt.readFile(file);
  } catch (e) {
    throw new InputError("file-unreadable", `cannot read the partition table: ${describe(e)}`, {
      file,
    });
  }
  const table = readPartitionTable(bytes, { file });
  // The name and the size came from the command line: a wrong one is a usage error.
  const flags = { partition: "--partition", size: "size" };
  const nvs = withFlags(flags, () => findNvsPartition(table, o.partition, file));
  const size = withFlags(flags, () => partitionImageSize(nvs, sizeText, file));
  return { size, choice: { file, bytes, table, nvs, size } };
}

/**
 * {@linkcode chooseTable}, except that a bad `<size>` is not thrown: the size is then
 * undefined, and the command reports the size's error with the inputs' errors (which
 * it can still check, all but whether the data fits).
 */
export function chooseTableLater(
  o: TableOptions,
  sizeText: string,
): { size?: PartitionSize; choice?: TableChoice } {
  try {
    return chooseTable(o, sizeText);
  } catch (e) {
    const bad = e instanceof NvsforgeError && e.code === "invalid-size" &&
      e.location === undefined && sizeText.trim().toLowerCase() !== "auto";
    if (bad) return {};
    throw e;
  }
}

/** `target` relative to `outdir`, with `/` (esptool opens it from there), or absolute. */
export function relativeToOutdir(outdir: string, target: string): string {
  const rel = rt.paths.relative(rt.paths.resolve(outdir), rt.paths.resolve(target));
  if (rel === "" || rel.startsWith("..") || rt.paths.isAbsolute(rel)) {
    return rt.paths.resolve(target).split(rt.paths.sep).join("/");
  }
  return rel.split(rt.paths.sep).join("/");
}

/** `x/name.bin` → `x/name<ext>`. */
export function withExtension(file: string, ext: string): string {
  const e = rt.paths.extname(file);
  return (e ? file.slice(0, -e.length) : file) + ext;
}

/** A file of the flash outputs: where it is written, and its bytes. */
export interface FlashFile {
  /** Target path. */
  target: string;
  /** Contents. */
  data: Uint8Array;
}

/**
 * Stages the esptool argument file (`<image stem>.args`) and, with `hex`, the sparse
 * Intel HEX (`<image stem>.hex`) of one image beside it, and returns the lines to print.
 */
export function addFlashFiles(
  out: OutputSet,
  outdir: string | undefined,
  plan: FlashPlan,
  image: FlashFile,
  keys: FlashFile | undefined,
  hex: boolean | undefined,
): string[] {
  const dir = expandHome(outdir ?? ".");
  const parts = flashParts(
    plan,
    { path: relativeToOutdir(dir, image.target), data: image.data },
    keys && { path: relativeToOutdir(dir, keys.target), data: keys.data },
  );
  const argsTarget = withExtension(image.target, ".args");
  out.add(argsTarget, encoder.encode(esptoolArgs(parts)));
  const lines = [
    `Created esptool argument file: ===> ${argsTarget}`,
  ];
  if (hex) {
    const hexTarget = withExtension(image.target, ".hex");
    const segments = [{ address: plan.nvs.offset, data: image.data }];
    if (plan.keys && keys) segments.push({ address: plan.keys.offset, data: keys.data });
    out.add(hexTarget, encoder.encode(intelHex(segments)));
    lines.push(`Created Intel HEX: ===> ${hexTarget}`);
  }
  lines.push(
    `Flash it: cd ${dir} && esptool write-flash @${
      relativeToOutdir(dir, argsTarget)
    }   (esptool 4: esptool.py write_flash @…)`,
  );
  return lines;
}

const encoder = new TextEncoder();

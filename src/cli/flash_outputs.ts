/**
 * `--partition-table FILE`, `--partition NAME` and `--hex` on the commands that write
 * images (`nvs generate`, `nvs encrypt`, `generate`): reading the table, choosing the NVS
 * partition and its size (`auto`, or checked against the table), and the flash outputs
 * beside an image (esptool argument file, sparse Intel HEX). The options themselves are
 * in table_options.ts, which loads this module only for a command with a table.
 *
 * @module
 */

import { InputError } from "../errors.ts";
import { describeSystemError as describe } from "../errors.ts";
import type { PartitionSize } from "../format/size.ts";
import { findNvsPartition, partitionImageSize, readPartitionTable } from "../partition/select.ts";
import * as rt from "../runtime/mod.ts";
import { esptoolArgs } from "../flash/esptool_args.ts";
import { intelHex } from "../flash/intel_hex.ts";
import { flashParts } from "../flash/layout.ts";
export { planFlash } from "../flash/layout.ts";
import type { FlashPlan } from "../flash/layout.ts";
import { expandHome } from "./output.ts";
import type { OutputSet } from "./output.ts";
import { sizeArgument, withFlags } from "./usage.ts";
import { sizeWithoutTable } from "./table_options.ts";
import type { TableChoice, TableOptions } from "./table_options.ts";

/**
 * Reads `--partition-table` and picks the NVS partition and the image size; without a
 * table, checks the size argument as before (`auto`, `--partition` and `--hex` then are
 * usage errors). Commands call it through table_options.ts' `chooseTableLater`.
 */
export function chooseTable(
  o: TableOptions,
  sizeText: string,
): { size: PartitionSize; choice?: TableChoice } {
  if (o.partitionTable === undefined) return { size: sizeWithoutTable(o, sizeText) };
  if (sizeText.trim().toLowerCase() !== "auto") sizeArgument(sizeText);
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

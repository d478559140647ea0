/**
 * The created master values file mfg_gen writes beside a batch whose configuration has
 * REPEAT keys: {@linkcode createdValuesCsv}.
 *
 * @module
 */

import { Diagnostics } from "../errors.ts";
import { MfgBatch } from "./batch.ts";
import { laidOutRows } from "./laid_out_batch.ts";
import type { BatchOptions } from "./batch.ts";
import { formatCsvRow } from "./csv_writer.ts";

/**
 * The created master values file mfg_gen writes when the configuration has REPEAT
 * keys (`<values stem>_tmp_created.csv`): the master file with every REPEAT value filled
 * in, as Python's `csv.writer` writes it. Undefined without REPEAT keys (mfg_gen writes
 * no such file then). The inputs must be valid (see {@linkcode generateBatch}).
 *
 * @example
 * ```ts
 * import { createdValuesCsv } from "./mod.ts";
 *
 * const text = createdValuesCsv("n,namespace,\na,data,u8,REPEAT\n", "id,a\n1,5\n2,\n");
 * if (text !== "id,a\r\n1,5\r\n2,5\r\n") throw new Error(JSON.stringify(text));
 * if (createdValuesCsv("n,namespace,\na,data,u8\n", "a\n1\n") !== undefined) {
 *   throw new Error("a created file without REPEAT keys");
 * }
 * ```
 *
 * @param configText the configuration CSV.
 * @param valuesText the master values CSV.
 * @param options the files' names, for messages.
 * @returns the created master values file, or undefined without REPEAT keys.
 * @throws {NvsforgeError|NvsforgeErrors} when the configuration is invalid.
 */
export function createdValuesCsv(
  configText: string,
  valuesText: string,
  options: Pick<BatchOptions, "configName" | "valuesName"> = {},
): string | undefined {
  const batch = new MfgBatch(configText, { prefix: "x", size: 0x3000, ...options });
  if (!batch.config.keys.some((k) => k.repeat)) return undefined;
  const d = new Diagnostics();
  let out = "";
  for (const { batch: laid, row } of laidOutRows(batch, valuesText, d)) {
    if (out === "") out = formatCsvRow(laid.layout.header);
    out += batch.createdRow(row);
  }
  return out;
}

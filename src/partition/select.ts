/**
 * Reading a table of either form, and picking the partitions nvsforge writes: the NVS
 * partition (by name, or the only `data, nvs` one), its size (`auto`, or checked against
 * the table), and the key partition (`data, nvs_keys`).
 *
 * @module
 */

import { InputError, NvsforgeError } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { checkPartitionSize } from "../format/size.ts";
import type { PartitionSize } from "../format/size.ts";
import { LIMITS } from "../format/layout.ts";
import { looksLikeBinaryTable, parsePartitionBinary } from "./binary.ts";
import { parsePartitionCsv } from "./csv.ts";
import { describePartition, hexOf, PartitionKind } from "./table.ts";
import type { PartitionEntry, PartitionTable } from "./table.ts";
import type { Diagnostics } from "../errors.ts";

/** Options of {@linkcode readPartitionTable}. */
export interface ReadTableOptions {
  /** The file name, for messages. */
  file?: string;
  /** Where the table sits in flash (default 0x8000). */
  tableOffset?: number;
  /** Collects errors and warnings; without it, errors are thrown and warnings dropped. */
  diagnostics?: Diagnostics;
}

/**
 * Reads a partition table file of either form: binary when it starts with `AA 50` (as
 * `gen_esp32part.py` decides), CSV text otherwise.
 *
 * @example
 * ```ts
 * import { encodePartitionTable, readPartitionTable } from "@nvsforge/nvsforge/partition";
 *
 * const csv = new TextEncoder().encode("nvs, data, nvs, 0x9000, 0x6000,\n");
 * const fromCsv = readPartitionTable(csv, { file: "partitions.csv" });
 * const fromBin = readPartitionTable(encodePartitionTable(fromCsv.entries));
 * if (fromCsv.format !== "csv" || fromBin.format !== "binary") throw new Error("form");
 * if (fromBin.entries[0].size !== 0x6000) throw new Error("size");
 * ```
 *
 * @param bytes the file's contents.
 * @param options file name for messages, the table's own offset.
 * @returns the table.
 * @throws {NvsforgeError} code "partition-table" (see {@linkcode parsePartitionCsv} and
 *   {@linkcode parsePartitionBinary}); text that is not UTF-8.
 */
export function readPartitionTable(
  bytes: Uint8Array,
  options: ReadTableOptions = {},
): PartitionTable {
  if (looksLikeBinaryTable(bytes)) return parsePartitionBinary(bytes, options);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new NvsforgeError(
      "partition-table",
      "not a partition table: neither a binary table (starting AA 50) nor UTF-8 CSV text",
      { file: options.file },
    );
  }
  return parsePartitionCsv(text, options);
}

function names(list: readonly PartitionEntry[]): string {
  return list.map((p) => `"${p.name}"`).join(", ");
}

const isNvs = (p: PartitionEntry) =>
  p.type === PartitionKind.DATA && p.subtype === PartitionKind.NVS;
const isKeys = (p: PartitionEntry) =>
  p.type === PartitionKind.DATA && p.subtype === PartitionKind.NVS_KEYS;

/**
 * Picks the NVS partition: the one named `name`, or, without a name, the only
 * `data, nvs` partition of the table.
 *
 * @example
 * ```ts
 * import { findNvsPartition, parsePartitionCsv } from "@nvsforge/nvsforge/partition";
 *
 * const table = parsePartitionCsv("nvs, data, nvs, , 24K,\nfactory_nvs, data, nvs, , 16K,\n");
 * if (findNvsPartition(table, "factory_nvs").offset !== 0xf000) throw new Error("offset");
 * try {
 *   findNvsPartition(table);
 *   throw new Error("two NVS partitions and no name were accepted");
 * } catch (e) {
 *   if (!(e instanceof Error) || !e.message.includes('"nvs", "factory_nvs"')) throw e;
 * }
 * ```
 *
 * @param table the partition table.
 * @param name the partition's name, when given (errors about it name option `partition`).
 * @param file the table's file name, for messages.
 * @returns the partition.
 * @throws {NvsforgeError} code "partition-not-found": no such name, a named partition
 *   that is not `data, nvs`, no NVS partition, or several and no name.
 */
export function findNvsPartition(
  table: PartitionTable,
  name?: string,
  file?: string,
): PartitionEntry {
  const where = file !== undefined ? { file } : undefined;
  if (name !== undefined) {
    const named = { ...where, option: "partition" };
    const p = table.entries.find((e) => e.name === name);
    if (!p) {
      throw new InputError(
        "partition-not-found",
        `the table has no partition "${name}" (it has ${names(table.entries) || "none"})`,
        named,
      );
    }
    if (!isNvs(p)) {
      throw new InputError(
        "partition-not-found",
        `${describePartition(p)} is not a data, nvs partition`,
        named,
      );
    }
    return p;
  }
  const nvs = table.entries.filter(isNvs);
  if (nvs.length === 1) return nvs[0];
  throw new NvsforgeError(
    "partition-not-found",
    nvs.length === 0
      ? "the table has no data, nvs partition"
      : `the table has ${nvs.length} data, nvs partitions (${names(nvs)}): name the one to use`,
    nvs.length === 0 ? where : { ...where, option: "partition" },
  );
}

/**
 * Picks the key partition for NVS encryption: the first `data, nvs_keys` partition, the
 * one ESP-IDF's `nvs_flash_init` reads. Without the `encrypted` flag (which ESP-IDF
 * requires, so that flash encryption protects the keys) a warning is given.
 *
 * @example
 * ```ts
 * import { findKeyPartition, parsePartitionCsv } from "@nvsforge/nvsforge/partition";
 * import type { Warning } from "@nvsforge/nvsforge/partition";
 *
 * const warnings: Warning[] = [];
 * const table = parsePartitionCsv("nvs, data, nvs, , 24K,\nnvs_key, data, nvs_keys, , 4K,\n");
 * const keys = findKeyPartition(table, "partitions.csv", (w) => warnings.push(w));
 * if (keys.offset !== 0xf000 || warnings.length !== 1) throw new Error("no warning");
 * ```
 *
 * @param table the partition table.
 * @param file the table's file name, for messages.
 * @param onWarning receives the warning about a missing `encrypted` flag.
 * @returns the key partition.
 * @throws {NvsforgeError} code "partition-not-found" when there is none, or it is
 *   smaller than a key partition's 4096 bytes.
 */
export function findKeyPartition(
  table: PartitionTable,
  file?: string,
  onWarning?: (w: Warning) => void,
): PartitionEntry {
  const where = file !== undefined ? { file } : undefined;
  const p = table.entries.find(isKeys);
  if (!p) {
    throw new NvsforgeError(
      "partition-not-found",
      "the table has no data, nvs_keys partition for the NVS key partition (add one, 4K, flagged encrypted)",
      where,
    );
  }
  if (p.size < 0x1000) {
    throw new NvsforgeError(
      "partition-not-found",
      `${describePartition(p)} is smaller than a key partition (0x1000 bytes)`,
      where,
    );
  }
  if (!p.encrypted) {
    onWarning?.({
      code: "partition-table",
      message: `${
        describePartition(p)
      } lacks the encrypted flag: ESP-IDF requires it, or the NVS keys sit in flash in clear`,
      location: where,
    });
  }
  return p;
}

/**
 * The image size for a partition: `auto` (or nothing) gives the partition's size;
 * another size must equal it. Sizes below 0x3000 need the partition's `readonly` flag.
 *
 * @example
 * ```ts
 * import { partitionImageSize } from "@nvsforge/nvsforge/partition";
 *
 * const nvs = { name: "nvs", type: 1, subtype: 2, offset: 0x9000, size: 0x6000, encrypted: false, readonly: false };
 * if (partitionImageSize(nvs, "auto").bytes !== 0x6000) throw new Error("auto");
 * try {
 *   partitionImageSize(nvs, "0x5000");
 *   throw new Error("a size that differs from the table was accepted");
 * } catch (e) {
 *   if (!(e instanceof Error) || !e.message.includes("0x6000")) throw e;
 * }
 * ```
 *
 * @param p the NVS partition.
 * @param sizeText the size argument (`auto`, or a number as `nvs generate` reads it).
 * @param file the table's file name, for messages.
 * @returns the checked size.
 * @throws {NvsforgeError} code "invalid-size".
 */
export function partitionImageSize(
  p: PartitionEntry,
  sizeText?: string,
  file?: string,
): PartitionSize {
  const where = file !== undefined ? { file } : undefined;
  if (sizeText !== undefined && sizeText.trim().toLowerCase() !== "auto") {
    const given = checkPartitionSize(sizeText);
    if (given.bytes !== p.size) {
      throw new NvsforgeError(
        "invalid-size",
        `${sizeText} differs from ${describePartition(p)}: give ${hexOf(p.size)} or auto`,
        { ...where, option: "size" },
      );
    }
  }
  let size: PartitionSize;
  try {
    size = checkPartitionSize(p.size);
  } catch (e) {
    if (!(e instanceof NvsforgeError)) throw e;
    throw new NvsforgeError("invalid-size", `${describePartition(p)}: ${e.detail}`, where);
  }
  if (size.bytes < LIMITS.minReadWriteSize && !p.readonly) {
    throw new NvsforgeError(
      "invalid-size",
      `${
        describePartition(p)
      } is below 0x3000 bytes: ESP-IDF mounts such an NVS partition only read-only; flag it readonly in the table`,
      where,
    );
  }
  return size;
}

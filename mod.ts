/**
 * nvsforge: ESP32 NVS partition images, in memory, byte-identical to what ESP-IDF's
 * `nvs_partition_gen.py` writes. This module runs anywhere JavaScript runs (Deno, Bun,
 * Node, browsers): it touches no file system.
 *
 * ```ts
 * import { encodePartition } from "./mod.ts";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 *   { kind: "entry", key: "hw_rev", type: "u8", value: 3 },
 * ], { size: 0x6000 });
 * console.assert(image.length === 0x6000);
 * ```
 *
 * @module
 */

import { csvToRecords } from "./src/csv/mod.ts";
import type { CsvInput } from "./src/csv/mod.ts";
import type { FileReader } from "./src/csv/records.ts";
import type { Warning } from "./src/errors.ts";
import { Diagnostics } from "./src/errors.ts";
import type { FormatVersion } from "./src/format/items.ts";
import { layoutPartition } from "./src/format/writer.ts";
import { parsePartition } from "./src/format/reader.ts";
import type { ParsedPartition } from "./src/format/reader.ts";
import type { PartitionSize } from "./src/format/size.ts";

export { encodePartition, layoutPartition } from "./src/format/writer.ts";
export type { EncodedPartition, EncodeOptions } from "./src/format/writer.ts";
export type {
  BlobEntry,
  EntryRecord,
  FormatVersion,
  IntegerEntry,
  NamespaceRecord,
  NvsRecord,
  StringEntry,
} from "./src/format/items.ts";
export { checkPartitionSize } from "./src/format/size.ts";
export type { PartitionSize } from "./src/format/size.ts";
export { crc32 } from "./src/format/crc32.ts";
export {
  ENTRIES_PER_PAGE,
  ENTRY_SIZE,
  ItemType,
  LIMITS,
  PAGE_SIZE,
  PageState,
  PageVersion,
} from "./src/format/layout.ts";
export type { IntegerType } from "./src/format/layout.ts";
export { csvToRecords } from "./src/csv/mod.ts";
export {
  checkPartition,
  isCleanPartition,
  parsePartition,
  recordsFromPartition,
} from "./src/format/reader.ts";
export type {
  BlobChunkInfo,
  BlobIndexValue,
  BlobItem,
  EntryInfo,
  EntryStatus,
  EntryTypeName,
  IntegerItem,
  NamespaceInfo,
  NvsItem,
  PageInfo,
  PageStateName,
  ParsedPartition,
  ParseOptions,
  StringItem,
} from "./src/format/reader.ts";
export { countFindings, FINDING_CODES, formatFinding, isClean } from "./src/format/findings.ts";
export type { Finding, FindingCode, FindingCounts, Severity } from "./src/format/findings.ts";
export { stringifyCsv } from "./src/csv/stringify.ts";
export type { BlobEncoding, StringifyCsvOptions } from "./src/csv/stringify.ts";
export type { CsvInput, CsvToRecordsOptions } from "./src/csv/mod.ts";
export type { FileReader } from "./src/csv/records.ts";
export { ExitCode, formatWarning, NvsforgeError, NvsforgeErrors } from "./src/errors.ts";
export type { ErrorCode, SourceLocation, Warning } from "./src/errors.ts";

/** Options of {@linkcode generateFromCsv}. */
export interface GenerateFromCsvOptions {
  /** Partition size in bytes, as a literal such as `"0x6000"`, or checked. */
  size: number | string | PartitionSize;
  /** Page format version (default 2). */
  version?: FormatVersion;
  /** Reads `file`-type values; without it, `file` rows are errors. */
  readFile?: FileReader;
  /** Make warnings (input that is probably a mistake) errors. */
  strict?: boolean;
}

/** The result of {@linkcode generateFromCsv}. */
export interface GenerateFromCsvResult {
  /** The partition image. */
  image: Uint8Array;
  /** Warnings about input that was accepted but is probably a mistake. */
  warnings: Warning[];
}

/**
 * Generates a partition image from generator CSV text (`key,type,encoding,value`), as
 * `nvs_partition_gen.py generate` does for the same files.
 *
 * @example
 * ```ts
 * import { generateFromCsv } from "./mod.ts";
 *
 * const { image, warnings } = generateFromCsv(
 *   [{ name: "nvs.csv", text: "key,type,encoding,value\nwifi,namespace,,\nretries,data,u8,3\n" }],
 *   { size: "0x3000" },
 * );
 * console.assert(image.length === 0x3000 && warnings.length === 0);
 * ```
 *
 * @param inputs One or several CSVs, read as one stream (namespaces carry over).
 * @param options Size, version, file reader, strictness.
 * @returns The image and the warnings.
 * @throws {NvsforgeErrors|NvsforgeError} every input error at once.
 */
export function generateFromCsv(
  inputs: readonly CsvInput[],
  options: GenerateFromCsvOptions,
): GenerateFromCsvResult {
  const diagnostics = new Diagnostics(options.strict ?? false);
  const { records } = csvToRecords(inputs, { readFile: options.readFile, diagnostics });
  const { image } = layoutPartition(records, {
    size: options.size,
    version: options.version,
    diagnostics,
  });
  return { image, warnings: diagnostics.warnings };
}

/**
 * Reads an NVS partition image (generated, or dumped from a device) the way ESP-IDF's
 * NVS library reads it: typed live items, namespaces, every entry, and the integrity
 * findings. With `key` (64 bytes: data key then tweak key) the image is decrypted first.
 *
 * @example
 * ```ts
 * import { encodePartition, parse } from "./mod.ts";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "cfg" },
 *   { kind: "entry", key: "retries", type: "u8", value: 3 },
 * ], { size: 0x3000 });
 * const { items, findings } = parse(image);
 * console.assert(items[0].key === "retries" && findings.length === 0);
 * ```
 *
 * @param image The partition image: whole 4096-byte pages.
 * @param options `key`: the XTS keys of an encrypted image.
 * @returns The parsed partition.
 * @throws {NvsforgeError} when the bytes are not whole pages, or the key is not 64 bytes.
 */
export function parse(image: Uint8Array, options: { key?: Uint8Array } = {}): ParsedPartition {
  return parsePartition(image, { keys: options.key });
}

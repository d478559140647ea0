/**
 * nvsforge: ESP32 NVS partition images, in memory, byte-identical to what ESP-IDF's
 * `nvs_partition_gen.py` and `mfg_gen.py` write. This module runs anywhere JavaScript
 * runs (Deno, Bun, Node, browsers): it touches no file system.
 *
 * - Write an image from records ({@linkcode encodePartition}) or from generator CSV text
 *   ({@linkcode generateFromCsv}); read one back ({@linkcode parse}) with its integrity
 *   findings; turn records into CSV again ({@linkcode stringifyCsv}).
 * - Encrypt and decrypt images ({@linkcode encryptPartition}, {@linkcode decryptPartition})
 *   and build NVS key partitions ({@linkcode buildKeyPartition}), with random or
 *   HMAC-derived keys.
 * - Generate a whole manufacturing batch, one image per device, from a configuration and
 *   a master values CSV ({@linkcode generateBatch}).
 *
 * ```ts
 * import { encodePartition } from "./mod.ts";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 *   { kind: "entry", key: "hw_rev", type: "u8", value: 3 },
 * ], { size: 0x6000 });
 * if (image.length !== 0x6000) throw new Error(`image is ${image.length} bytes`);
 * ```
 *
 * The sub-modules `./format`, `./csv`, `./crypto` and `./mfg` export the same pieces and
 * the lower-level ones (layout tables, XTS itself, the streaming master file reader).
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
import { parseImage } from "./src/crypto/parse.ts";
import type { ParsedPartition } from "./src/format/reader.ts";
import type { PartitionSize } from "./src/format/size.ts";

// The document an image is made from: namespace and entry records, in order.
export type {
  BlobEntry,
  EntryRecord,
  FloatEntry,
  FormatVersion,
  IntegerEntry,
  NamespaceRecord,
  NvsRecord,
  StringEntry,
} from "./src/format/items.ts";

// Editing a document: set and erase keys, keeping the layout `nvs generate` gives.
export { editRecords } from "./src/format/edit.ts";
export type { RecordChange } from "./src/format/edit.ts";

// Writing images: records → partition bytes, and the format's sizes and limits.
export { encodePartition, layoutPartition } from "./src/format/writer.ts";
export type { EncodedPartition, EncodeOptions } from "./src/format/writer.ts";
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
export type { FloatType, IntegerType } from "./src/format/layout.ts";

// Reading images: bytes → pages, namespaces, live items, entries and integrity findings.
// (`parsePartition` and `checkPartition` decrypt first when given keys: the format reader
// itself reads plain bytes, and decryption composes above it.)
export { isCleanPartition, recordsFromPartition } from "./src/format/reader.ts";
export {
  checkImage as checkPartition,
  type ImageParseOptions as ParseOptions,
  parseImage as parsePartition,
} from "./src/crypto/parse.ts";
export type {
  BlobChunkInfo,
  BlobIndexValue,
  BlobItem,
  EntryInfo,
  EntryStatus,
  EntryTypeName,
  IntegerItem,
  ItemBase,
  NamespaceInfo,
  NvsItem,
  PageInfo,
  PageStateName,
  ParsedPartition,
  StringItem,
} from "./src/format/reader.ts";
export { countFindings, FINDING_CODES, formatFinding, isClean } from "./src/format/findings.ts";
export type { Finding, FindingCode, FindingCounts, Severity } from "./src/format/findings.ts";

// Generator CSV (`key,type,encoding,value`): text → records, and records → text.
export { csvToRecords } from "./src/csv/mod.ts";
export type { CsvInput, CsvToRecordsOptions, FileReader } from "./src/csv/mod.ts";
export { stringifyCsv } from "./src/csv/stringify.ts";
export type { BlobEncoding, StringifyCsvOptions } from "./src/csv/stringify.ts";

// Encryption: whole images, NVS key partitions, random and HMAC-derived keys.
export { decryptPartition, encryptPartition } from "./src/crypto/partition.ts";
export {
  buildKeyPartition,
  generateKeys,
  KEY_MATERIAL_SIZE,
  KEY_PARTITION_SIZE,
  parseKeyFile,
} from "./src/crypto/key_partition.ts";
export { deriveKeysFromHmacKey, generateHmacKey, HMAC_KEY_SIZE } from "./src/crypto/hmac_keys.ts";

// Mass manufacturing (mfg_gen): a configuration and a master values CSV → one image per device.
export { createdValuesCsv, generateBatch } from "./src/mfg/batch.ts";
export type {
  BatchEncryption,
  BatchOptions,
  DeviceImage,
  GenerateBatchOptions,
} from "./src/mfg/batch.ts";
export { parseConfig } from "./src/mfg/config.ts";
export type { ConfigEntry, MfgConfig } from "./src/mfg/config.ts";
export type { PrefixNum } from "./src/mfg/naming.ts";

// Errors and warnings: codes, locations, exit statuses, the collector of a whole input.
export {
  Diagnostics,
  ExitCode,
  exitStatus,
  formatWarning,
  InputError,
  InternalError,
  InterruptedError,
  NvsforgeError,
  NvsforgeErrors,
  OutputError,
  UsageError,
} from "./src/errors.ts";
export type { ErrorCode, ErrorKind, SourceLocation, StopSignal, Warning } from "./src/errors.ts";

/**
 * Options of {@linkcode generateFromCsv}.
 *
 * @example
 * ```ts
 * import { generateFromCsv, type GenerateFromCsvOptions } from "./mod.ts";
 *
 * const files = new Map([["cal.bin", new Uint8Array([1, 2, 3])]]);
 * const options: GenerateFromCsvOptions = {
 *   size: "0x3000",
 *   version: 2,
 *   readFile: (path) => files.get(path) ?? new Uint8Array(),
 *   strict: true,
 * };
 * const text = "key,type,encoding,value\ncal,namespace,,\ncurve,file,binary,cal.bin\n";
 * const { image } = generateFromCsv([{ name: "nvs.csv", text }], options);
 * if (image.length !== 0x3000) throw new Error(`image is ${image.length} bytes`);
 * ```
 */
export interface GenerateFromCsvOptions {
  /** Partition size in bytes, as a literal such as `"0x6000"`, or checked. */
  size: number | string | PartitionSize;
  /** Page format version (default 2). */
  version?: FormatVersion;
  /** Reads `file`-type values; without it, `file` rows are errors. */
  readFile?: FileReader;
  /** Make warnings (input that is probably a mistake) errors. */
  strict?: boolean;
  /**
   * Accept nvsforge's own `float` and `double` encodings (the reference rejects them, so
   * by default nvsforge does too).
   */
  float?: boolean;
}

/**
 * The result of {@linkcode generateFromCsv}.
 *
 * @example
 * ```ts
 * import { generateFromCsv, type GenerateFromCsvResult, parse } from "./mod.ts";
 *
 * const text = "key,type,encoding,value\nwifi,namespace,,\nssid,data,string,lab\n";
 * const result: GenerateFromCsvResult = generateFromCsv([{ name: "nvs.csv", text }], {
 *   size: 0x3000,
 * });
 * if (result.warnings.length !== 0) throw new Error("unexpected warnings");
 * if (parse(result.image).items[0].value !== "lab") throw new Error("wrong value");
 * ```
 */
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
 * if (image.length !== 0x3000 || warnings.length !== 0) throw new Error("unexpected result");
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
  const { records } = csvToRecords(inputs, {
    readFile: options.readFile,
    diagnostics,
    float: options.float,
  });
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
 * if (items[0].key !== "retries" || items[0].value !== 3) throw new Error("wrong item");
 * if (findings.length !== 0) throw new Error(`findings: ${findings.map((f) => f.code)}`);
 * ```
 *
 * @param image The partition image: whole 4096-byte pages.
 * @param options `key`: the XTS keys of an encrypted image.
 * @returns The parsed partition.
 * @throws {NvsforgeError} when the bytes are not whole pages, or the key is not 64 bytes.
 */
export function parse(image: Uint8Array, options: { key?: Uint8Array } = {}): ParsedPartition {
  return parseImage(image, { keys: options.key });
}

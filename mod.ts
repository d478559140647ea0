/**
 * nvsforge: ESP32 NVS partition images, in memory, byte-identical to what ESP-IDF's
 * `nvs_partition_gen.py` and `mfg_gen.py` write. This module runs anywhere JavaScript
 * runs (Deno, Bun, Node, browsers): it touches no file system.
 *
 * One value, {@linkcode NvsDocument}, moves between the three forms of an NVS
 * partition: generator CSV (`fromCsv`, `toCsv`), records (`new NvsDocument(records)`,
 * `records`) and partition bytes (`fromImage`, `toImage`), encrypted or not. Every
 * function that encrypts or decrypts takes `{ keys }` ({@linkcode NvsKeys}: the 64 key
 * bytes, a key partition, or `{ hmacKey }`). Every error is an {@linkcode NvsforgeError}
 * with a code and a location; several at once are one {@linkcode NvsforgeErrors}
 * (code `many`). A whole manufacturing batch, one image per device, comes from
 * {@linkcode generateBatch}.
 *
 * ```ts
 * import { generateKeys, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const doc = await NvsDocument.fromCsv(
 *   "key,type,encoding,value\nfactory,namespace,,\nserial,data,string,NF-000042\n",
 * );
 * const keys = generateKeys();
 * const { image } = doc.toImage({ size: 0x6000, keys });
 * const back = NvsDocument.fromImage(image, { keys });
 * if (back.toCsv().text !== doc.toCsv().text) throw new Error("not the same document");
 * ```
 *
 * The sub-paths hold the lower-level pieces: `./format` (layout tables, writer, reader
 * and integrity check), `./csv` (the generator CSV reader and writer), `./crypto` (XTS,
 * key partitions, whole-image encryption) and `./mfg` (the batch's parts).
 *
 * @module
 */

// The document: CSV ↔ records ↔ image.
export { NvsDocument } from "./src/document/document.ts";
export type {
  CheckOptions,
  CheckResult,
  CsvResult,
  FromCsvOptions,
  FromImageOptions,
  ImageResult,
  ToCsvOptions,
  ToImageOptions,
} from "./src/document/options.ts";
export type { CsvBlob, CsvFile, CsvSource } from "./src/document/csv_source.ts";
export type { NvsRecordInput } from "./src/document/record_input.ts";
export type { ReadFile } from "./src/csv/records.ts";
export type { BlobEncoding } from "./src/csv/stringify.ts";
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
export type { FloatType, IntegerType } from "./src/format/layout.ts";
export { formatFinding } from "./src/format/findings.ts";
export type { Finding, FindingCode, Severity } from "./src/format/findings.ts";

// Keys: the one shape of the `keys` option, and new keys.
export type { NvsKeys } from "./src/crypto/keys.ts";
export { buildKeyPartition, generateKeys } from "./src/crypto/key_partition.ts";
export { generateHmacKey } from "./src/crypto/hmac_keys.ts";

// Mass manufacturing (mfg_gen): a configuration and a master values CSV → one image per device.
export { createdValuesCsv } from "./src/mfg/created_values.ts";
export { generateBatch } from "./src/mfg/generate_batch.ts";
export type {
  BatchEncryption,
  GeneratedKeyEncryption,
  SharedKeyEncryption,
} from "./src/mfg/encryption.ts";
export type { BatchOptions } from "./src/mfg/batch.ts";
export type { DeviceImage } from "./src/mfg/device_image.ts";
export type { GenerateBatchOptions } from "./src/mfg/generate_batch.ts";
export type { PrefixNum } from "./src/mfg/naming.ts";
export type { ReadFileSync } from "./src/csv/records.ts";
export type { PartitionSize } from "./src/format/size.ts";

// Errors and warnings: codes, locations, exit statuses.
export {
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

/**
 * Mass manufacturing, as ESP-IDF's `mfg_gen.py generate` does it, in memory: a
 * configuration CSV (`name,namespace,` rows, `key,type,encoding[,REPEAT]` rows) and a
 * master values CSV (a header naming the keys, one row per device) become one NVS
 * partition image per device, byte for byte the reference's, with the per-device CSV
 * mfg_gen writes beside it.
 *
 * This module touches no file system and imports nothing from `node:*` or `Deno.*`:
 * text in, bytes out (`file`-type values are read through a callback). The command line
 * (`nvsforge generate`) adds the files, the streaming of a million-row master file,
 * worker threads, `--resume` and the manifest on top of the same pieces.
 *
 * @example
 * ```ts
 * import { generateBatch } from "./mod.ts";
 *
 * const config = [
 *   "factory,namespace,",
 *   "serial,data,string",
 *   "hw_rev,data,u8,REPEAT",
 *   "cal,data,hex2bin",
 * ].join("\n");
 * const values = "serial,hw_rev,cal\nSN-0001,3,0a0b\nSN-0002,,0c0d\n";
 * for (const device of generateBatch(config, values, {
 *   prefix: "dev",
 *   size: 0x3000,
 *   fileid: "serial",
 * })) {
 *   // device.name: "dev-SN-0001"; device.csvText: csv/dev-SN-0001.csv; device.image: bin/…
 *   if (device.image.length !== 0x3000) throw new Error(`${device.name}: wrong image size`);
 * }
 * ```
 *
 * @module
 */

export { MfgBatch } from "./batch.ts";
export type { BatchOptions } from "./batch.ts";
export { LaidOutBatch } from "./laid_out_batch.ts";
export type { PlannedDevice } from "./laid_out_batch.ts";
export { createdValuesCsv } from "./created_values.ts";
export { generateBatch } from "./generate_batch.ts";
export type { GenerateBatchOptions } from "./generate_batch.ts";
export type { DeviceImage } from "./device_image.ts";
export { generateBatchStream } from "./batch_stream.ts";
export type { GenerateBatchStreamOptions } from "./batch_stream.ts";
export type { MasterSource } from "./master_source.ts";
export { STREAM_FILE_CACHE_BYTES } from "./read_once.ts";
export {
  BatchEncryptor,
  checkEncryption,
  hasHmacKeys,
  hasKeyFiles,
  sharedKeys,
} from "./encryption.ts";
export type {
  BatchEncryption,
  DeviceKeys,
  ExistingKeys,
  GeneratedKeyEncryption,
  SharedKeyEncryption,
} from "./encryption.ts";
export { MFG_ENCODINGS, MFG_TYPES, parseConfig, REPEAT } from "./config.ts";
export type { ConfigEntry, MfgConfig } from "./config.ts";
export { MasterReader, matchHeader } from "./master.ts";
export type { DeviceRow, MasterLayout, MasterReaderOptions } from "./master.ts";
export { DeviceCsvWriter } from "./device_csv.ts";
export { buildDevice, checkDevice } from "./device.ts";
export type { DeviceReport, DeviceSettings, DeviceSource } from "./device.ts";
export { formatCsvField, formatCsvRow } from "./csv_writer.ts";
export { isBlankLine, keptLines, LineSplitter } from "./lines.ts";
export { deviceFiles, DeviceNamer, nameProblem, parsePrefixNum } from "./naming.ts";
export type { DeviceFileNames, PrefixNum } from "./naming.ts";
export { pagesUpperBound, surelyFits } from "./fit.ts";
export { ErrorList, WarningDigest } from "./findings.ts";
export { IdSet } from "./id_set.ts";
export { manifestFile, manifestLine } from "./manifest.ts";
export type { ManifestEntry, ManifestFile } from "./manifest.ts";
export { formatDuration, progressBar, progressLine, summaryLine } from "./progress.ts";
export type { BatchSummary, ProgressState } from "./progress.ts";
export { Diagnostics, NvsforgeError, NvsforgeErrors } from "../errors.ts";
export type { ErrorCode, ErrorKind, SourceLocation, Warning } from "../errors.ts";
export type { NvsCsvRow } from "../csv/nvs_csv.ts";
export type { ReadFile, ReadFileSync } from "../csv/records.ts";
export type { NvsKeys } from "../crypto/keys.ts";
export type * from "../format/items.ts";
export type { FloatType, IntegerType } from "../format/layout.ts";
export type { PartitionSize } from "../format/size.ts";
export type { FlashPart } from "../flash/layout.ts";

/**
 * ESP-IDF partition tables, CSV and binary, read as `gen_esp32part.py` reads them
 * (offsets computed the same way), and the choices nvsforge makes in them: which
 * partition holds the NVS image, its size, where the key partition goes. Runs anywhere:
 * no file system.
 *
 * ```ts
 * import {
 *   findNvsPartition,
 *   partitionImageSize,
 *   readPartitionTable,
 * } from "@nvsforge/nvsforge/partition";
 *
 * const csv = "# Name, Type, SubType, Offset, Size, Flags\n" +
 *   "nvs, data, nvs, , 0x6000,\nphy_init, data, phy, , 4K,\nfactory, app, factory, , 1M,\n";
 * const table = readPartitionTable(new TextEncoder().encode(csv), { file: "partitions.csv" });
 * const nvs = findNvsPartition(table);
 * if (nvs.offset !== 0x9000 || partitionImageSize(nvs, "auto").bytes !== 0x6000) {
 *   throw new Error("not where ESP-IDF puts it");
 * }
 * ```
 *
 * @module
 */

export {
  DEFAULT_TABLE_OFFSET,
  describePartition,
  ENTRY_LENGTH,
  MAX_TABLE_LENGTH,
  offsetAlignment,
  PARTITION_SUBTYPES,
  PARTITION_TYPES,
  PartitionKind,
  subtypeName,
  TABLE_SECTOR_SIZE,
  typeName,
} from "./table.ts";
export type { PartitionEntry, PartitionTable } from "./table.ts";
export { parsePartitionCsv, parseTableNumber } from "./csv.ts";
export type { PartitionCsvOptions } from "./csv.ts";
export { encodePartitionTable, looksLikeBinaryTable, parsePartitionBinary } from "./binary.ts";
export type { PartitionBinaryOptions } from "./binary.ts";
export {
  findKeyPartition,
  findNvsPartition,
  partitionImageSize,
  readPartitionTable,
} from "./select.ts";
export type { ReadTableOptions } from "./select.ts";
export type { PartitionSize } from "../format/size.ts";
export { Diagnostics, NvsforgeError, NvsforgeErrors } from "../errors.ts";
export type { ErrorCode, ErrorKind, SourceLocation, Warning } from "../errors.ts";

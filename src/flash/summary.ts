/**
 * The batch summary (`summary-<prefix>.csv`): one row per device for a MES or a label
 * printer, the counterpart of the summary CSVs of Matter's `esp-matter-mfg-tool` and
 * RainMaker's admin CLI. Columns: `index` (1-based device row), `file_id`, the chosen
 * columns of the master file (its metadata columns by default), `image` (path relative
 * to the output directory), `image_sha256`, `image_size`, `partition_offset` (`0x…`,
 * empty without a partition table), `key_file` (the key partition file, or the HMAC key
 * file for the eFuse step; empty when unencrypted). Never key bytes. Written as Python's
 * `csv` writes (minimal quoting, `\r\n`).
 *
 * @module
 */

import { quoteCsvField } from "../csv/stringify.ts";

/** One device of the summary. */
export interface SummaryRow {
  /** 1-based device row of the master file. */
  index: number;
  /** The device's id (`--fileid` value, or its number). */
  fileId: string;
  /** The values of the summary's columns, in their order. */
  columns: readonly string[];
  /** The image, relative to the output directory. */
  image: string;
  /** The image's SHA-256, lower-case hex. */
  imageSha256: string;
  /** The image's size in bytes. */
  imageSize: number;
  /** The NVS partition's offset, with a partition table. */
  partitionOffset?: number;
  /** The key file the device needs (key partition, or HMAC key for eFuse). */
  keyFile?: string;
}

function line(fields: readonly string[]): string {
  return fields.map((f) => quoteCsvField(f)).join(",") + "\r\n";
}

/**
 * The summary's header line.
 *
 * @example
 * ```ts
 * import { summaryHeader } from "@nvsforge/nvsforge/flash";
 * const text = summaryHeader(["batch", "mac"]);
 * if (text !== "index,file_id,batch,mac,image,image_sha256,image_size,partition_offset,key_file\r\n") {
 *   throw new Error(text);
 * }
 * ```
 */
export function summaryHeader(columns: readonly string[]): string {
  return line([
    "index",
    "file_id",
    ...columns,
    "image",
    "image_sha256",
    "image_size",
    "partition_offset",
    "key_file",
  ]);
}

/**
 * One device's line of the summary.
 *
 * @example
 * ```ts
 * import { summaryLine } from "@nvsforge/nvsforge/flash";
 * const text = summaryLine({
 *   index: 1, fileId: "SN-1", columns: ["lot, 7"], image: "bin/dev-SN-1.bin",
 *   imageSha256: "ab", imageSize: 24576, partitionOffset: 0x9000, keyFile: "keys/keys-dev-SN-1.bin",
 * });
 * if (text !== '1,SN-1,"lot, 7",bin/dev-SN-1.bin,ab,24576,0x9000,keys/keys-dev-SN-1.bin\r\n') {
 *   throw new Error(text);
 * }
 * ```
 */
export function summaryLine(row: SummaryRow): string {
  return line([
    String(row.index),
    row.fileId,
    ...row.columns,
    row.image,
    row.imageSha256,
    String(row.imageSize),
    row.partitionOffset === undefined ? "" : `0x${row.partitionOffset.toString(16)}`,
    row.keyFile ?? "",
  ]);
}

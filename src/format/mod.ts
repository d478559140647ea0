/**
 * The NVS partition format: the layout tables (described once, as data), ESP-IDF's
 * CRC32, partition sizes, and the writer that lays records into pages exactly as
 * ESP-IDF's generator does. Runs anywhere: no file system.
 *
 * ```ts
 * import { encodePartition, PAGE_SIZE } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition(
 *   [{ kind: "namespace", name: "cfg" }, { kind: "entry", key: "n", type: "u32", value: 7 }],
 *   { size: 3 * PAGE_SIZE },
 * );
 * if (image.length !== 3 * PAGE_SIZE) throw new Error(`image is ${image.length} bytes`);
 * ```
 *
 * @module
 */

export * from "./layout.ts";
export { crc32, crc32Ranges } from "./crc32.ts";
export { formatFloat, readFloat } from "./float.ts";
export type { FloatValue } from "./float.ts";
export { checkPartitionSize, parsePythonIntLiteral, READ_ONLY_NOTICE } from "./size.ts";
export type { PartitionSize } from "./size.ts";
export { encodePartition, layoutPartition, utf8Length, validateRecords } from "./writer.ts";
export type { EncodedPartition, EncodeOptions } from "./writer.ts";
export type * from "./items.ts";
export { editRecords } from "./edit.ts";
export type { RecordChange } from "./edit.ts";
export {
  checkPartition,
  isCleanPartition,
  parsePartition,
  recordsFromPartition,
} from "./reader.ts";
export type * from "./reader.ts";
export * from "./findings.ts";
export { Diagnostics, NvsforgeError, NvsforgeErrors } from "../errors.ts";
export type { ErrorCode, ErrorKind, SourceLocation, Warning } from "../errors.ts";

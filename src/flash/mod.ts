/**
 * Getting images onto devices: what goes where in each device's flash (its NVS image and,
 * with per-device keys, its key partition, marked for flash encryption), as an esptool
 * argument file (`esptool write-flash @file`) or a sparse Intel HEX, and the batch's
 * summary CSV. Runs anywhere: no file system.
 *
 * ```ts
 * import { esptoolArgs, flashParts, intelHex, planFlash } from "@nvsforge/nvsforge/flash";
 * import { parsePartitionCsv } from "@nvsforge/nvsforge/partition";
 *
 * const table = parsePartitionCsv("nvs,data,nvs,,12K\nnvs_keys,data,nvs_keys,,4K,encrypted\n");
 * const plan = planFlash(table, { keyPartition: true });
 * const image = { path: "bin/dev-1.bin", data: new Uint8Array(0x3000).fill(0xff) };
 * const keys = { path: "keys/keys-dev-1.bin", data: new Uint8Array(0x1000) };
 * const parts = flashParts(plan, image, keys);
 * if (esptoolArgs(parts) !== "0x9000 bin/dev-1.bin\n--encrypt-files 0xc000 keys/keys-dev-1.bin\n") {
 *   throw new Error("args");
 * }
 * const hex = intelHex([{ address: 0x9000, data: image.data }]);
 * if (!hex.endsWith(":00000001FF\n")) throw new Error("hex");
 * ```
 *
 * @module
 */

export { flashParts, planFlash, sha256Hex } from "./layout.ts";
export type { FlashPart, FlashPlan, PartFile, PlanOptions } from "./layout.ts";
export { esptoolArgs, shellQuote } from "./esptool_args.ts";
export { intelHex } from "./intel_hex.ts";
export type { HexSegment } from "./intel_hex.ts";
export { summaryHeader, summaryLine } from "./summary.ts";
export type { SummaryRow } from "./summary.ts";
export type { PartitionEntry, PartitionTable } from "../partition/table.ts";
export type { Warning } from "../errors.ts";
export { locateInDump, looksLikeFlashDump } from "./dump.ts";
export type { DumpedPartition, DumpOptions } from "./dump.ts";
export type { ErrorCode, SourceLocation } from "../errors.ts";

/**
 * What goes where in a device's flash: the NVS image at its partition's offset and, with
 * per-device keys in a key partition, that key partition at the `nvs_keys` offset,
 * written with flash encryption. One plan per batch (from the partition table), one list
 * of parts per device.
 *
 * @module
 */

import { sha256 } from "@noble/hashes/sha2.js";
import type { Warning } from "../errors.ts";
import { NvsforgeError } from "../errors.ts";
import { findKeyPartition, findNvsPartition } from "../partition/select.ts";
import { describePartition } from "../partition/table.ts";
import type { PartitionEntry, PartitionTable } from "../partition/table.ts";

/** One file a device gets, at its address. */
export interface FlashPart {
  /** The partition's name in the table. */
  partition: string;
  /** Where it goes in flash, in bytes. */
  offset: number;
  /** The file's size in bytes. */
  size: number;
  /** The file, relative to the output directory, with `/`. */
  path: string;
  /** Its SHA-256, lower-case hex. */
  sha256: string;
  /** Whether it must be written with flash encryption (`--encrypt-files`). */
  encrypt: boolean;
}

/**
 * Where a batch's images and key partitions go.
 */
export interface FlashPlan {
  /** The NVS partition the images are for. */
  nvs: PartitionEntry;
  /** The key partition, when the images are encrypted by a key partition in flash. */
  keys?: PartitionEntry;
}

/** Options of {@linkcode planFlash}. */
export interface PlanOptions {
  /** `--partition NAME`. */
  partition?: string;
  /** Whether the device keeps its NVS keys in a key partition (not with an HMAC key). */
  keyPartition?: boolean;
  /** The table's file name, for messages. */
  file?: string;
  /** Receives warnings (a key partition without the `encrypted` flag). */
  onWarning?: (w: Warning) => void;
}

/**
 * Picks the partitions of a batch from its table.
 *
 * @example
 * ```ts
 * import { planFlash } from "@nvsforge/nvsforge/flash";
 * import { parsePartitionCsv } from "@nvsforge/nvsforge/partition";
 *
 * const table = parsePartitionCsv("nvs,data,nvs,,24K\nnvs_keys,data,nvs_keys,,4K,encrypted\n");
 * const plan = planFlash(table, { keyPartition: true });
 * if (plan.nvs.offset !== 0x9000 || plan.keys?.offset !== 0xf000) throw new Error("offsets");
 * ```
 *
 * @param table the partition table.
 * @param options `--partition`, whether a key partition is written.
 * @returns the plan.
 * @throws {NvsforgeError} code "partition-not-found" (see {@linkcode findNvsPartition}).
 */
export function planFlash(table: PartitionTable, options: PlanOptions = {}): FlashPlan {
  const nvs = findNvsPartition(table, options.partition, options.file);
  if (!options.keyPartition) return { nvs };
  return { nvs, keys: findKeyPartition(table, options.file, options.onWarning) };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Lower-case hex SHA-256 of bytes.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "@nvsforge/nvsforge/flash";
 * if (!sha256Hex(new Uint8Array()).startsWith("e3b0c442")) throw new Error("sha256");
 * ```
 */
export function sha256Hex(data: Uint8Array): string {
  const d = sha256(data);
  let s = "";
  for (let i = 0; i < d.length; i++) s += HEX[d[i]];
  return s;
}

/** A file of a device: its path relative to the output directory, and its bytes. */
export interface PartFile {
  /** Relative to the output directory, with `/`. */
  path: string;
  /** The file's contents. */
  data: Uint8Array;
}

/**
 * A device's parts: its image at the NVS partition's offset and, when the plan has a key
 * partition, its key partition file there, marked for flash encryption.
 *
 * @example
 * ```ts
 * import { flashParts, planFlash } from "@nvsforge/nvsforge/flash";
 * import { parsePartitionCsv } from "@nvsforge/nvsforge/partition";
 *
 * const plan = planFlash(parsePartitionCsv("nvs,data,nvs,,12K\n"));
 * const [part] = flashParts(plan, { path: "bin/dev-1.bin", data: new Uint8Array(0x3000) });
 * if (part.offset !== 0x9000 || part.size !== 0x3000 || part.encrypt) throw new Error("part");
 * ```
 *
 * @param plan the batch's plan.
 * @param image the device's image file.
 * @param keys the device's key partition file (or the batch's shared one), when the plan
 *   has a key partition.
 * @returns the parts, image first.
 * @throws {NvsforgeError} when a file does not fit its partition, or the key partition
 *   file is missing while the plan has one.
 */
export function flashParts(plan: FlashPlan, image: PartFile, keys?: PartFile): FlashPart[] {
  const parts = [part(plan.nvs, image, false)];
  if (plan.keys) {
    if (!keys) {
      throw new NvsforgeError("invalid-output", `no key partition file for ${plan.keys.name}`);
    }
    parts.push(part(plan.keys, keys, true));
  }
  return parts;
}

function part(p: PartitionEntry, file: PartFile, encrypt: boolean): FlashPart {
  if (file.data.length > p.size) {
    throw new NvsforgeError(
      "invalid-size",
      `${file.path} is ${file.data.length} bytes: it does not fit ${describePartition(p)}`,
    );
  }
  return {
    partition: p.name,
    offset: p.offset,
    size: file.data.length,
    path: file.path,
    sha256: sha256Hex(file.data),
    encrypt,
  };
}

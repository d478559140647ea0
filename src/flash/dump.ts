/**
 * NVS out of a full flash dump (`esptool read-flash 0 ALL dump.bin`): the partition table
 * is found at 0x8000 (or another offset), the NVS partition picked by name or as the only
 * `data, nvs` one, and the dump's `nvs_keys` partition read when it holds a key
 * partition. A dump of a device with flash encryption has an encrypted table: that is
 * detected and said so. `offset` and `size` take a partition directly, without a table.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import { looksLikeBinaryTable, parsePartitionBinary } from "../partition/binary.ts";
import { findNvsPartition } from "../partition/select.ts";
import {
  DEFAULT_TABLE_OFFSET,
  describePartition,
  hexOf,
  PartitionKind,
  TABLE_SECTOR_SIZE,
} from "../partition/table.ts";
import type { PartitionEntry, PartitionTable } from "../partition/table.ts";

/** Options of {@linkcode locateInDump}. */
export interface DumpOptions {
  /** The NVS partition to read, by name (default: the only data, nvs one). */
  partition?: string;
  /** Where the partition table is (default 0x8000). */
  tableOffset?: number;
  /** Read the partition at this offset, without a table (with `size`). */
  offset?: number;
  /** The partition's size, with `offset`. */
  size?: number;
  /** The dump's file name, for messages. */
  file?: string;
}

/**
 * Where the NVS partition of a dump is, and what else the dump holds. `B` is the dump's
 * buffer type: the image is a view into the dump, so a dump read from a file
 * (`Uint8Array<ArrayBuffer>`) gives an image of the same type.
 */
export interface DumpedPartition<B extends ArrayBufferLike = ArrayBufferLike> {
  /** The NVS partition's bytes (a view into the dump). */
  image: Uint8Array<B>;
  /** Its offset in flash. */
  offset: number;
  /** The partition, when found through the table. */
  partition?: PartitionEntry;
  /** The table, when one was read. */
  table?: PartitionTable;
  /** The first `data, nvs_keys` partition's first 4096 bytes, when the table has one. */
  keyPartition?: { entry: PartitionEntry; bytes: Uint8Array };
}

const NVS_PAGE_STATES = new Set([0xffffffff, 0xfffffffe, 0xfffffffc, 0xfffffff8, 0xfffffff0]);

/**
 * Whether `bytes` look like a full flash dump rather than an NVS partition image: a
 * partition table at 0x8000, or (a dump of a device with flash encryption) a file of
 * 64 KiB or more whose 4 KiB at 0x8000 are neither a table, nor an NVS page, nor erased.
 *
 * @example
 * ```ts
 * import { looksLikeFlashDump } from "@nvsforge/nvsforge/flash";
 * if (looksLikeFlashDump(new Uint8Array(0x6000).fill(0xff))) throw new Error("an NVS image");
 * ```
 */
export function looksLikeFlashDump(bytes: Uint8Array, tableOffset = DEFAULT_TABLE_OFFSET): boolean {
  if (bytes.length < tableOffset + TABLE_SECTOR_SIZE) return false;
  const sector = bytes.subarray(tableOffset, tableOffset + TABLE_SECTOR_SIZE);
  if (looksLikeBinaryTable(sector)) return true;
  if (bytes.length < 0x10000) return false;
  const state = new DataView(sector.buffer, sector.byteOffset, 4).getUint32(0, true);
  return !NVS_PAGE_STATES.has(state);
}

function fail(detail: string, file?: string, option?: keyof DumpOptions): never {
  throw new NvsforgeError("flash-dump", detail, {
    ...(file !== undefined ? { file } : {}),
    ...(option !== undefined ? { option } : {}),
  });
}

/**
 * Finds the NVS partition in a full flash dump.
 *
 * @example
 * ```ts
 * import { locateInDump } from "@nvsforge/nvsforge/flash";
 * import { encodePartitionTable } from "@nvsforge/nvsforge/partition";
 *
 * const dump = new Uint8Array(0x20000).fill(0xff);
 * dump.set(encodePartitionTable([
 *   { name: "nvs", type: 1, subtype: 2, offset: 0x9000, size: 0x6000, encrypted: false, readonly: false },
 * ]), 0x8000);
 * const found = locateInDump(dump);
 * if (found.offset !== 0x9000 || found.image.length !== 0x6000) throw new Error("not found");
 * ```
 *
 * @param dump the whole flash, from address 0.
 * @param options the partition's name, the table's offset, or an offset and size.
 * @returns the NVS partition's bytes and where they come from.
 * @throws {NvsforgeError} code "flash-dump" when there is no readable table (with the
 *   reason: flash encryption, erased, elsewhere), the partition lies past the dump's end,
 *   or `offset`/`size` are wrong; "partition-not-found" as {@linkcode findNvsPartition}.
 */
export function locateInDump<B extends ArrayBufferLike>(
  dump: Uint8Array<B>,
  options: DumpOptions = {},
): DumpedPartition<B> {
  const file = options.file;
  if (options.offset !== undefined || options.size !== undefined) {
    const { offset, size } = options;
    if (offset === undefined) fail("a size needs an offset: the two go together", file, "size");
    if (size === undefined) fail("an offset needs a size: the two go together", file, "offset");
    if (options.partition !== undefined) {
      fail(
        "a partition name picks a partition of the table; an offset and a size read one without it",
        file,
        "partition",
      );
    }
    if (offset % 0x1000 !== 0) fail(`${hexOf(offset)} is not a multiple of 0x1000`, file, "offset");
    if (size === 0 || size % 0x1000 !== 0) {
      fail(`${hexOf(size)} is not a multiple of 0x1000 (and not 0)`, file, "size");
    }
    if (offset + size > dump.length) {
      fail(
        `${hexOf(offset)} + size ${hexOf(size)} passes the end of the dump (${
          hexOf(dump.length)
        } bytes)`,
        file,
        "offset",
      );
    }
    return { image: dump.subarray(offset, offset + size), offset };
  }
  const tableOffset = options.tableOffset ?? DEFAULT_TABLE_OFFSET;
  if (dump.length < tableOffset + TABLE_SECTOR_SIZE) {
    fail(
      `the dump is ${hexOf(dump.length)} bytes: too short to hold a partition table at ${
        hexOf(tableOffset)
      }`,
      file,
    );
  }
  const sector = dump.subarray(tableOffset, tableOffset + TABLE_SECTOR_SIZE);
  if (!looksLikeBinaryTable(sector)) {
    if (sector.every((b) => b === 0xff)) {
      fail(
        `no partition table at ${
          hexOf(tableOffset)
        }: the sector is erased (give the table's offset if it is elsewhere, or the NVS partition's offset and size)`,
        file,
      );
    }
    fail(
      `no readable partition table at ${
        hexOf(tableOffset)
      }: this looks like a dump of a device with flash encryption, whose flash cannot be read without its flash encryption key (decrypt the dump with that key first, e.g. espsecure decrypt-flash-data, or give the NVS partition's offset and size); give the table's offset if it is elsewhere`,
      file,
    );
  }
  const table = parsePartitionBinary(sector, { file, tableOffset });
  const p = findNvsPartition(table, options.partition, file);
  if (p.offset + p.size > dump.length) {
    fail(`${describePartition(p)} passes the end of the dump (${hexOf(dump.length)} bytes)`, file);
  }
  const keys = table.entries.find((e) =>
    e.type === PartitionKind.DATA && e.subtype === PartitionKind.NVS_KEYS &&
    e.offset + 0x1000 <= dump.length
  );
  return {
    image: dump.subarray(p.offset, p.offset + p.size),
    offset: p.offset,
    partition: p,
    table,
    keyPartition: keys
      ? { entry: keys, bytes: dump.subarray(keys.offset, keys.offset + 0x1000) }
      : undefined,
  };
}

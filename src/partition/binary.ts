/**
 * Partition tables in binary form (`partition-table.bin`, and what sits at 0x8000 in
 * flash): 32-byte entries (`AA 50`, type, subtype, offset u32 LE, size u32 LE, a 16-byte
 * NUL-padded label, flags u32 LE: bit 0 encrypted, bit 1 readonly), then an MD5 row
 * (`EB EB`, 14 bytes of 0xFF, the MD5 of the entries before it), then 0xFF up to 0xC00.
 * A row of 32 0xFF bytes ends the table.
 *
 * @module
 */

import { md5 } from "@noble/hashes/legacy.js";
import { Diagnostics } from "../errors.ts";
import { checkTable } from "./check.ts";
import {
  DEFAULT_TABLE_OFFSET,
  ENTRY_LENGTH,
  ENTRY_MAGIC,
  FLAG_BITS,
  hexOf,
  MAX_TABLE_LENGTH,
  MD5_MAGIC,
  NAME_LENGTH,
} from "./table.ts";
import type { PartitionEntry, PartitionTable } from "./table.ts";

/** Options of {@linkcode parsePartitionBinary}. */
export interface PartitionBinaryOptions {
  /** The file name, for messages. */
  file?: string;
  /** Where the table sits in flash (default 0x8000): partitions must start after it. */
  tableOffset?: number;
  /** Collects errors and warnings; without it, errors are thrown and warnings dropped. */
  diagnostics?: Diagnostics;
}

/**
 * Whether bytes start like a binary partition table (`AA 50`).
 *
 * @example
 * ```ts
 * import { looksLikeBinaryTable } from "@nvsforge/nvsforge/partition";
 * if (!looksLikeBinaryTable(new Uint8Array([0xaa, 0x50])) || looksLikeBinaryTable(new Uint8Array([0x6e]))) {
 *   throw new Error("detection");
 * }
 * ```
 */
export function looksLikeBinaryTable(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === (ENTRY_MAGIC & 0xff) && bytes[1] === ENTRY_MAGIC >> 8;
}

const NAME_DECODER = new TextDecoder("utf-8", { fatal: false });

/**
 * Reads a binary partition table. The MD5 row, when there is one, must match the
 * entries before it; the end-of-table row (32 bytes of 0xFF) must be there.
 *
 * @example
 * ```ts
 * import { encodePartitionTable, parsePartitionBinary } from "@nvsforge/nvsforge/partition";
 *
 * const bin = encodePartitionTable([
 *   { name: "nvs", type: 1, subtype: 2, offset: 0x9000, size: 0x6000, encrypted: false, readonly: false },
 *   { name: "keys", type: 1, subtype: 4, offset: 0xf000, size: 0x1000, encrypted: true, readonly: false },
 * ]);
 * const table = parsePartitionBinary(bin);
 * if (table.entries.length !== 2 || table.entries[1].name !== "keys") throw new Error("entries");
 * if (!table.entries[1].encrypted) throw new Error("flag lost");
 * ```
 *
 * @param bytes the table: `partition-table.bin`, or the flash sector at the table offset.
 * @param options file name for messages, the table's own offset.
 * @returns the table.
 * @throws {NvsforgeError} code "partition-table" for a wrong magic, a wrong MD5, a
 *   missing end-of-table row, or an entry that `gen_esp32part.py` would reject.
 */
export function parsePartitionBinary(
  bytes: Uint8Array,
  options: PartitionBinaryOptions = {},
): PartitionTable {
  const d = options.diagnostics ?? new Diagnostics();
  const before = d.errors.length;
  const file = options.file;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: PartitionEntry[] = [];
  const hasher = md5.create();
  let ended = false;
  for (let at = 0; at + ENTRY_LENGTH <= bytes.length; at += ENTRY_LENGTH) {
    const row = bytes.subarray(at, at + ENTRY_LENGTH);
    const where = `bytes ${hexOf(at)}-${hexOf(at + ENTRY_LENGTH - 1)}`;
    if (row.every((b) => b === 0xff)) {
      ended = true;
      break;
    }
    const magic = view.getUint16(at, true);
    if (magic === MD5_MAGIC) {
      const expected = hasher.clone().digest();
      const found = row.subarray(16);
      if (!found.every((b, i) => b === expected[i])) {
        d.error(
          "partition-table",
          `${where}: the MD5 row does not match the entries before it (computed ${
            toHex(expected)
          }, found ${toHex(found)}): the table is damaged`,
          { file },
        );
        break;
      }
      continue;
    }
    if (magic !== ENTRY_MAGIC) {
      d.error(
        "partition-table",
        `${where}: expected a partition entry (AA 50), an MD5 row (EB EB) or the end of the table (32 × FF), found ${
          toHex(row.subarray(0, 2))
        }`,
        { file },
      );
      break;
    }
    hasher.update(row);
    const nameBytes = row.subarray(12, 12 + NAME_LENGTH);
    const nul = nameBytes.indexOf(0);
    const flags = view.getUint32(at + 28, true);
    const unknown = flags & ~(FLAG_BITS.encrypted | FLAG_BITS.readonly);
    const entry: PartitionEntry = {
      name: NAME_DECODER.decode(nul < 0 ? nameBytes : nameBytes.subarray(0, nul)),
      type: row[2],
      subtype: row[3],
      offset: view.getUint32(at + 4, true),
      size: view.getUint32(at + 8, true),
      encrypted: (flags & FLAG_BITS.encrypted) !== 0,
      readonly: (flags & FLAG_BITS.readonly) !== 0,
    };
    if (unknown !== 0) {
      d.warn(
        "partition-table",
        `entry ${entries.length + 1} ("${entry.name}"): unknown flag bits 0x${
          unknown.toString(16).padStart(8, "0")
        } (a newer table format?): ignored`,
        { file },
      );
    }
    entries.push(entry);
  }
  if (d.errors.length === before && !ended) {
    d.error(
      "partition-table",
      `the table has no end-of-table row (32 bytes of 0xFF) within its ${
        hexOf(bytes.length)
      } bytes`,
      { file },
    );
  }
  if (d.errors.length === before) {
    checkTable(entries, options.tableOffset ?? DEFAULT_TABLE_OFFSET, file, d);
  }
  if (!options.diagnostics) d.throwIfAny();
  return { format: "binary", entries };
}

/**
 * Writes a binary partition table as `gen_esp32part.py` does: the entries, the MD5 row,
 * then 0xFF up to 0xC00 bytes. (nvsforge does not check the entries: make them with
 * {@linkcode parsePartitionCsv} for that.)
 *
 * @example
 * ```ts
 * import { encodePartitionTable } from "@nvsforge/nvsforge/partition";
 *
 * const bin = encodePartitionTable([
 *   { name: "nvs", type: 1, subtype: 2, offset: 0x9000, size: 0x6000, encrypted: false, readonly: true },
 * ]);
 * if (bin.length !== 0xc00 || bin[0] !== 0xaa || bin[1] !== 0x50) throw new Error("entry");
 * if (bin[32] !== 0xeb || bin[33] !== 0xeb) throw new Error("no MD5 row");
 * if (bin[28] !== 0x02) throw new Error("readonly is bit 1");
 * ```
 *
 * @param entries the partitions, in table order (at most 95).
 * @returns 0xC00 bytes.
 * @throws {RangeError} when the entries do not fit, a name is longer than 16 bytes or a
 *   number does not fit its field.
 */
export function encodePartitionTable(entries: readonly PartitionEntry[]): Uint8Array<ArrayBuffer> {
  if ((entries.length + 1) * ENTRY_LENGTH >= MAX_TABLE_LENGTH) {
    throw new RangeError(`${entries.length} partitions do not fit a table (at most 95)`);
  }
  const out = new Uint8Array(MAX_TABLE_LENGTH).fill(0xff);
  const view = new DataView(out.buffer);
  entries.forEach((e, i) => {
    const at = i * ENTRY_LENGTH;
    const name = new TextEncoder().encode(e.name);
    if (name.length > NAME_LENGTH) throw new RangeError(`name "${e.name}" is over 16 bytes`);
    view.setUint16(at, ENTRY_MAGIC, true);
    out[at + 2] = checkByte(e.type, "type");
    out[at + 3] = checkByte(e.subtype, "subtype");
    view.setUint32(at + 4, checkU32(e.offset, "offset"), true);
    view.setUint32(at + 8, checkU32(e.size, "size"), true);
    out.fill(0, at + 12, at + 12 + NAME_LENGTH);
    out.set(name, at + 12);
    view.setUint32(
      at + 28,
      (e.encrypted ? FLAG_BITS.encrypted : 0) | (e.readonly ? FLAG_BITS.readonly : 0),
      true,
    );
  });
  const md5At = entries.length * ENTRY_LENGTH;
  view.setUint16(md5At, MD5_MAGIC, true);
  out.set(md5(out.subarray(0, md5At)), md5At + 16);
  return out;
}

function checkByte(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`${what} ${v} is not a byte`);
  return v;
}

function checkU32(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) {
    throw new RangeError(`${what} ${v} does not fit 32 bits`);
  }
  return v;
}

function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

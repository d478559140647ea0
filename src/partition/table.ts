/**
 * ESP-IDF partition tables as data: one entry per partition (name, type, subtype,
 * offset, size, flags), the names ESP-IDF's `gen_esp32part.py` gives types and subtypes,
 * and the constants of the binary table (`partition-table.bin`).
 *
 * @module
 */

/** One partition of a table. */
export interface PartitionEntry {
  /** The partition's label (at most 16 bytes). */
  name: string;
  /** Its type: 0 app, 1 data, 2 bootloader, 3 partition table, 0x40–0xFE custom. */
  type: number;
  /** Its subtype (for data: 2 nvs, 4 nvs_keys…). */
  subtype: number;
  /** Where it starts in flash, in bytes. */
  offset: number;
  /** Its size in bytes. */
  size: number;
  /** The `encrypted` flag: flash encryption applies to it. */
  encrypted: boolean;
  /** The `readonly` flag: ESP-IDF mounts it read-only. */
  readonly: boolean;
  /** 1-based line of the CSV it comes from (CSV tables only). */
  line?: number;
}

/** A whole partition table. */
export interface PartitionTable {
  /** Whether it was read from CSV text or from a binary table. */
  format: "csv" | "binary";
  /** The partitions, in table order. */
  entries: PartitionEntry[];
}

/** Partition types by name, as `gen_esp32part.py` spells them. */
export const PARTITION_TYPES: Readonly<Record<string, number>> = {
  app: 0x00,
  data: 0x01,
  bootloader: 0x02,
  partition_table: 0x03,
};

const APP_SUBTYPES: Record<string, number> = {
  factory: 0x00,
  test: 0x20,
  tee_0: 0x30,
  tee_1: 0x31,
};
for (let i = 0; i < 16; i++) APP_SUBTYPES[`ota_${i}`] = 0x10 + i;

/** Subtypes by name, per type, as `gen_esp32part.py` spells them. */
export const PARTITION_SUBTYPES: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  0x00: APP_SUBTYPES,
  0x01: {
    ota: 0x00,
    phy: 0x01,
    nvs: 0x02,
    coredump: 0x03,
    nvs_keys: 0x04,
    efuse: 0x05,
    undefined: 0x06,
    esphttpd: 0x80,
    fat: 0x81,
    spiffs: 0x82,
    littlefs: 0x83,
  },
  0x02: { primary: 0x00, ota: 0x01, recovery: 0x02 },
  0x03: { primary: 0x00, ota: 0x01 },
};

/** Type and subtype numbers nvsforge looks for. */
export const PartitionKind = {
  APP: 0x00,
  DATA: 0x01,
  BOOTLOADER: 0x02,
  PARTITION_TABLE: 0x03,
  NVS: 0x02,
  NVS_KEYS: 0x04,
  OTA_DATA: 0x00,
  COREDUMP: 0x03,
} as const;

/** Where ESP-IDF puts the partition table unless configured otherwise. */
export const DEFAULT_TABLE_OFFSET = 0x8000;
/** The flash sector the table occupies: the first partition starts after it. */
export const TABLE_SECTOR_SIZE = 0x1000;
/** Bytes of entries (and MD5 row) a table may hold: 0xC00, 96 rows of 32 bytes. */
export const MAX_TABLE_LENGTH = 0xc00;
/** Size of one binary entry. */
export const ENTRY_LENGTH = 32;
/** The label field's size in a binary entry. */
export const NAME_LENGTH = 16;
/** First two bytes of every binary entry (`AA 50`). */
export const ENTRY_MAGIC = 0x50aa;
/** First two bytes of the MD5 row (`EB EB`), then 14 bytes of 0xFF and the MD5. */
export const MD5_MAGIC = 0xebeb;
/** Flag bits of a binary entry. */
export const FLAG_BITS = { encrypted: 0x1, readonly: 0x2 } as const;

/**
 * Offset alignment: app partitions 64 KiB, every other type 4 KiB.
 *
 * @example
 * ```ts
 * import { offsetAlignment, PartitionKind } from "@nvsforge/nvsforge/partition";
 * if (offsetAlignment(PartitionKind.APP) !== 0x10000) throw new Error("app");
 * if (offsetAlignment(PartitionKind.DATA) !== 0x1000) throw new Error("data");
 * ```
 */
export function offsetAlignment(type: number): number {
  return type === PartitionKind.APP ? 0x10000 : 0x1000;
}

/**
 * A type's name (`data`), or its number in hex.
 *
 * @example
 * ```ts
 * import { typeName } from "@nvsforge/nvsforge/partition";
 * if (typeName(1) !== "data" || typeName(0x40) !== "0x40") throw new Error("names");
 * ```
 */
export function typeName(type: number): string {
  for (const [name, value] of Object.entries(PARTITION_TYPES)) if (value === type) return name;
  return `0x${type.toString(16).padStart(2, "0")}`;
}

/**
 * A subtype's name (`nvs`), or its number in hex.
 *
 * @example
 * ```ts
 * import { subtypeName } from "@nvsforge/nvsforge/partition";
 * if (subtypeName(1, 4) !== "nvs_keys" || subtypeName(0, 0x12) !== "ota_2") throw new Error("names");
 * ```
 */
export function subtypeName(type: number, subtype: number): string {
  for (const [name, value] of Object.entries(PARTITION_SUBTYPES[type] ?? {})) {
    if (value === subtype) return name;
  }
  return `0x${subtype.toString(16).padStart(2, "0")}`;
}

/** `0x…` hex of an offset or size, lower case as ESP-IDF prints them. */
export function hexOf(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * One line describing a partition: `nvs (data, nvs) at 0x9000, 0x6000 bytes, encrypted`.
 *
 * @example
 * ```ts
 * import { describePartition } from "@nvsforge/nvsforge/partition";
 * const text = describePartition({
 *   name: "nvs", type: 1, subtype: 2, offset: 0x9000, size: 0x6000,
 *   encrypted: false, readonly: false,
 * });
 * if (text !== 'partition "nvs" (data, nvs) at 0x9000, 0x6000 bytes') throw new Error(text);
 * ```
 */
export function describePartition(p: PartitionEntry): string {
  const flags = [p.encrypted ? "encrypted" : "", p.readonly ? "readonly" : ""].filter(Boolean);
  return `partition "${p.name}" (${typeName(p.type)}, ${subtypeName(p.type, p.subtype)}) at ${
    hexOf(p.offset)
  }, ${hexOf(p.size)} bytes${flags.length ? `, ${flags.join(", ")}` : ""}`;
}

/**
 * The NVS partition format, described once as data. The writer and the reader both
 * read and write every field through these tables. Offsets and sizes follow ESP-IDF's
 * NVS documentation (api-reference/storage/nvs_flash); all integers are little-endian.
 *
 * @module
 */

import { bytesOf, defineLayout, readNumber, writeInt } from "./_struct.ts";
import { crc32Ranges } from "./crc32.ts";
import type { FieldSpec, FieldType, Layout } from "./_struct.ts";

/** The fields of a layout, by name. */
export type Fields<K extends string> = { readonly [name in K]: FieldSpec };

/**
 * Size of a flash page: the unit of an NVS partition.
 *
 * @example
 * ```ts
 * import { encodePartition, PAGE_SIZE } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([{ kind: "namespace", name: "cfg" }], { size: 4 * PAGE_SIZE });
 * if (image.length / PAGE_SIZE !== 4) throw new Error("not 4 pages");
 * ```
 */
export const PAGE_SIZE = 4096;
/**
 * Size of one entry.
 *
 * @example
 * ```ts
 * import { ENTRIES_PER_PAGE, ENTRY_SIZE, PAGE_SIZE } from "@nvsforge/nvsforge/format";
 *
 * // A page: a 32-byte header, a 32-byte entry-state bitmap, then the entries.
 * if (2 * 32 + ENTRIES_PER_PAGE * ENTRY_SIZE !== PAGE_SIZE) throw new Error("layout changed");
 * ```
 */
export const ENTRY_SIZE = 32;
/**
 * Entries in one page (after the 32-byte header and 32-byte bitmap).
 *
 * @example
 * ```ts
 * import { ENTRIES_PER_PAGE, layoutPartition } from "@nvsforge/nvsforge/format";
 *
 * // 126 entries: the namespace entry and 125 integers fill the first page exactly.
 * const records = [{ kind: "namespace", name: "n" } as const];
 * const entry = (i: number) => ({ kind: "entry", key: `k${i}`, type: "u8", value: i }) as const;
 * const full = [...records, ...Array.from({ length: ENTRIES_PER_PAGE - 1 }, (_, i) => entry(i))];
 * if (layoutPartition(full, { size: 0x3000 }).pagesUsed !== 1) throw new Error("not one page");
 * if (layoutPartition([...full, entry(200)], { size: 0x3000 }).pagesUsed !== 2) {
 *   throw new Error("the 127th entry did not open a page");
 * }
 * ```
 */
export const ENTRIES_PER_PAGE = 126;

/** A page: header, entry-state bitmap, 126 entries. */
export const PAGE: Layout<Fields<"header" | "entryStateBitmap" | "entries">> = defineLayout<
  Fields<"header" | "entryStateBitmap" | "entries">
>(
  "page",
  PAGE_SIZE,
  {
    header: { offset: 0, type: "bytes", size: 32 },
    entryStateBitmap: { offset: 32, type: "bytes", size: 32 },
    entries: { offset: 64, type: "bytes", size: ENTRIES_PER_PAGE * ENTRY_SIZE },
  },
);

/** Offset of entry `i` within its page. */
export function entryOffset(i: number): number {
  return PAGE.fields.entries.offset + i * ENTRY_SIZE;
}

/** The page header (first 32 bytes of a page). */
export const PAGE_HEADER: Layout<
  Fields<"state" | "sequenceNumber" | "version" | "unused" | "crc32">
> = defineLayout<Fields<"state" | "sequenceNumber" | "version" | "unused" | "crc32">>(
  "page header",
  32,
  {
    state: { offset: 0, type: "u32" },
    sequenceNumber: { offset: 4, type: "u32" },
    version: { offset: 8, type: "u8" },
    unused: { offset: 9, type: "bytes", size: 19 },
    crc32: { offset: 28, type: "u32" },
  },
  { field: "crc32", ranges: [[4, 28]] },
);

/**
 * Page states (header field `state`): bits are cleared as a page moves on.
 *
 * @example
 * ```ts
 * import { encodePartition, PAGE_SIZE, PageState } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([{ kind: "namespace", name: "cfg" }], { size: 0x3000 });
 * const state = (page: number) => new DataView(image.buffer).getUint32(page * PAGE_SIZE, true);
 * if (state(0) !== PageState.ACTIVE || state(1) !== PageState.EMPTY) {
 *   throw new Error("unexpected page states");
 * }
 * ```
 */
export const PageState = {
  EMPTY: 0xffffffff,
  ACTIVE: 0xfffffffe,
  FULL: 0xfffffffc,
  FREEING: 0xfffffff8,
  CORRUPT: 0xfffffff0,
} as const;

/**
 * Page format versions (header field `version`, the byte at offset 8 of a page).
 *
 * @example
 * ```ts
 * import { encodePartition, PageVersion } from "@nvsforge/nvsforge/format";
 *
 * const v1 = encodePartition([{ kind: "namespace", name: "cfg" }], { size: 0x3000, version: 1 });
 * if (v1[8] !== PageVersion.V1) throw new Error(`version byte 0x${v1[8].toString(16)}`);
 * ```
 */
export const PageVersion = {
  /** Version 1: blobs are single BLOB items within one page. */
  V1: 0xff,
  /** Version 2: blobs are split into BLOB_DATA chunks followed by a BLOB_IDX item. */
  V2: 0xfe,
} as const;

/** The entry-state bitmap: 2 bits per entry, entry i at bits 2i and 2i+1, LSB first. */
export const ENTRY_STATE_BITMAP = {
  offset: PAGE.fields.entryStateBitmap.offset,
  size: 32,
  bitsPerEntry: 2,
} as const;

/** Entry states in the bitmap. */
export const EntryState = {
  EMPTY: 0b11,
  WRITTEN: 0b10,
  ERASED: 0b00,
} as const;

/** Reads the state of entry `i` of the page at `pageBase`. */
export function getEntryState(buf: Uint8Array, pageBase: number, i: number): number {
  const bit = i * ENTRY_STATE_BITMAP.bitsPerEntry;
  return (buf[pageBase + ENTRY_STATE_BITMAP.offset + (bit >> 3)] >> (bit & 7)) & 0b11;
}

/** Sets the state of entry `i` of the page at `pageBase`. */
export function setEntryState(buf: Uint8Array, pageBase: number, i: number, state: number): void {
  const bit = i * ENTRY_STATE_BITMAP.bitsPerEntry;
  const at = pageBase + ENTRY_STATE_BITMAP.offset + (bit >> 3);
  buf[at] = (buf[at] & ~(0b11 << (bit & 7))) | (state << (bit & 7));
}

/** One 32-byte entry: an item header, or 32 bytes of a string's or blob's payload. */
export const ENTRY: Layout<
  Fields<"namespaceIndex" | "type" | "span" | "chunkIndex" | "crc32" | "key" | "data">
> = defineLayout<
  Fields<"namespaceIndex" | "type" | "span" | "chunkIndex" | "crc32" | "key" | "data">
>("entry", ENTRY_SIZE, {
  namespaceIndex: { offset: 0, type: "u8" },
  type: { offset: 1, type: "u8" },
  span: { offset: 2, type: "u8" },
  chunkIndex: { offset: 3, type: "u8" },
  crc32: { offset: 4, type: "u32" },
  key: { offset: 8, type: "bytes", size: 16 },
  data: { offset: 24, type: "bytes", size: 8 },
}, { field: "crc32", ranges: [[0, 4], [8, 32]] });

/** The 8-byte data field of a string, v1 blob or blob-data chunk (offsets within `data`). */
export const VARLEN_DATA: Layout<Fields<"size" | "reserved" | "dataCrc32">> = defineLayout<
  Fields<"size" | "reserved" | "dataCrc32">
>(
  "variable-length data",
  8,
  {
    size: { offset: 0, type: "u16" },
    reserved: { offset: 2, type: "u16" },
    dataCrc32: { offset: 4, type: "u32" },
  },
);

/** The 8-byte data field of a version-2 blob index (offsets within `data`). */
export const BLOB_INDEX_DATA: Layout<
  Fields<"totalSize" | "chunkCount" | "chunkStart" | "reserved">
> = defineLayout<Fields<"totalSize" | "chunkCount" | "chunkStart" | "reserved">>(
  "blob index data",
  8,
  {
    totalSize: { offset: 0, type: "u32" },
    chunkCount: { offset: 4, type: "u8" },
    chunkStart: { offset: 5, type: "u8" },
    reserved: { offset: 6, type: "u16" },
  },
);

/**
 * Item type codes (entry field `type`, the byte at offset 1 of an entry).
 *
 * @example
 * ```ts
 * import { encodePartition, ItemType } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "cfg" },
 *   { kind: "entry", key: "t", type: "i16", value: -40 },
 * ], { size: 0x3000 });
 * const typeOfEntry = (i: number) => image[64 + i * 32 + 1];
 * // Entry 0 is the namespace's own entry: a u8 in namespace 0.
 * if (typeOfEntry(0) !== ItemType.U8 || typeOfEntry(1) !== ItemType.I16) {
 *   throw new Error("unexpected item types");
 * }
 * ```
 */
export const ItemType = {
  U8: 0x01,
  I8: 0x11,
  U16: 0x02,
  I16: 0x12,
  U32: 0x04,
  I32: 0x14,
  U64: 0x08,
  I64: 0x18,
  /** IEEE-754 single precision in the first 4 bytes of the data field (ESP-IDF 2026). */
  FLOAT: 0x24,
  /** IEEE-754 double precision in the 8-byte data field (ESP-IDF 2026). */
  DOUBLE: 0x28,
  STRING: 0x21,
  BLOB: 0x41,
  BLOB_DATA: 0x42,
  BLOB_INDEX: 0x48,
  ANY: 0xff,
} as const;

/** The integer item types by name, with their code and the field they occupy in `data`. */
export const INTEGER_TYPES = {
  u8: { code: ItemType.U8, field: { offset: 0, type: "u8" }, min: 0n, max: 0xffn },
  i8: { code: ItemType.I8, field: { offset: 0, type: "i8" }, min: -0x80n, max: 0x7fn },
  u16: { code: ItemType.U16, field: { offset: 0, type: "u16" }, min: 0n, max: 0xffffn },
  i16: { code: ItemType.I16, field: { offset: 0, type: "i16" }, min: -0x8000n, max: 0x7fffn },
  u32: { code: ItemType.U32, field: { offset: 0, type: "u32" }, min: 0n, max: 0xffffffffn },
  i32: {
    code: ItemType.I32,
    field: { offset: 0, type: "i32" },
    min: -0x80000000n,
    max: 0x7fffffffn,
  },
  u64: {
    code: ItemType.U64,
    field: { offset: 0, type: "u64" },
    min: 0n,
    max: 0xffffffffffffffffn,
  },
  i64: {
    code: ItemType.I64,
    field: { offset: 0, type: "i64" },
    min: -0x8000000000000000n,
    max: 0x7fffffffffffffffn,
  },
} as const satisfies Record<
  IntegerType,
  { code: number; field: FieldSpec; min: bigint; max: bigint }
>;

/**
 * Name of an integer type: `u8`, `i8`, … `i64`.
 *
 * @example
 * ```ts
 * import { encodePartition, type IntegerType, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const types: IntegerType[] = ["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64"];
 * const image = encodePartition([
 *   { kind: "namespace", name: "ints" },
 *   ...types.map((type) => ({ kind: "entry", key: type, type, value: 1 }) as const),
 * ], { size: 0x3000 });
 * const read = parsePartition(image).items.map((item) => item.type);
 * if (read.join() !== types.join()) throw new Error(read.join());
 * ```
 */
export type IntegerType = "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "u64" | "i64";

/**
 * Name of a floating-point type: `float` (IEEE-754 single precision, item type 0x24) or
 * `double` (double precision, 0x28). Like the integers, one entry; the value's bytes are
 * little-endian at the start of the data field, the rest 0xFF.
 *
 * @example
 * ```ts
 * import { FLOAT_TYPES, type FloatType, ItemType } from "@nvsforge/nvsforge/format";
 *
 * const types: FloatType[] = ["float", "double"];
 * if (FLOAT_TYPES[types[0]].code !== ItemType.FLOAT || FLOAT_TYPES.double.bytes !== 8) {
 *   throw new Error("unexpected float types");
 * }
 * ```
 */
export type FloatType = "float" | "double";

/** The floating-point item types by name: their code and how many data bytes they use. */
export const FLOAT_TYPES = {
  float: { code: ItemType.FLOAT, bytes: 4 },
  double: { code: ItemType.DOUBLE, bytes: 8 },
} as const satisfies Record<FloatType, { code: number; bytes: 4 | 8 }>;

/** The chunk index of every item that is not a blob-data chunk. */
export const CHUNK_ANY = 0xff;

/**
 * Limits of the format and of ESP-IDF's generator.
 *
 * @example
 * ```ts
 * import { encodePartition, LIMITS, NvsforgeError } from "@nvsforge/nvsforge/format";
 *
 * const key = "k".repeat(LIMITS.keyMaxBytes + 1);
 * try {
 *   encodePartition([
 *     { kind: "namespace", name: "cfg" },
 *     { kind: "entry", key, type: "u8", value: 1 },
 *   ], { size: LIMITS.minReadWriteSize });
 *   throw new Error("a 16-byte key was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "key-too-long") throw e;
 * }
 * ```
 */
export const LIMITS = {
  /** Key length in bytes, without the NUL that the 16-byte key field always keeps. */
  keyMaxBytes: 15,
  /** String length in bytes, including its NUL (version 2). */
  stringMaxBytes: 4000,
  /** Version-1 strings and blobs, in bytes (strings including their NUL). */
  v1VarlenMaxBytes: 1984,
  /** Namespaces in one partition (index 0 is the namespace table, 255 is reserved). */
  namespaceMax: 254,
  /**
   * Chunks of one version-2 blob: ESP-IDF numbers them from a chunk start of 0 or 128,
   * so a blob written with chunk start 0 may have at most 128 chunks.
   */
  blobMaxChunks: 128,
  /** Smallest partition: one page (read-only). */
  minPartitionSize: PAGE_SIZE,
  /** Smallest read/write partition: two data pages and the reserved page. */
  minReadWriteSize: 3 * PAGE_SIZE,
} as const;

/** The NVS key partition (nvs_keys): the XTS key pair and its CRC, rest 0xFF. */
export const KEY_PARTITION: Layout<Fields<"dataKey" | "tweakKey" | "crc32">> = defineLayout<
  Fields<"dataKey" | "tweakKey" | "crc32">
>(
  "NVS key partition",
  PAGE_SIZE,
  {
    dataKey: { offset: 0, type: "bytes", size: 32 },
    tweakKey: { offset: 32, type: "bytes", size: 32 },
    crc32: { offset: 64, type: "u32" },
  },
  { field: "crc32", ranges: [[0, 64]] },
);

/** Computes the CRC a layout's CRC field should hold, over its CRC ranges. */
export function computeCrc<F extends Record<string, FieldSpec>>(
  layout: Layout<F>,
  buf: Uint8Array,
  base: number,
): number {
  if (!layout.crcRanges) throw new TypeError(`Layout "${layout.name}" has no CRC`);
  return crc32Ranges(buf, base, layout.crcRanges);
}

/** Writes a layout's CRC field over its CRC ranges. */
export function sealCrc<F extends Record<string, FieldSpec>>(
  layout: Layout<F>,
  view: DataView,
  buf: Uint8Array,
  base: number,
): void {
  writeInt(view, base, layout.fields[layout.crcField!], computeCrc(layout, buf, base));
}

/** Whether a layout's stored CRC matches its content. */
export function crcMatches<F extends Record<string, FieldSpec>>(
  layout: Layout<F>,
  view: DataView,
  buf: Uint8Array,
  base: number,
): boolean {
  return readNumber(view, base, layout.fields[layout.crcField!]) ===
    computeCrc(layout, buf, base);
}

export { bytesOf, readNumber, writeInt };
export type { FieldSpec, FieldType, Layout };

/**
 * What the reader lists for every item header entry, whatever became of it: its type by
 * name, its status, its value ({@linkcode EntryInfo}). Re-exported by `types.ts`.
 *
 * @module
 */

import type { FloatValue } from "../float.ts";
import type { FloatType, IntegerType } from "../layout.ts";

/**
 * Item types by name, as listed for entries.
 *
 * @example
 * ```ts
 * import { encodePartition, type EntryTypeName, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "cal", type: "blob", value: new Uint8Array(10) },
 * ], { size: 0x3000 });
 * const types: EntryTypeName[] = parsePartition(image).entries.map((e) => e.type);
 * if (types.join() !== "u8,blob-data,blob-index") throw new Error(types.join());
 * ```
 */
export type EntryTypeName =
  | IntegerType
  | FloatType
  | "string"
  | "blob"
  | "blob-data"
  | "blob-index"
  | "unknown";

/**
 * What became of an entry.
 *
 * @example
 * ```ts
 * import { encodePartition, type EntryStatus, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "k", type: "u32", value: 7 },
 * ], { size: 0x3000 });
 * image[64 + 32 + 24] ^= 1; // flip a bit of k's value: its entry CRC no longer matches
 * const statuses: EntryStatus[] = parsePartition(image).entries.map((e) => e.status);
 * if (statuses.join() !== "live,invalid") throw new Error(statuses.join());
 * ```
 */
export type EntryStatus =
  /** Part of a live item or namespace. */
  | "live"
  /** A copy of a key that the library erases when it starts (or a discarded page copy). */
  | "superseded"
  /**
   * Kept by the library, but no getter reads it: an earlier copy of the key with the same
   * type is read instead, or its blob cannot be read.
   */
  | "shadowed"
  /** Marked erased (or half-written, which the library erases). */
  | "erased"
  /** Unreadable: a CRC that does not match, a broken span, an orphan chunk… */
  | "invalid";

/**
 * The data field of a blob index entry.
 *
 * @example
 * ```ts
 * import { type BlobIndexValue, encodePartition, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "fw", type: "blob", value: new Uint8Array(5000) },
 * ], { size: 0x4000 });
 * const index = parsePartition(image).entries.find((e) => e.type === "blob-index");
 * const value = index?.value as BlobIndexValue;
 * if (value.totalSize !== 5000 || value.chunkCount !== 2 || value.chunkStart !== 0) {
 *   throw new Error("unexpected blob index");
 * }
 * ```
 */
export interface BlobIndexValue {
  /** Size of the whole blob. */
  totalSize: number;
  /** Number of chunks. */
  chunkCount: number;
  /** Index of the first chunk: 0 or 128. */
  chunkStart: number;
}

/**
 * One item header entry (and the entries its span covers), whatever its state.
 *
 * @example
 * ```ts
 * import { encodePartition, type EntryInfo, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "name", type: "string", value: "x".repeat(40) },
 * ], { size: 0x3000 });
 * const entry: EntryInfo = parsePartition(image).entries[1];
 * if (entry.key !== "name" || entry.namespace !== "n" || entry.span !== 3) {
 *   throw new Error("unexpected entry");
 * }
 * if (entry.state !== "written" || !entry.crcValid || entry.value !== "x".repeat(40)) {
 *   throw new Error("unexpected state or value");
 * }
 * ```
 */
export interface EntryInfo {
  /** Page of the entry, by position in the image. */
  page: number;
  /** Entry within the page (0..125). */
  entry: number;
  /** Its state in the page's bitmap. */
  state: "written" | "erased" | "empty";
  /** What became of it. */
  status: EntryStatus;
  /** Namespace index. */
  namespaceIndex: number;
  /** Namespace name, when known. */
  namespace?: string;
  /** The key (bytes up to the first NUL, as UTF-8). */
  key: string;
  /** The item type by name. */
  type: EntryTypeName;
  /** The raw type code. */
  typeCode: number;
  /** Entries the item spans, itself included. */
  span: number;
  /** Chunk index (0xFF for anything but a blob chunk). */
  chunkIndex: number;
  /** Whether the entry CRC matches. */
  crcValid: boolean;
  /**
   * The value, when it can be decoded: an integer, a float or double with its bits, a
   * string, the bytes of a blob or a chunk, or a blob index's fields.
   */
  value?: number | bigint | string | Uint8Array | BlobIndexValue | FloatValue;
}

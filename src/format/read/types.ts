/**
 * What the reader produces: the pages, namespaces, live items and entries of an image,
 * and the whole parse ({@linkcode ParsedPartition}). These are the public types of
 * `reader.ts`, which re-exports them; the read steps in this folder fill them in.
 *
 * @module
 */

import type { FormatVersion } from "../items.ts";
import type { FloatType, IntegerType } from "../layout.ts";
import type { Finding } from "../findings.ts";
import type { EntryInfo } from "./entry_types.ts";

export type { BlobIndexValue, EntryInfo, EntryStatus, EntryTypeName } from "./entry_types.ts";

/**
 * A page state by name; any state value ESP-IDF does not know is `corrupt`.
 *
 * @example
 * ```ts
 * import { encodePartition, type PageStateName, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([{ kind: "namespace", name: "cfg" }], { size: 0x3000 });
 * const states: PageStateName[] = parsePartition(image).pages.map((page) => page.state);
 * if (states.join() !== "active,empty,empty") throw new Error(states.join());
 * ```
 */
export type PageStateName = "empty" | "active" | "full" | "freeing" | "corrupt";

/**
 * One 4096-byte page of the image.
 *
 * @example
 * ```ts
 * import { encodePartition, type PageInfo, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "cfg" },
 *   { kind: "entry", key: "name", type: "string", value: "x".repeat(40) }, // 1 + 2 entries
 * ], { size: 0x3000 });
 * const first: PageInfo = parsePartition(image).pages[0];
 * if (first.state !== "active" || first.sequenceNumber !== 0 || first.version !== 2) {
 *   throw new Error("unexpected header");
 * }
 * if (first.written !== 4 || first.empty !== 122 || first.erased !== 0) {
 *   throw new Error("unexpected bitmap");
 * }
 * ```
 */
export interface PageInfo {
  /** Position of the page in the image: 0 for the first 4096 bytes. */
  index: number;
  /** The state, as ESP-IDF's library sees it (a page with a bad header is `corrupt`). */
  state: PageStateName;
  /** The raw state word of the header. */
  stateValue: number;
  /** Sequence number, for a page with a valid header. */
  sequenceNumber?: number;
  /** Format version, for a page with a valid header of a known version. */
  version?: FormatVersion;
  /** The raw version byte, for a page with a header. */
  versionValue?: number;
  /** Whether the header CRC matches (undefined for an erased page without a header). */
  headerCrcValid?: boolean;
  /**
   * Position of the page in the order the library reads pages (by sequence number; an
   * interrupted page move puts the freeing page last). Undefined for pages it does not
   * read: empty and corrupt ones, or an active page it discards.
   */
  order?: number;
  /** Entries marked written in the bitmap. */
  written: number;
  /** Entries marked erased in the bitmap. */
  erased: number;
  /** Entries marked empty in the bitmap. */
  empty: number;
}

/**
 * A namespace: a u8 entry of namespace 0 whose key is the name and whose value its index.
 *
 * @example
 * ```ts
 * import { encodePartition, type NamespaceInfo, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "wifi" },
 *   { kind: "entry", key: "ssid", type: "string", value: "lab" },
 *   { kind: "entry", key: "channel", type: "u8", value: 6 },
 * ], { size: 0x3000 });
 * const [wifi]: NamespaceInfo[] = parsePartition(image).namespaces;
 * if (wifi.name !== "wifi" || wifi.index !== 1 || wifi.items !== 2 || wifi.entry !== 0) {
 *   throw new Error("unexpected namespace");
 * }
 * ```
 */
export interface NamespaceInfo {
  /** The name. */
  name: string;
  /** Its index (1..254): items of the namespace carry it. */
  index: number;
  /** Page of its entry. */
  page: number;
  /** Entry within the page. */
  entry: number;
  /** Position in reading order (see {@linkcode NvsItem.order}). */
  order: number;
  /** Live items in the namespace. */
  items: number;
}

/**
 * What every live item has: its namespace, key, place in the image and reading order.
 *
 * @example
 * ```ts
 * import { encodePartition, type ItemBase, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "a" },
 *   { kind: "entry", key: "x", type: "u8", value: 1 },
 *   { kind: "namespace", name: "b" },
 *   { kind: "entry", key: "x", type: "string", value: "two" },
 * ], { size: 0x3000 });
 * const where = (item: ItemBase) => `${item.namespace}/${item.key}@${item.page}:${item.entry}`;
 * const listed = parsePartition(image).items.map(where).join(" ");
 * if (listed !== "a/x@0:1 b/x@0:3") throw new Error(listed);
 * ```
 */
export interface ItemBase {
  /** Namespace name; undefined when no namespace entry defines the index. */
  namespace: string | undefined;
  /**
   * Namespace index the item is read from: the index that opening its namespace by name
   * gives (the first namespace entry with that name).
   */
  namespaceIndex: number;
  /** The key. */
  key: string;
  /** Page of the item's entry (for a version-2 blob: of its index entry). */
  page: number;
  /** Entry within the page. */
  entry: number;
  /**
   * Position in the order ESP-IDF's library reads the partition: pages by sequence
   * number, entries in page order (a version-2 blob is at its first chunk, where
   * `nvs_entry_next` reports it). Items are listed in this order.
   */
  order: number;
}

/**
 * An integer item: 64-bit types as bigint, the others as number.
 *
 * @example
 * ```ts
 * import { encodePartition, type IntegerItem, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "small", type: "i32", value: -5 },
 *   { kind: "entry", key: "big", type: "u64", value: 5n },
 * ], { size: 0x3000 });
 * const ints = parsePartition(image).items.filter((i): i is IntegerItem => i.type !== "string");
 * if (ints[0].value !== -5 || ints[1].value !== 5n) throw new Error("wrong values");
 * ```
 */
export interface IntegerItem extends ItemBase {
  /** The integer type. */
  type: IntegerType;
  /** The value. */
  value: number | bigint;
}

/**
 * A float or double item: its value and its raw bits (the value as text, the shortest
 * decimal that reads back to the same bits, is `formatFloat(value, type)`).
 *
 * @example
 * ```ts
 * import type { FloatItem } from "@nvsforge/nvsforge/format";
 * import { formatFloat } from "@nvsforge/nvsforge/format";
 *
 * const item: FloatItem = {
 *   namespace: "cal",
 *   namespaceIndex: 1,
 *   key: "gain",
 *   page: 0,
 *   entry: 1,
 *   order: 1,
 *   type: "float",
 *   value: Math.fround(0.1),
 *   bits: "3dcccccd",
 * };
 * if (formatFloat(item.value, item.type) !== "0.1") throw new Error("not 0.1");
 * ```
 */
export interface FloatItem extends ItemBase {
  /** `float` (item type 0x24) or `double` (0x28). */
  type: FloatType;
  /** The value (a single-precision value widened to a number, for `float`). */
  value: number;
  /** The raw IEEE-754 bits as lower-case hex: 8 digits for `float`, 16 for `double`. */
  bits: string;
}

/**
 * A string item.
 *
 * @example
 * ```ts
 * import { encodePartition, parsePartition, type StringItem } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "greeting", type: "string", value: "hello" },
 * ], { size: 0x3000 });
 * const item = parsePartition(image).items[0] as StringItem;
 * if (item.type !== "string" || item.value !== "hello") throw new Error("wrong item");
 * ```
 */
export interface StringItem extends ItemBase {
  /** Type. */
  type: "string";
  /** The text, without its NUL terminator (decoded as UTF-8; see `string-malformed`). */
  value: string;
}

/**
 * Where one chunk of a version-2 blob is.
 *
 * @example
 * ```ts
 * import { type BlobChunkInfo, encodePartition, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "fw", type: "blob", value: new Uint8Array(5000) },
 * ], { size: 0x4000 });
 * const item = parsePartition(image).items[0];
 * const chunks: BlobChunkInfo[] = item.type === "blob" ? item.chunks ?? [] : [];
 * const sizes = chunks.map((c) => `${c.chunkIndex}:${c.page}:${c.size}`).join(" ");
 * if (sizes !== "0:0:3968 1:1:1032") throw new Error(sizes);
 * ```
 */
export interface BlobChunkInfo {
  /** The chunk index stored in the entry (chunk start + 0, 1, …). */
  chunkIndex: number;
  /** Page of the chunk's entry. */
  page: number;
  /** Entry within the page. */
  entry: number;
  /** Bytes of data in the chunk. */
  size: number;
}

/**
 * A blob item: a version-1 blob (one entry run), or a version-2 blob reassembled.
 *
 * @example
 * ```ts
 * import { type BlobItem, encodePartition, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const records = [
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "mac", type: "blob", value: new Uint8Array([1, 2, 3, 4, 5, 6]) },
 * ] as const;
 * const v1 = parsePartition(encodePartition(records, { size: 0x3000, version: 1 })).items[0];
 * const v2 = parsePartition(encodePartition(records, { size: 0x3000 })).items[0];
 * const blob = (item: typeof v1) => item as BlobItem;
 * if (blob(v1).layout !== "single" || blob(v2).layout !== "multipage") throw new Error("layout");
 * if (blob(v2).chunkStart !== 0 || blob(v2).value[5] !== 6) throw new Error("content");
 * ```
 */
export interface BlobItem extends ItemBase {
  /** Type. */
  type: "blob";
  /** The bytes (a copy: not a view into the image). */
  value: Uint8Array<ArrayBuffer>;
  /** `single`: a version-1 blob item (0x41); `multipage`: chunks (0x42) and an index (0x48). */
  layout: "single" | "multipage";
  /** Multipage blobs: the chunk start of the index (0 or 128). */
  chunkStart?: number;
  /** Multipage blobs: the chunks, in order. */
  chunks?: BlobChunkInfo[];
}

/**
 * A live value, as firmware reads it.
 *
 * @example
 * ```ts
 * import { encodePartition, type NvsItem, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "rev", type: "u8", value: 3 },
 *   { kind: "entry", key: "serial", type: "string", value: "A1" },
 *   { kind: "entry", key: "mac", type: "blob", value: new Uint8Array([0xa4, 0xcf]) },
 * ], { size: 0x3000 });
 * const show = (item: NvsItem): string =>
 *   item.type === "blob" ? `${item.key}=${item.value.length} bytes` : `${item.key}=${item.value}`;
 * const shown = parsePartition(image).items.map(show).join(", ");
 * if (shown !== "rev=3, serial=A1, mac=2 bytes") throw new Error(shown);
 * ```
 */
export type NvsItem = IntegerItem | FloatItem | StringItem | BlobItem;

/**
 * Everything read from an image.
 *
 * @example
 * ```ts
 * import {
 *   encodePartition,
 *   type ParsedPartition,
 *   parsePartition,
 * } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "k", type: "u8", value: 1 },
 * ], { size: 0x3000 });
 * const parsed: ParsedPartition = parsePartition(image);
 * const summary = [
 *   parsed.size,
 *   parsed.version,
 *   parsed.decrypted,
 *   parsed.pages.length,
 *   parsed.namespaces.length,
 *   parsed.items.length,
 *   parsed.entries.length,
 *   parsed.findings.length,
 * ].join();
 * if (summary !== "12288,2,false,3,1,1,2,0") throw new Error(summary);
 * ```
 */
export interface ParsedPartition {
  /** Size of the image in bytes (a multiple of 4096). */
  size: number;
  /**
   * Format version of the pages in use (of the first page in reading order); undefined
   * when no page is in use.
   */
  version?: FormatVersion;
  /** Whether the image was decrypted with the keys given. */
  decrypted: boolean;
  /** Every page, by position in the image. */
  pages: PageInfo[];
  /**
   * The namespace table, in reading order: every namespace entry the library loads (a
   * name or an index defined twice is listed twice).
   */
  namespaces: NamespaceInfo[];
  /** The live values, in reading order. */
  items: NvsItem[];
  /** Every item header entry (written, erased, superseded, invalid), by page and entry. */
  entries: EntryInfo[];
  /** What the integrity check found: partition-wide first, then by page and entry. */
  findings: Finding[];
}

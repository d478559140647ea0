/**
 * What the reader produces: the pages, namespaces, live items and entries of an image,
 * and the whole parse ({@linkcode ParsedPartition}). These are the public types of
 * `reader.ts`, which re-exports them; the read steps in this folder fill them in.
 *
 * @module
 */

import type { FormatVersion } from "../items.ts";
import type { IntegerType } from "../layout.ts";
import type { Finding } from "../findings.ts";

/** A page state by name; any state value ESP-IDF does not know is `corrupt`. */
export type PageStateName = "empty" | "active" | "full" | "freeing" | "corrupt";

/** One 4096-byte page of the image. */
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

/** A namespace: a u8 entry of namespace 0 whose key is the name and whose value its index. */
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

/** What every live item has: its namespace, key, place in the image and reading order. */
export interface ItemBase {
  /** Namespace name; undefined when no namespace entry defines the index. */
  namespace: string | undefined;
  /** Namespace index of the item's entries. */
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

/** An integer item: 64-bit types as bigint, the others as number. */
export interface IntegerItem extends ItemBase {
  /** The integer type. */
  type: IntegerType;
  /** The value. */
  value: number | bigint;
}

/** A string item. */
export interface StringItem extends ItemBase {
  /** Type. */
  type: "string";
  /** The text, without its NUL terminator (decoded as UTF-8; see `string-malformed`). */
  value: string;
}

/** Where one chunk of a version-2 blob is. */
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

/** A blob item: a version-1 blob (one entry run), or a version-2 blob reassembled. */
export interface BlobItem extends ItemBase {
  /** Type. */
  type: "blob";
  /** The bytes. */
  value: Uint8Array;
  /** `single`: a version-1 blob item (0x41); `multipage`: chunks (0x42) and an index (0x48). */
  layout: "single" | "multipage";
  /** Multipage blobs: the chunk start of the index (0 or 128). */
  chunkStart?: number;
  /** Multipage blobs: the chunks, in order. */
  chunks?: BlobChunkInfo[];
}

/** A live value, as firmware reads it. */
export type NvsItem = IntegerItem | StringItem | BlobItem;

/** Item types by name, as listed for entries. */
export type EntryTypeName =
  | IntegerType
  | "string"
  | "blob"
  | "blob-data"
  | "blob-index"
  | "unknown";

/** What became of an entry. */
export type EntryStatus =
  /** Part of a live item or namespace. */
  | "live"
  /** A copy of a key that a later copy replaces (or a discarded partial page copy). */
  | "superseded"
  /** Marked erased (or half-written, which the library erases). */
  | "erased"
  /** Unreadable: a CRC that does not match, a broken span, an orphan chunk… */
  | "invalid";

/** The data field of a blob index entry. */
export interface BlobIndexValue {
  /** Size of the whole blob. */
  totalSize: number;
  /** Number of chunks. */
  chunkCount: number;
  /** Index of the first chunk: 0 or 128. */
  chunkStart: number;
}

/** One item header entry (and the entries its span covers), whatever its state. */
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
   * The value, when it can be decoded: an integer, a string, the bytes of a blob or a
   * chunk, or a blob index's fields.
   */
  value?: number | bigint | string | Uint8Array | BlobIndexValue;
}

/** Everything read from an image. */
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
  /** The live namespaces, in reading order. */
  namespaces: NamespaceInfo[];
  /** The live values, in reading order. */
  items: NvsItem[];
  /** Every item header entry (written, erased, superseded, invalid), by page and entry. */
  entries: EntryInfo[];
  /** What the integrity check found: partition-wide first, then by page and entry. */
  findings: Finding[];
}

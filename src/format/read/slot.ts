/**
 * A slot: one item header entry as the reader decodes it, and what the read steps
 * conclude about it. Loading a page ({@linkcode decodeSlot}, then `check_item.ts`) fills
 * in the decoded fields; ESP-IDF's mount semantics (`mount.ts`) mark copies superseded
 * and give each slot its reading order; reading items (`items.ts`, `blobs.ts`) marks
 * what cannot be read; the entry listing (`entry_list.ts`) turns the flags into a status.
 *
 * @module
 */

import type { FindingPlace } from "../findings.ts";
import {
  bytesOf,
  crcMatches,
  ENTRY,
  entryOffset,
  INTEGER_TYPES,
  ItemType,
  PAGE_SIZE,
  readNumber,
} from "../layout.ts";
import type { FloatType, IntegerType } from "../layout.ts";
import { type ImageBytes, utf8Fatal, utf8Lenient } from "./image.ts";
import type { EntryStatus, EntryTypeName } from "./types.ts";

/** A decoded item header entry and what the reader concluded about it. */
export interface Slot {
  /** Page of the entry, by position in the image. */
  page: number;
  /** Entry within the page. */
  entry: number;
  /** Its state in the page's bitmap (an `EntryState` value). */
  bitmap: number;
  /** Namespace index. */
  ns: number;
  /** Raw item type code. */
  type: number;
  /** Entries the item spans, itself included. */
  span: number;
  /** Chunk index (0xFF for anything but a blob chunk). */
  chunkIndex: number;
  /** Key bytes up to the NUL, one char per byte: identity as ESP-IDF compares keys. */
  keyId: string;
  /** The key bytes up to the NUL, as UTF-8. */
  key: string;
  /** The key bytes are valid UTF-8. */
  keyUtf8: boolean;
  /** Whether the entry CRC matches. */
  crcValid: boolean;
  /** Kept by the library after loading its page (it is in the page's item list). */
  loaded: boolean;
  /** Its value can be read by key. */
  readable: boolean;
  /** Data CRC matches (strings, blobs, chunks). */
  dataCrcValid: boolean;
  /** A later copy of the same identity replaces it (or its page copy was discarded). */
  superseded: boolean;
  /** Marked erased in the bitmap (or a half-written entry the library erases). */
  erased: boolean;
  /** Final status, set at the end. */
  status?: EntryStatus;
  /** The data bytes of a string, blob or chunk, when its span holds them. */
  payload?: Uint8Array;
  /** Offset of the entry in the image. */
  base: number;
  /** Offset of its data field. */
  dataBase: number;
  /** Position in reading order (page order × 128 + entry); -1 for pages not read. */
  order: number;
}

/** What makes two slots copies of the same value: namespace, chunk index and key bytes. */
export const identity = (s: Slot): string => `${s.ns}/${s.chunkIndex}/${s.keyId}`;

/** The integer types by their item type code. */
export const INTEGER_BY_CODE: ReadonlyMap<number, IntegerType> = new Map(
  (Object.keys(INTEGER_TYPES) as IntegerType[]).map((t) => [INTEGER_TYPES[t].code, t]),
);

/** The float types by their item type code. */
export const FLOAT_BY_CODE: ReadonlyMap<number, FloatType> = new Map([
  [ItemType.FLOAT, "float"],
  [ItemType.DOUBLE, "double"],
]);

/** The name of an item type code, as entries list it (`unknown` for any other code). */
export function typeName(code: number): EntryTypeName {
  const fixed = INTEGER_BY_CODE.get(code) ?? FLOAT_BY_CODE.get(code);
  if (fixed) return fixed;
  switch (code) {
    case ItemType.STRING:
      return "string";
    case ItemType.BLOB:
      return "blob";
    case ItemType.BLOB_DATA:
      return "blob-data";
    case ItemType.BLOB_INDEX:
      return "blob-index";
  }
  return "unknown";
}

/** Whether an item type holds variable-length data in the entries of its span. */
export const isVarlen = (code: number): boolean =>
  code === ItemType.STRING || code === ItemType.BLOB || code === ItemType.BLOB_DATA;

/**
 * Decodes the header fields of entry `i` of page `page`: nothing concluded yet (not
 * loaded, not readable, no reading order).
 */
export function decodeSlot(image: ImageBytes, page: number, i: number, bitmap: number): Slot {
  const { buf, view } = image;
  const at = page * PAGE_SIZE + entryOffset(i);
  const f = ENTRY.fields;
  const keyField = bytesOf(buf, at, f.key);
  const nul = keyField.indexOf(0);
  const keyBytes = keyField.subarray(0, nul < 0 ? keyField.length : nul);
  let keyId = "";
  for (const b of keyBytes) keyId += String.fromCharCode(b);
  let keyUtf8 = true;
  try {
    utf8Fatal.decode(keyBytes);
  } catch {
    keyUtf8 = false;
  }
  return {
    page,
    entry: i,
    bitmap,
    ns: readNumber(view, at, f.namespaceIndex),
    type: readNumber(view, at, f.type),
    span: readNumber(view, at, f.span),
    chunkIndex: readNumber(view, at, f.chunkIndex),
    keyId,
    key: utf8Lenient.decode(keyBytes),
    keyUtf8,
    crcValid: crcMatches(ENTRY, view, buf, at),
    loaded: false,
    readable: false,
    dataCrcValid: true,
    superseded: false,
    erased: false,
    base: at,
    dataBase: at + f.data.offset,
    order: -1,
  };
}

/** Where a finding about a slot is: its page, entry and key, and its namespace when named. */
export function slotPlace(s: Slot, nsNames: ReadonlyMap<number, string>): FindingPlace {
  const place: FindingPlace = { page: s.page, entry: s.entry, key: s.key };
  const namespace = nsNames.get(s.ns);
  if (namespace !== undefined) place.namespace = namespace;
  return place;
}

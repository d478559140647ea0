/**
 * Checking one item whose entry CRC matches, as `Page::load` does: its key, its span
 * (against the page's bitmap), the size and data CRC of a string, blob or chunk, its
 * chunk index, a blob index's chunk start. Each problem is a finding at the item's
 * entry; the slot is marked loaded (in the page's item list) and readable or not.
 *
 * @module
 */

import { crc32 } from "../crc32.ts";
import { type FindingCollector, type FindingPlace, quoteText } from "../findings.ts";
import {
  BLOB_INDEX_DATA,
  CHUNK_ANY,
  ENTRIES_PER_PAGE,
  ENTRY,
  ENTRY_SIZE,
  EntryState,
  ItemType,
  LIMITS,
  readNumber,
  VARLEN_DATA,
} from "../layout.ts";
import { hex2, hex8, type ImageBytes } from "./image.ts";
import { FLOAT_BY_CODE, INTEGER_BY_CODE, isVarlen, type Slot, typeName } from "./slot.ts";
import type { PageInfo } from "./types.ts";

/** Chunk starts of version-2 blobs: ESP-IDF alternates between them on each rewrite. */
const CHUNK_STARTS: readonly number[] = [0, LIMITS.blobMaxChunks];

/**
 * Checks an item whose entry CRC matches; returns the entries to advance.
 *
 * @param image the image read.
 * @param page the page of the item.
 * @param s the item's slot: sets `loaded`, `readable`, `payload` and `dataCrcValid`.
 * @param states the entry states of the page (the active page's half-written entries
 *   already marked erased).
 * @param place where findings about the item are.
 * @param findings receives the findings.
 * @returns how many entries the page walk steps over.
 */
export function checkItem(
  image: ImageBytes,
  page: PageInfo,
  s: Slot,
  states: readonly number[],
  place: FindingPlace,
  findings: FindingCollector,
): number {
  const { buf, view } = image;
  const i = s.entry;
  const fixedAdvance = page.state === "active"
    ? 1
    : Math.max(1, Math.min(s.span, ENTRIES_PER_PAGE - i));
  // The key: at most 15 bytes and a NUL within the 16-byte field.
  let keyOk = true;
  if (s.keyId.length === ENTRY.fields.key.size!) {
    keyOk = false;
    findings.add(
      "key-invalid",
      "the key has no NUL terminator within its 16 bytes: ESP-IDF's library cannot look it up",
      place,
    );
  } else if (!s.keyUtf8) {
    findings.add(
      "key-invalid",
      `the key is not UTF-8 text: shown as ${quoteText(s.key)}`,
      place,
      "warning",
    );
  }

  if (isVarlen(s.type)) {
    if (s.span === 0) {
      findings.add(
        "span-invalid",
        `span 0 on a ${typeName(s.type)} item: ESP-IDF's library cannot step over it`,
        place,
      );
      return 1;
    }
    if (i + s.span > ENTRIES_PER_PAGE) {
      findings.add(
        "span-past-page",
        `the ${
          typeName(s.type)
        } item spans ${s.span} entries from entry ${i}: past the end of the page (entry ${
          ENTRIES_PER_PAGE - 1
        })`,
        place,
      );
      return 1;
    }
    for (let j = i + 1; j < i + s.span; j++) {
      if (states[j] !== EntryState.WRITTEN) {
        findings.add(
          "span-not-written",
          `entry ${j}, part of this ${typeName(s.type)} item's ${s.span}-entry span, is marked ${
            states[j] === EntryState.EMPTY ? "empty" : "erased"
          }: ESP-IDF's library erases the item`,
          place,
        );
        return s.span;
      }
    }
    const size = readNumber(view, s.dataBase, VARLEN_DATA.fields.size);
    const need = Math.ceil(size / ENTRY_SIZE) + 1;
    if (need > s.span) {
      findings.add(
        "span-invalid",
        `the ${
          typeName(s.type)
        } item holds ${size} bytes, which need ${need} entries, but spans ${s.span}: it cannot be read`,
        place,
      );
      return s.span;
    }
    if (need < s.span) {
      findings.add(
        "span-invalid",
        `the ${
          typeName(s.type)
        } item holds ${size} bytes, which need ${need} entries, but spans ${s.span} (no ESP-IDF writer does this)`,
        place,
        "warning",
      );
    }
    const at = s.base + ENTRY_SIZE;
    s.payload = buf.subarray(at, at + size);
    s.dataCrcValid = crc32(s.payload) ===
      readNumber(view, s.dataBase, VARLEN_DATA.fields.dataCrc32);
    s.loaded = true;
    s.readable = keyOk && s.dataCrcValid;
    const chunkOk = s.type === ItemType.BLOB_DATA
      ? s.chunkIndex !== CHUNK_ANY
      : s.chunkIndex === CHUNK_ANY;
    if (!chunkOk) {
      s.readable = false;
      findings.add(
        "chunk-index-invalid",
        s.type === ItemType.BLOB_DATA
          ? "a blob chunk with chunk index 0xff: no blob index can name it"
          : `chunk index ${hex2(s.chunkIndex)} on a ${
            typeName(s.type)
          } item (expected 0xff): ESP-IDF's library cannot look it up`,
        place,
      );
    }
    return s.span;
  }

  const fixed = INTEGER_BY_CODE.has(s.type) || FLOAT_BY_CODE.has(s.type);
  if (fixed || s.type === ItemType.BLOB_INDEX) {
    if (s.span !== 1) {
      findings.add(
        "span-invalid",
        `span ${s.span} on a ${typeName(s.type)} item, which takes exactly one entry`,
        place,
      );
    }
    s.loaded = true;
    s.readable = keyOk;
    if (s.chunkIndex !== CHUNK_ANY) {
      s.readable = false;
      findings.add(
        "chunk-index-invalid",
        `chunk index ${hex2(s.chunkIndex)} on a ${
          typeName(s.type)
        } item (expected 0xff): ESP-IDF's library cannot look it up`,
        place,
      );
    }
    if (s.type === ItemType.BLOB_INDEX) {
      const start = readNumber(view, s.dataBase, BLOB_INDEX_DATA.fields.chunkStart);
      if (!CHUNK_STARTS.includes(start)) {
        findings.add(
          "blob-index-invalid",
          `the blob index has chunk start ${start}: ESP-IDF writes 0 or ${
            CHUNK_STARTS[1]
          } and fails when it rewrites this blob`,
          place,
        );
      }
    }
    return fixedAdvance;
  }

  findings.add(
    "type-unknown",
    `item type ${hex2(s.type)} is unknown: ESP-IDF's library cannot read the item`,
    place,
  );
  s.loaded = true; // still in the page's item list: it takes part in duplicate checks
  return fixedAdvance;
}

/**
 * The `data-crc` finding for a string, blob or chunk whose data CRC does not match,
 * reported when the item is read (for a chunk: with the blob that names it).
 */
export function dataCrcFinding(
  image: ImageBytes,
  s: Slot,
  place: FindingPlace,
  findings: FindingCollector,
): void {
  findings.add(
    "data-crc",
    `the data CRC of the ${typeName(s.type)} item is ${
      hex8(readNumber(image.view, s.dataBase, VARLEN_DATA.fields.dataCrc32))
    } but its ${s.payload?.length ?? 0} bytes give ${
      hex8(crc32(s.payload ?? new Uint8Array()))
    }: ESP-IDF's library cannot read it and erases it`,
    place,
  );
}

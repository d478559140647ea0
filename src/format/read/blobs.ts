/**
 * Version-2 blobs: an index entry (0x48) names its chunks (0x42) by chunk index, from
 * its chunk start (0 or 128). Reassembles a blob from the live chunks its index names,
 * with the findings about missing chunks and sizes, and settles the chunks no live index
 * names: those of a superseded index go with it; the others are orphans, which ESP-IDF's
 * library erases. (Version-1 blobs are single items: see `items.ts`.)
 *
 * @module
 */

import type { FindingCollector, FindingPlace } from "../findings.ts";
import { BLOB_INDEX_DATA, CHUNK_ANY, ItemType, readNumber } from "../layout.ts";
import { dataCrcFinding } from "./check_item.ts";
import type { ImageBytes } from "./image.ts";
import { identity, type Slot, slotPlace } from "./slot.ts";
import type { BlobItem, ItemBase } from "./types.ts";

/** The live chunks of the partition, and those an index has claimed so far. */
export interface ChunkTable {
  /** Live chunk slots by identity (namespace, chunk index, key), in reading order. */
  live: Map<string, Slot>;
  /** Chunks that belong to an index, live, unreadable or superseded. */
  claimed: Set<Slot>;
}

/** The chunk table of the live slots (in reading order), nothing claimed yet. */
export function chunkTable(live: readonly Slot[]): ChunkTable {
  const chunks = new Map<string, Slot>();
  for (const s of live) if (s.type === ItemType.BLOB_DATA) chunks.set(identity(s), s);
  return { live: chunks, claimed: new Set() };
}

/** The live chunks an index names, in order (undefined where one is missing). */
function chunksOf(image: ImageBytes, index: Slot, chunks: ChunkTable): (Slot | undefined)[] {
  const { view } = image;
  const f = BLOB_INDEX_DATA.fields;
  const count = readNumber(view, index.dataBase, f.chunkCount);
  const start = readNumber(view, index.dataBase, f.chunkStart);
  const out: (Slot | undefined)[] = [];
  for (let k = 0; k < count; k++) {
    const ci = start + k;
    out.push(ci < CHUNK_ANY ? chunks.live.get(`${index.ns}/${ci}/${index.keyId}`) : undefined);
  }
  return out;
}

/** Claims the chunks of an index that cannot be read: they go with it. */
export function claimChunks(image: ImageBytes, index: Slot, chunks: ChunkTable): void {
  for (const c of chunksOf(image, index, chunks)) if (c) chunks.claimed.add(c);
}

/**
 * Reassembles the blob of a live index from its chunks, and claims them. Undefined when
 * it cannot be read (a chunk missing or unreadable, sizes that do not add up): the index
 * and its chunks are then marked unreadable.
 *
 * @param image the image read.
 * @param index the slot of the blob index.
 * @param chunks the chunk table.
 * @param base the item's namespace, key and place.
 * @param place where findings about the blob are.
 * @param findings receives the findings.
 */
export function assembleBlob(
  image: ImageBytes,
  index: Slot,
  chunks: ChunkTable,
  base: Omit<ItemBase, "order">,
  place: FindingPlace,
  findings: FindingCollector,
): BlobItem | undefined {
  const { view } = image;
  const claimed = chunks.claimed;
  const f = BLOB_INDEX_DATA.fields;
  const total = readNumber(view, index.dataBase, f.totalSize);
  const start = readNumber(view, index.dataBase, f.chunkStart);
  const list = chunksOf(image, index, chunks);
  for (const c of list) if (c) claimed.add(c);
  const missing = list.map((c, k) => (c ? -1 : start + k)).filter((k) => k >= 0);
  if (missing.length > 0) {
    findings.add(
      "blob-chunk-missing",
      `the blob index names ${list.length} chunk${
        list.length > 1 ? "s" : ""
      } from ${start}, but chunk${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ${
        missing.length > 1 ? "are" : "is"
      } missing: ESP-IDF's library cannot read the blob and erases it`,
      place,
    );
    index.readable = false;
    for (const c of list) if (c) c.readable = false;
    return undefined;
  }
  let ok = true;
  let sum = 0;
  for (const c of list as Slot[]) {
    sum += c.payload!.length;
    if (!c.readable) {
      ok = false;
      const cp: FindingPlace = { ...place, page: c.page, entry: c.entry };
      if (!c.dataCrcValid) dataCrcFinding(image, c, cp, findings);
    }
  }
  if (sum !== total) {
    findings.add(
      "blob-size-mismatch",
      `the blob index gives ${total} bytes but its chunks hold ${sum}: ESP-IDF's library cannot read the blob`,
      place,
    );
    ok = false;
  }
  if (!ok) {
    index.readable = false;
    for (const c of list as Slot[]) c.readable = false;
    return undefined;
  }
  const value = new Uint8Array(sum);
  let o = 0;
  for (const c of list as Slot[]) {
    value.set(c.payload!, o);
    o += c.payload!.length;
  }
  const first = (list as Slot[])[0];
  return {
    ...base,
    order: first ? Math.min(first.order, index.order) : index.order,
    type: "blob",
    value,
    layout: "multipage",
    chunkStart: start,
    chunks: (list as Slot[]).map((c) => ({
      chunkIndex: c.chunkIndex,
      page: c.page,
      entry: c.entry,
      size: c.payload!.length,
    })),
  };
}

/**
 * Settles the live chunks no live index claimed: the chunks of a superseded index are
 * superseded with it; the others are orphans (`blob-chunk-orphan`, status `invalid`).
 *
 * @param image the image read.
 * @param slots every slot.
 * @param chunks the chunk table, after every live index was read.
 * @param nsNames namespace names by index, for the findings' places.
 * @param findings receives the findings.
 */
export function settleChunks(
  image: ImageBytes,
  slots: readonly Slot[],
  chunks: ChunkTable,
  nsNames: ReadonlyMap<number, string>,
  findings: FindingCollector,
): void {
  const claimed = chunks.claimed;
  // Chunks no live index names: those of an older version of their blob (its index
  // superseded) go with it; the others are orphans, which the library erases.
  for (const s of slots) {
    if (s.type !== ItemType.BLOB_INDEX || !s.superseded) continue;
    for (const c of chunksOf(image, s, chunks)) {
      if (c && !claimed.has(c)) {
        claimed.add(c);
        c.status = "superseded";
      }
    }
  }
  for (const c of chunks.live.values()) {
    if (claimed.has(c)) continue;
    findings.add(
      "blob-chunk-orphan",
      `blob chunk ${c.chunkIndex} has no blob index that names it: ESP-IDF's library erases it when it mounts the partition`,
      slotPlace(c, nsNames),
    );
    c.status = "invalid";
  }
}

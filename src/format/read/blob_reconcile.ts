/**
 * What ESP-IDF's library does with version-2 blobs when it starts (`Storage::init`),
 * after the pages are loaded and repaired:
 *
 * 1. Every blob index (0x48) of every page, in reading order, is listed.
 * 2. Every data chunk (0x42) is counted for the first index with the same namespace and
 *    key whose version range holds the chunk's index: 0–127 for an index with chunk
 *    start 0, 128–254 for one with chunk start 128. Every copy counts, not only the
 *    chunks the index names; the sizes the chunks give are added up.
 * 3. An index whose chunk count or total size differs from what was counted is erased.
 * 4. Every chunk that no remaining index covers (chunk start up to chunk start + count)
 *    is erased.
 *
 * So a blob whose chunks are stored twice (an interrupted rewrite) loses its index and
 * then all its chunks. The erased entries get their findings here; what is left is read
 * by the getters (`items.ts`).
 *
 * @module
 */

import type { FindingCollector } from "../findings.ts";
import { BLOB_INDEX_DATA, ItemType, LIMITS, readNumber, VARLEN_DATA } from "../layout.ts";
import type { ImageBytes } from "./image.ts";
import { type Slot, slotPlace } from "./slot.ts";

/** A blob index as the library lists it at start, with what was counted for it. */
interface IndexNode {
  slot: Slot;
  start: number;
  count: number;
  size: number;
  seenCount: number;
  seenSize: number;
}

/** The end (exclusive) of the version range of a chunk start: 128 for 0, else 255. */
const versionEnd = (start: number) => (start < LIMITS.blobMaxChunks ? LIMITS.blobMaxChunks : 255);

const sameKey = (a: Slot, b: Slot) => a.ns === b.ns && a.keyId === b.keyId;

function indexNode(image: ImageBytes, slot: Slot): IndexNode {
  const f = BLOB_INDEX_DATA.fields;
  return {
    slot,
    start: readNumber(image.view, slot.dataBase, f.chunkStart),
    count: readNumber(image.view, slot.dataBase, f.chunkCount),
    size: readNumber(image.view, slot.dataBase, f.totalSize),
    seenCount: 0,
    seenSize: 0,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Applies the library's start-up check of blob indexes and chunks to the kept slots:
 * mismatched indexes and uncovered chunks are no longer kept (`loaded` false), with
 * their findings.
 *
 * @param image the image read.
 * @param slots every slot, after the mount.
 * @param nsNames namespace names by index, for the findings' places.
 * @param findings receives the findings.
 */
export function reconcileBlobs(
  image: ImageBytes,
  slots: readonly Slot[],
  nsNames: ReadonlyMap<number, string>,
  findings: FindingCollector,
): void {
  const kept = slots.filter((s) => s.loaded && s.order >= 0)
    .sort((a, b) => a.order - b.order);
  const nodes = kept.filter((s) => s.type === ItemType.BLOB_INDEX).map((s) => indexNode(image, s));
  const chunks = kept.filter((s) => s.type === ItemType.BLOB_DATA);

  for (const c of chunks) {
    const node = nodes.find((n) =>
      sameKey(n.slot, c) && c.chunkIndex >= n.start && c.chunkIndex < versionEnd(n.start)
    );
    if (!node) continue;
    node.seenCount++;
    node.seenSize += readNumber(image.view, c.dataBase, VARLEN_DATA.fields.size);
  }

  const remaining: IndexNode[] = [];
  for (const n of nodes) {
    if (n.seenCount === n.count && n.seenSize === n.size) {
      remaining.push(n);
      continue;
    }
    // The library erases the first index of this key and chunk start it finds.
    const erased = kept.find((s) =>
      s.loaded && s.type === ItemType.BLOB_INDEX && sameKey(s, n.slot) &&
      readNumber(image.view, s.dataBase, BLOB_INDEX_DATA.fields.chunkStart) === n.start
    ) ?? n.slot;
    erased.loaded = false;
    erased.status = "invalid";
    const range = `${n.start}–${versionEnd(n.start) - 1}`;
    findings.add(
      n.seenCount < n.count ? "blob-chunk-missing" : "blob-size-mismatch",
      `the blob index gives ${plural(n.count, "chunk")} and ${
        plural(n.size, "byte")
      }, but the partition holds ${
        plural(n.seenCount, "chunk")
      } of the key in chunk range ${range} with ${
        plural(n.seenSize, "byte")
      }: ESP-IDF's library erases the index when it starts, and with it the blob`,
      slotPlace(erased, nsNames),
    );
  }

  const superseded = slots.filter((s) => s.superseded && s.type === ItemType.BLOB_INDEX)
    .map((s) => indexNode(image, s));
  const covers = (n: IndexNode, c: Slot) =>
    sameKey(n.slot, c) && c.chunkIndex >= n.start && c.chunkIndex < n.start + n.count;
  for (const c of chunks) {
    if (remaining.some((n) => covers(n, c))) continue;
    c.loaded = false;
    if (superseded.some((n) => covers(n, c))) {
      c.status = "superseded"; // goes with its index, whose finding says so
      continue;
    }
    c.status = "invalid";
    findings.add(
      "blob-chunk-orphan",
      `blob chunk ${c.chunkIndex} has no blob index that covers it: ESP-IDF's library erases it when it starts`,
      slotPlace(c, nsNames),
    );
  }
}

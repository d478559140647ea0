/**
 * Reading a blob as `nvs_get_blob` does once the library has started: the first blob
 * index (0x48) of the key a lookup finds names its chunks (0x42) from its chunk start
 * (0 or 128); each chunk is the one a lookup finds for its chunk index; their data is
 * joined. Without an index, a version-1 blob (0x41, one entry run) is read instead.
 * What ESP-IDF erases when it starts (indexes whose chunks do not add up, chunks no
 * index covers) is already gone (`blob_reconcile.ts`).
 *
 * @module
 */

import type { FindingCollector, FindingPlace } from "../findings.ts";
import { BLOB_INDEX_DATA, CHUNK_ANY, ItemType, readNumber } from "../layout.ts";
import { dataCrcFinding } from "./check_item.ts";
import type { ImageBytes } from "./image.ts";
import type { ItemLookup } from "./lookup.ts";
import type { Slot } from "./slot.ts";
import type { BlobItem, ItemBase } from "./types.ts";

/**
 * Reads the blob of namespace `ns` and key `keyId`, or undefined (with findings) when
 * the getter cannot read it. The slots read are marked live.
 *
 * @param image the image read.
 * @param lookup the kept items.
 * @param ns namespace index read from.
 * @param keyId key bytes.
 * @param base the item's namespace, key and order (page and entry are filled in here).
 * @param place where findings about the blob are.
 * @param findings receives the findings.
 */
export function readBlob(
  image: ImageBytes,
  lookup: ItemLookup,
  ns: number,
  keyId: string,
  base: Omit<ItemBase, "page" | "entry">,
  place: FindingPlace,
  findings: FindingCollector,
): BlobItem | undefined {
  const index = lookup.find(ns, keyId, CHUNK_ANY, ItemType.BLOB_INDEX);
  if (!index) {
    const single = lookup.find(ns, keyId, CHUNK_ANY, ItemType.BLOB);
    if (!single) return undefined;
    const at = { ...place, page: single.page, entry: single.entry };
    if (!single.readable) {
      if (!single.dataCrcValid) dataCrcFinding(image, single, at, findings);
      return undefined;
    }
    single.status = "live";
    const value = single.payload!.slice();
    return {
      ...base,
      page: single.page,
      entry: single.entry,
      type: "blob",
      value,
      layout: "single",
    };
  }
  const at = { ...place, page: index.page, entry: index.entry };
  if (!index.readable) return undefined;
  const f = BLOB_INDEX_DATA.fields;
  const total = readNumber(image.view, index.dataBase, f.totalSize);
  const count = readNumber(image.view, index.dataBase, f.chunkCount);
  const start = readNumber(image.view, index.dataBase, f.chunkStart);
  const chunks: Slot[] = [];
  const missing: number[] = [];
  for (let k = 0; k < count; k++) {
    const c = start + k < CHUNK_ANY
      ? lookup.find(ns, keyId, start + k, ItemType.BLOB_DATA)
      : undefined;
    if (c) chunks.push(c);
    else missing.push(start + k);
  }
  if (missing.length > 0) {
    findings.add(
      "blob-chunk-missing",
      `the blob index names ${count} chunk${count === 1 ? "" : "s"} from ${start}, but chunk${
        missing.length > 1 ? "s" : ""
      } ${
        missing.join(", ")
      } cannot be found: nvs_get_blob fails and ESP-IDF's library erases the blob`,
      at,
    );
    return undefined;
  }
  let ok = true;
  for (const c of chunks) {
    if (c.readable) continue;
    ok = false;
    if (!c.dataCrcValid) {
      dataCrcFinding(image, c, { ...place, page: c.page, entry: c.entry }, findings);
    }
  }
  if (!ok) return undefined;
  const sum = chunks.reduce((n, c) => n + c.payload!.length, 0);
  if (sum !== total) {
    findings.add(
      "blob-size-mismatch",
      `the blob index gives ${total} bytes but the chunks read hold ${sum}: nvs_get_blob fails`,
      at,
    );
    return undefined;
  }
  const value = new Uint8Array(sum);
  let o = 0;
  for (const c of chunks) {
    value.set(c.payload!, o);
    o += c.payload!.length;
    c.status = "live";
  }
  index.status = "live";
  return {
    ...base,
    page: index.page,
    entry: index.entry,
    type: "blob",
    value,
    layout: "multipage",
    chunkStart: start,
    chunks: chunks.map((c) => ({
      chunkIndex: c.chunkIndex,
      page: c.page,
      entry: c.entry,
      size: c.payload!.length,
    })),
  };
}

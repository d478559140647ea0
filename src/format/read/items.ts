/**
 * Live items: the values firmware reads, in reading order. Integers are read from the
 * entry; strings (checked for their NUL terminator and UTF-8) and version-1 blobs from
 * their span; version-2 blobs are reassembled from their chunks (`blobs.ts`). An item
 * that cannot be read gets its `data-crc` finding here; an item whose namespace index
 * no namespace entry defines is listed, with a `namespace-undefined` finding.
 *
 * @module
 */

import { readInt } from "../_struct.ts";
import type { FindingCollector, FindingPlace } from "../findings.ts";
import { INTEGER_TYPES, ItemType } from "../layout.ts";
import { assembleBlob, chunkTable, claimChunks, settleChunks } from "./blobs.ts";
import { dataCrcFinding } from "./check_item.ts";
import { type ImageBytes, utf8Fatal, utf8Lenient } from "./image.ts";
import { readFloat } from "../float.ts";
import { FLOAT_BY_CODE, INTEGER_BY_CODE, type Slot, slotPlace } from "./slot.ts";
import type { NvsItem } from "./types.ts";

/**
 * Reads the live items, in reading order, and settles the blob chunks no index claims.
 *
 * @param image the image read.
 * @param slots every slot, after the mount.
 * @param nsNames namespace names by index.
 * @param findings receives the findings.
 */
export function readItems(
  image: ImageBytes,
  slots: readonly Slot[],
  nsNames: ReadonlyMap<number, string>,
  findings: FindingCollector,
): NvsItem[] {
  const live = slots.filter((s) => s.loaded && s.order >= 0 && s.ns !== 0)
    .sort((a, b) => a.order - b.order);
  const items: NvsItem[] = [];
  const chunks = chunkTable(live);

  for (const s of live) {
    if (s.type === ItemType.BLOB_DATA) continue; // read with their index
    const place = slotPlace(s, nsNames);
    if (!s.readable) {
      if (!s.dataCrcValid) dataCrcFinding(image, s, place, findings);
      if (s.type === ItemType.BLOB_INDEX) claimChunks(image, s, chunks);
      continue;
    }
    const namespace = place.namespace;
    const base = { namespace, namespaceIndex: s.ns, key: s.key, page: s.page, entry: s.entry };
    let item: NvsItem | undefined;
    const int = INTEGER_BY_CODE.get(s.type);
    if (int !== undefined) {
      const value = readInt(image.view, s.dataBase, INTEGER_TYPES[int].field);
      item = { ...base, order: s.order, type: int, value };
    } else if (FLOAT_BY_CODE.has(s.type)) {
      const type = FLOAT_BY_CODE.get(s.type)!;
      item = { ...base, order: s.order, type, ...readFloat(image.view, s.dataBase, type) };
    } else if (s.type === ItemType.STRING) {
      const value = decodeString(s.payload!, place, findings);
      item = { ...base, order: s.order, type: "string", value };
    } else if (s.type === ItemType.BLOB) {
      const value = s.payload!.slice();
      item = { ...base, order: s.order, type: "blob", value, layout: "single" };
    } else if (s.type === ItemType.BLOB_INDEX) {
      item = assembleBlob(image, s, chunks, base, place, findings);
    }
    if (!item) continue;
    if (namespace === undefined) {
      findings.add(
        "namespace-undefined",
        `the item is in namespace index ${s.ns}, which no namespace entry defines: firmware cannot open it by name`,
        place,
      );
    }
    items.push(item);
  }
  settleChunks(image, slots, chunks, nsNames, findings);
  return items.sort((a, b) => a.order - b.order);
}

/** The text of a string item's data, with findings when it is not a clean C string. */
function decodeString(
  payload: Uint8Array,
  place: FindingPlace,
  findings: FindingCollector,
): string {
  const terminated = payload.length > 0 && payload[payload.length - 1] === 0;
  const text = terminated ? payload.subarray(0, payload.length - 1) : payload;
  if (!terminated) {
    findings.add(
      "string-malformed",
      "the string does not end with a NUL terminator: firmware reading it as a C string runs past its end",
      place,
    );
  } else if (text.includes(0)) {
    findings.add(
      "string-malformed",
      "the string holds a NUL before its end: firmware sees only the text before it",
      place,
    );
  }
  try {
    return utf8Fatal.decode(text);
  } catch {
    findings.add(
      "string-malformed",
      "the string is not UTF-8 text: invalid bytes are shown as U+FFFD",
      place,
    );
    return utf8Lenient.decode(text);
  }
}

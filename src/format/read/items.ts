/**
 * The items firmware reads, listed as ESP-IDF's iterator (`nvs_entry_find`,
 * `nvs_entry_next`) lists them once the library has started, each read as the matching
 * getter (`nvs_get_*`) reads it:
 *
 * - The iterator walks the kept items page by page in reading order. It lists every
 *   item outside namespace 0 except blob indexes, version-1 blobs and blob chunks other
 *   than the first of a version (chunk index 0 or 128), which stands for its blob. It
 *   names an item after the first namespace entry with the item's index.
 * - Each listed (namespace, key, type) is read by opening the namespace by name (the
 *   first entry with that name gives the index) and looking the key up with that type
 *   (`lookup.ts`): the value may come from another copy than the one listed. A key
 *   listed twice with the same type is one item; a key kept with two types is two.
 * - Version-1 blobs, which the iterator skips but `nvs_get_blob` reads, are listed too.
 *
 * Items the getter cannot read are left out, with a finding; so are copies it never
 * reaches (with a finding saying which copy is read instead).
 *
 * @module
 */

import { readInt } from "../_struct.ts";
import type { FindingCollector, FindingPlace } from "../findings.ts";
import { readFloat } from "../float.ts";
import { CHUNK_ANY, INTEGER_TYPES, ItemType, LIMITS } from "../layout.ts";
import { readBlob } from "./blobs.ts";
import { dataCrcFinding } from "./check_item.ts";
import { type ImageBytes, utf8Fatal, utf8Lenient } from "./image.ts";
import { ItemLookup } from "./lookup.ts";
import type { NamespaceTable } from "./namespaces.ts";
import {
  FLOAT_BY_CODE,
  identity,
  INTEGER_BY_CODE,
  type Slot,
  slotPlace,
  typeName,
} from "./slot.ts";
import type { NvsItem } from "./types.ts";

/** The type an iterated slot is listed with, or undefined when the iterator skips it. */
function listedType(s: Slot): string | undefined {
  if (s.type === ItemType.BLOB_DATA) {
    return s.chunkIndex === 0 || s.chunkIndex === LIMITS.blobMaxChunks ? "blob" : undefined;
  }
  if (s.type === ItemType.BLOB) return "blob"; // read by nvs_get_blob; nvsforge lists it
  const name = typeName(s.type);
  return name === "unknown" || name === "blob-index" ? undefined : name;
}

/**
 * Lists and reads the items, in reading order.
 *
 * @param image the image read.
 * @param slots every slot, after the mount and the blob check.
 * @param table the namespace table.
 * @param findings receives the findings.
 */
export function readItems(
  image: ImageBytes,
  slots: readonly Slot[],
  table: NamespaceTable,
  findings: FindingCollector,
): NvsItem[] {
  const lookup = new ItemLookup(slots);
  const kept = slots.filter((s) => s.loaded && s.order >= 0 && s.ns !== 0)
    .sort((a, b) => a.order - b.order);
  const items: NvsItem[] = [];
  const listed = new Set<string>();
  for (const s of kept) {
    const type = listedType(s);
    if (type === undefined) continue;
    const namespace = table.names.get(s.ns);
    const readNs = namespace === undefined ? s.ns : table.indexOf(namespace)!;
    const id = `${readNs}/${s.keyId}/${type}`;
    if (listed.has(id)) continue;
    listed.add(id);
    const place = slotPlace(s, table.names);
    const base = { namespace, namespaceIndex: readNs, key: s.key, order: s.order };
    let item: NvsItem | undefined;
    if (type === "blob") {
      item = readBlob(image, lookup, readNs, s.keyId, base, place, findings);
    } else {
      const target = lookup.find(readNs, s.keyId, CHUNK_ANY, s.type);
      if (target && !target.readable) {
        if (!target.dataCrcValid) {
          dataCrcFinding(
            image,
            target,
            { ...place, page: target.page, entry: target.entry },
            findings,
          );
        }
      } else if (target) {
        item = readValue(image, target, base, findings);
        target.status = "live";
      }
    }
    if (!item) {
      unreadable(lookup, s, readNs, type, place, findings);
      continue;
    }
    if (namespace === undefined) {
      findings.add(
        "namespace-undefined",
        `the item is in namespace index ${s.ns}, which no namespace entry defines: firmware cannot open it by name`,
        place,
      );
    }
    items.push(item);
  }
  reportCopies(kept, table.names, findings);
  return items.sort((a, b) => a.order - b.order);
}

/** The value of a fixed-size item or a string that a getter found. */
function readValue(
  image: ImageBytes,
  s: Slot,
  base: Omit<NvsItem, "type" | "value" | "page" | "entry">,
  findings: FindingCollector,
): NvsItem | undefined {
  const at = { ...base, page: s.page, entry: s.entry };
  const int = INTEGER_BY_CODE.get(s.type);
  if (int !== undefined) {
    return { ...at, type: int, value: readInt(image.view, s.dataBase, INTEGER_TYPES[int].field) };
  }
  const float = FLOAT_BY_CODE.get(s.type);
  if (float !== undefined) {
    return { ...at, type: float, ...readFloat(image.view, s.dataBase, float) };
  }
  if (s.type === ItemType.STRING) {
    const place: FindingPlace = { page: s.page, entry: s.entry, key: s.key };
    if (base.namespace !== undefined) place.namespace = base.namespace;
    return { ...at, type: "string", value: decodeString(s.payload!, place, findings) };
  }
  return undefined;
}

/** The finding for an item the iterator lists but no getter reads (when not yet said). */
function unreadable(
  lookup: ItemLookup,
  s: Slot,
  readNs: number,
  type: string,
  place: FindingPlace,
  findings: FindingCollector,
): void {
  if (type === "blob") return; // readBlob said why, or the blob check did
  if (readNs !== s.ns) {
    findings.add(
      "item-unreadable",
      `the item is stored with namespace index ${s.ns}, listed as namespace ${place.namespace}'s, but opening that name gives index ${readNs}, which holds no ${type} of this key: nvs_get_${type} cannot read it`,
      place,
    );
    return;
  }
  const first = lookup.first(readNs, s.keyId, CHUNK_ANY);
  if (first && first !== s && first.page === s.page && first.type !== s.type) {
    findings.add(
      "item-unreadable",
      `the key is stored as ${
        typeName(first.type)
      } earlier on this page (entry ${first.entry}): nvs_get_${type} finds that copy first and fails (ESP_ERR_NVS_TYPE_MISMATCH)`,
      place,
    );
  }
}

/**
 * Findings about copies of a key that the library keeps: a later copy of the same type
 * (never read: the getter reads the first), and a copy of another type (both readable).
 */
function reportCopies(
  kept: readonly Slot[],
  nsNames: ReadonlyMap<number, string>,
  findings: FindingCollector,
): void {
  const firstByType = new Map<string, Slot>();
  const firstById = new Map<string, Slot[]>();
  for (const s of kept) {
    if (s.type === ItemType.BLOB_DATA) continue;
    const id = identity(s);
    const sameType = firstByType.get(`${id}/${s.type}`);
    if (sameType) {
      findings.add(
        "duplicate-key",
        `the ${
          typeName(s.type)
        } key is stored again here after page ${sameType.page} entry ${sameType.entry}: ESP-IDF's library keeps both copies and reads the older one; this copy is never read`,
        slotPlace(s, nsNames),
        "error",
      );
      if (s.status === undefined) s.status = "shadowed";
      continue;
    }
    firstByType.set(`${id}/${s.type}`, s);
    const others = firstById.get(id) ?? [];
    for (const o of others) {
      const blobs = [o.type, s.type].includes(ItemType.BLOB) &&
        [o.type, s.type].includes(ItemType.BLOB_INDEX);
      findings.add(
        "duplicate-key",
        blobs
          ? `the key is stored both as a version-1 blob and as a version-2 blob (page ${s.page} entry ${s.entry}): nvs_get_blob reads the version-2 one`
          : `the key is stored as ${typeName(o.type)} here and as ${
            typeName(s.type)
          } at page ${s.page} entry ${s.entry} (an overwrite with another type that a power loss cut short): ESP-IDF's library keeps both, lists the key twice and each type's getter reads its own copy`,
        slotPlace(o, nsNames),
        "warning",
      );
    }
    firstById.set(id, [...others, s]);
  }
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

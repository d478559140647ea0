/**
 * The entry listing: every item header entry decoded (written, erased, superseded,
 * invalid), by page and entry, with its final status and its value when it can be
 * decoded — what `inspect --all` lists.
 *
 * @module
 */

import { readInt } from "../_struct.ts";
import { BLOB_INDEX_DATA, EntryState, INTEGER_TYPES, ItemType, readNumber } from "../layout.ts";
import { type ImageBytes, utf8Lenient } from "./image.ts";
import { readFloat } from "../float.ts";
import { FLOAT_BY_CODE, INTEGER_BY_CODE, type Slot, typeName } from "./slot.ts";
import type { EntryInfo, EntryStatus } from "./types.ts";

/**
 * Lists every slot as an entry, by page and entry.
 *
 * @param image the image read.
 * @param slots every slot, once items are read (their flags final).
 * @param nsNames namespace names by index.
 */
export function listEntries(
  image: ImageBytes,
  slots: readonly Slot[],
  nsNames: ReadonlyMap<number, string>,
): EntryInfo[] {
  return [...slots]
    .sort((a, b) => a.page - b.page || a.entry - b.entry)
    .map((s) => {
      const state = s.bitmap === EntryState.WRITTEN
        ? "written"
        : s.bitmap === EntryState.EMPTY
        ? "empty"
        : "erased";
      const status: EntryStatus = s.status ??
        (s.erased
          ? "erased"
          : s.superseded
          ? "superseded"
          : s.loaded && s.readable && s.order >= 0
          ? "shadowed"
          : "invalid");
      const info: EntryInfo = {
        page: s.page,
        entry: s.entry,
        state,
        status,
        namespaceIndex: s.ns,
        key: s.key,
        type: typeName(s.type),
        typeCode: s.type,
        span: s.span,
        chunkIndex: s.chunkIndex,
        crcValid: s.crcValid,
      };
      const ns = s.ns === 0 ? undefined : nsNames.get(s.ns);
      if (ns !== undefined) info.namespace = ns;
      const value = s.crcValid ? entryValue(image, s) : undefined;
      if (value !== undefined) info.value = value;
      return info;
    });
}

/** The value of an entry whose CRC matches, when it can be decoded. */
function entryValue(image: ImageBytes, s: Slot): EntryInfo["value"] {
  const { view } = image;
  const int = INTEGER_BY_CODE.get(s.type);
  if (int !== undefined) return readInt(view, s.dataBase, INTEGER_TYPES[int].field);
  const float = FLOAT_BY_CODE.get(s.type);
  if (float !== undefined) return readFloat(view, s.dataBase, float);
  if (s.type === ItemType.BLOB_INDEX) {
    const f = BLOB_INDEX_DATA.fields;
    return {
      totalSize: readNumber(view, s.dataBase, f.totalSize),
      chunkCount: readNumber(view, s.dataBase, f.chunkCount),
      chunkStart: readNumber(view, s.dataBase, f.chunkStart),
    };
  }
  if (!s.payload) return undefined;
  if (s.type === ItemType.STRING) {
    const p = s.payload;
    return utf8Lenient.decode(p.length > 0 && p[p.length - 1] === 0 ? p.subarray(0, -1) : p);
  }
  return s.payload.slice();
}

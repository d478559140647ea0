/**
 * Finding an item by namespace index, key, chunk index and type, as ESP-IDF's getters
 * (`nvs_get_*`) do once the library has started: pages in reading order; on each page
 * the first item with the same namespace, key and chunk index counts, and when its type
 * is not the one asked for, the getter moves on to the next page (that page answers
 * `ESP_ERR_NVS_TYPE_MISMATCH`). So of two copies of a key with the same type on
 * different pages the older one is read, and a copy of another type does not hide a
 * copy on a later page.
 *
 * @module
 */

import { identity, type Slot } from "./slot.ts";

/** The items kept after the library's repairs, page by page, for lookups. */
export class ItemLookup {
  /** Per page in reading order: the first kept slot of each identity on it. */
  private readonly pages: Map<string, Slot>[] = [];

  /**
   * @param slots every slot; those kept (`loaded`, on a page that is read) are looked up.
   */
  constructor(slots: readonly Slot[]) {
    const kept = slots.filter((s) => s.loaded && s.order >= 0)
      .sort((a, b) => a.order - b.order);
    let page = -1;
    let current = new Map<string, Slot>();
    for (const s of kept) {
      if (s.page !== page) {
        page = s.page;
        current = new Map();
        this.pages.push(current);
      }
      const id = identity(s);
      if (!current.has(id)) current.set(id, s);
    }
  }

  /**
   * The slot a getter finds: on the first page whose first item of this namespace, key
   * and chunk index has type `type`.
   *
   * @param ns namespace index.
   * @param keyId key bytes as one char per byte (see {@linkcode Slot.keyId}).
   * @param chunkIndex 0xff for anything but a blob chunk.
   * @param type the item type code asked for.
   */
  find(ns: number, keyId: string, chunkIndex: number, type: number): Slot | undefined {
    const id = `${ns}/${chunkIndex}/${keyId}`;
    for (const page of this.pages) {
      const s = page.get(id);
      if (s && s.type === type) return s;
    }
    return undefined;
  }

  /** The first item of this namespace, key and chunk index, whatever its type. */
  first(ns: number, keyId: string, chunkIndex: number): Slot | undefined {
    const id = `${ns}/${chunkIndex}/${keyId}`;
    for (const page of this.pages) {
      const s = page.get(id);
      if (s) return s;
    }
    return undefined;
  }
}

/**
 * What ESP-IDF's library does when it mounts the partition (`PageManager::load`,
 * `Storage::init`), applied to the loaded pages: older copies of a key on the active
 * page are erased, as is the older copy of the last item written; an interrupted page
 * move is redone (the freeing page read last, a partial copy discarded); every page and
 * slot gets its place in the reading order. Copies the library keeps (on different
 * pages) are left to the getters (`lookup.ts`, `items.ts`).
 *
 * @module
 */

import type { FindingCollector } from "../findings.ts";
import { ENTRY_SIZE, ItemType, PAGE } from "../layout.ts";
import type { LoadedPage } from "./load_page.ts";
import { identity, type Slot } from "./slot.ts";
import type { PageInfo } from "./types.ts";

/**
 * Mounts the loaded pages: marks the copies the library erases as superseded (with
 * `duplicate-key` findings), finds
 * the reading order and gives it to pages (`order`) and slots (`order`, -1 for a
 * discarded page).
 *
 * @param loaded the pages in use, loaded, in sequence-number order.
 * @param findings receives the findings.
 * @returns the pages in reading order.
 */
export function mount(loaded: readonly LoadedPage[], findings: FindingCollector): PageInfo[] {
  for (const { page, slots } of loaded) {
    if (page.state === "active") eraseActivePageDuplicates(slots, findings);
  }
  const order = resolvePageOrder(loaded, findings);
  order.forEach((p, i) => p.order = i);
  for (const { page, slots } of loaded) {
    if (page.order === -1) page.order = undefined;
    const o = page.order;
    for (const s of slots) s.order = o === undefined ? -1 : o * PAGE.size / ENTRY_SIZE + s.entry;
  }
  return order;
}

/** On the active page the library keeps only the latest copy of each key. */
function eraseActivePageDuplicates(slots: readonly Slot[], findings: FindingCollector): void {
  const byIdentity = new Map<string, Slot>();
  for (const slot of slots) {
    if (!slot.loaded) continue;
    const id = identity(slot);
    const older = byIdentity.get(id);
    if (older) supersede(older, slot, findings);
    byIdentity.set(id, slot);
  }
}

/**
 * The reading order of the pages after the library's repairs: the older copy of the
 * last item written is erased, and an interrupted page move is redone.
 */
function resolvePageOrder(loaded: readonly LoadedPage[], findings: FindingCollector): PageInfo[] {
  const list = loaded.map((l) => l.page);
  const pageSlots = new Map(loaded.map((l) => [l.page.index, l.slots]));
  const last = list.at(-1);
  if (!last) return list;
  // The older copy of the last item of the last page (power lost between writing a new
  // value and erasing the old one): erased from the first earlier page holding it.
  const lastSlot = pageSlots.get(last.index)!.filter((s) => s.loaded).at(-1);
  if (lastSlot) {
    const erase = (type: number) => {
      for (const p of list) {
        if (p === last) break;
        if (p.state === "freeing") continue;
        const match = pageSlots.get(p.index)!.find((s) =>
          s.loaded && s.ns === lastSlot.ns && s.keyId === lastSlot.keyId &&
          s.chunkIndex === lastSlot.chunkIndex
        );
        if (match && match.type === type) {
          supersede(match, lastSlot, findings);
          return true;
        }
      }
      return false;
    };
    if (!erase(lastSlot.type) && lastSlot.type === ItemType.BLOB_INDEX) erase(ItemType.BLOB);
  }
  const freeing = list.filter((p) => p.state === "freeing");
  if (freeing.length === 0) return list;
  const f = freeing[0];
  let order = list;
  let discarded = "";
  if (last.state === "active" && last !== f) {
    order = order.filter((p) => p !== last);
    for (const s of pageSlots.get(last.index)!) {
      if (s.loaded) {
        s.loaded = false;
        s.superseded = true;
      }
    }
    discarded = `; the active page ${last.index}, a partial copy, is discarded`;
  }
  findings.add(
    "page-freeing",
    `the page is being freed (a page move interrupted by a power loss): ESP-IDF's library copies its items to a new page when it mounts the partition${discarded}`,
    { page: f.index },
  );
  if (freeing.length > 1) {
    findings.add(
      "page-freeing",
      `${freeing.length} pages are being freed (pages ${
        freeing.map((p) => p.index).join(", ")
      }): ESP-IDF's library finishes only the first`,
      {},
      "error",
    );
  }
  return [...order.filter((p) => p !== f), f];
}

/** Marks `older` as replaced by `newer`, with a duplicate-key finding. */
function supersede(older: Slot, newer: Slot, findings: FindingCollector): void {
  older.loaded = false;
  older.superseded = true;
  const what = older.ns === 0
    ? "namespace entry"
    : older.type === ItemType.BLOB_DATA
    ? `blob chunk ${older.chunkIndex} of the key`
    : "key";
  findings.add(
    "duplicate-key",
    `the ${what} is stored again at page ${newer.page} entry ${newer.entry}: ESP-IDF's library erases this older copy when it starts; the later value is read`,
    { page: older.page, entry: older.entry, key: older.key },
    "warning",
  );
}

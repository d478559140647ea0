/**
 * The namespace table, as ESP-IDF's library builds it when it starts: every u8 entry of
 * namespace 0 (key = name, value = index) of every page, in reading order; none is
 * dropped. An item is named after the first entry with its index; opening a namespace
 * by name gives the index of the first entry with that name. (On a page, the library
 * stops reading namespace entries at the first entry of namespace 0 that is not a u8.)
 *
 * @module
 */

import { type FindingCollector, quoteText } from "../findings.ts";
import { INTEGER_TYPES, ItemType, readNumber } from "../layout.ts";
import type { ImageBytes } from "./image.ts";
import { type Slot, typeName } from "./slot.ts";
import type { NamespaceInfo, NvsItem } from "./types.ts";

/** The namespace table. */
export interface NamespaceTable {
  /** Every entry of the table, in reading order (a name or an index may repeat). */
  entries: NamespaceInfo[];
  /** Namespace names by index: the first entry with the index names its items. */
  names: Map<number, string>;
  /** The index that opening a name gives: the first entry with that name. */
  indexOf(name: string): number | undefined;
}

const where = (n: NamespaceInfo) => `page ${n.page} entry ${n.entry}`;

/**
 * Builds the namespace table from the kept slots of namespace 0, with the findings about
 * it (entries of another type, reserved indexes, names and indexes defined twice).
 *
 * @param image the image read.
 * @param slots every slot, after the mount.
 * @param findings receives the findings.
 */
export function readNamespaces(
  image: ImageBytes,
  slots: readonly Slot[],
  findings: FindingCollector,
): NamespaceTable {
  const entries: NamespaceInfo[] = [];
  const names = new Map<number, string>();
  const byIndex = new Map<number, NamespaceInfo>();
  const byName = new Map<string, NamespaceInfo>();
  const defs = slots.filter((s) => s.loaded && s.order >= 0 && s.ns === 0)
    .sort((a, b) => a.order - b.order);
  let stoppedOn: Slot | undefined;
  for (const s of defs) {
    const place = { page: s.page, entry: s.entry, key: s.key };
    if (stoppedOn?.page === s.page) {
      findings.add(
        "namespace-invalid",
        `the namespace entry comes after an entry of another type in namespace 0 on its page (entry ${stoppedOn.entry}): ESP-IDF's library stops reading the page's namespace entries there and does not load this one`,
        place,
      );
      continue;
    }
    if (s.type !== ItemType.U8) {
      stoppedOn = s;
      findings.add(
        "namespace-invalid",
        `an entry of namespace 0 (the namespace table) of type ${
          typeName(s.type)
        }: ESP-IDF's library reads only u8 entries there, and stops reading this page's namespace entries at it`,
        place,
        "warning",
      );
      continue;
    }
    if (!s.readable) continue;
    const index = readNumber(image.view, s.dataBase, INTEGER_TYPES.u8.field);
    if (index === 0 || index === 255) {
      findings.add(
        "namespace-invalid",
        `namespace ${
          quoteText(s.key)
        } has index ${index}, which is reserved (0 is the namespace table, 255 means any)`,
        place,
      );
      continue;
    }
    const info: NamespaceInfo = {
      name: s.key,
      index,
      page: s.page,
      entry: s.entry,
      order: s.order,
      items: 0,
    };
    s.status = "live";
    entries.push(info);
    const sameIndex = byIndex.get(index);
    const sameName = byName.get(s.keyId);
    if (sameName && sameName.index === index) {
      findings.add(
        "namespace-index-reused",
        `namespace ${quoteText(s.key)} (index ${index}) is defined again (first at ${
          where(sameName)
        }): ESP-IDF's library keeps both entries; nothing changes`,
        place,
        "warning",
      );
    } else if (sameName) {
      findings.add(
        "namespace-index-reused",
        `namespace ${
          quoteText(s.key)
        } is defined again with index ${index} (first with index ${sameName.index} at ${
          where(sameName)
        }): ESP-IDF's library opens ${
          quoteText(s.key)
        } as index ${sameName.index}, so items stored with index ${index} are not read through this name`,
        place,
      );
    } else if (sameIndex) {
      findings.add(
        "namespace-index-reused",
        `namespace ${quoteText(s.key)} has index ${index}, as namespace ${
          quoteText(sameIndex.name)
        } (${where(sameIndex)}) does: ESP-IDF's library lists the items of index ${index} as ${
          quoteText(sameIndex.name)
        }'s, and opening either name reads them`,
        place,
      );
    }
    if (!sameIndex) {
      byIndex.set(index, info);
      names.set(index, s.key);
    }
    if (!sameName) byName.set(s.keyId, info);
  }
  const indexByName = new Map<string, number>();
  for (const info of byName.values()) {
    if (!indexByName.has(info.name)) indexByName.set(info.name, info.index);
  }
  return { entries, names, indexOf: (name) => indexByName.get(name) };
}

/**
 * Counts the items of each table entry (items listed under its name and read from its
 * index), with a note for an entry that has none.
 */
export function countNamespaceItems(
  namespaces: readonly NamespaceInfo[],
  items: readonly NvsItem[],
  findings: FindingCollector,
): void {
  for (const n of namespaces) {
    n.items = items.filter((i) => i.namespaceIndex === n.index && i.namespace === n.name).length;
    if (n.items === 0) {
      findings.add(
        "namespace-unused",
        `namespace ${quoteText(n.name)} (index ${n.index}) holds no items`,
        { page: n.page, entry: n.entry, namespace: n.name },
      );
    }
  }
}

/**
 * Namespaces: the u8 entries of namespace 0, whose key is a namespace's name and whose
 * value its index. Reads them in reading order, with the findings about the namespace
 * table (entries of another type, reserved or reused indexes, namespaces without items).
 *
 * @module
 */

import { type FindingCollector, quoteText } from "../findings.ts";
import { INTEGER_TYPES, ItemType, readNumber } from "../layout.ts";
import type { ImageBytes } from "./image.ts";
import { type Slot, typeName } from "./slot.ts";
import type { NamespaceInfo, NvsItem } from "./types.ts";

/**
 * The live namespaces, in reading order (their `items` count still 0: see
 * {@linkcode countNamespaceItems}).
 *
 * @param image the image read.
 * @param slots every slot, after the mount.
 * @param findings receives the findings.
 */
export function readNamespaces(
  image: ImageBytes,
  slots: readonly Slot[],
  findings: FindingCollector,
): NamespaceInfo[] {
  const { view } = image;
  const out: NamespaceInfo[] = [];
  const byIndex = new Map<number, string>();
  const defs = slots.filter((s) => s.loaded && s.ns === 0)
    .sort((a, b) => a.order - b.order);
  for (const s of defs) {
    const place = { page: s.page, entry: s.entry, key: s.key };
    if (s.type !== ItemType.U8) {
      findings.add(
        "namespace-invalid",
        `an entry of namespace 0 (the namespace table) of type ${
          typeName(s.type)
        }: ESP-IDF's library reads only u8 entries there`,
        place,
        "warning",
      );
      continue;
    }
    if (!s.readable) continue;
    const index = readNumber(view, s.dataBase, INTEGER_TYPES.u8.field);
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
    const other = byIndex.get(index);
    if (other !== undefined) {
      findings.add(
        "namespace-index-reused",
        `namespace ${quoteText(s.key)} has index ${index}, as namespace ${
          quoteText(other)
        } does: their items are mixed up`,
        place,
      );
    } else byIndex.set(index, s.key);
    out.push({ name: s.key, index, page: s.page, entry: s.entry, order: s.order, items: 0 });
  }
  return out;
}

/** Namespace names by index (the first in reading order, when an index is reused). */
export function namespaceNames(namespaces: readonly NamespaceInfo[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const n of namespaces) if (!names.has(n.index)) names.set(n.index, n.name);
  return names;
}

/** Counts the live items of each namespace, with a note for a namespace that has none. */
export function countNamespaceItems(
  namespaces: readonly NamespaceInfo[],
  items: readonly NvsItem[],
  findings: FindingCollector,
): void {
  for (const n of namespaces) {
    n.items = items.filter((i) => i.namespaceIndex === n.index).length;
    if (n.items === 0) {
      findings.add(
        "namespace-unused",
        `namespace ${quoteText(n.name)} (index ${n.index}) holds no items`,
        { page: n.page, entry: n.entry, namespace: n.name },
      );
    }
  }
}

/**
 * Editing a document of records: set or erase keys, keeping the order that decides the
 * layout, so that encoding the result gives the image `nvs generate` writes for the same
 * rows. A set of an existing key keeps its place (the value, and the type, change); a new
 * key goes at the end of its namespace; a new namespace at the end of the document.
 * Browser-safe: no file system.
 *
 * @module
 */

import { Diagnostics, quote } from "../errors.ts";
import type { SourceLocation } from "../errors.ts";
import type { EntryRecord, NvsRecord } from "./items.ts";

/**
 * One change of {@linkcode editRecords}: set a key of a namespace to an entry (its key is
 * the key set), or erase a key.
 *
 * @example
 * ```ts
 * import type { RecordChange } from "@nvsforge/nvsforge/format";
 *
 * const changes: RecordChange[] = [
 *   { kind: "set", namespace: "cal", entry: { kind: "entry", key: "gain", type: "float", value: 1.5 } },
 *   { kind: "erase", namespace: "cal", key: "old" },
 * ];
 * if (changes.length !== 2) throw new Error("two changes");
 * ```
 */
export type RecordChange =
  | { kind: "set"; namespace: string; entry: EntryRecord; source?: SourceLocation }
  | { kind: "erase"; namespace: string; key: string; source?: SourceLocation };

/**
 * Applies changes, in order, to records (a namespace record opens the namespace of the
 * entries after it, as for `encodePartition`). The input is not modified.
 *
 * @example
 * ```ts
 * import { editRecords } from "@nvsforge/nvsforge/format";
 * import type { NvsRecord } from "@nvsforge/nvsforge/format";
 *
 * const records: NvsRecord[] = [
 *   { kind: "namespace", name: "cfg" },
 *   { kind: "entry", key: "a", type: "u8", value: 1 },
 *   { kind: "entry", key: "b", type: "u8", value: 2 },
 * ];
 * const edited = editRecords(records, [
 *   { kind: "set", namespace: "cfg", entry: { kind: "entry", key: "a", type: "string", value: "x" } },
 *   { kind: "set", namespace: "cfg", entry: { kind: "entry", key: "c", type: "u8", value: 3 } },
 *   { kind: "erase", namespace: "cfg", key: "b" },
 *   { kind: "set", namespace: "new", entry: { kind: "entry", key: "d", type: "u8", value: 4 } },
 * ]);
 * const shown = edited.map((r) => r.kind === "namespace" ? `[${r.name}]` : `${r.key}=${r.value}`);
 * if (shown.join(" ") !== "[cfg] a=x c=3 [new] d=4") throw new Error(shown.join(" "));
 * ```
 *
 * @param records the document, in order.
 * @param changes the changes, applied one after another.
 * @returns the edited records.
 * @throws {NvsforgeError|NvsforgeErrors} every erase of a key that does not exist (at that
 *   point), code `key-not-found`; nothing is applied then.
 */
export function editRecords(
  records: readonly NvsRecord[],
  changes: readonly RecordChange[],
): NvsRecord[] {
  const out = records.slice();
  const d = new Diagnostics();
  for (const c of changes) {
    const key = c.kind === "set" ? c.entry.key : c.key;
    const found = positions(out, c.namespace, key);
    if (c.kind === "erase") {
      if (found.entries.length === 0) {
        d.error(
          "key-not-found",
          `cannot erase key ${quote(key)} of namespace ${quote(c.namespace)}: ${
            found.namespaceEnd < 0 ? "there is no such namespace" : "the namespace has no such key"
          }`,
          { ...c.source, key },
        );
        continue;
      }
      for (const i of found.entries.reverse()) out.splice(i, 1);
      continue;
    }
    const entry: EntryRecord = { ...c.entry, source: c.entry.source ?? c.source };
    if (found.entries.length > 0) {
      // Keeps its place; any other live copy (a key live with two types) goes.
      const [first, ...others] = found.entries;
      out[first] = entry;
      for (const i of others.reverse()) out.splice(i, 1);
    } else if (found.namespaceEnd >= 0) {
      out.splice(found.namespaceEnd + 1, 0, entry);
    } else {
      out.push({ kind: "namespace", name: c.namespace }, entry);
    }
  }
  d.throwIfAny();
  return out;
}

/**
 * Where a namespace's entries with `key` are, and the index of the last record of the
 * namespace (its last entry, or its namespace record; -1 when it does not occur).
 */
function positions(
  records: readonly NvsRecord[],
  namespace: string,
  key: string,
): { entries: number[]; namespaceEnd: number } {
  const entries: number[] = [];
  let namespaceEnd = -1;
  let current: string | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.kind === "namespace") current = r.name;
    if (current !== namespace) continue;
    namespaceEnd = i;
    if (r.kind === "entry" && r.key === key) entries.push(i);
  }
  return { entries, namespaceEnd };
}

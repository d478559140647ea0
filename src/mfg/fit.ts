/**
 * A quick, conservative answer to "do these records fit the partition?", so that the
 * checking pass of a big batch lays out a device's pages only when the answer is not
 * obvious. The bound counts every entry an item can take, including the entries the
 * writer may leave unused at the end of a page:
 *
 * - a namespace or an integer: 1 entry, never leaves a gap;
 * - a string or a version-1 blob spanning `s` entries: at most `2s` (moved to the next
 *   page, it leaves fewer than `s` entries behind);
 * - a version-2 blob of `n` bytes in `c ≤ ⌈n/4000⌉ + 1` chunks: its data entries, at
 *   most two more per chunk (the chunk header, the rounding of its last entry) and the
 *   index entry.
 *
 * Pages are opened only to write into them, so the pages used are at most ⌈bound/126⌉.
 *
 * @module
 */

import type { FormatVersion, NvsRecord } from "../format/items.ts";
import { ENTRIES_PER_PAGE, ENTRY_SIZE, LIMITS } from "../format/layout.ts";
import { utf8Length } from "../format/writer.ts";

/** Payload bytes of a full-page chunk of a version-2 blob (125 entries). */
const CHUNK_MAX_BYTES = (ENTRIES_PER_PAGE - 1) * ENTRY_SIZE;

/**
 * An upper bound on the pages the records need.
 *
 * @example
 * ```ts
 * import { pagesUpperBound } from "@nvsforge/nvsforge/mfg";
 * const pages = pagesUpperBound([
 *   { kind: "namespace", name: "ns" },
 *   { kind: "entry", key: "a", type: "u8", value: 1 },
 * ], 2);
 * if (pages !== 1) throw new Error(`${pages} pages`);
 * ```
 */
export function pagesUpperBound(records: Iterable<NvsRecord>, version: FormatVersion): number {
  let entries = 0;
  for (const r of records) {
    if (r.kind === "namespace") {
      entries += 1;
    } else if (r.type === "string") {
      entries += 2 * (1 + Math.ceil((utf8Length(r.value) + 1) / ENTRY_SIZE));
    } else if (r.type === "blob") {
      const n = r.value.length;
      if (version === 1) entries += 2 * (1 + Math.ceil(n / ENTRY_SIZE));
      else {
        const chunks = Math.ceil(n / CHUNK_MAX_BYTES) + 1;
        entries += Math.ceil(n / ENTRY_SIZE) + 2 * chunks + 1;
      }
    } else {
      entries += 1;
    }
  }
  return Math.ceil(entries / ENTRIES_PER_PAGE);
}

/**
 * Whether the records surely fit `dataPages` pages, with every version-2 blob surely
 * within the chunk limit. `false` means "lay them out to know".
 */
export function surelyFits(
  records: readonly NvsRecord[],
  version: FormatVersion,
  dataPages: number,
): boolean {
  if (version === 2) {
    for (const r of records) {
      if (
        r.kind === "entry" && r.type === "blob" &&
        Math.ceil(r.value.length / CHUNK_MAX_BYTES) + 1 > LIMITS.blobMaxChunks
      ) return false;
    }
  }
  return pagesUpperBound(records, version) <= dataPages;
}

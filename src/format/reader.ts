/**
 * The image reader: partition bytes → pages, namespaces, items, every entry, and the
 * integrity check's findings. It reads every field through the layout tables of
 * `layout.ts`, as the writer writes them, and models what ESP-IDF's NVS library does
 * when it starts on an image and what its iterator and getters then read (checked
 * against images the library itself wrote, used and cut off mid-write):
 *
 * - Pages (`read/pages.ts`): those with a valid header of a known version and state
 *   active, full or freeing are used, in sequence-number order (equal numbers in image
 *   order); a page with a bad header CRC, an unknown state, or no header but data is
 *   corrupt and ignored.
 * - Page load (`read/load_page.ts`): only entries marked written count; an entry whose
 *   CRC does not match is erased, as is a string or blob whose data entries are not all
 *   marked written. On the active page, entries after the first empty one whose first
 *   word is not erased flash (half-written) are marked erased, and of two copies of a
 *   key (same namespace, key and chunk index, whatever the type) the older is erased.
 * - Start (`read/mount.ts`): the last item of the newest page is looked for on the older
 *   pages (not a freeing one); on the first page whose first copy of that namespace, key
 *   and chunk index has the same type, that copy is erased. A copy of another type stays.
 *   A freeing page (a page move cut off by a power loss) is copied again: an active page
 *   after it (a partial copy) is erased, and the freeing page's items become the newest.
 * - The namespace table (`read/namespaces.ts`): every u8 entry of namespace 0 of every
 *   page, in page order; an item is named after the first entry with its index, and a
 *   name opens the first entry with that name.
 * - Blobs (`read/blob_reconcile.ts`): for each blob index, every chunk of its key in its
 *   version range (0–127 or 128–254) is counted; an index whose chunk count or total size
 *   differs is erased, then every chunk that no index covers.
 * - Items (`read/items.ts`, `read/lookup.ts`): listed as `nvs_entry_find` lists them (a
 *   blob by its chunk 0 or 128; version-1 blobs too, which `nvs_get_blob` reads), each
 *   read as `nvs_get_*` reads it: pages in order, on each page the first copy of the key
 *   decides, a copy of another type sends the getter on to the next page. So a key kept
 *   with two types is two items, and of two copies of one type the older is read.
 *
 * Every repair the library makes when it starts, and every copy it keeps but never reads,
 * is a finding, in the library's terms.
 *
 * Nothing here touches the file system: bytes in, typed values out (browser-compatible).
 * A malformed image never makes the reader throw, crash or hang: every problem is a
 * {@linkcode Finding}. Only an input that is not an NVS partition at all (empty, not a
 * whole number of 4096-byte pages) is refused with an `NvsforgeError`.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import { FindingCollector, isClean } from "./findings.ts";
import type { Finding } from "./findings.ts";
import type { NvsRecord } from "./items.ts";
import { PAGE_SIZE } from "./layout.ts";
import { listEntries } from "./read/entry_list.ts";
import { imageBytes } from "./read/image.ts";
import { readItems } from "./read/items.ts";
import { loadPage, reportEntryCrcs } from "./read/load_page.ts";
import { mount } from "./read/mount.ts";
import { reconcileBlobs } from "./read/blob_reconcile.ts";
import { countNamespaceItems, readNamespaces } from "./read/namespaces.ts";
import { checkPageList, pagesInUse, readPages } from "./read/pages.ts";
import type { NamespaceInfo, NvsItem, ParsedPartition } from "./read/types.ts";

export type { Finding, FindingCode, Severity } from "./findings.ts";
export type {
  BlobChunkInfo,
  BlobIndexValue,
  BlobItem,
  EntryInfo,
  EntryStatus,
  EntryTypeName,
  FloatItem,
  IntegerItem,
  ItemBase,
  NamespaceInfo,
  NvsItem,
  PageInfo,
  PageStateName,
  ParsedPartition,
  StringItem,
} from "./read/types.ts";

/**
 * Options of {@linkcode parsePartition}.
 *
 * The reader reads plain bytes only: to read an encrypted image, decrypt it first
 * (`decryptPartition`) and say so here, or use `parseImage` of `src/crypto/parse.ts`
 * (the library's `parsePartition`), which does both.
 *
 * @example
 * ```ts
 * import { encodePartition, type ParseOptions, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const plain = encodePartition([{ kind: "namespace", name: "n" }], { size: 0x3000 });
 * const options: ParseOptions = { decrypted: true };
 * if (!parsePartition(plain, options).decrypted) throw new Error("not marked decrypted");
 * ```
 */
export interface ParseOptions {
  /**
   * The caller decrypted the image: recorded in the result, and when no entry CRC
   * matches, the key is blamed rather than a missing one.
   */
  decrypted?: boolean;
}

/**
 * Reads plain image bytes of a valid size. Each step adds its findings to one collector;
 * the steps run in the order the library mounts a partition, which is also the order
 * findings at the same place are listed in.
 */
function readPartition(buf: Uint8Array, decrypted: boolean): ParsedPartition {
  const image = imageBytes(buf);
  const findings = new FindingCollector();

  // Pages: headers, then the ones in use by sequence number.
  const pages = readPages(image, findings);
  const inUse = pagesInUse(pages);
  checkPageList(pages, inUse, findings);

  // Entries of each page in use, then the library's repairs and the reading order.
  const loaded = inUse.map((page) => loadPage(image, page, findings));
  const order = mount(loaded, findings);
  const slots = loaded.flatMap((l) => l.slots);

  // What the library does when it starts: the namespace table, then the blob check.
  const table = readNamespaces(image, slots, findings);
  reconcileBlobs(image, slots, table.names, findings);

  // The items as the iterator lists them and the getters read them; what is left.
  const items = readItems(image, slots, table, findings);
  reportEntryCrcs(image, loaded, decrypted, findings);
  const namespaces = table.entries;
  countNamespaceItems(namespaces, items, findings);

  return {
    size: buf.length,
    version: order[0]?.version,
    decrypted,
    pages,
    namespaces,
    items,
    entries: listEntries(image, slots, table.names),
    findings: findings.list(),
  };
}

/**
 * Checks that an input is a whole number of pages.
 *
 * @throws {NvsforgeError} code `invalid-size`.
 */
function checkImageSize(image: unknown): asserts image is Uint8Array {
  if (!(image instanceof Uint8Array)) {
    throw new NvsforgeError("invalid-size", "the image must be bytes (a Uint8Array)");
  }
  if (image.length === 0 || image.length % PAGE_SIZE !== 0) {
    throw new NvsforgeError(
      "invalid-size",
      image.length === 0
        ? "the image is empty: an NVS partition is a whole number of 4096-byte pages"
        : `the image is ${image.length} bytes, not a whole number of 4096-byte pages (${
          Math.floor(image.length / PAGE_SIZE)
        } page${image.length < 2 * PAGE_SIZE ? "" : "s"} and ${
          image.length % PAGE_SIZE
        } bytes): it is not an NVS partition, or it was cut short`,
    );
  }
}

/**
 * Reads an NVS partition image: its pages, namespaces, live items (as firmware reads
 * them), every entry, and the integrity check's findings. See the module documentation
 * for how the image is read.
 *
 * @example
 * ```ts
 * import { encodePartition, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 *   { kind: "entry", key: "hw_rev", type: "u8", value: 3 },
 * ], { size: 0x3000 });
 * const parsed = parsePartition(image);
 * if (parsed.items.length !== 2 || parsed.items[0].value !== "NF-000042") {
 *   throw new Error("wrong items");
 * }
 * if (parsed.namespaces[0].name !== "factory" || parsed.findings.length !== 0) {
 *   throw new Error("wrong namespaces or findings");
 * }
 * ```
 *
 * @param image the plain partition bytes: a non-zero multiple of 4096 bytes. Not modified.
 * @param options `decrypted`: the caller decrypted the image.
 * @throws {NvsforgeError} code `invalid-size` for an input that is not a whole number of
 *   pages. Nothing else: every problem of the image itself is a finding.
 */
export function parsePartition(image: Uint8Array, options: ParseOptions = {}): ParsedPartition {
  checkImageSize(image);
  return readPartition(image, options.decrypted === true);
}

/**
 * Runs the integrity check alone: the findings of {@linkcode parsePartition}.
 *
 * @example
 * ```ts
 * import { checkPartition, encodePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition(
 *   [{ kind: "namespace", name: "n" }, { kind: "entry", key: "k", type: "u32", value: 7 }],
 *   { size: 0x3000 },
 * );
 * image[64 + 32 + 24] ^= 1; // flip a bit of the value: the entry CRC no longer matches
 * const findings = checkPartition(image);
 * if (!findings.some((f) => f.code === "entry-crc" && f.key === "k")) {
 *   throw new Error("the flipped bit was not found");
 * }
 * ```
 *
 * @param image the plain partition bytes: a non-zero multiple of 4096 bytes. Not modified.
 * @param options `decrypted`: the caller decrypted the image.
 * @returns the findings: partition-wide first, then by page and entry.
 * @throws {NvsforgeError} as {@linkcode parsePartition}.
 */
export function checkPartition(image: Uint8Array, options: ParseOptions = {}): Finding[] {
  return parsePartition(image, options).findings;
}

/**
 * Whether a parsed partition is clean: no finding of severity error or warning.
 *
 * @example
 * ```ts
 * import { encodePartition, isCleanPartition, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([{ kind: "namespace", name: "n" }], { size: 0x3000 });
 * const parsed = parsePartition(image);
 * // An unused namespace is only a note (severity info): the image is clean.
 * if (parsed.findings[0]?.code !== "namespace-unused") throw new Error("no note");
 * if (!isCleanPartition(parsed)) throw new Error("not clean");
 * image[4096 - 1] = 0; // a byte after the last entry of page 0: data in an empty entry
 * if (isCleanPartition(parsePartition(image))) throw new Error("still clean");
 * ```
 *
 * @param parsed a partition read by {@linkcode parsePartition}.
 * @returns whether it has no finding of severity error or warning.
 */
export function isCleanPartition(parsed: ParsedPartition): boolean {
  return isClean(parsed.findings);
}

/**
 * The writer's records for a parsed partition: its live namespaces and items, in reading
 * order, a namespace record before the first item of each namespace (and where the
 * namespace's own entry is). Encoding them with the image's size and version gives back
 * the bytes of any image that ESP-IDF's generator or nvsforge wrote (the reference's
 * duplicate keys aside: only the live copy of a key is kept). Items in a namespace that
 * has no namespace entry are left out (the finding `namespace-undefined` names them).
 *
 * @example
 * ```ts
 * import {
 *   encodePartition,
 *   parsePartition,
 *   recordsFromPartition,
 * } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "cfg" },
 *   { kind: "entry", key: "big", type: "blob", value: new Uint8Array(5000).fill(7) },
 * ], { size: 0x4000 });
 * const parsed = parsePartition(image);
 * const again = encodePartition(recordsFromPartition(parsed), { size: parsed.size, version: parsed.version });
 * if (!again.every((b, i) => b === image[i])) throw new Error("not the same bytes");
 * ```
 *
 * @param parsed a partition read by {@linkcode parsePartition}.
 * @returns the records, ready for `encodePartition` or `stringifyCsv`.
 */
export function recordsFromPartition(parsed: ParsedPartition): NvsRecord[] {
  type Event = { order: number; ns?: NamespaceInfo; item?: NvsItem };
  const events: Event[] = [
    ...parsed.namespaces.map((ns) => ({ order: ns.order, ns })),
    ...parsed.items.map((item) => ({ order: item.order, item })),
  ].sort((a, b) => a.order - b.order);
  const records: NvsRecord[] = [];
  const opened = new Set<string>();
  let current: string | undefined;
  const open = (name: string) => {
    records.push({ kind: "namespace", name });
    opened.add(name);
    current = name;
  };
  for (const e of events) {
    if (e.ns) {
      if (!opened.has(e.ns.name)) open(e.ns.name);
      continue;
    }
    const item = e.item!;
    if (item.namespace === undefined) continue;
    if (current !== item.namespace) open(item.namespace);
    switch (item.type) {
      case "string":
        records.push({ kind: "entry", key: item.key, type: "string", value: item.value });
        break;
      case "blob":
        records.push({ kind: "entry", key: item.key, type: "blob", value: item.value });
        break;
      case "float":
      case "double":
        records.push({ kind: "entry", key: item.key, type: item.type, value: item.value });
        break;
      default:
        records.push({ kind: "entry", key: item.key, type: item.type, value: item.value });
    }
  }
  return records;
}

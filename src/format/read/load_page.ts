/**
 * Loading a page in use as ESP-IDF's `Page::load` does: walking its entries by the
 * entry-state bitmap, decoding each item header ({@linkcode Slot}), checking written
 * items (`check_item.ts`), and the findings about the bitmap itself (half-written
 * entries on the active page, entries whose state does not match their bytes). Older
 * copies of a key on the active page are left to the mount (`mount.ts`). Entry CRC
 * failures are reported once every page is loaded ({@linkcode reportEntryCrcs}): when no
 * written entry has a valid CRC, one summary replaces them.
 *
 * @module
 */

import type { FindingCollector, FindingPlace } from "../findings.ts";
import {
  computeCrc,
  ENTRIES_PER_PAGE,
  ENTRY,
  ENTRY_SIZE,
  entryOffset,
  EntryState,
  getEntryState,
  PAGE_SIZE,
  readNumber,
  VARLEN_DATA,
} from "../layout.ts";
import { checkItem } from "./check_item.ts";
import { hex8, type ImageBytes, isBlank } from "./image.ts";
import { decodeSlot, isVarlen, type Slot } from "./slot.ts";
import type { PageInfo } from "./types.ts";

/** What loading one page gives. */
export interface LoadedPage {
  /** The page. */
  page: PageInfo;
  /**
   * Every item header decoded on the page, in entry order: the written ones (whose
   * `loaded` says whether the library keeps them) and the erased ones (`erased`).
   */
  slots: Slot[];
  /**
   * Written entries whose CRC does not match and that are not inside the span of an
   * earlier such entry: each gets an `entry-crc` finding.
   */
  crcFailures: Slot[];
}

/** Whether the first word of an entry (namespace, type, span, chunk index) is erased flash. */
function headerWordBlank(image: ImageBytes, at: number): boolean {
  const f = ENTRY.fields;
  return [f.namespaceIndex, f.type, f.span, f.chunkIndex]
    .every((field) => readNumber(image.view, at, field) === 0xff);
}

/** Reads the entries of a page in use, as `Page::load` does. */
export function loadPage(
  image: ImageBytes,
  page: PageInfo,
  findings: FindingCollector,
): LoadedPage {
  const { buf } = image;
  const p = page.index;
  const base = p * PAGE_SIZE;
  const slots: Slot[] = [];
  const crcFailures: Slot[] = [];
  const states: number[] = [];
  for (let i = 0; i < ENTRIES_PER_PAGE; i++) states.push(getEntryState(buf, base, i));
  const active = page.state === "active";

  // On the active page the library reads up to the first empty entry. Entries from
  // there whose first word is not erased flash were being written when the power
  // went: the library marks them erased.
  let end = ENTRIES_PER_PAGE;
  if (active) {
    end = states.indexOf(EntryState.EMPTY);
    if (end < 0) end = ENTRIES_PER_PAGE;
    while (end < ENTRIES_PER_PAGE && !headerWordBlank(image, base + entryOffset(end))) {
      findings.add(
        "entry-half-written",
        "the entry after the last one written on the active page is not erased flash (a write interrupted by a power loss): ESP-IDF's library marks it erased",
        { page: p, entry: end },
      );
      states[end] = EntryState.ERASED;
      end++;
    }
  }

  let claimedUntil = 0; // payload entries of a header whose CRC failed: no more findings
  const emptyWithData: number[] = [];
  const writtenAfterEnd: number[] = [];
  let i = 0;
  while (i < ENTRIES_PER_PAGE) {
    const at = base + entryOffset(i);
    const st = states[i];
    if (st === EntryState.EMPTY) {
      if (!isBlank(buf, at, ENTRY_SIZE)) emptyWithData.push(i);
      i++;
      continue;
    }
    if (st !== EntryState.WRITTEN) {
      const erased = erasedSlot(image, page, i, st, findings);
      if (erased.slot) slots.push(erased.slot);
      i += erased.advance;
      continue;
    }
    if (i >= end) {
      writtenAfterEnd.push(i);
      i++;
      continue;
    }
    if (isBlank(buf, at, ENTRY_SIZE)) {
      if (i >= claimedUntil) {
        findings.add(
          "entry-blank-written",
          "the entry is marked written but is all 0xff: ESP-IDF's library finds its CRC wrong and erases it",
          { page: p, entry: i },
        );
      }
      i++;
      continue;
    }
    const slot = decodeSlot(image, p, i, st);
    slots.push(slot);
    if (!slot.crcValid) {
      if (i >= claimedUntil) crcFailures.push(slot);
      if (slot.span > 1 && i + slot.span <= ENTRIES_PER_PAGE) {
        claimedUntil = Math.max(claimedUntil, i + slot.span);
      }
      i++;
      continue;
    }
    const place: FindingPlace = { page: p, entry: i, key: slot.key };
    i += checkItem(image, page, slot, states, place, findings);
  }
  const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);
  if (writtenAfterEnd.length > 0) {
    const n = writtenAfterEnd.length;
    findings.add(
      "entry-state-mismatch",
      `${n} ${
        plural(n, "entry is", "entries are")
      } marked written after the first empty entry of the active page: ESP-IDF's library does not read ${
        plural(n, "it", "them")
      }`,
      { page: p, entry: writtenAfterEnd[0] },
      "error",
    );
  }
  if (emptyWithData.length > 0) {
    const n = emptyWithData.length;
    findings.add(
      "entry-state-mismatch",
      `${n} ${
        plural(n, "entry is", "entries are")
      } marked empty in the bitmap but not erased flash: ESP-IDF's library does not read ${
        plural(n, "it", "them")
      } and cannot write there`,
      { page: p, entry: emptyWithData[0] },
    );
  }
  return { page, slots, crcFailures };
}

/**
 * An entry marked erased: listed (as a slot) when it decodes as an item header with a
 * valid CRC, its span skipped when the span is erased too. Returns the slot, if any, and
 * the entries to advance.
 */
function erasedSlot(
  image: ImageBytes,
  page: PageInfo,
  i: number,
  bitmap: number,
  findings: FindingCollector,
): { slot?: Slot; advance: number } {
  const { buf, view } = image;
  const at = page.index * PAGE_SIZE + entryOffset(i);
  if (isBlank(buf, at, ENTRY_SIZE)) {
    if (bitmap === EntryState.ERASED) {
      findings.add(
        "entry-blank-erased",
        "the entry is marked erased but is all 0xff (only entries marked empty should be)",
        { page: page.index, entry: i },
        "info",
      );
    }
    return { advance: 1 };
  }
  const slot = decodeSlot(image, page.index, i, bitmap);
  if (!slot.crcValid) return { advance: 1 };
  slot.erased = true;
  if (isVarlen(slot.type) && slot.span > 1 && i + slot.span <= ENTRIES_PER_PAGE) {
    const size = readNumber(view, slot.dataBase, VARLEN_DATA.fields.size);
    if (size <= (slot.span - 1) * ENTRY_SIZE) {
      slot.payload = buf.subarray(at + ENTRY_SIZE, at + ENTRY_SIZE + size);
    }
    let n = 1;
    while (
      n < slot.span &&
      getEntryState(buf, page.index * PAGE_SIZE, i + n) === bitmap
    ) n++;
    return { slot, advance: n };
  }
  return { slot, advance: 1 };
}

/**
 * Reports the entry CRC failures of the pages loaded, or one `entries-unreadable`
 * summary when no written entry has a valid CRC (a wrong key, or no key for an
 * encrypted image).
 *
 * @param image the image read.
 * @param loaded the pages loaded, in sequence-number order.
 * @param decrypted whether the image was decrypted (the summary says why it may fail).
 * @param findings receives the findings.
 */
export function reportEntryCrcs(
  image: ImageBytes,
  loaded: readonly LoadedPage[],
  decrypted: boolean,
  findings: FindingCollector,
): void {
  const written = loaded.flatMap((l) => l.slots).filter((s) => !s.erased);
  const writtenHeaders = written.length;
  if (writtenHeaders > 0 && written.every((s) => !s.crcValid)) {
    findings.add(
      "entries-unreadable",
      `none of the ${writtenHeaders} written entries has a valid CRC: ${
        decrypted
          ? "the key does not match the image, or the image is not encrypted"
          : "the image is probably encrypted (give its key)"
      }`,
    );
    return;
  }
  const f = ENTRY.fields;
  for (const s of loaded.flatMap((l) => l.crcFailures)) {
    findings.add(
      "entry-crc",
      `entry CRC is ${hex8(readNumber(image.view, s.base, f.crc32))} but the entry gives ${
        hex8(computeCrc(ENTRY, image.buf, s.base))
      }: ESP-IDF's library erases the entry`,
      { page: s.page, entry: s.entry, key: s.key },
    );
  }
}

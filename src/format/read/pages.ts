/**
 * Pages: each page's header and entry-state counts, the pages ESP-IDF's library uses (a
 * valid header of a known version, state active, full or freeing) in sequence-number
 * order, and the findings about pages and the page list as a whole.
 *
 * @module
 */

import type { FindingCollector } from "../findings.ts";
import {
  computeCrc,
  crcMatches,
  ENTRIES_PER_PAGE,
  EntryState,
  getEntryState,
  PAGE_HEADER,
  PAGE_SIZE,
  PageState,
  PageVersion,
  readNumber,
} from "../layout.ts";
import { hex2, hex8, type ImageBytes, isBlank } from "./image.ts";
import type { PageInfo, PageStateName } from "./types.ts";

function stateName(value: number): PageStateName {
  switch (value) {
    case PageState.EMPTY:
      return "empty";
    case PageState.ACTIVE:
      return "active";
    case PageState.FULL:
      return "full";
    case PageState.FREEING:
      return "freeing";
  }
  return "corrupt";
}

/**
 * Reads the header and bitmap counts of every page, by position in the image, with a
 * finding for each page the library ignores or refuses. A page in use gets `order` -1
 * until the mount gives it its place in the reading order (see {@linkcode pagesInUse}).
 */
export function readPages(image: ImageBytes, findings: FindingCollector): PageInfo[] {
  const pages: PageInfo[] = [];
  const pageCount = image.buf.length / PAGE_SIZE;
  for (let p = 0; p < pageCount; p++) pages.push(readHeader(image, p, findings));
  return pages;
}

/** The pages in use (valid header, known version and state), by sequence number (stable). */
export function pagesInUse(pages: readonly PageInfo[]): PageInfo[] {
  return pages
    .filter((p) => p.order === -1)
    .sort((a, b) => a.sequenceNumber! - b.sequenceNumber! || a.index - b.index);
}

function readHeader(image: ImageBytes, p: number, findings: FindingCollector): PageInfo {
  const { buf, view } = image;
  const base = p * PAGE_SIZE;
  const h = PAGE_HEADER.fields;
  const stateValue = readNumber(view, base, h.state);
  const info: PageInfo = {
    index: p,
    state: stateName(stateValue),
    stateValue,
    written: 0,
    erased: 0,
    empty: 0,
  };
  for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
    const s = getEntryState(buf, base, i);
    if (s === EntryState.WRITTEN) info.written++;
    else if (s === EntryState.ERASED) info.erased++;
    else if (s === EntryState.EMPTY) info.empty++;
    else info.erased++; // 0b01: not a state ESP-IDF writes; it compares it as not written
  }
  if (stateValue === PageState.EMPTY) {
    if (!isBlank(buf, base, PAGE_SIZE)) {
      info.state = "corrupt";
      findings.add(
        "page-not-blank",
        "the page has no header (state 0xffffffff) but is not erased: ESP-IDF's library treats it as corrupt, ignores what it holds and erases it when it needs the page",
        { page: p },
      );
    }
    return info;
  }
  info.versionValue = readNumber(view, base, h.version);
  info.headerCrcValid = crcMatches(PAGE_HEADER, view, buf, base);
  if (!info.headerCrcValid) {
    info.state = "corrupt";
    findings.add(
      "page-header-crc",
      `page header CRC is ${hex8(readNumber(view, base, h.crc32))} but the header gives ${
        hex8(computeCrc(PAGE_HEADER, buf, base))
      }: ESP-IDF's library treats the page as corrupt and ignores its ${info.written} written entries`,
      { page: p },
    );
    return info;
  }
  info.sequenceNumber = readNumber(view, base, h.sequenceNumber);
  if (info.versionValue === PageVersion.V1) info.version = 1;
  else if (info.versionValue === PageVersion.V2) info.version = 2;
  if (info.state === "corrupt") {
    if (stateValue === PageState.CORRUPT) {
      findings.add(
        "page-marked-corrupt",
        "the page is marked corrupt: ESP-IDF's library ignores it",
        { page: p },
      );
    } else {
      findings.add(
        "page-state-invalid",
        `page state ${
          hex8(stateValue)
        } is not empty, active, full or freeing: ESP-IDF's library treats the page as corrupt and ignores it`,
        { page: p },
      );
    }
    return info;
  }
  if (info.version === undefined) {
    findings.add(
      "page-version-unknown",
      `page format version byte ${
        hex2(info.versionValue)
      } is neither 0xff (version 1) nor 0xfe (version 2): ESP-IDF's library refuses to mount the partition (ESP_ERR_NVS_NEW_VERSION_FOUND)`,
      { page: p },
    );
    return info;
  }
  info.order = -1; // in use: ordered later
  return info;
}

/**
 * Whether the library, finishing an interrupted page move when it starts, frees a page
 * itself: it erases the active page after the freeing one (a partial copy), copies the
 * freeing page there and erases the freeing page.
 */
function redoesMove(list: readonly PageInfo[]): boolean {
  const last = list.at(-1);
  return last?.state === "active" && list.some((p) => p.state === "freeing");
}

/**
 * Findings about the page list as a whole: pages in use sharing a sequence number,
 * several active pages, mixed format versions, too few pages, no free page.
 *
 * @param pages every page, by position in the image.
 * @param list the pages in use, in sequence-number order ({@linkcode pagesInUse}).
 */
export function checkPageList(
  pages: readonly PageInfo[],
  list: readonly PageInfo[],
  findings: FindingCollector,
): void {
  const pageCount = pages.length;
  for (let i = 1; i < list.length; i++) {
    if (list[i].sequenceNumber === list[i - 1].sequenceNumber) {
      findings.add(
        "page-sequence-duplicate",
        `page has sequence number ${list[i].sequenceNumber}, as page ${
          list[i - 1].index
        } does: the order of their items is ambiguous`,
        { page: list[i].index },
      );
    }
  }
  const active = list.filter((p) => p.state === "active");
  if (active.length > 1) {
    findings.add(
      "active-pages-multiple",
      `${active.length} pages are active (pages ${
        active.map((p) => p.index).join(", ")
      }): a partition has at most one; ESP-IDF's library writes to the one with the highest sequence number`,
    );
  }
  const versions = new Set(list.map((p) => p.version));
  if (versions.size > 1) {
    const v1 = list.filter((p) => p.version === 1).map((p) => p.index);
    findings.add(
      "page-versions-mixed",
      `pages of format version 1 (pages ${v1.join(", ")}) and 2 in one partition`,
    );
  }
  if (pageCount < 3) {
    findings.add(
      "partition-small",
      `the image has ${pageCount} page${
        pageCount > 1 ? "s" : ""
      }: below 0x3000 bytes a partition can only be mounted read-only`,
    );
  } else if (
    !pages.some((p) => p.state === "empty" || p.state === "corrupt") && !redoesMove(list)
  ) {
    findings.add(
      "no-free-page",
      "no page is free: ESP-IDF's library refuses to mount the partition read/write (ESP_ERR_NVS_NO_FREE_PAGES); the image looks truncated",
    );
  }
}

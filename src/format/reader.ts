/**
 * The image reader: partition bytes → pages, namespaces, live items, every entry, and the
 * integrity check's findings. It reads every field through the layout tables of
 * `layout.ts`, as the writer writes them, and reads an image the way ESP-IDF's NVS
 * library (`nvs_flash`: `Page::load`, `PageManager::load`, `Storage::init`) does when it
 * mounts the partition:
 *
 * - Pages whose header is valid and whose state is active, full or freeing are used, in
 *   sequence-number order; empty pages are free; a page whose header CRC does not match,
 *   whose state is unknown, or that has no header but holds data is corrupt and ignored.
 * - In a page, only entries marked written in the entry-state bitmap count; an entry
 *   whose CRC does not match is ignored, as is a string or blob whose data entries are
 *   not all marked written. On the active page, entries after the first empty one are
 *   not read (a half-written entry there is a power-loss remnant).
 * - The live value of a key (namespace, key and chunk index, whatever the type) is its
 *   latest copy. The library itself erases older copies on the active page and the older
 *   copy of the last item written; other duplicates are reported as errors (see
 *   {@linkcode FindingCode} `duplicate-key`).
 * - A page in the freeing state (a page move interrupted by a power loss) is copied
 *   again: the active page after it, a partial copy, is discarded, and the freeing
 *   page's items become the newest.
 * - Namespaces are the u8 entries of namespace 0. Version-2 blobs are reassembled from
 *   the chunks that their index names (chunk start 0 or 128); chunks no index names are
 *   orphans, which the library erases. Version-1 blobs are single items.
 * - Strings, blobs and chunks whose data CRC does not match cannot be read.
 *
 * Nothing here touches the file system: bytes in, typed values out (browser-compatible).
 * A malformed image never makes the reader throw, crash or hang: every problem is a
 * {@linkcode Finding}. Only an input that is not an NVS partition at all (empty, not a
 * whole number of 4096-byte pages) is refused with an `NvsforgeError`.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import { decryptPartition } from "../crypto/partition.ts";
import { readInt } from "./_struct.ts";
import { crc32 } from "./crc32.ts";
import { FindingCollector, isClean, quoteText } from "./findings.ts";
import type { Finding, FindingPlace } from "./findings.ts";
import type { FormatVersion, NvsRecord } from "./items.ts";
import {
  BLOB_INDEX_DATA,
  bytesOf,
  CHUNK_ANY,
  computeCrc,
  crcMatches,
  ENTRIES_PER_PAGE,
  ENTRY,
  ENTRY_SIZE,
  entryOffset,
  EntryState,
  getEntryState,
  INTEGER_TYPES,
  ItemType,
  LIMITS,
  PAGE,
  PAGE_HEADER,
  PAGE_SIZE,
  PageState,
  PageVersion,
  readNumber,
  VARLEN_DATA,
} from "./layout.ts";
import type { IntegerType } from "./layout.ts";

export type { Finding, FindingCode, Severity } from "./findings.ts";

/** Options of {@linkcode parsePartition}. */
export interface ParseOptions {
  /**
   * XTS key material (data key then tweak key, 64 bytes): the image is decrypted first,
   * as `nvs decrypt` does. Without it the image is read as plain.
   */
  keys?: Uint8Array;
}

/** A page state by name; any state value ESP-IDF does not know is `corrupt`. */
export type PageStateName = "empty" | "active" | "full" | "freeing" | "corrupt";

/** One 4096-byte page of the image. */
export interface PageInfo {
  /** Position of the page in the image: 0 for the first 4096 bytes. */
  index: number;
  /** The state, as ESP-IDF's library sees it (a page with a bad header is `corrupt`). */
  state: PageStateName;
  /** The raw state word of the header. */
  stateValue: number;
  /** Sequence number, for a page with a valid header. */
  sequenceNumber?: number;
  /** Format version, for a page with a valid header of a known version. */
  version?: FormatVersion;
  /** The raw version byte, for a page with a header. */
  versionValue?: number;
  /** Whether the header CRC matches (undefined for an erased page without a header). */
  headerCrcValid?: boolean;
  /**
   * Position of the page in the order the library reads pages (by sequence number; an
   * interrupted page move puts the freeing page last). Undefined for pages it does not
   * read: empty and corrupt ones, or an active page it discards.
   */
  order?: number;
  /** Entries marked written in the bitmap. */
  written: number;
  /** Entries marked erased in the bitmap. */
  erased: number;
  /** Entries marked empty in the bitmap. */
  empty: number;
}

/** A namespace: a u8 entry of namespace 0 whose key is the name and whose value its index. */
export interface NamespaceInfo {
  /** The name. */
  name: string;
  /** Its index (1..254): items of the namespace carry it. */
  index: number;
  /** Page of its entry. */
  page: number;
  /** Entry within the page. */
  entry: number;
  /** Position in reading order (see {@linkcode NvsItem.order}). */
  order: number;
  /** Live items in the namespace. */
  items: number;
}

interface ItemBase {
  /** Namespace name; undefined when no namespace entry defines the index. */
  namespace: string | undefined;
  /** Namespace index of the item's entries. */
  namespaceIndex: number;
  /** The key. */
  key: string;
  /** Page of the item's entry (for a version-2 blob: of its index entry). */
  page: number;
  /** Entry within the page. */
  entry: number;
  /**
   * Position in the order ESP-IDF's library reads the partition: pages by sequence
   * number, entries in page order (a version-2 blob is at its first chunk, where
   * `nvs_entry_next` reports it). Items are listed in this order.
   */
  order: number;
}

/** An integer item: 64-bit types as bigint, the others as number. */
export interface IntegerItem extends ItemBase {
  /** The integer type. */
  type: IntegerType;
  /** The value. */
  value: number | bigint;
}

/** A string item. */
export interface StringItem extends ItemBase {
  /** Type. */
  type: "string";
  /** The text, without its NUL terminator (decoded as UTF-8; see `string-malformed`). */
  value: string;
}

/** Where one chunk of a version-2 blob is. */
export interface BlobChunkInfo {
  /** The chunk index stored in the entry (chunk start + 0, 1, …). */
  chunkIndex: number;
  /** Page of the chunk's entry. */
  page: number;
  /** Entry within the page. */
  entry: number;
  /** Bytes of data in the chunk. */
  size: number;
}

/** A blob item: a version-1 blob (one entry run), or a version-2 blob reassembled. */
export interface BlobItem extends ItemBase {
  /** Type. */
  type: "blob";
  /** The bytes. */
  value: Uint8Array;
  /** `single`: a version-1 blob item (0x41); `multipage`: chunks (0x42) and an index (0x48). */
  layout: "single" | "multipage";
  /** Multipage blobs: the chunk start of the index (0 or 128). */
  chunkStart?: number;
  /** Multipage blobs: the chunks, in order. */
  chunks?: BlobChunkInfo[];
}

/** A live value, as firmware reads it. */
export type NvsItem = IntegerItem | StringItem | BlobItem;

/** Item types by name, as listed for entries. */
export type EntryTypeName =
  | IntegerType
  | "string"
  | "blob"
  | "blob-data"
  | "blob-index"
  | "unknown";

/** What became of an entry. */
export type EntryStatus =
  /** Part of a live item or namespace. */
  | "live"
  /** A copy of a key that a later copy replaces (or a discarded partial page copy). */
  | "superseded"
  /** Marked erased (or half-written, which the library erases). */
  | "erased"
  /** Unreadable: a CRC that does not match, a broken span, an orphan chunk… */
  | "invalid";

/** The data field of a blob index entry. */
export interface BlobIndexValue {
  /** Size of the whole blob. */
  totalSize: number;
  /** Number of chunks. */
  chunkCount: number;
  /** Index of the first chunk: 0 or 128. */
  chunkStart: number;
}

/** One item header entry (and the entries its span covers), whatever its state. */
export interface EntryInfo {
  /** Page of the entry, by position in the image. */
  page: number;
  /** Entry within the page (0..125). */
  entry: number;
  /** Its state in the page's bitmap. */
  state: "written" | "erased" | "empty";
  /** What became of it. */
  status: EntryStatus;
  /** Namespace index. */
  namespaceIndex: number;
  /** Namespace name, when known. */
  namespace?: string;
  /** The key (bytes up to the first NUL, as UTF-8). */
  key: string;
  /** The item type by name. */
  type: EntryTypeName;
  /** The raw type code. */
  typeCode: number;
  /** Entries the item spans, itself included. */
  span: number;
  /** Chunk index (0xFF for anything but a blob chunk). */
  chunkIndex: number;
  /** Whether the entry CRC matches. */
  crcValid: boolean;
  /**
   * The value, when it can be decoded: an integer, a string, the bytes of a blob or a
   * chunk, or a blob index's fields.
   */
  value?: number | bigint | string | Uint8Array | BlobIndexValue;
}

/** Everything read from an image. */
export interface ParsedPartition {
  /** Size of the image in bytes (a multiple of 4096). */
  size: number;
  /**
   * Format version of the pages in use (of the first page in reading order); undefined
   * when no page is in use.
   */
  version?: FormatVersion;
  /** Whether the image was decrypted with the keys given. */
  decrypted: boolean;
  /** Every page, by position in the image. */
  pages: PageInfo[];
  /** The live namespaces, in reading order. */
  namespaces: NamespaceInfo[];
  /** The live values, in reading order. */
  items: NvsItem[];
  /** Every item header entry (written, erased, superseded, invalid), by page and entry. */
  entries: EntryInfo[];
  /** What the integrity check found: partition-wide first, then by page and entry. */
  findings: Finding[];
}

// ---------------------------------------------------------------------------------------

const utf8Fatal = new TextDecoder("utf-8", { fatal: true });
const utf8Lenient = new TextDecoder("utf-8");

/** Chunk starts of version-2 blobs: ESP-IDF alternates between them on each rewrite. */
const CHUNK_STARTS: readonly number[] = [0, LIMITS.blobMaxChunks];

const INTEGER_BY_CODE: ReadonlyMap<number, IntegerType> = new Map(
  (Object.keys(INTEGER_TYPES) as IntegerType[]).map((t) => [INTEGER_TYPES[t].code, t]),
);

function typeName(code: number): EntryTypeName {
  const int = INTEGER_BY_CODE.get(code);
  if (int) return int;
  switch (code) {
    case ItemType.STRING:
      return "string";
    case ItemType.BLOB:
      return "blob";
    case ItemType.BLOB_DATA:
      return "blob-data";
    case ItemType.BLOB_INDEX:
      return "blob-index";
  }
  return "unknown";
}

const isVarlen = (code: number) =>
  code === ItemType.STRING || code === ItemType.BLOB || code === ItemType.BLOB_DATA;

const hex8 = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
const hex2 = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;

function isBlank(buf: Uint8Array, start: number, length: number): boolean {
  for (let i = start, end = start + length; i < end; i++) if (buf[i] !== 0xff) return false;
  return true;
}

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

/** A decoded item header entry and what the reader concluded about it. */
interface Slot {
  page: number;
  entry: number;
  bitmap: number;
  ns: number;
  type: number;
  span: number;
  chunkIndex: number;
  /** Key bytes up to the NUL, one char per byte: identity as ESP-IDF compares keys. */
  keyId: string;
  key: string;
  /** The key bytes are valid UTF-8. */
  keyUtf8: boolean;
  crcValid: boolean;
  /** Kept by the library after loading its page (it is in the page's item list). */
  loaded: boolean;
  /** Its value can be read by key. */
  readable: boolean;
  /** Data CRC matches (strings, blobs, chunks). */
  dataCrcValid: boolean;
  superseded: boolean;
  erased: boolean;
  /** Final status, set at the end. */
  status?: EntryStatus;
  payload?: Uint8Array;
  /** Offset of the entry in the image. */
  base: number;
  /** Offset of its data field. */
  dataBase: number;
  order: number;
}

const identity = (s: Slot) => `${s.ns}/${s.chunkIndex}/${s.keyId}`;

/** Reads an image; see the module documentation. */
class Reader {
  readonly findings = new FindingCollector();
  private readonly entryCrcFindings: [string, FindingPlace][] = [];
  readonly pages: PageInfo[] = [];
  readonly slots: Slot[] = [];
  private readonly pageSlots = new Map<number, Slot[]>();
  private writtenHeaders = 0;
  private validHeaders = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array, private readonly decrypted: boolean) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  read(): ParsedPartition {
    const pageCount = this.buf.length / PAGE_SIZE;
    for (let p = 0; p < pageCount; p++) this.pages.push(this.readHeader(p));

    // The page list: pages with a valid header in use, by sequence number (stable).
    const list = this.pages
      .filter((p) => p.order === -1)
      .sort((a, b) => a.sequenceNumber! - b.sequenceNumber! || a.index - b.index);
    for (const p of list) this.loadPage(p);
    this.checkPageList(list, pageCount);

    const order = this.resolvePageOrder(list);
    order.forEach((p, i) => p.order = i);
    for (const p of this.pages) if (p.order === -1) p.order = undefined;
    for (const s of this.slots) {
      const o = this.pages[s.page].order;
      s.order = o === undefined ? -1 : o * PAGE.size / ENTRY_SIZE + s.entry;
    }

    this.resolveDuplicates();
    const namespaces = this.readNamespaces();
    const items = this.readItems(namespaces);
    this.reportEntryCrcs();

    const liveNamespaces = [...namespaces.values()].sort((a, b) => a.order - b.order);
    for (const n of liveNamespaces) {
      n.items = items.filter((i) => i.namespaceIndex === n.index).length;
      if (n.items === 0) {
        this.findings.add(
          "namespace-unused",
          `namespace ${quoteText(n.name)} (index ${n.index}) holds no items`,
          { page: n.page, entry: n.entry, namespace: n.name },
        );
      }
    }
    const nsNames = new Map<number, string>();
    for (const n of liveNamespaces) if (!nsNames.has(n.index)) nsNames.set(n.index, n.name);

    return {
      size: this.buf.length,
      version: order[0]?.version,
      decrypted: this.decrypted,
      pages: this.pages,
      namespaces: liveNamespaces,
      items,
      entries: this.entryInfos(nsNames),
      findings: this.findings.list(),
    };
  }

  // --- pages -------------------------------------------------------------------------

  private readHeader(p: number): PageInfo {
    const base = p * PAGE_SIZE;
    const h = PAGE_HEADER.fields;
    const stateValue = readNumber(this.view, base, h.state);
    const info: PageInfo = {
      index: p,
      state: stateName(stateValue),
      stateValue,
      written: 0,
      erased: 0,
      empty: 0,
    };
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      const s = getEntryState(this.buf, base, i);
      if (s === EntryState.WRITTEN) info.written++;
      else if (s === EntryState.ERASED) info.erased++;
      else if (s === EntryState.EMPTY) info.empty++;
      else info.erased++; // 0b01: not a state ESP-IDF writes; it compares it as not written
    }
    if (stateValue === PageState.EMPTY) {
      if (!isBlank(this.buf, base, PAGE_SIZE)) {
        info.state = "corrupt";
        this.findings.add(
          "page-not-blank",
          "the page has no header (state 0xffffffff) but is not erased: ESP-IDF's library treats it as corrupt, ignores what it holds and erases it when it needs the page",
          { page: p },
        );
      }
      return info;
    }
    info.versionValue = readNumber(this.view, base, h.version);
    info.headerCrcValid = crcMatches(PAGE_HEADER, this.view, this.buf, base);
    if (!info.headerCrcValid) {
      info.state = "corrupt";
      this.findings.add(
        "page-header-crc",
        `page header CRC is ${hex8(readNumber(this.view, base, h.crc32))} but the header gives ${
          hex8(computeCrc(PAGE_HEADER, this.buf, base))
        }: ESP-IDF's library treats the page as corrupt and ignores its ${info.written} written entries`,
        { page: p },
      );
      return info;
    }
    info.sequenceNumber = readNumber(this.view, base, h.sequenceNumber);
    if (info.versionValue === PageVersion.V1) info.version = 1;
    else if (info.versionValue === PageVersion.V2) info.version = 2;
    if (info.state === "corrupt") {
      if (stateValue === PageState.CORRUPT) {
        this.findings.add(
          "page-marked-corrupt",
          "the page is marked corrupt: ESP-IDF's library ignores it",
          { page: p },
        );
      } else {
        this.findings.add(
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
      this.findings.add(
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

  private checkPageList(list: PageInfo[], pageCount: number): void {
    for (let i = 1; i < list.length; i++) {
      if (list[i].sequenceNumber === list[i - 1].sequenceNumber) {
        this.findings.add(
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
      this.findings.add(
        "active-pages-multiple",
        `${active.length} pages are active (pages ${
          active.map((p) => p.index).join(", ")
        }): a partition has at most one; ESP-IDF's library writes to the one with the highest sequence number`,
      );
    }
    const versions = new Set(list.map((p) => p.version));
    if (versions.size > 1) {
      const v1 = list.filter((p) => p.version === 1).map((p) => p.index);
      this.findings.add(
        "page-versions-mixed",
        `pages of format version 1 (pages ${v1.join(", ")}) and 2 in one partition`,
      );
    }
    if (pageCount < 3) {
      this.findings.add(
        "partition-small",
        `the image has ${pageCount} page${
          pageCount > 1 ? "s" : ""
        }: below 0x3000 bytes a partition can only be mounted read-only`,
      );
    } else if (!this.pages.some((p) => p.state === "empty" || p.state === "corrupt")) {
      this.findings.add(
        "no-free-page",
        "no page is free: ESP-IDF's library refuses to mount the partition read/write (ESP_ERR_NVS_NO_FREE_PAGES); the image looks truncated",
      );
    }
  }

  /**
   * The reading order of the pages after the library's repairs: the older copy of the
   * last item written is erased, and an interrupted page move is redone.
   */
  private resolvePageOrder(list: PageInfo[]): PageInfo[] {
    const last = list.at(-1);
    if (!last) return list;
    // The older copy of the last item of the last page (power lost between writing a new
    // value and erasing the old one): erased from the first earlier page holding it.
    const lastSlot = this.pageSlots.get(last.index)!.filter((s) => s.loaded).at(-1);
    if (lastSlot) {
      const erase = (type: number) => {
        for (const p of list) {
          if (p === last) break;
          if (p.state === "freeing") continue;
          const match = this.pageSlots.get(p.index)!.find((s) =>
            s.loaded && s.ns === lastSlot.ns && s.keyId === lastSlot.keyId &&
            s.chunkIndex === lastSlot.chunkIndex
          );
          if (match && match.type === type) {
            this.supersede(match, lastSlot, true);
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
      for (const s of this.pageSlots.get(last.index)!) {
        if (s.loaded) {
          s.loaded = false;
          s.superseded = true;
        }
      }
      discarded = `; the active page ${last.index}, a partial copy, is discarded`;
    }
    this.findings.add(
      "page-freeing",
      `the page is being freed (a page move interrupted by a power loss): ESP-IDF's library copies its items to a new page when it mounts the partition${discarded}`,
      { page: f.index },
    );
    if (freeing.length > 1) {
      this.findings.add(
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

  // --- entries -------------------------------------------------------------------------

  /** Whether the first word of an entry (namespace, type, span, chunk index) is erased flash. */
  private headerWordBlank(at: number): boolean {
    const f = ENTRY.fields;
    return [f.namespaceIndex, f.type, f.span, f.chunkIndex]
      .every((field) => readNumber(this.view, at, field) === 0xff);
  }

  /** Reads the entries of a page in use, as `Page::load` does. */
  private loadPage(page: PageInfo): void {
    const p = page.index;
    const base = p * PAGE_SIZE;
    const slots: Slot[] = [];
    this.pageSlots.set(p, slots);
    const states: number[] = [];
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) states.push(getEntryState(this.buf, base, i));
    const active = page.state === "active";

    // On the active page the library reads up to the first empty entry. Entries from
    // there whose first word is not erased flash were being written when the power
    // went: the library marks them erased.
    let end = ENTRIES_PER_PAGE;
    if (active) {
      end = states.indexOf(EntryState.EMPTY);
      if (end < 0) end = ENTRIES_PER_PAGE;
      while (end < ENTRIES_PER_PAGE && !this.headerWordBlank(base + entryOffset(end))) {
        this.findings.add(
          "entry-half-written",
          "the entry after the last one written on the active page is not erased flash (a write interrupted by a power loss): ESP-IDF's library marks it erased",
          { page: p, entry: end },
        );
        states[end] = EntryState.ERASED;
        end++;
      }
    }

    const byIdentity = new Map<string, Slot>(); // the active page's duplicate check
    let claimedUntil = 0; // payload entries of a header whose CRC failed: no more findings
    const emptyWithData: number[] = [];
    const writtenAfterEnd: number[] = [];
    let i = 0;
    while (i < ENTRIES_PER_PAGE) {
      const at = base + entryOffset(i);
      const st = states[i];
      if (st === EntryState.EMPTY) {
        if (!isBlank(this.buf, at, ENTRY_SIZE)) emptyWithData.push(i);
        i++;
        continue;
      }
      if (st !== EntryState.WRITTEN) {
        i += this.erasedSlot(page, i, st);
        continue;
      }
      if (i >= end) {
        writtenAfterEnd.push(i);
        i++;
        continue;
      }
      if (isBlank(this.buf, at, ENTRY_SIZE)) {
        if (i >= claimedUntil) {
          this.findings.add(
            "entry-blank-written",
            "the entry is marked written but is all 0xff: ESP-IDF's library finds its CRC wrong and erases it",
            { page: p, entry: i },
          );
        }
        i++;
        continue;
      }
      this.writtenHeaders++;
      const slot = this.decode(page, i, st);
      slots.push(slot);
      this.slots.push(slot);
      const place: FindingPlace = { page: p, entry: i, key: slot.key };
      if (!slot.crcValid) {
        if (i >= claimedUntil) {
          const f = ENTRY.fields;
          this.entryCrcFindings.push([
            `entry CRC is ${hex8(readNumber(this.view, at, f.crc32))} but the entry gives ${
              hex8(computeCrc(ENTRY, this.buf, at))
            }: ESP-IDF's library erases the entry`,
            place,
          ]);
        }
        if (slot.span > 1 && i + slot.span <= ENTRIES_PER_PAGE) {
          claimedUntil = Math.max(claimedUntil, i + slot.span);
        }
        i++;
        continue;
      }
      this.validHeaders++;
      const advance = this.checkItem(page, slot, states, place);
      if (active && slot.loaded) {
        const id = identity(slot);
        const older = byIdentity.get(id);
        if (older) this.supersede(older, slot, true);
        byIdentity.set(id, slot);
      }
      i += advance;
    }
    const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);
    if (writtenAfterEnd.length > 0) {
      const n = writtenAfterEnd.length;
      this.findings.add(
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
      this.findings.add(
        "entry-state-mismatch",
        `${n} ${
          plural(n, "entry is", "entries are")
        } marked empty in the bitmap but not erased flash: ESP-IDF's library does not read ${
          plural(n, "it", "them")
        } and cannot write there`,
        { page: p, entry: emptyWithData[0] },
      );
    }
  }

  /** Decodes the header fields of entry `i` of a page. */
  private decode(page: PageInfo, i: number, bitmap: number): Slot {
    const at = page.index * PAGE_SIZE + entryOffset(i);
    const f = ENTRY.fields;
    const keyField = bytesOf(this.buf, at, f.key);
    const nul = keyField.indexOf(0);
    const keyBytes = keyField.subarray(0, nul < 0 ? keyField.length : nul);
    let keyId = "";
    for (const b of keyBytes) keyId += String.fromCharCode(b);
    let keyUtf8 = true;
    try {
      utf8Fatal.decode(keyBytes);
    } catch {
      keyUtf8 = false;
    }
    return {
      page: page.index,
      entry: i,
      bitmap,
      ns: readNumber(this.view, at, f.namespaceIndex),
      type: readNumber(this.view, at, f.type),
      span: readNumber(this.view, at, f.span),
      chunkIndex: readNumber(this.view, at, f.chunkIndex),
      keyId,
      key: utf8Lenient.decode(keyBytes),
      keyUtf8,
      crcValid: crcMatches(ENTRY, this.view, this.buf, at),
      loaded: false,
      readable: false,
      dataCrcValid: true,
      superseded: false,
      erased: false,
      base: at,
      dataBase: at + f.data.offset,
      order: -1,
    };
  }

  /**
   * An entry marked erased: listed when it decodes as an item header (its span skipped
   * when the span is erased too). Returns the entries to advance.
   */
  private erasedSlot(page: PageInfo, i: number, bitmap: number): number {
    const at = page.index * PAGE_SIZE + entryOffset(i);
    if (isBlank(this.buf, at, ENTRY_SIZE)) {
      if (bitmap === EntryState.ERASED) {
        this.findings.add(
          "entry-blank-erased",
          "the entry is marked erased but is all 0xff (only entries marked empty should be)",
          { page: page.index, entry: i },
          "info",
        );
      }
      return 1;
    }
    const slot = this.decode(page, i, bitmap);
    if (!slot.crcValid) return 1;
    slot.erased = true;
    this.slots.push(slot);
    if (isVarlen(slot.type) && slot.span > 1 && i + slot.span <= ENTRIES_PER_PAGE) {
      const size = readNumber(this.view, slot.dataBase, VARLEN_DATA.fields.size);
      if (size <= (slot.span - 1) * ENTRY_SIZE) {
        slot.payload = this.buf.subarray(at + ENTRY_SIZE, at + ENTRY_SIZE + size);
      }
      let n = 1;
      while (
        n < slot.span &&
        getEntryState(this.buf, page.index * PAGE_SIZE, i + n) === bitmap
      ) n++;
      return n;
    }
    return 1;
  }

  /** Checks an item whose entry CRC matches; returns the entries to advance. */
  private checkItem(
    page: PageInfo,
    s: Slot,
    states: number[],
    place: FindingPlace,
  ): number {
    const i = s.entry;
    const fixedAdvance = page.state === "active"
      ? 1
      : Math.max(1, Math.min(s.span, ENTRIES_PER_PAGE - i));
    // The key: at most 15 bytes and a NUL within the 16-byte field.
    let keyOk = true;
    if (s.keyId.length === ENTRY.fields.key.size!) {
      keyOk = false;
      this.findings.add(
        "key-invalid",
        "the key has no NUL terminator within its 16 bytes: ESP-IDF's library cannot look it up",
        place,
      );
    } else if (!s.keyUtf8) {
      this.findings.add(
        "key-invalid",
        `the key is not UTF-8 text: shown as ${quoteText(s.key)}`,
        place,
        "warning",
      );
    }

    if (isVarlen(s.type)) {
      if (s.span === 0) {
        this.findings.add(
          "span-invalid",
          `span 0 on a ${typeName(s.type)} item: ESP-IDF's library cannot step over it`,
          place,
        );
        return 1;
      }
      if (i + s.span > ENTRIES_PER_PAGE) {
        this.findings.add(
          "span-past-page",
          `the ${
            typeName(s.type)
          } item spans ${s.span} entries from entry ${i}: past the end of the page (entry ${
            ENTRIES_PER_PAGE - 1
          })`,
          place,
        );
        return 1;
      }
      for (let j = i + 1; j < i + s.span; j++) {
        if (states[j] !== EntryState.WRITTEN) {
          this.findings.add(
            "span-not-written",
            `entry ${j}, part of this ${typeName(s.type)} item's ${s.span}-entry span, is marked ${
              states[j] === EntryState.EMPTY ? "empty" : "erased"
            }: ESP-IDF's library erases the item`,
            place,
          );
          return s.span;
        }
      }
      const size = readNumber(this.view, s.dataBase, VARLEN_DATA.fields.size);
      const need = Math.ceil(size / ENTRY_SIZE) + 1;
      if (need > s.span) {
        this.findings.add(
          "span-invalid",
          `the ${
            typeName(s.type)
          } item holds ${size} bytes, which need ${need} entries, but spans ${s.span}: it cannot be read`,
          place,
        );
        return s.span;
      }
      if (need < s.span) {
        this.findings.add(
          "span-invalid",
          `the ${
            typeName(s.type)
          } item holds ${size} bytes, which need ${need} entries, but spans ${s.span} (no ESP-IDF writer does this)`,
          place,
          "warning",
        );
      }
      const at = s.base + ENTRY_SIZE;
      s.payload = this.buf.subarray(at, at + size);
      s.dataCrcValid = crc32(s.payload) ===
        readNumber(this.view, s.dataBase, VARLEN_DATA.fields.dataCrc32);
      s.loaded = true;
      s.readable = keyOk && s.dataCrcValid;
      const chunkOk = s.type === ItemType.BLOB_DATA
        ? s.chunkIndex !== CHUNK_ANY
        : s.chunkIndex === CHUNK_ANY;
      if (!chunkOk) {
        s.readable = false;
        this.findings.add(
          "chunk-index-invalid",
          s.type === ItemType.BLOB_DATA
            ? "a blob chunk with chunk index 0xff: no blob index can name it"
            : `chunk index ${hex2(s.chunkIndex)} on a ${
              typeName(s.type)
            } item (expected 0xff): ESP-IDF's library cannot look it up`,
          place,
        );
      }
      return s.span;
    }

    const int = INTEGER_BY_CODE.get(s.type);
    if (int !== undefined || s.type === ItemType.BLOB_INDEX) {
      if (s.span !== 1) {
        this.findings.add(
          "span-invalid",
          `span ${s.span} on a ${typeName(s.type)} item, which takes exactly one entry`,
          place,
        );
      }
      s.loaded = true;
      s.readable = keyOk;
      if (s.chunkIndex !== CHUNK_ANY) {
        s.readable = false;
        this.findings.add(
          "chunk-index-invalid",
          `chunk index ${hex2(s.chunkIndex)} on a ${
            typeName(s.type)
          } item (expected 0xff): ESP-IDF's library cannot look it up`,
          place,
        );
      }
      if (s.type === ItemType.BLOB_INDEX) {
        const start = readNumber(this.view, s.dataBase, BLOB_INDEX_DATA.fields.chunkStart);
        if (!CHUNK_STARTS.includes(start)) {
          this.findings.add(
            "blob-index-invalid",
            `the blob index has chunk start ${start}: ESP-IDF writes 0 or ${
              CHUNK_STARTS[1]
            } and fails when it rewrites this blob`,
            place,
          );
        }
      }
      return fixedAdvance;
    }

    this.findings.add(
      "type-unknown",
      `item type ${hex2(s.type)} is unknown: ESP-IDF's library cannot read the item`,
      place,
    );
    s.loaded = true; // still in the page's item list: it takes part in duplicate checks
    return fixedAdvance;
  }

  /** Marks `older` as replaced by `newer`, with a duplicate-key finding. */
  private supersede(older: Slot, newer: Slot, resolvedOnMount: boolean): void {
    older.loaded = false;
    older.superseded = true;
    const what = older.ns === 0
      ? "namespace entry"
      : older.type === ItemType.BLOB_DATA
      ? `blob chunk ${older.chunkIndex} of the key`
      : "key";
    this.findings.add(
      "duplicate-key",
      resolvedOnMount
        ? `the ${what} is stored again at page ${newer.page} entry ${newer.entry}: ESP-IDF's library erases this older copy when it mounts the partition; the later value is live`
        : `the ${what} is stored again at page ${newer.page} entry ${newer.entry}: ESP-IDF's library keeps both copies and reads this older one until the key is written again; the later value is listed as live`,
      { page: older.page, entry: older.entry, key: older.key },
      resolvedOnMount ? "warning" : "error",
    );
  }

  /** Duplicates the library does not resolve on mount (the later copy is taken as live). */
  private resolveDuplicates(): void {
    const latest = new Map<string, Slot>();
    const loaded = this.slots.filter((s) => s.loaded && s.order >= 0)
      .sort((a, b) => a.order - b.order);
    for (const s of loaded) {
      const id = identity(s);
      const older = latest.get(id);
      if (older) this.supersede(older, s, false);
      latest.set(id, s);
    }
  }

  // --- namespaces and items ---------------------------------------------------------

  private readNamespaces(): Map<Slot, NamespaceInfo> {
    const out = new Map<Slot, NamespaceInfo>();
    const byIndex = new Map<number, string>();
    const defs = this.slots.filter((s) => s.loaded && s.ns === 0)
      .sort((a, b) => a.order - b.order);
    for (const s of defs) {
      const place = { page: s.page, entry: s.entry, key: s.key };
      if (s.type !== ItemType.U8) {
        this.findings.add(
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
      const index = readNumber(this.view, s.dataBase, INTEGER_TYPES.u8.field);
      if (index === 0 || index === 255) {
        this.findings.add(
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
        this.findings.add(
          "namespace-index-reused",
          `namespace ${quoteText(s.key)} has index ${index}, as namespace ${
            quoteText(other)
          } does: their items are mixed up`,
          place,
        );
      } else byIndex.set(index, s.key);
      out.set(s, { name: s.key, index, page: s.page, entry: s.entry, order: s.order, items: 0 });
    }
    return out;
  }

  private readItems(namespaces: Map<Slot, NamespaceInfo>): NvsItem[] {
    const nsName = new Map<number, string>();
    for (const info of namespaces.values()) {
      if (!nsName.has(info.index)) nsName.set(info.index, info.name);
    }
    const live = this.slots.filter((s) => s.loaded && s.order >= 0 && s.ns !== 0)
      .sort((a, b) => a.order - b.order);
    const items: NvsItem[] = [];
    const chunks = new Map<string, Slot>();
    for (const s of live) if (s.type === ItemType.BLOB_DATA) chunks.set(identity(s), s);
    const claimed = new Set<Slot>();
    const placeOf = (s: Slot): FindingPlace => {
      const place: FindingPlace = { page: s.page, entry: s.entry, key: s.key };
      const namespace = nsName.get(s.ns);
      if (namespace !== undefined) place.namespace = namespace;
      return place;
    };

    for (const s of live) {
      if (s.type === ItemType.BLOB_DATA) continue; // read with their index
      const place = placeOf(s);
      if (!s.readable) {
        if (!s.dataCrcValid) this.dataCrcFinding(s, place);
        if (s.type === ItemType.BLOB_INDEX) {
          for (const c of this.chunksOf(s, chunks)) if (c) claimed.add(c);
        }
        continue;
      }
      const namespace = place.namespace;
      const base = { namespace, namespaceIndex: s.ns, key: s.key, page: s.page, entry: s.entry };
      let item: NvsItem | undefined;
      const int = INTEGER_BY_CODE.get(s.type);
      if (int !== undefined) {
        const value = readInt(this.view, s.dataBase, INTEGER_TYPES[int].field);
        item = { ...base, order: s.order, type: int, value };
      } else if (s.type === ItemType.STRING) {
        const value = this.decodeString(s.payload!, place);
        item = { ...base, order: s.order, type: "string", value };
      } else if (s.type === ItemType.BLOB) {
        const value = s.payload!.slice();
        item = { ...base, order: s.order, type: "blob", value, layout: "single" };
      } else if (s.type === ItemType.BLOB_INDEX) {
        item = this.assembleBlob(s, chunks, claimed, base, place);
      }
      if (!item) continue;
      if (namespace === undefined) {
        this.findings.add(
          "namespace-undefined",
          `the item is in namespace index ${s.ns}, which no namespace entry defines: firmware cannot open it by name`,
          place,
        );
      }
      items.push(item);
    }
    // Chunks no live index names: those of an older version of their blob (its index
    // superseded) go with it; the others are orphans, which the library erases.
    for (const s of this.slots) {
      if (s.type !== ItemType.BLOB_INDEX || !s.superseded) continue;
      for (const c of this.chunksOf(s, chunks)) {
        if (c && !claimed.has(c)) {
          claimed.add(c);
          c.status = "superseded";
        }
      }
    }
    for (const c of chunks.values()) {
      if (claimed.has(c)) continue;
      this.findings.add(
        "blob-chunk-orphan",
        `blob chunk ${c.chunkIndex} has no blob index that names it: ESP-IDF's library erases it when it mounts the partition`,
        placeOf(c),
      );
      c.status = "invalid";
    }
    return items.sort((a, b) => a.order - b.order);
  }

  /** The live chunks an index names, in order (undefined where one is missing). */
  private chunksOf(index: Slot, chunks: Map<string, Slot>): (Slot | undefined)[] {
    const f = BLOB_INDEX_DATA.fields;
    const count = readNumber(this.view, index.dataBase, f.chunkCount);
    const start = readNumber(this.view, index.dataBase, f.chunkStart);
    const out: (Slot | undefined)[] = [];
    for (let k = 0; k < count; k++) {
      const ci = start + k;
      out.push(ci < CHUNK_ANY ? chunks.get(`${index.ns}/${ci}/${index.keyId}`) : undefined);
    }
    return out;
  }

  private assembleBlob(
    index: Slot,
    chunks: Map<string, Slot>,
    claimed: Set<Slot>,
    base: Omit<ItemBase, "order">,
    place: FindingPlace,
  ): BlobItem | undefined {
    const f = BLOB_INDEX_DATA.fields;
    const total = readNumber(this.view, index.dataBase, f.totalSize);
    const start = readNumber(this.view, index.dataBase, f.chunkStart);
    const list = this.chunksOf(index, chunks);
    for (const c of list) if (c) claimed.add(c);
    const missing = list.map((c, k) => (c ? -1 : start + k)).filter((k) => k >= 0);
    if (missing.length > 0) {
      this.findings.add(
        "blob-chunk-missing",
        `the blob index names ${list.length} chunk${
          list.length > 1 ? "s" : ""
        } from ${start}, but chunk${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ${
          missing.length > 1 ? "are" : "is"
        } missing: ESP-IDF's library cannot read the blob and erases it`,
        place,
      );
      index.readable = false;
      for (const c of list) if (c) c.readable = false;
      return undefined;
    }
    let ok = true;
    let sum = 0;
    for (const c of list as Slot[]) {
      sum += c.payload!.length;
      if (!c.readable) {
        ok = false;
        const cp: FindingPlace = { ...place, page: c.page, entry: c.entry };
        if (!c.dataCrcValid) this.dataCrcFinding(c, cp);
      }
    }
    if (sum !== total) {
      this.findings.add(
        "blob-size-mismatch",
        `the blob index gives ${total} bytes but its chunks hold ${sum}: ESP-IDF's library cannot read the blob`,
        place,
      );
      ok = false;
    }
    if (!ok) {
      index.readable = false;
      for (const c of list as Slot[]) c.readable = false;
      return undefined;
    }
    const value = new Uint8Array(sum);
    let o = 0;
    for (const c of list as Slot[]) {
      value.set(c.payload!, o);
      o += c.payload!.length;
    }
    const first = (list as Slot[])[0];
    return {
      ...base,
      order: first ? Math.min(first.order, index.order) : index.order,
      type: "blob",
      value,
      layout: "multipage",
      chunkStart: start,
      chunks: (list as Slot[]).map((c) => ({
        chunkIndex: c.chunkIndex,
        page: c.page,
        entry: c.entry,
        size: c.payload!.length,
      })),
    };
  }

  private dataCrcFinding(s: Slot, place: FindingPlace): void {
    this.findings.add(
      "data-crc",
      `the data CRC of the ${typeName(s.type)} item is ${
        hex8(readNumber(this.view, s.dataBase, VARLEN_DATA.fields.dataCrc32))
      } but its ${s.payload?.length ?? 0} bytes give ${
        hex8(crc32(s.payload ?? new Uint8Array()))
      }: ESP-IDF's library cannot read it and erases it`,
      place,
    );
  }

  private decodeString(payload: Uint8Array, place: FindingPlace): string {
    const terminated = payload.length > 0 && payload[payload.length - 1] === 0;
    const text = terminated ? payload.subarray(0, payload.length - 1) : payload;
    if (!terminated) {
      this.findings.add(
        "string-malformed",
        "the string does not end with a NUL terminator: firmware reading it as a C string runs past its end",
        place,
      );
    } else if (text.includes(0)) {
      this.findings.add(
        "string-malformed",
        "the string holds a NUL before its end: firmware sees only the text before it",
        place,
      );
    }
    try {
      return utf8Fatal.decode(text);
    } catch {
      this.findings.add(
        "string-malformed",
        "the string is not UTF-8 text: invalid bytes are shown as U+FFFD",
        place,
      );
      return utf8Lenient.decode(text);
    }
  }

  /** Entry CRC findings, or one summary when no written entry has a valid CRC. */
  private reportEntryCrcs(): void {
    if (this.writtenHeaders > 0 && this.validHeaders === 0) {
      this.findings.add(
        "entries-unreadable",
        `none of the ${this.writtenHeaders} written entries has a valid CRC: ${
          this.decrypted
            ? "the key does not match the image, or the image is not encrypted"
            : "the image is probably encrypted (give its key)"
        }`,
      );
      return;
    }
    for (const [message, place] of this.entryCrcFindings) {
      this.findings.add("entry-crc", message, place);
    }
  }

  private entryInfos(nsNames: Map<number, string>): EntryInfo[] {
    return this.slots
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
            ? "live"
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
        const value = s.crcValid ? this.entryValue(s) : undefined;
        if (value !== undefined) info.value = value;
        return info;
      });
  }

  private entryValue(s: Slot): EntryInfo["value"] {
    const int = INTEGER_BY_CODE.get(s.type);
    if (int !== undefined) return readInt(this.view, s.dataBase, INTEGER_TYPES[int].field);
    if (s.type === ItemType.BLOB_INDEX) {
      const f = BLOB_INDEX_DATA.fields;
      return {
        totalSize: readNumber(this.view, s.dataBase, f.totalSize),
        chunkCount: readNumber(this.view, s.dataBase, f.chunkCount),
        chunkStart: readNumber(this.view, s.dataBase, f.chunkStart),
      };
    }
    if (!s.payload) return undefined;
    if (s.type === ItemType.STRING) {
      const p = s.payload;
      return utf8Lenient.decode(p.length > 0 && p[p.length - 1] === 0 ? p.subarray(0, -1) : p);
    }
    return s.payload.slice();
  }
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
 * import { encodePartition } from "./writer.ts";
 * import { parsePartition } from "./reader.ts";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 *   { kind: "entry", key: "hw_rev", type: "u8", value: 3 },
 * ], { size: 0x3000 });
 * const parsed = parsePartition(image);
 * console.assert(parsed.items.length === 2 && parsed.items[0].value === "NF-000042");
 * console.assert(parsed.namespaces[0].name === "factory" && parsed.findings.length === 0);
 * ```
 *
 * @param image the partition bytes: a non-zero multiple of 4096 bytes. Not modified.
 * @param options `keys`: decrypt with these 64 bytes of XTS key material first.
 * @throws {NvsforgeError} code `invalid-size` for an input that is not a whole number of
 *   pages; code `invalid-key` for keys that are not 64 bytes. Nothing else: every
 *   problem of the image itself is a finding.
 */
export function parsePartition(image: Uint8Array, options: ParseOptions = {}): ParsedPartition {
  checkImageSize(image);
  const decrypted = options.keys !== undefined;
  const plain = decrypted ? decryptPartition(image, options.keys!) : image;
  return new Reader(plain, decrypted).read();
}

/**
 * Runs the integrity check alone: the findings of {@linkcode parsePartition}.
 *
 * @example
 * ```ts
 * import { encodePartition } from "./writer.ts";
 * import { checkPartition } from "./reader.ts";
 *
 * const image = encodePartition(
 *   [{ kind: "namespace", name: "n" }, { kind: "entry", key: "k", type: "u32", value: 7 }],
 *   { size: 0x3000 },
 * );
 * image[64 + 32 + 24] ^= 1; // flip a bit of the value: the entry CRC no longer matches
 * const findings = checkPartition(image);
 * console.assert(findings.some((f) => f.code === "entry-crc" && f.key === "k"));
 * ```
 *
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
 * import { encodePartition } from "./writer.ts";
 * import { isCleanPartition, parsePartition } from "./reader.ts";
 *
 * const image = encodePartition([{ kind: "namespace", name: "n" }], { size: 0x3000 });
 * console.assert(isCleanPartition(parsePartition(image))); // an unused namespace is only a note
 * ```
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
 * import { encodePartition } from "./writer.ts";
 * import { parsePartition, recordsFromPartition } from "./reader.ts";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "cfg" },
 *   { kind: "entry", key: "big", type: "blob", value: new Uint8Array(5000).fill(7) },
 * ], { size: 0x4000 });
 * const parsed = parsePartition(image);
 * const again = encodePartition(recordsFromPartition(parsed), { size: parsed.size, version: parsed.version });
 * console.assert(again.every((b, i) => b === image[i]));
 * ```
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
      default:
        records.push({ kind: "entry", key: item.key, type: item.type, value: item.value });
    }
  }
  return records;
}

/**
 * The page writer behind {@linkcode layoutPartition}: records laid into pages entry by
 * entry, by the placement rules in writer.ts's overview.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import type { SourceLocation } from "../errors.ts";
import type { EntryRecord, FormatVersion } from "./items.ts";
import {
  BLOB_INDEX_DATA,
  bytesOf,
  CHUNK_ANY,
  ENTRIES_PER_PAGE,
  ENTRY,
  ENTRY_SIZE,
  entryOffset,
  EntryState,
  FLOAT_TYPES,
  INTEGER_TYPES,
  ItemType,
  LIMITS,
  PAGE_HEADER,
  PAGE_SIZE,
  PageState,
  PageVersion,
  sealCrc,
  setEntryState,
  VARLEN_DATA,
  writeInt,
} from "./layout.ts";
import { crc32 } from "./crc32.ts";

const encoder = new TextEncoder();
/** Where strings are encoded on their way into a page: big enough for any NVS string. */
const scratch = new Uint8Array(3 * LIMITS.stringMaxBytes + 8);

/**
 * Lays records into pages, entry by entry, directly in the partition's bytes (`area`,
 * all 0xFF); pages beyond it (data that does not fit) are laid out apart, to be counted.
 */
export class PageWriter {
  readonly pages: Uint8Array[] = [];
  private page!: Uint8Array;
  private view!: DataView;
  private entry = 0;
  private readonly namespaces = new Map<string, number>();
  private namespaceIndex = 0;
  private readonly pageVersion: number;

  constructor(private readonly version: FormatVersion, private readonly area: Uint8Array) {
    this.pageVersion = version === 1 ? PageVersion.V1 : PageVersion.V2;
    this.openPage();
  }

  /** Opens a new page: the previous one (if active) becomes FULL. */
  private openPage(): void {
    if (this.page) {
      const state = PAGE_HEADER.fields.state;
      // The state is outside the header CRC: no CRC update needed.
      if (this.view.getUint32(state.offset, true) === PageState.ACTIVE) {
        writeInt(this.view, 0, state, PageState.FULL);
      }
    }
    const at = this.pages.length * PAGE_SIZE;
    const page = at + PAGE_SIZE <= this.area.length
      ? this.area.subarray(at, at + PAGE_SIZE)
      : new Uint8Array(PAGE_SIZE).fill(0xff);
    const view = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
    const h = PAGE_HEADER.fields;
    writeInt(view, 0, h.state, PageState.ACTIVE);
    writeInt(view, 0, h.sequenceNumber, this.pages.length);
    writeInt(view, 0, h.version, this.pageVersion);
    sealCrc(PAGE_HEADER, view, page, 0);
    this.pages.push(page);
    this.page = page;
    this.view = view;
    this.entry = 0;
  }

  /** Writes an item header at the current entry and marks it written. */
  private writeHeader(
    nsIndex: number,
    type: number,
    span: number,
    chunkIndex: number,
    key: string,
    fillData: (view: DataView, dataBase: number) => void,
  ): void {
    const base = entryOffset(this.entry);
    const f = ENTRY.fields;
    const v = this.view;
    writeInt(v, base, f.namespaceIndex, nsIndex);
    writeInt(v, base, f.type, type);
    writeInt(v, base, f.span, span);
    writeInt(v, base, f.chunkIndex, chunkIndex);
    // Keys are short and nearly always ASCII: copied here, not encoded by the runtime.
    const page = this.page;
    const at = base + f.key.offset;
    let i = 0;
    for (; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) break;
      page[at + i] = c;
    }
    if (i < key.length) {
      const keyField = bytesOf(page, base, f.key);
      keyField.fill(0);
      encoder.encodeInto(key, keyField);
    } else page.fill(0, at + i, at + f.key.size!);
    fillData(v, base + f.data.offset);
    sealCrc(ENTRY, v, this.page, base);
    this.markWritten(1);
  }

  /** Writes a payload into the entries after the current one and marks them written. */
  private writePayload(payload: Uint8Array, entries: number): void {
    this.page.set(payload, entryOffset(this.entry));
    this.markWritten(entries);
  }

  private markWritten(entries: number): void {
    for (let i = 0; i < entries; i++) {
      setEntryState(this.page, 0, this.entry, EntryState.WRITTEN);
      this.entry++;
    }
  }

  /** Switches to a namespace, writing its entry the first time it is seen. */
  namespace(name: string): void {
    const known = this.namespaces.get(name);
    if (known !== undefined) {
      this.namespaceIndex = known;
      return;
    }
    const index = this.namespaces.size + 1;
    this.namespaces.set(name, index);
    this.namespaceIndex = index;
    this.integer(0, name, ItemType.U8, INTEGER_TYPES.u8.field, index);
  }

  private integer(
    nsIndex: number,
    key: string,
    code: number,
    field: (typeof INTEGER_TYPES)[keyof typeof INTEGER_TYPES]["field"],
    value: number | bigint,
  ): void {
    if (this.entry >= ENTRIES_PER_PAGE) this.openPage();
    this.writeHeader(nsIndex, code, 1, CHUNK_ANY, key, (v, at) => writeInt(v, at, field, value));
  }

  write(r: EntryRecord): void {
    const ns = this.namespaceIndex;
    switch (r.type) {
      case "string": {
        // Validated: the string and its NUL fit the scratch buffer.
        const n = encoder.encodeInto(r.value, scratch).written;
        scratch[n] = 0;
        this.singlePageVarlen(ns, r.key, ItemType.STRING, scratch.subarray(0, n + 1));
        return;
      }
      case "blob":
        if (this.version === 1) this.singlePageVarlen(ns, r.key, ItemType.BLOB, r.value);
        else this.multipageBlob(ns, r.key, r.value, r.source);
        return;
      case "float":
      case "double": {
        const { value } = r;
        if (this.entry >= ENTRIES_PER_PAGE) this.openPage();
        // As an integer: the value's bytes little-endian, the rest of the data field 0xFF.
        this.writeHeader(ns, FLOAT_TYPES[r.type].code, 1, CHUNK_ANY, r.key, (v, at) => {
          if (r.type === "float") v.setFloat32(at, value, true);
          else v.setFloat64(at, value, true);
        });
        return;
      }
      default: {
        const t = INTEGER_TYPES[r.type];
        this.integer(ns, r.key, t.code, t.field, r.value);
      }
    }
  }

  /** A string or a version-1 blob: header and payload on one page. */
  private singlePageVarlen(ns: number, key: string, type: number, payload: Uint8Array): void {
    const dataEntries = Math.ceil(payload.length / ENTRY_SIZE);
    const span = dataEntries + 1;
    const fits = span === ENTRIES_PER_PAGE
      ? this.entry === 0 // improvement: a full-page string on a page of its own
      : this.entry + span < ENTRIES_PER_PAGE;
    if (!fits) this.openPage();
    this.writeHeader(ns, type, span, CHUNK_ANY, key, (v, at) => {
      writeInt(v, at, VARLEN_DATA.fields.size, payload.length);
      writeInt(v, at, VARLEN_DATA.fields.dataCrc32, crc32(payload));
    });
    this.writePayload(payload, dataEntries);
  }

  /** A version-2 blob: chunks filling the rest of each page, then the index entry. */
  private multipageBlob(
    ns: number,
    key: string,
    data: Uint8Array,
    source: SourceLocation | undefined,
  ): void {
    if (this.entry >= ENTRIES_PER_PAGE) this.openPage();
    let offset = 0;
    let chunks = 0;
    for (;;) {
      const tailroom = (ENTRIES_PER_PAGE - this.entry - 1) * ENTRY_SIZE;
      const size = Math.min(tailroom, data.length - offset);
      const chunk = data.subarray(offset, offset + size);
      const dataEntries = Math.ceil(size / ENTRY_SIZE);
      if (chunks === LIMITS.blobMaxChunks) {
        throw new NvsforgeError(
          "value-too-long",
          `blob of ${data.length} bytes needs more than ${LIMITS.blobMaxChunks} chunks, more than ESP-IDF's NVS library can read back`,
          { ...source, key },
        );
      }
      this.writeHeader(ns, ItemType.BLOB_DATA, dataEntries + 1, chunks, key, (v, at) => {
        writeInt(v, at, VARLEN_DATA.fields.size, size);
        writeInt(v, at, VARLEN_DATA.fields.dataCrc32, crc32(chunk));
      });
      this.writePayload(chunk, dataEntries);
      chunks++;
      offset += size;
      const remaining = data.length - offset;
      if (remaining > 0 || tailroom - size < ENTRY_SIZE) this.openPage();
      if (remaining === 0) break;
    }
    this.writeHeader(ns, ItemType.BLOB_INDEX, 1, CHUNK_ANY, key, (v, at) => {
      writeInt(v, at, BLOB_INDEX_DATA.fields.totalSize, data.length);
      writeInt(v, at, BLOB_INDEX_DATA.fields.chunkCount, chunks);
      writeInt(v, at, BLOB_INDEX_DATA.fields.chunkStart, 0);
    });
  }
}

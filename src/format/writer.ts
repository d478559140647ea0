/**
 * The image writer: records → pages → partition bytes, laid out exactly as ESP-IDF's
 * `nvs_partition_gen.py` lays them out (see the vectors' README), with the documented
 * improvements.
 *
 * Placement rules:
 * - Integers take one entry and may use all 126 entries of a page.
 * - A string or version-1 blob takes a header entry plus ceil(size / 32) payload entries.
 *   It moves to the next page unless its span ends before the page's last entry (the
 *   reference requires `entry + span < 126`). Improvement: a span of exactly 126 entries
 *   (a string of 3969..4000 bytes) gets a page of its own, as ESP-IDF's NVS library
 *   stores it, where the reference crashes.
 * - A version-2 blob is cut into chunks that fill the rest of the current page (a chunk
 *   may be empty when one entry is left); its index entry follows the last chunk, on the
 *   next page when the chunk used the page up.
 * - Opening a page marks the previous one FULL; the last written page stays ACTIVE.
 * - Read/write partitions keep the last page erased (reserved); pages after the data are
 *   erased too. Read-only partitions (0x1000, 0x2000) hold only the written pages.
 *
 * @module
 */

import { Diagnostics, NvsforgeError, quote } from "../errors.ts";
import type { SourceLocation } from "../errors.ts";
import type { EntryRecord, FormatVersion, NvsRecord } from "./items.ts";
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
import { checkPartitionSize, hex } from "./size.ts";
import type { PartitionSize } from "./size.ts";

/**
 * Options of {@linkcode encodePartition} and {@linkcode layoutPartition}.
 *
 * @example
 * ```ts
 * import {
 *   Diagnostics,
 *   type EncodeOptions,
 *   encodePartition,
 *   NvsforgeError,
 * } from "@nvsforge/nvsforge/format";
 *
 * const diagnostics = new Diagnostics();
 * diagnostics.error("csv-row", "a row found earlier", { file: "nvs.csv", line: 9 });
 * const options: EncodeOptions = { size: "0x3000", version: 2, diagnostics };
 * try {
 *   encodePartition([{ kind: "namespace", name: "cfg" }], options);
 *   throw new Error("the earlier error was not reported");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.location?.line !== 9) throw e;
 * }
 * ```
 */
export interface EncodeOptions {
  /** Partition size: bytes, a size literal such as `"0x6000"`, or a checked size. */
  size: number | string | PartitionSize;
  /** Page format version; default 2 (multipage blobs). */
  version?: FormatVersion;
  /**
   * Where to record problems: errors found earlier (say, while reading a CSV) are
   * reported together with the writer's own. Default: a fresh collector.
   */
  diagnostics?: Diagnostics;
  /**
   * A buffer to lay the image out in, overwritten entirely (say, the previous image's,
   * when many are made one after another and each is written out before the next).
   * Used when it is as long as the partition (and not on a SharedArrayBuffer); the image
   * returned is then a view of it.
   * Default: a new buffer per image.
   */
  buffer?: Uint8Array;
}

/**
 * The result of {@linkcode layoutPartition}.
 *
 * @example
 * ```ts
 * import { type EncodedPartition, layoutPartition } from "@nvsforge/nvsforge/format";
 *
 * const encoded: EncodedPartition = layoutPartition([{ kind: "namespace", name: "cfg" }], {
 *   size: 0x2000, // read-only: the image holds only the pages written
 * });
 * if (!encoded.size.readOnly || encoded.pagesUsed !== 1 || encoded.image.length !== 0x1000) {
 *   throw new Error("unexpected layout");
 * }
 * ```
 */
export interface EncodedPartition {
  /** The partition image. */
  image: Uint8Array<ArrayBuffer>;
  /** The checked size. */
  size: PartitionSize;
  /** Pages that hold data (the first `pagesUsed` pages of the image). */
  pagesUsed: number;
}

const encoder = new TextEncoder();
/**
 * Where strings are encoded on their way into a page (`encodeInto` a buffer kept for
 * the purpose costs a tenth of `encode`): big enough for any string NVS can hold.
 */
const scratch = new Uint8Array(3 * LIMITS.stringMaxBytes + 8);

/** Byte length of a string in UTF-8. */
export function utf8Length(s: string): number {
  if (s.length > 16 && 3 * s.length <= scratch.length) {
    return encoder.encodeInto(s, scratch).written;
  }
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Checks every record against the format's limits, recording each problem: keys of
 * 1..15 bytes, integers in range, string and blob sizes, at most 254 namespaces, no
 * entry before the first namespace.
 */
export function validateRecords(
  records: readonly NvsRecord[],
  version: FormatVersion,
  diagnostics: Diagnostics,
): void {
  const namespaces = new Set<string>();
  let reportedNoNamespace = false;
  for (const r of records) {
    const where: SourceLocation = r.source ?? {};
    if (r.kind === "namespace") {
      checkKey(r.name, "namespace name", where, diagnostics);
      if (!namespaces.has(r.name)) {
        namespaces.add(r.name);
        if (namespaces.size === LIMITS.namespaceMax + 1) {
          diagnostics.error(
            "too-many-namespaces",
            `namespace ${
              quote(r.name)
            } is namespace number ${namespaces.size}: an NVS partition holds at most ${LIMITS.namespaceMax} namespaces`,
            { ...where, key: r.name },
          );
        }
      }
      continue;
    }
    const at = { ...where, key: r.key };
    checkKey(r.key, "key", where, diagnostics);
    if (namespaces.size === 0 && !reportedNoNamespace) {
      reportedNoNamespace = true;
      diagnostics.error(
        "no-namespace",
        "data row before the first namespace row: add a row `<name>,namespace,,` above it (ESP-IDF cannot find entries that belong to no namespace)",
        at,
      );
    }
    // A record read from a CSV: its value is in the CSV's value column.
    checkValue(r, version, where.file !== undefined ? { ...at, column: "value" } : at, diagnostics);
  }
}

function checkKey(key: string, what: string, where: SourceLocation, d: Diagnostics): void {
  const n = utf8Length(key);
  if (n > LIMITS.keyMaxBytes) {
    d.error(
      "key-too-long",
      `${what} is ${n} bytes long: NVS keys are at most ${LIMITS.keyMaxBytes} bytes`,
      where.file !== undefined ? { ...where, column: "key", key } : { ...where, key },
    );
  }
}

function checkValue(
  r: EntryRecord,
  version: FormatVersion,
  at: SourceLocation,
  d: Diagnostics,
): void {
  if (r.type === "string") {
    const n = utf8Length(r.value) + 1;
    const max = version === 1 ? LIMITS.v1VarlenMaxBytes : LIMITS.stringMaxBytes;
    if (n > max) {
      d.error(
        "value-too-long",
        `string is ${n} bytes with its NUL terminator: the limit is ${max} bytes${
          version === 1 ? " in version 1" : ""
        }`,
        at,
      );
    }
  } else if (r.type === "blob") {
    if (version === 1 && r.value.length > LIMITS.v1VarlenMaxBytes) {
      d.error(
        "value-too-long",
        `blob is ${r.value.length} bytes: version 1 blobs are at most ${LIMITS.v1VarlenMaxBytes} bytes (format version 2 splits blobs over pages)`,
        at,
      );
    }
  } else if (r.type === "float" || r.type === "double") {
    const problem = floatProblem(r.type, r.value);
    if (problem) d.error("invalid-float", problem, at);
  } else {
    const t = INTEGER_TYPES[r.type];
    if (t === undefined) {
      d.error("unknown-encoding", `unknown type ${quote(String(r.type))}`, at);
      return;
    }
    let v: bigint;
    try {
      v = BigInt(r.value);
    } catch {
      d.error("invalid-integer", `${r.type} value ${quote(String(r.value))} is not an integer`, at);
      return;
    }
    if (v < t.min || v > t.max) {
      d.error(
        "integer-out-of-range",
        `${r.type} value ${v} is out of range (expected ${t.min}..${t.max})`,
        at,
      );
    }
  }
}

/**
 * Why a value cannot be stored as a `float` or `double` item, or undefined when it can:
 * NaN (ESP-IDF's `nvs_set_float` and `nvs_set_double` return `ESP_ERR_INVALID_ARG`), a
 * finite value that becomes infinite in its type, anything that is not a number.
 */
export function floatProblem(type: "float" | "double", value: unknown): string | undefined {
  if (typeof value !== "number") {
    return `${type} value ${quote(String(value))} is not a number`;
  }
  if (Number.isNaN(value)) {
    return `${type} value is NaN, which ESP-IDF's NVS library refuses (ESP_ERR_INVALID_ARG)`;
  }
  if (type === "float" && Number.isFinite(value) && !Number.isFinite(Math.fround(value))) {
    return `float value ${value} is too large for a float (at most ±3.4028234663852886e+38): use double`;
  }
  return undefined;
}

/**
 * Lays records into pages, entry by entry, directly in the partition's bytes (`area`,
 * all 0xFF); pages beyond it (data that does not fit) are laid out apart, to be counted.
 */
class PageWriter {
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

/**
 * Encodes records into a partition image and reports how many pages hold data.
 *
 * @example
 * ```ts
 * import { layoutPartition, PAGE_SIZE } from "@nvsforge/nvsforge/format";
 *
 * const { image, pagesUsed, size } = layoutPartition([
 *   { kind: "namespace", name: "big" },
 *   { kind: "entry", key: "blob", type: "blob", value: new Uint8Array(6000) },
 * ], { size: "0x5000" });
 * if (pagesUsed !== 2 || size.dataPages !== 4 || image.length !== 5 * PAGE_SIZE) {
 *   throw new Error(`unexpected layout: ${pagesUsed} pages used`);
 * }
 * ```
 *
 * @param records the records, in order: a namespace record opens the namespace of the
 *   entries after it.
 * @param options size, format version, and a collector of earlier problems.
 * @returns the image, the checked size and the number of pages that hold data.
 * @throws {NvsforgeErrors|NvsforgeError} every problem of the records at once, or that
 * the data does not fit the partition (with the smallest size that would fit).
 */
export function layoutPartition(
  records: Iterable<NvsRecord>,
  options: EncodeOptions,
): EncodedPartition {
  const size = typeof options.size === "object" ? options.size : checkPartitionSize(options.size);
  const version = options.version ?? 2;
  const diagnostics = options.diagnostics ?? new Diagnostics();
  const list = Array.isArray(records) ? records as NvsRecord[] : [...records];
  validateRecords(list, version, diagnostics);
  diagnostics.throwIfAny();

  // Read-only partitions hold only the pages written: laid out in the largest (2 pages).
  const bytes = size.readOnly ? size.dataPages * PAGE_SIZE : size.bytes;
  // A buffer of an ArrayBuffer (not a SharedArrayBuffer): the image is Uint8Array<ArrayBuffer>.
  const given = options.buffer;
  const area = given?.length === bytes && given.buffer instanceof ArrayBuffer
    ? given as Uint8Array<ArrayBuffer>
    : new Uint8Array(bytes);
  area.fill(0xff);
  const w = new PageWriter(version, area.subarray(0, size.dataPages * PAGE_SIZE));
  for (const r of list) {
    if (r.kind === "namespace") w.namespace(r.name);
    else w.write(r);
  }
  const used = w.pages.length;
  if (used > size.dataPages) {
    const fit = Math.max(used + 1, LIMITS.minReadWriteSize / PAGE_SIZE) * PAGE_SIZE;
    throw new NvsforgeError(
      "partition-too-small",
      `the data needs ${used} pages but a ${size.readOnly ? "read-only " : ""}partition of ${
        hex(size.bytes)
      } bytes has ${size.dataPages} for data${
        size.readOnly ? "" : " (its last page stays reserved)"
      }: the smallest size that fits is ${hex(fit)} (${fit})`,
    );
  }
  const image = size.readOnly ? area.slice(0, used * PAGE_SIZE) : area;
  return { image, size, pagesUsed: used };
}

/**
 * Encodes records into a partition image: the bytes ESP-IDF's generator writes for the
 * same rows.
 *
 * @example
 * ```ts
 * import { encodePartition, NvsforgeError, PAGE_SIZE } from "@nvsforge/nvsforge/format";
 *
 * const records = [
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 * ] as const;
 * const image = encodePartition(records, { size: 0x3000 });
 * if (image.length !== 3 * PAGE_SIZE) throw new Error(`image is ${image.length} bytes`);
 *
 * try {
 *   encodePartition(records, { size: 0x3001 });
 *   throw new Error("a size of 0x3001 was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "invalid-size") throw e;
 * }
 * ```
 *
 * @param records the records, in order: a namespace record opens the namespace of the
 *   entries after it.
 * @param options size, format version, and a collector of earlier problems.
 * @returns the image: `size` bytes (only the pages written, for a read-only size).
 * @throws {NvsforgeErrors|NvsforgeError} see {@linkcode layoutPartition}.
 */
export function encodePartition(
  records: Iterable<NvsRecord>,
  options: EncodeOptions,
): Uint8Array<ArrayBuffer> {
  return layoutPartition(records, options).image;
}

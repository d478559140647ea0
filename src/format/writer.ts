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

import { Diagnostics, NvsforgeError } from "../errors.ts";
import type { NvsRecord } from "./items.ts";
import type { FormatVersion } from "./items.ts";
import { LIMITS, PAGE_SIZE } from "./layout.ts";
import { checkPartitionSize, hex } from "./size.ts";
import type { PartitionSize } from "./size.ts";
import { PageWriter } from "./_page_writer.ts";
import { validateRecords } from "./validate.ts";

export { floatProblem, utf8Length, validateRecords } from "./validate.ts";

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

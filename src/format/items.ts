/**
 * The document an NVS image is made from: an ordered list of records. A namespace
 * record opens (or re-opens) a namespace; the entries that follow belong to it. The
 * order is kept because the generator's page layout depends on it.
 *
 * @module
 */

import type { SourceLocation } from "../errors.ts";
import type { FloatType, IntegerType } from "./layout.ts";

/**
 * Opens a namespace; the first time a name is seen it gets the next index (1, 2, …).
 *
 * @example
 * ```ts
 * import {
 *   encodePartition,
 *   type NamespaceRecord,
 *   parsePartition,
 * } from "@nvsforge/nvsforge/format";
 *
 * const records: NamespaceRecord[] = [
 *   { kind: "namespace", name: "wifi" },
 *   { kind: "namespace", name: "factory" },
 * ];
 * const { namespaces } = parsePartition(encodePartition(records, { size: 0x3000 }));
 * if (namespaces.map((ns) => `${ns.name}=${ns.index}`).join() !== "wifi=1,factory=2") {
 *   throw new Error("wrong namespace indexes");
 * }
 * ```
 */
export interface NamespaceRecord {
  /** Discriminator. */
  kind: "namespace";
  /** Namespace name: at most 15 bytes of UTF-8. */
  name: string;
  /** Where the record came from, for messages. */
  source?: SourceLocation;
}

/**
 * An integer value.
 *
 * @example
 * ```ts
 * import { encodePartition, type IntegerEntry, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const boots: IntegerEntry = { kind: "entry", key: "boots", type: "u64", value: 2n ** 40n };
 * const image = encodePartition([{ kind: "namespace", name: "stats" }, boots], { size: 0x3000 });
 * if (parsePartition(image).items[0].value !== 2n ** 40n) throw new Error("wrong value");
 * ```
 */
export interface IntegerEntry {
  /** Discriminator. */
  kind: "entry";
  /** Key: at most 15 bytes of UTF-8. */
  key: string;
  /** Integer type. */
  type: IntegerType;
  /** The value; must be in range for `type`. */
  value: number | bigint;
  /** Where the record came from, for messages. */
  source?: SourceLocation;
}

/**
 * A floating-point value: `float` (IEEE-754 single precision, item type 0x24) or
 * `double` (0x28), one entry like an integer. A `float` value is rounded to the nearest
 * single-precision value (`Math.fround`). NaN is refused (ESP-IDF's `nvs_set_float`
 * returns `ESP_ERR_INVALID_ARG` for it), and so is a finite value too large for its type;
 * `Infinity` and `-Infinity` are stored as they are.
 *
 * @example
 * ```ts
 * import { encodePartition, type FloatEntry } from "@nvsforge/nvsforge/format";
 *
 * const gain: FloatEntry = { kind: "entry", key: "gain", type: "float", value: 1.5 };
 * const image = encodePartition([{ kind: "namespace", name: "cal" }, gain], { size: 0x3000 });
 * // Entry 1 holds the item: type 0x24, the value's bytes (00 00 c0 3f), then 0xFF.
 * const entry = image.subarray(64 + 32, 64 + 64);
 * if (entry[1] !== 0x24 || entry.subarray(24).join() !== "0,0,192,63,255,255,255,255") {
 *   throw new Error("unexpected float entry");
 * }
 * ```
 */
export interface FloatEntry {
  /** Discriminator. */
  kind: "entry";
  /** Key: at most 15 bytes of UTF-8. */
  key: string;
  /** Floating-point type. */
  type: FloatType;
  /** The value; not NaN. */
  value: number;
  /** Where the record came from, for messages. */
  source?: SourceLocation;
}

/**
 * A string value, stored as UTF-8 with a terminating NUL.
 *
 * @example
 * ```ts
 * import { encodePartition, parsePartition, type StringEntry } from "@nvsforge/nvsforge/format";
 *
 * const ssid: StringEntry = { kind: "entry", key: "ssid", type: "string", value: "Café" };
 * const image = encodePartition([{ kind: "namespace", name: "wifi" }, ssid], { size: 0x3000 });
 * if (parsePartition(image).items[0].value !== "Café") throw new Error("wrong value");
 * ```
 */
export interface StringEntry {
  /** Discriminator. */
  kind: "entry";
  /** Key: at most 15 bytes of UTF-8. */
  key: string;
  /** Type. */
  type: "string";
  /** The text, without a NUL; at most 3999 bytes of UTF-8 (1983 in version 1). */
  value: string;
  /** Where the record came from, for messages. */
  source?: SourceLocation;
}

/**
 * A blob value: raw bytes.
 *
 * @example
 * ```ts
 * import { type BlobEntry, encodePartition, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const cal: BlobEntry = { kind: "entry", key: "cal", type: "blob", value: new Uint8Array(3000) };
 * const image = encodePartition([{ kind: "namespace", name: "factory" }, cal], { size: 0x4000 });
 * const [item] = parsePartition(image).items;
 * if (item.type !== "blob" || item.value.length !== 3000 || item.layout !== "multipage") {
 *   throw new Error("wrong blob");
 * }
 * ```
 */
export interface BlobEntry {
  /** Discriminator. */
  kind: "entry";
  /** Key: at most 15 bytes of UTF-8. */
  key: string;
  /** Type. */
  type: "blob";
  /** The bytes; at most 1984 in version 1, split into chunks in version 2. */
  value: Uint8Array;
  /** Where the record came from, for messages. */
  source?: SourceLocation;
}

/**
 * A key/value entry.
 *
 * @example
 * ```ts
 * import type { EntryRecord } from "@nvsforge/nvsforge/format";
 *
 * const entries: EntryRecord[] = [
 *   { kind: "entry", key: "hw_rev", type: "u8", value: 3 },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 *   { kind: "entry", key: "mac", type: "blob", value: new Uint8Array(6) },
 * ];
 * const keys = entries.map((e) => e.key).join();
 * if (keys !== "hw_rev,serial,mac") throw new Error(keys);
 * ```
 */
export type EntryRecord = IntegerEntry | FloatEntry | StringEntry | BlobEntry;

/**
 * One record of an NVS document.
 *
 * @example
 * ```ts
 * import { encodePartition, type NvsRecord, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const records: NvsRecord[] = [
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 * ];
 * const parsed = parsePartition(encodePartition(records, { size: 0x3000 }));
 * if (parsed.items[0].namespace !== "factory") throw new Error("wrong namespace");
 * ```
 */
export type NvsRecord = NamespaceRecord | EntryRecord;

/**
 * Page format version: 1 (single-page blobs) or 2 (multipage blobs, the default).
 *
 * @example
 * ```ts
 * import { encodePartition, type FormatVersion, parsePartition } from "@nvsforge/nvsforge/format";
 *
 * const version: FormatVersion = 1;
 * const image = encodePartition([{ kind: "namespace", name: "old" }], { size: 0x3000, version });
 * if (parsePartition(image).version !== 1) throw new Error("wrong version");
 * ```
 */
export type FormatVersion = 1 | 2;

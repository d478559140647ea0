/**
 * The document an NVS image is made from: an ordered list of records. A namespace
 * record opens (or re-opens) a namespace; the entries that follow belong to it. The
 * order is kept because the generator's page layout depends on it.
 *
 * @module
 */

import type { SourceLocation } from "../errors.ts";
import type { IntegerType } from "./layout.ts";

/** Opens a namespace; the first time a name is seen it gets the next index (1, 2, …). */
export interface NamespaceRecord {
  /** Discriminator. */
  kind: "namespace";
  /** Namespace name: at most 15 bytes of UTF-8. */
  name: string;
  /** Where the record came from, for messages. */
  source?: SourceLocation;
}

/** An integer value. */
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

/** A string value, stored as UTF-8 with a terminating NUL. */
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

/** A blob value: raw bytes. */
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

/** A key/value entry. */
export type EntryRecord = IntegerEntry | StringEntry | BlobEntry;

/** One record of an NVS document. */
export type NvsRecord = NamespaceRecord | EntryRecord;

/** Page format version: 1 (single-page blobs) or 2 (multipage blobs, the default). */
export type FormatVersion = 1 | 2;

/**
 * `inspect --format json`: the document for programs (schema
 * {@linkcode INSPECT_JSON_SCHEMA}).
 *
 * @module
 */

import { toHex } from "../csv/stringify.ts";
import { countFindings, isClean } from "../format/findings.ts";
import { formatFloat } from "../format/float.ts";
import type {
  EntryInfo,
  NamespaceInfo,
  NvsItem,
  PageInfo,
  ParsedPartition,
} from "../format/reader.ts";
import { isFloatValue } from "./inspect_table.ts";

/** The schema name and version of `--format json`. */
export const INSPECT_JSON_SCHEMA = "nvsforge-inspect/1";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A value for JSON: 64-bit integers as decimal strings, bytes as hex, floats as the
 * shortest decimal text that reads back to the same bits (a string: `-0`, `inf` and
 * `nan` are not JSON numbers).
 */
function jsonValue(value: EntryInfo["value"], type?: string): Json {
  if (value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return toHex(value);
  if (isFloatValue(value)) return formatFloat(value.value, type === "float" ? "float" : "double");
  if (typeof value === "object") return { ...value };
  return value;
}

function itemJson(i: NvsItem): Json {
  const out: { [key: string]: Json } = {
    namespace: i.namespace ?? null,
    namespaceIndex: i.namespaceIndex,
    key: i.key,
    type: i.type,
    value: i.type === "float" || i.type === "double"
      ? formatFloat(i.value, i.type)
      : jsonValue(i.value),
  };
  if (i.type === "float" || i.type === "double") out.bits = i.bits;
  if (i.type === "string") out.size = new TextEncoder().encode(i.value).length + 1;
  if (i.type === "blob") {
    out.size = i.value.length;
    out.layout = i.layout;
    if (i.chunkStart !== undefined) out.chunkStart = i.chunkStart;
    if (i.chunks) out.chunks = i.chunks.map((c) => ({ ...c }));
  }
  out.page = i.page;
  out.entry = i.entry;
  return out;
}

function pageJson(p: PageInfo): Json {
  const out: { [key: string]: Json } = {
    index: p.index,
    state: p.state,
    stateValue: p.stateValue,
  };
  if (p.sequenceNumber !== undefined) out.sequenceNumber = p.sequenceNumber;
  if (p.versionValue !== undefined) out.versionValue = p.versionValue;
  if (p.version !== undefined) out.version = p.version;
  if (p.headerCrcValid !== undefined) out.headerCrcValid = p.headerCrcValid;
  out.order = p.order ?? null;
  out.written = p.written;
  out.erased = p.erased;
  out.empty = p.empty;
  return out;
}

function namespaceJson(n: NamespaceInfo): Json {
  return { name: n.name, index: n.index, items: n.items, page: n.page, entry: n.entry };
}

function entryJson(e: EntryInfo): Json {
  return {
    page: e.page,
    entry: e.entry,
    state: e.state,
    status: e.status,
    namespaceIndex: e.namespaceIndex,
    namespace: e.namespace ?? null,
    key: e.key,
    type: e.type,
    typeCode: e.typeCode,
    span: e.span,
    chunkIndex: e.chunkIndex,
    crcValid: e.crcValid,
    value: jsonValue(e.value, e.type),
    ...(isFloatValue(e.value) ? { bits: e.value.bits } : {}),
  };
}

/**
 * The `--format json` document (schema {@linkcode INSPECT_JSON_SCHEMA}): the image's
 * size and version, whether it is clean, counts of findings, pages, namespaces, live
 * items (64-bit integers as decimal strings, blobs as hex), every entry with `all`, and
 * the findings.
 */
export function partitionToJson(parsed: ParsedPartition, file: string, all = false): Json {
  const counts = countFindings(parsed.findings);
  const out: { [key: string]: Json } = {
    schema: INSPECT_JSON_SCHEMA,
    file,
    size: parsed.size,
    version: parsed.version ?? null,
    decrypted: parsed.decrypted,
    clean: isClean(parsed.findings),
    summary: { ...counts },
    pages: parsed.pages.map(pageJson),
    namespaces: parsed.namespaces.map(namespaceJson),
    items: parsed.items.map(itemJson),
  };
  if (all) out.entries = parsed.entries.map(entryJson);
  out.findings = parsed.findings.map((f) => ({ ...f }));
  return out;
}

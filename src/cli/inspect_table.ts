/**
 * `inspect`'s readable listing: a summary line, one row per live value and, with
 * `--all`, the pages and every entry.
 *
 * @module
 */

import { toHex } from "../csv/stringify.ts";
import { escapeText } from "../format/findings.ts";
import { type FloatValue, formatFloat } from "../format/float.ts";
import type { FloatType } from "../format/layout.ts";
import type { EntryInfo, ParsedPartition } from "../format/reader.ts";

/** Strings longer than this many characters are abbreviated in the table. */
const TABLE_STRING_MAX = 64;
/** Bytes of a blob shown in the table. */
const TABLE_BLOB_MAX = 24;

/** A key or name for the table: as it is when plain, quoted and escaped otherwise. */
function displayName(s: string | undefined): string {
  if (s === undefined) return "-";
  const escaped = escapeText(s);
  return s === "" || escaped !== s || /\s/.test(s) ? `"${escaped}"` : s;
}

function displayBytes(b: Uint8Array): string {
  if (b.length === 0) return "0 bytes";
  const shown = toHex(b.subarray(0, TABLE_BLOB_MAX));
  return `${b.length} byte${b.length > 1 ? "s" : ""}: ${shown}${
    b.length > TABLE_BLOB_MAX ? "…" : ""
  }`;
}

function displayString(s: string): string {
  const chars = [...s];
  if (chars.length <= TABLE_STRING_MAX) return `"${escapeText(s)}"`;
  const bytes = new TextEncoder().encode(s).length;
  return `"${escapeText(chars.slice(0, TABLE_STRING_MAX).join(""))}…" (${bytes} bytes)`;
}

/** Whether an entry's value is a float or double with its bits. */
export function isFloatValue(value: EntryInfo["value"]): value is FloatValue {
  return typeof value === "object" && "bits" in value;
}

/** A float or double as text, its bits beside it: `0.1 (bits 3dcccccd)`. */
function displayFloat(f: FloatValue, type: FloatType): string {
  return `${formatFloat(f.value, type)} (bits ${f.bits})`;
}

/**
 * A value for the table: integers in decimal, floats as the shortest decimal that reads
 * back to the same bits (with the bits), strings quoted and escaped, blobs in hex.
 */
export function displayValue(value: EntryInfo["value"], type?: string): string {
  if (value === undefined) return "?";
  if (typeof value === "string") return displayString(value);
  if (value instanceof Uint8Array) return displayBytes(value);
  if (isFloatValue(value)) return displayFloat(value, type === "float" ? "float" : "double");
  if (typeof value === "object") {
    return `index: ${value.totalSize} bytes in ${value.chunkCount} chunk${
      value.chunkCount === 1 ? "" : "s"
    } from ${value.chunkStart}`;
  }
  return String(value);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c]))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

function namespaceLabel(item: { namespace?: string; namespaceIndex: number }): string {
  return item.namespace !== undefined
    ? displayName(item.namespace)
    : `(index ${item.namespaceIndex})`;
}

/**
 * The readable listing: a summary line, then one row per live value (namespace, key,
 * type, value); with `all`, the pages and every entry with its page, entry and status.
 */
export function renderTable(parsed: ParsedPartition, file: string, all = false): string {
  const pagesUsed = parsed.pages.filter((p) => p.order !== undefined).length;
  const nsCount = parsed.namespaces.length;
  const summary = `${escapeText(file)}: ${parsed.pages.length} page${
    parsed.pages.length > 1 ? "s" : ""
  } (${pagesUsed} in use)${parsed.version ? `, format version ${parsed.version}` : ""}${
    parsed.decrypted ? ", decrypted" : ""
  }; ${parsed.items.length} item${parsed.items.length === 1 ? "" : "s"} in ${nsCount} namespace${
    nsCount === 1 ? "" : "s"
  }\n`;
  const items = parsed.items.length === 0 ? "" : table(
    ["NAMESPACE", "KEY", "TYPE", "VALUE"],
    parsed.items.map((i) => [
      namespaceLabel(i),
      displayName(i.key),
      i.type,
      i.type === "float" || i.type === "double" ? displayFloat(i, i.type) : displayValue(i.value),
    ]),
  );
  if (!all) return summary + items;
  const pages = table(
    ["PAGE", "STATE", "SEQUENCE", "VERSION", "ORDER", "WRITTEN", "ERASED", "EMPTY"],
    parsed.pages.map((p) => [
      String(p.index),
      p.state,
      p.sequenceNumber === undefined ? "-" : String(p.sequenceNumber),
      p.version === undefined ? "-" : String(p.version),
      p.order === undefined ? "-" : String(p.order),
      String(p.written),
      String(p.erased),
      String(p.empty),
    ]),
  );
  const entries = parsed.entries.length === 0 ? "" : table(
    ["PAGE", "ENTRY", "STATUS", "NAMESPACE", "KEY", "TYPE", "SPAN", "CHUNK", "VALUE"],
    parsed.entries.map((e) => [
      String(e.page),
      String(e.entry),
      e.crcValid ? e.status : `${e.status} (CRC)`,
      e.namespaceIndex === 0 ? "(namespaces)" : namespaceLabel(e),
      displayName(e.key),
      e.type === "unknown" ? `0x${e.typeCode.toString(16).padStart(2, "0")}` : e.type,
      String(e.span),
      e.chunkIndex === 0xff ? "-" : String(e.chunkIndex),
      e.crcValid ? displayValue(e.value, e.type) : "?",
    ]),
  );
  return [summary + items, pages, entries].filter((s) => s).join("\n");
}

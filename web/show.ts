/**
 * How values, sizes and messages are shown on the page: integers in decimal, strings as
 * they are, blobs as hex with their size, messages as lines of text (never colour only).
 *
 * @module
 */
/// <reference lib="dom" />

import { h } from "./dom.ts";

/** Bytes of a blob shown in a table cell; the rest is elided. */
const BLOB_SHOWN = 32;

/** Lower-case hex of bytes. */
export function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** A blob for a table cell: `5 bytes: 0102030405`, elided after a few bytes. */
export function showBytes(b: Uint8Array): string {
  const more = b.length > BLOB_SHOWN ? "…" : "";
  return `${b.length} byte${b.length === 1 ? "" : "s"}: ${hex(b.subarray(0, BLOB_SHOWN))}${more}`;
}

/** A size in bytes, readable: `24576 bytes (24 KiB)`. */
export function showSize(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const kib = n / 1024;
  return `${n} bytes (${
    kib < 1024 ? `${+kib.toFixed(1)} KiB` : `${+(kib / 1024).toFixed(1)} MiB`
  })`;
}

/** Kinds of message lines; the word is part of the text, the class only styles it. */
export type Level = "error" | "warning" | "note" | "ok";

/** A list of message lines (`role=list`), each starting with its level word. */
export function messageList(lines: { level: Level; text: string }[]): HTMLUListElement {
  return h(
    "ul",
    { class: "messages" },
    lines.map((l) =>
      h(
        "li",
        { class: l.level },
        l.text.startsWith(`${l.level}:`) ? l.text : `${l.level}: ${l.text}`,
      )
    ),
  );
}

/** A table with a caption, header cells and rows of text. */
export function table(caption: string, header: string[], rows: string[][]): HTMLTableElement {
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, header.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))),
  );
}

import { assertEquals, assertThrows } from "../_assert.ts";
import { defineLayout, fieldSize } from "../../src/format/_struct.ts";
import type { FieldSpec } from "../../src/format/_struct.ts";
import {
  BLOB_INDEX_DATA,
  ENTRY,
  EntryState,
  getEntryState,
  KEY_PARTITION,
  PAGE,
  PAGE_HEADER,
  setEntryState,
  VARLEN_DATA,
} from "../../src/format/layout.ts";

/** The fields in offset order, with the gaps between them. */
function coverage(fields: Record<string, FieldSpec>, size: number): [string, number, number][] {
  const spans = Object.entries(fields).map(([n, f]) =>
    [n, f.offset, f.offset + fieldSize(f)] as [string, number, number]
  ).sort((a, b) => a[1] - b[1]);
  let at = 0;
  for (const [, start, end] of spans) {
    if (start !== at) throw new Error(`gap before ${start}`);
    at = end;
  }
  if (at !== size) throw new Error(`ends at ${at}, not ${size}`);
  return spans;
}

Deno.test("layout: tables tile their structures exactly as the format documents", () => {
  assertEquals(coverage(PAGE.fields, 4096).map((s) => s[1]), [0, 32, 64]);
  assertEquals(coverage(PAGE_HEADER.fields, 32), [
    ["state", 0, 4],
    ["sequenceNumber", 4, 8],
    ["version", 8, 9],
    ["unused", 9, 28],
    ["crc32", 28, 32],
  ]);
  assertEquals(coverage(ENTRY.fields, 32), [
    ["namespaceIndex", 0, 1],
    ["type", 1, 2],
    ["span", 2, 3],
    ["chunkIndex", 3, 4],
    ["crc32", 4, 8],
    ["key", 8, 24],
    ["data", 24, 32],
  ]);
  coverage(VARLEN_DATA.fields, 8);
  coverage(BLOB_INDEX_DATA.fields, 8);
  assertEquals(PAGE_HEADER.crcRanges, [[4, 28]]);
  assertEquals(ENTRY.crcRanges, [[0, 4], [8, 32]]);
  assertEquals(KEY_PARTITION.crcRanges, [[0, 64]]);
});

Deno.test("layout: overlapping or out-of-bounds fields are refused", () => {
  assertThrows(
    () => defineLayout("x", 4, { a: { offset: 0, type: "u32" }, b: { offset: 2, type: "u8" } }),
    RangeError,
    "overlap",
  );
  assertThrows(() => defineLayout("x", 2, { a: { offset: 0, type: "u32" } }), RangeError);
});

Deno.test("layout: entry-state bitmap: 2 bits per entry, LSB first, 11 empty 10 written", () => {
  const page = new Uint8Array(4096).fill(0xff);
  setEntryState(page, 0, 0, EntryState.WRITTEN);
  setEntryState(page, 0, 5, EntryState.ERASED);
  assertEquals(page[32], 0b11111110);
  assertEquals(page[33], 0b11110011);
  assertEquals(getEntryState(page, 0, 5), EntryState.ERASED);
  assertEquals(getEntryState(page, 0, 125), EntryState.EMPTY);
});

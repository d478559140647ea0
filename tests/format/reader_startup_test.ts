/**
 * The reader models what ESP-IDF's NVS library does when it starts on an image and what
 * its iterator and getters then read: a key kept with two types, two copies of one type
 * on different pages, the page loader's duplicates, a namespace defined twice, a blob
 * whose chunks are stored twice. Each image is made by the writer and then edited the
 * way a device (or a power loss) leaves it.
 */
import { assert, assertEquals } from "../_assert.ts";
import {
  ENTRY,
  entryOffset,
  EntryState,
  ItemType,
  PAGE_SIZE,
  sealCrc,
  setEntryState,
} from "../../src/format/layout.ts";
import { parsePartition } from "../../src/format/reader.ts";
import type { ParsedPartition } from "../../src/format/reader.ts";
import { encodePartition } from "../../src/format/writer.ts";
import { blob, i8, ns, u8 } from "../_records.ts";

const fill = (n: number, prefix = "f") =>
  Array.from({ length: n }, (_, i) => u8(`${prefix}${i}`, 0));

const listed = (p: ParsedPartition) =>
  p.items.map((i) =>
    `${i.namespace}/${i.key}:${i.type}=${i.value instanceof Uint8Array ? i.value.length : i.value}`
  );

/** Gives entry `entry` of page `page` another key (and optionally type), CRC resealed. */
function rewrite(image: Uint8Array, page: number, entry: number, key: string, type?: number) {
  const at = page * PAGE_SIZE + entryOffset(entry);
  const k = ENTRY.fields.key;
  image.fill(0, at + k.offset, at + k.offset + k.size!);
  image.set(new TextEncoder().encode(key), at + k.offset);
  if (type !== undefined) image[at + ENTRY.fields.type.offset] = type;
  sealCrc(ENTRY, new DataView(image.buffer), image, at);
}

/** Where the entries with this key are, as [page, entry]. */
const whereIs = (image: Uint8Array, key: string) =>
  parsePartition(image).entries.filter((e) => e.key === key).map((e) => [e.page, e.entry]);

Deno.test("startup: a key kept with two types on two pages: both listed, each getter its own", () => {
  // "k" is an i8 on page 0 and (after a power loss between writing the new copy and
  // erasing the old) a u8 as the last item of page 1.
  const image = encodePartition([ns("n"), i8("k", -5), ...fill(124), u8("x", 1), u8("k", 7)], {
    size: 0x4000,
  });
  const p = parsePartition(image);
  assertEquals(p.items.filter((i) => i.key === "k").map((i) => `${i.type}=${i.value}`), [
    "i8=-5",
    "u8=7",
  ]);
  const dup = p.findings.filter((f) => f.code === "duplicate-key");
  assertEquals(dup.map((f) => [f.severity, f.page, f.entry]), [["warning", 0, 1]]);
  assert(dup[0].message.includes("each type's getter reads its own copy"), dup[0].message);
});

Deno.test("startup: the last item's older copy of the same type is erased on an older page", () => {
  const image = encodePartition([ns("n"), u8("k", 1), ...fill(124), u8("x", 1), u8("k", 7)], {
    size: 0x4000,
  });
  const p = parsePartition(image);
  assertEquals(p.items.filter((i) => i.key === "k").map((i) => i.value), [7]);
  assertEquals(p.entries.find((e) => e.page === 0 && e.key === "k")?.status, "superseded");
  const dup = p.findings.find((f) => f.code === "duplicate-key")!;
  assertEquals([dup.severity, dup.page, dup.entry], ["warning", 0, 1]);
});

Deno.test("startup: two copies on the active page: the page loader erases the older, any type", () => {
  const image = encodePartition([ns("n"), i8("k", -1), u8("x", 1), u8("k", 9)], { size: 0x3000 });
  const p = parsePartition(image);
  assertEquals(listed(p), ["n/x:u8=1", "n/k:u8=9"]);
  assertEquals(p.entries.find((e) => e.key === "k" && e.type === "i8")?.status, "superseded");
});

Deno.test("startup: two copies of one type on different pages: the older one is read", () => {
  // "k" on page 0 and page 1, not the last item of page 1: the library keeps both.
  const image = encodePartition(
    [ns("n"), u8("k", 1), ...fill(124), u8("k", 2), u8("z", 0)],
    { size: 0x4000 },
  );
  const p = parsePartition(image);
  assertEquals(p.items.filter((i) => i.key === "k").map((i) => [i.value, i.page]), [[1, 0]]);
  assertEquals(p.entries.find((e) => e.page === 1 && e.key === "k")?.status, "shadowed");
  const dup = p.findings.find((f) => f.code === "duplicate-key")!;
  assertEquals([dup.severity, dup.page, dup.entry], ["error", 1, 0]);
  assert(dup.message.includes("reads the older one"), dup.message);
});

Deno.test("startup: a namespace defined twice: items named after the first entry, opened by it", () => {
  // "storage" = index 1 on page 0; "other" = index 2 on page 1, renamed "storage".
  const image = encodePartition(
    [ns("storage"), u8("a", 1), u8("b", 2), ...fill(123), ns("other"), u8("a", 9), u8("c", 3)],
    { size: 0x4000 },
  );
  const [page, entry] = whereIs(image, "other")[0];
  assertEquals(page, 1);
  rewrite(image, page, entry, "storage");
  const p = parsePartition(image);
  assertEquals(p.namespaces.map((n) => `${n.name}=${n.index}`), ["storage=1", "storage=2"]);
  // Index 2's "a" is listed as storage's and read from index 1; its "c" cannot be read.
  const storage = p.items.filter((i) => i.namespace === "storage");
  assertEquals(storage.filter((i) => i.key === "a").map((i) => [i.value, i.namespaceIndex]), [
    [1, 1],
  ]);
  assert(!p.items.some((i) => i.key === "c"));
  const codes = p.findings.filter((f) => f.severity !== "info").map((f) => [f.code, f.key]);
  assertEquals(codes, [["namespace-index-reused", "storage"], ["item-unreadable", "c"]]);
  assertEquals(p.items.length, 2 + 123);
});

Deno.test("startup: a blob stored twice loses its index, then all its chunks", () => {
  // "b" and "c", 5000 bytes each in two chunks; c's chunks renamed "b" and c's index
  // erased: b's index (2 chunks, 5000 bytes) meets 4 chunks and 10000 bytes.
  const image = encodePartition(
    [ns("n"), blob("b", 5000, 1), blob("c", 5000, 2), u8("z", 0)],
    { size: 0x6000 },
  );
  const c = parsePartition(image).entries.filter((e) => e.key === "c");
  for (const e of c) {
    if (e.type === "blob-data") rewrite(image, e.page, e.entry, "b");
    else setEntryState(image, e.page * PAGE_SIZE, e.entry, EntryState.ERASED);
  }
  const p = parsePartition(image);
  assertEquals(listed(p), ["n/z:u8=0"]);
  const problems = p.findings.map((f) => f.code);
  assertEquals(problems.filter((c) => c === "blob-chunk-orphan").length, 4);
  const index = p.findings.find((f) => f.code === "blob-size-mismatch")!;
  assert(
    index.message.includes("4 chunks of the key in chunk range 0–127 with 10000 bytes"),
    index.message,
  );
  assert(p.entries.filter((e) => e.key === "b").every((e) => e.status !== "live"));
});

Deno.test("startup: blob chunks of the other version range are not counted", () => {
  // c's chunks renamed "b" and moved to chunk indexes 128, 129: b's index (start 0)
  // counts only its own two; the others have no index and are erased.
  const image = encodePartition(
    [ns("n"), blob("b", 5000, 1), blob("c", 5000, 2), u8("z", 0)],
    { size: 0x6000 },
  );
  for (const e of parsePartition(image).entries.filter((e) => e.key === "c")) {
    if (e.type !== "blob-data") {
      setEntryState(image, e.page * PAGE_SIZE, e.entry, EntryState.ERASED);
      continue;
    }
    const at = e.page * PAGE_SIZE + entryOffset(e.entry);
    image[at + ENTRY.fields.chunkIndex.offset] = 128 + e.chunkIndex;
    rewrite(image, e.page, e.entry, "b");
  }
  const p = parsePartition(image);
  assertEquals(listed(p), ["n/b:blob=5000", "n/z:u8=0"]);
  assertEquals(p.findings.filter((f) => f.code === "blob-chunk-orphan").length, 2);
});

Deno.test("startup: the iterator does not list blob indexes; a chunk 0 stands for its blob", () => {
  const image = encodePartition([ns("n"), blob("b", 5000, 1)], { size: 0x4000 });
  const p = parsePartition(image);
  const b = p.items[0];
  assert(b.type === "blob" && b.layout === "multipage");
  // Listed where its first chunk is; its page and entry are the index's.
  assertEquals([b.page, b.entry], [1, whereIs(image, "b").at(-1)![1]]);
  assertEquals(
    p.entries.filter((e) => e.key === "b").map((e) => e.status),
    ["live", "live", "live"],
  );
  assertEquals(ItemType.BLOB_INDEX, p.entries.find((e) => e.type === "blob-index")?.typeCode);
});

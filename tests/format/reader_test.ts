/**
 * The reader: every vector image read back and re-encoded byte for byte (directly, and
 * through the generator CSV), and images as a device writes them (erased entries, later
 * values, several pages, a freeing page, sequence order, chunk start 128).
 */
import { assert, assertBytes, assertEquals, assertThrows } from "../_assert.ts";
import { vectorImages } from "../../scripts/fuzz_reader.ts";
import { csvToRecords } from "../../src/csv/mod.ts";
import { stringifyCsv } from "../../src/csv/stringify.ts";
import { decryptPartition, encryptPartition, parseImage } from "../../src/crypto/mod.ts";
import { NvsforgeError } from "../../src/errors.ts";
import { crc32 } from "../../src/format/crc32.ts";
import type { NvsRecord } from "../../src/format/items.ts";
import {
  BLOB_INDEX_DATA,
  ENTRY,
  EntryState,
  PAGE_HEADER,
  PAGE_SIZE,
  PageState,
  sealCrc,
  setEntryState,
  VARLEN_DATA,
  writeInt,
} from "../../src/format/layout.ts";
import { parsePartition, recordsFromPartition } from "../../src/format/reader.ts";
import type { NvsItem } from "../../src/format/reader.ts";
import { encodePartition } from "../../src/format/writer.ts";
import { blob, ns, str, u8 } from "../_records.ts";
import { at, view } from "./_image.ts";

const values = (items: NvsItem[]) =>
  items.map((i) => [i.namespace, i.key, i.type, i.value] as const);

/** Images the reference treats specially: a key written twice (see the vectors' README). */
const DUPLICATE_KEY_CASES = new Set(["quirk-wifi-ap"]);

Deno.test("reader: every vector image re-encodes to the same bytes, directly and through CSV", () => {
  const images = vectorImages();
  assert(images.length >= 80, `only ${images.length} vector images`);
  let direct = 0;
  let viaCsv = 0;
  for (const v of images) {
    const name = `${v.caseName}/${v.file}`;
    const parsed = parseImage(v.image, { keys: v.keys });
    const plain = v.keys ? decryptPartition(v.image, { keys: v.keys }) : v.image;
    const options = { size: v.image.length, version: parsed.version ?? 2 };
    assert(
      parsed.findings.every((f) => f.severity === "info") !==
        DUPLICATE_KEY_CASES.has(v.caseName),
      `${name}: ${JSON.stringify(parsed.findings)}`,
    );
    const records = recordsFromPartition(parsed);
    const csv = stringifyCsv(records);
    const back = csvToRecords([{ name: "back.csv", text: csv }]);
    assertEquals(back.diagnostics.errors, [], name);
    if (DUPLICATE_KEY_CASES.has(v.caseName)) {
      // The live values regenerate the image as the device sees it once mounted.
      const again = parsePartition(encodePartition(back.records, options));
      assertEquals(values(again.items), values(parsed.items), name);
      continue;
    }
    assertBytes(encodePartition(records, options), plain, `${name} (records)`);
    direct++;
    const fromCsv = encodePartition(back.records, options);
    assertBytes(fromCsv, plain, `${name} (CSV)`);
    if (v.keys) {
      assertBytes(encryptPartition(fromCsv, { keys: v.keys }), v.image, `${name} (encrypted)`);
    }
    viaCsv++;
  }
  console.log(
    `${direct} of ${images.length} vector images re-encoded byte for byte (${viaCsv} via CSV)`,
  );
  assert(direct >= images.length - DUPLICATE_KEY_CASES.size);
});

Deno.test("reader: values of a mixed image, version 1 and 2", () => {
  const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
  const records = [
    ns("cfg"),
    u8("a", 200),
    { kind: "entry", key: "big", type: "u64", value: 0xffffffffffffffffn },
    { kind: "entry", key: "neg", type: "i16", value: -2 },
    str("s", "Grüße"),
    blob("b", data.subarray(0, 1000)),
  ] as NvsRecord[];
  const v1 = parsePartition(encodePartition(records, { size: 0x3000, version: 1 }));
  assertEquals(v1.version, 1);
  assertEquals(values(v1.items), [
    ["cfg", "a", "u8", 200],
    ["cfg", "big", "u64", 0xffffffffffffffffn],
    ["cfg", "neg", "i16", -2],
    ["cfg", "s", "string", "Grüße"],
    ["cfg", "b", "blob", data.subarray(0, 1000)],
  ]);
  const b1 = v1.items[4];
  assert(b1.type === "blob" && b1.layout === "single");
  const v2 = parsePartition(
    encodePartition([...records.slice(0, 5), blob("b", data)], { size: 0x5000 }),
  );
  assertEquals(v2.version, 2);
  const b2 = v2.items[4];
  assert(b2.type === "blob" && b2.layout === "multipage" && b2.chunkStart === 0);
  assertEquals(b2.value, data);
  assertEquals(b2.chunks!.map((c) => c.page), [0, 1]);
  assertEquals(b2.chunks!.reduce((n, c) => n + c.size, 0), 5000);
  assertEquals(v2.namespaces.map((n) => [n.name, n.index, n.items]), [["cfg", 1, 5]]);
  assertEquals(v2.pages.map((p) => p.state), ["full", "active", "empty", "empty", "empty"]);
  assertEquals(v2.findings, []);
});

Deno.test("reader: a later value of a key on the active page supersedes the earlier (warning)", () => {
  const image = encodePartition([ns("n"), u8("a", 1), u8("b", 2), u8("a", 3)], { size: 0x3000 });
  const p = parsePartition(image);
  assertEquals(values(p.items), [["n", "b", "u8", 2], ["n", "a", "u8", 3]]);
  const dup = p.findings.filter((f) => f.code === "duplicate-key");
  assertEquals(dup.map((f) => [f.severity, f.page, f.entry, f.key]), [["warning", 0, 1, "a"]]);
  assertEquals(
    p.entries.map((e) => [e.entry, e.key, e.status]),
    [[0, "n", "live"], [1, "a", "superseded"], [2, "b", "live"], [3, "a", "live"]],
  );
});

Deno.test("reader: erased entries are not values; --all lists them", () => {
  const image = encodePartition([ns("n"), u8("a", 1), str("s", "x".repeat(40)), u8("b", 2)], {
    size: 0x3000,
  });
  // Erase "a" and the 3-entry string, as the library does.
  for (const i of [1, 2, 3, 4]) setEntryState(image, 0, i, EntryState.ERASED);
  const p = parsePartition(image);
  assertEquals(values(p.items), [["n", "b", "u8", 2]]);
  assertEquals(p.findings, []);
  assertEquals(
    p.entries.map((e) => [e.entry, e.key, e.state, e.status, e.value]),
    [
      [0, "n", "written", "live", 1],
      [1, "a", "erased", "erased", 1],
      [2, "s", "erased", "erased", "x".repeat(40)],
      [5, "b", "written", "live", 2],
    ],
  );
  assertEquals([p.pages[0].written, p.pages[0].erased], [2, 4]);
});

/** Sets a page's state word (outside the header CRC). */
function setPageState(image: Uint8Array, page: number, state: number): void {
  writeInt(view(image), page * PAGE_SIZE, PAGE_HEADER.fields.state, state);
}

/** Sets a page's sequence number and reseals its header. */
function setSequence(image: Uint8Array, page: number, seq: number): void {
  writeInt(view(image), page * PAGE_SIZE, PAGE_HEADER.fields.sequenceNumber, seq);
  sealCrc(PAGE_HEADER, view(image), image, page * PAGE_SIZE);
}

Deno.test("reader: pages are read in sequence-number order, not in image order", () => {
  // Two full pages of u8 items; "k" is on both. Swap their sequence numbers.
  const first = Array.from({ length: 124 }, (_, i) => u8(`a${i}`, 1));
  const second = Array.from({ length: 10 }, (_, i) => u8(`b${i}`, 2));
  const image = encodePartition(
    [ns("n"), u8("k", 1), ...first, u8("k", 2), ...second],
    { size: 0x4000 },
  );
  // "k" is on both pages and is not the last item written: the library keeps both, and
  // the getter reads the copy on the first page in sequence order.
  assertEquals(parsePartition(image).items.find((i) => i.key === "k")?.value, 1);
  setSequence(image, 0, 7);
  setSequence(image, 1, 3);
  const p = parsePartition(image);
  assertEquals(p.pages.map((x) => x.order), [1, 0, undefined, undefined]);
  // Page 1 is read first now: its items come first, and its "k" is the older copy, which
  // the getter reads (the first page holding the key with its type wins).
  assertEquals(
    p.items.slice(0, 12).map((i) => i.key),
    ["k", ...second.map((r) => (r as { key: string }).key), "a0"],
  );
  assertEquals(p.items.find((i) => i.key === "k")?.value, 2);
  // Not the last item written: the library keeps both and never reads page 0's (error).
  const dup = p.findings.find((f) => f.code === "duplicate-key")!;
  assertEquals([dup.severity, dup.page, dup.entry], ["error", 0, 1]);
  assertEquals(p.entries.find((e) => e.page === 0 && e.key === "k")?.status, "shadowed");
});

Deno.test("reader: the older copy of the last item written is erased on mount (warning)", () => {
  const fill = Array.from({ length: 124 }, (_, i) => u8(`a${i}`, 1));
  const image = encodePartition([ns("n"), str("k", "old"), ...fill, u8("x", 0), str("k", "new")], {
    size: 0x4000,
  });
  const p = parsePartition(image);
  assertEquals(p.items.find((i) => i.key === "k")?.value, "new");
  const dup = p.findings.find((f) => f.code === "duplicate-key")!;
  assertEquals([dup.severity, dup.page, dup.entry, dup.key], ["warning", 0, 1, "k"]);
});

Deno.test("reader: a freeing page is copied again; the active partial copy is discarded", () => {
  // Page 0 (full) is being freed into page 1 (active): page 1 holds a partial copy.
  const items = Array.from({ length: 125 }, (_, i) => u8(`k${i}`, i));
  const image = encodePartition([ns("n"), ...items, u8("late", 9)], { size: 0x4000 });
  // Page 1 now holds "late"; make it a partial copy of page 0 instead.
  const partial = encodePartition([ns("n"), ...items.slice(0, 10)], { size: 0x3000 });
  image.set(partial.subarray(0, PAGE_SIZE), PAGE_SIZE);
  setSequence(image, 1, 1);
  setPageState(image, 0, PageState.FREEING);
  const p = parsePartition(image);
  assertEquals(p.items.length, 125);
  assertEquals(p.items[0].key, "k0");
  assertEquals(p.pages.map((x) => [x.state, x.order]), [
    ["freeing", 0],
    ["active", undefined],
    ["empty", undefined],
    ["empty", undefined],
  ]);
  assertEquals(p.findings.map((f) => [f.code, f.severity, f.page]), [
    ["page-freeing", "warning", 0],
  ]);
  assert(p.entries.filter((e) => e.page === 1).every((e) => e.status === "superseded"));
});

Deno.test("reader: a freeing page that is not the last one is read after the others", () => {
  // Page 0 (seq 0) is being freed; page 1 (seq 1) is full; page 2 (seq 2), the partial
  // copy, is active. The library reads page 1, then page 0's items copied anew.
  const p0 = Array.from({ length: 124 }, (_, i) => u8(`a${i}`, 1));
  const p1 = Array.from({ length: 125 }, (_, i) => u8(`b${i}`, 2));
  const image = encodePartition(
    [ns("n"), u8("k", 0), ...p0, u8("k", 1), ...p1, u8("c", 3)],
    { size: 0x5000 },
  );
  setPageState(image, 0, PageState.FREEING);
  const p = parsePartition(image);
  assertEquals(p.pages.map((x) => x.order), [1, 0, undefined, undefined, undefined]);
  assertEquals(p.items[0].key, "k");
  assertEquals(p.items.at(-1)!.key, "a123");
  // Page 0's "k" is now the later copy: the getter reads page 1's, the older one.
  assertEquals(p.items.find((i) => i.key === "k")?.value, 1);
  assert(!p.items.some((i) => i.key === "c"), "the active page is discarded");
});

Deno.test("reader: a half-written entry after the last one of the active page is ignored", () => {
  const image = encodePartition([ns("n"), u8("a", 1)], { size: 0x3000 });
  image.set(image.subarray(at(0, 1), at(0, 2)), at(0, 2)); // entry 2 written, bitmap not
  image[at(0, 2) + 8] = 0x62; // key "b"
  const p = parsePartition(image);
  assertEquals(values(p.items), [["n", "a", "u8", 1]]);
  assertEquals(p.findings.map((f) => [f.code, f.entry]), [["entry-half-written", 2]]);
});

Deno.test("reader: a multipage blob with chunk start 128 (a rewritten blob) reads the same", () => {
  const data = Uint8Array.from({ length: 6000 }, (_, i) => i & 0xff);
  const image = encodePartition([ns("n"), blob("b", data)], { size: 0x5000 });
  const v = view(image);
  const before = parsePartition(image).items[0];
  assert(before.type === "blob");
  for (const c of before.chunks!) {
    image[at(c.page, c.entry) + ENTRY.fields.chunkIndex.offset] = 128 + c.chunkIndex;
    sealCrc(ENTRY, v, image, at(c.page, c.entry));
  }
  const index = at(before.page, before.entry);
  writeInt(v, index + ENTRY.fields.data.offset, BLOB_INDEX_DATA.fields.chunkStart, 128);
  sealCrc(ENTRY, v, image, index);
  const p = parsePartition(image);
  assertEquals(p.findings, []);
  const b = p.items[0];
  assert(b.type === "blob" && b.chunkStart === 128);
  assertEquals(b.value, data);
  assertEquals(b.chunks!.map((c) => c.chunkIndex), [128, 129]);
});

Deno.test("reader: decrypts with the keys given; invalid sizes and keys are typed errors", () => {
  const keys = Uint8Array.from({ length: 64 }, (_, i) => i + 1);
  const plain = encodePartition([ns("n"), str("s", "secret")], { size: 0x3000 });
  const encrypted = encryptPartition(plain, { keys });
  const p = parseImage(encrypted, { keys });
  assert(p.decrypted);
  assertEquals(values(p.items), [["n", "s", "string", "secret"]]);
  const cut = assertThrows(() => parsePartition(plain.subarray(0, 5000)), NvsforgeError);
  assertEquals((cut as NvsforgeError).code, "invalid-size");
  assertThrows(() => parsePartition(new Uint8Array(0)), NvsforgeError, "empty");
  assertThrows(() => parseImage(plain, { keys: keys.subarray(0, 32) }), NvsforgeError);
  assertThrows(() => parsePartition("x" as unknown as Uint8Array), NvsforgeError);
});

Deno.test("reader: records put a namespace before the first item of each, and re-open it", () => {
  const records = [ns("a"), u8("x", 1), ns("b"), u8("y", 2), ns("a"), u8("z", 3), ns("c")];
  const image = encodePartition(records, { size: 0x3000 });
  const back = recordsFromPartition(parsePartition(image));
  assertEquals(back, records.map((r) => ({ ...r })));
  assertBytes(encodePartition(back, { size: 0x3000 }), image);
});

Deno.test("reader: a string that starts with U+FEFF reads back with it, and rewrites the same bytes", () => {
  // The mark is a character of the string (a file value keeps it, as the reference
  // does): dropping it on reading would change the image an edit writes back.
  const records = [ns("n"), str("s", "\uFEFFhi")];
  const image = encodePartition(records, { size: 0x3000 });
  const back = recordsFromPartition(parsePartition(image));
  const s = back[1];
  assert(s.kind === "entry" && s.type === "string" && s.value === "\uFEFFhi", JSON.stringify(s));
  assertBytes(encodePartition(back, { size: 0x3000 }), image);
});

Deno.test("reader: a string or blob whose payload ends in 0xFF entries reads back whole", () => {
  // Payload entries that look erased must not confuse the reader.
  const ff = new Uint8Array(96).fill(0xff);
  const image = encodePartition([ns("n"), blob("ff", ff), u8("after", 1)], {
    size: 0x3000,
    version: 1,
  });
  const p = parsePartition(image);
  assertEquals(values(p.items), [["n", "ff", "blob", ff], ["n", "after", "u8", 1]]);
  assertEquals(p.findings, []);
  // The declared size must fit the span: 97 bytes need 5 entries, the span is 4.
  writeInt(view(image), at(0, 1) + ENTRY.fields.data.offset, VARLEN_DATA.fields.size, 97);
  sealCrc(ENTRY, view(image), image, at(0, 1));
  assertEquals(parsePartition(image).findings.map((f) => [f.code, f.severity]), [
    ["span-invalid", "error"],
  ]);
  // A span longer than the size needs is read, with a warning.
  writeInt(view(image), at(0, 1) + ENTRY.fields.data.offset, VARLEN_DATA.fields.size, 64);
  writeInt(
    view(image),
    at(0, 1) + ENTRY.fields.data.offset,
    VARLEN_DATA.fields.dataCrc32,
    crc32(ff.subarray(0, 64)),
  );
  sealCrc(ENTRY, view(image), image, at(0, 1));
  const p2 = parsePartition(image);
  assertEquals(p2.findings.map((f) => [f.code, f.severity]), [["span-invalid", "warning"]]);
  assertEquals(p2.items[0].value, ff.subarray(0, 64));
});

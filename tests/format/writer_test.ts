import fc from "fast-check";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { decodeImage } from "./_decode.ts";
import { encodePartition, layoutPartition, utf8Length } from "../../src/format/writer.ts";
import type { NvsRecord } from "../../src/format/items.ts";
import { INTEGER_TYPES, PageState } from "../../src/format/layout.ts";
import type { IntegerType } from "../../src/format/layout.ts";
import { NvsforgeError, NvsforgeErrors } from "../../src/errors.ts";
import { blob, ns, str, u8 } from "../_records.ts";

const entryAt = (image: Uint8Array, page: number, entry: number) =>
  image.subarray(page * 4096 + 64 + entry * 32, page * 4096 + 96 + entry * 32);
const keyOf = (e: Uint8Array) => new TextDecoder().decode(e.subarray(8, 8 + e.indexOf(0, 8) - 8));
const state = (image: Uint8Array, page: number) =>
  new DataView(image.buffer, image.byteOffset).getUint32(page * 4096, true);

Deno.test("writer: 126 one-entry items fill a page; the next item opens page 1 and page 0 is FULL", () => {
  const records = [ns("n"), ...Array.from({ length: 125 }, (_, i) => u8(`k${i}`, i))];
  const one = encodePartition(records, { size: 0x3000 });
  assertEquals(state(one, 0), PageState.ACTIVE, "a used-up page stays active when nothing follows");
  const two = encodePartition([...records, u8("next", 1)], { size: 0x3000 });
  assertEquals(state(two, 0), PageState.FULL);
  assertEquals(state(two, 1), PageState.ACTIVE);
  assertEquals(keyOf(entryAt(two, 1, 0)), "next");
});

Deno.test("writer: a string whose span would end on entry 125 moves to the next page", () => {
  // namespace (1) + 119 integers = 120 entries; a 6-entry string (129..160 bytes) would use 120..125.
  const fill = Array.from({ length: 119 }, (_, i) => u8(`k${i}`, i));
  const image = encodePartition([ns("n"), ...fill, str("s", "x".repeat(150))], { size: 0x3000 });
  assertEquals(keyOf(entryAt(image, 1, 0)), "s");
  // One entry shorter fits on page 0.
  const fits = encodePartition([ns("n"), ...fill, str("s", "x".repeat(100))], { size: 0x3000 });
  assertEquals(keyOf(entryAt(fits, 0, 120)), "s");
});

Deno.test("writer: a 4000-byte string takes a page of its own, all 126 entries (improvement)", () => {
  const image = encodePartition([ns("n"), str("big", "y".repeat(3999)), u8("after", 1)], {
    size: 0x5000,
  });
  assertEquals(keyOf(entryAt(image, 1, 0)), "big");
  assertEquals(entryAt(image, 1, 0)[2], 126, "span");
  assertEquals(keyOf(entryAt(image, 2, 0)), "after");
  assertEquals(decodeImage(image).problems, []);
});

Deno.test("writer: a v2 blob leaves an empty chunk when one entry is left, index follows", () => {
  const fill = Array.from({ length: 124 }, (_, i) => u8(`k${i}`, i)); // entries 1..124
  const image = encodePartition([ns("n"), ...fill, blob("b", 40)], { size: 0x4000 });
  const c0 = entryAt(image, 0, 125);
  assertEquals([c0[1], c0[2], c0[3]], [0x42, 1, 0], "empty chunk 0 at the last entry");
  const c1 = entryAt(image, 1, 0);
  assertEquals([c1[1], c1[2], c1[3]], [0x42, 3, 1], "chunk 1 with 40 bytes");
  const idx = entryAt(image, 1, 3);
  assertEquals([idx[1], idx[24], idx[28], idx[29]], [0x48, 40, 2, 0]);
  const d = decodeImage(image);
  assertEquals(d.problems, []);
  assertEquals(d.items.at(-1)!.value, new Uint8Array(40).fill(0xab));
});

Deno.test("writer: read-only sizes hold only the written pages; read/write sizes the full size", () => {
  assertEquals(encodePartition([ns("n")], { size: 0x2000 }).length, 0x1000);
  assertEquals(encodePartition([ns("n")], { size: 0x6000 }).length, 0x6000);
  const rw = encodePartition([ns("n")], { size: 0x6000 });
  assert(rw.subarray(0x1000).every((b) => b === 0xff), "pages after the data are erased");
});

Deno.test("writer: data that does not fit names the pages it needs and the smallest size", () => {
  const records = [ns("n"), blob("b", 9000)];
  const e = assertThrows(() => encodePartition(records, { size: 0x3000 }), NvsforgeError);
  assert(e.message.includes("needs 3 pages") && e.message.includes("0x4000"), e.message);
  assertEquals(layoutPartition(records, { size: 0x4000 }).pagesUsed, 3);
});

Deno.test("writer: every invalid record is reported at once", () => {
  const records: NvsRecord[] = [
    u8("early", 1),
    ns("n"),
    u8("sixteen_chars_xx", 1),
    u8("big", 256),
    { kind: "entry", key: "neg", type: "u32", value: -1 },
    str("long", "z".repeat(4000)),
  ];
  const e = assertThrows(() => encodePartition(records, { size: 0x3000 }), NvsforgeErrors);
  assertEquals((e as NvsforgeErrors).errors.map((x) => x.code), [
    "no-namespace",
    "key-too-long",
    "integer-out-of-range",
    "integer-out-of-range",
    "value-too-long",
  ]);
});

Deno.test("writer: at most 254 namespaces", () => {
  const ok = Array.from({ length: 254 }, (_, i) => ns(`n${i}`));
  assertEquals(layoutPartition(ok, { size: 0x5000 }).pagesUsed, 3);
  assertThrows(
    () => encodePartition([...ok, ns("one_more")], { size: 0x5000 }),
    NvsforgeError,
    "at most 254",
  );
});

Deno.test("writer: version 1 writes single BLOB items and version byte 0xFF", () => {
  const image = encodePartition([ns("n"), blob("b", 100)], { size: 0x3000, version: 1 });
  assertEquals(image[8], 0xff);
  assertEquals(entryAt(image, 0, 1)[1], 0x41);
  const v2 = encodePartition([ns("n"), blob("b", 100)], { size: 0x3000 });
  assertEquals(v2[8], 0xfe);
});

// ---- property: random documents decode back to themselves ----

const keyArb = fc.string({
  minLength: 1,
  maxLength: 15,
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz_.0123456789"),
});
const intArb = fc.constantFrom(...Object.keys(INTEGER_TYPES) as IntegerType[]).chain((t) =>
  fc.bigInt({ min: INTEGER_TYPES[t].min, max: INTEGER_TYPES[t].max }).map((v) => ({
    kind: "entry" as const,
    type: t,
    value: v,
  }))
);
const strArb = (max: number) =>
  fc.string({ maxLength: max, unit: "binary" }).filter((s) =>
    new TextEncoder().encode(s).length < max && !s.includes("\uFFFD")
  ).map((value) => ({ kind: "entry" as const, type: "string" as const, value }));
const blobArb = (max: number) =>
  fc.uint8Array({ maxLength: max }).map((value) => ({
    kind: "entry" as const,
    type: "blob" as const,
    value,
  }));

function docArb(version: 1 | 2) {
  const entry = fc.tuple(
    keyArb,
    fc.oneof(
      { weight: 4, arbitrary: intArb },
      { weight: 2, arbitrary: strArb(version === 1 ? 600 : 4000) },
      { weight: 2, arbitrary: blobArb(version === 1 ? 1984 : 9000) },
    ),
  ).map(([key, v]) => ({ ...v, key }) as NvsRecord);
  const step = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom("alpha", "beta", "gamma").map(ns) },
    { weight: 8, arbitrary: entry },
  );
  return fc.tuple(fc.constantFrom("first", "second").map(ns), fc.array(step, { maxLength: 60 }))
    .map(([first, rest]) => [first, ...rest]);
}

function expectedItems(records: NvsRecord[]) {
  let current = "";
  const out = [];
  for (const r of records) {
    if (r.kind === "namespace") {
      current = r.name;
      continue;
    }
    if (r.type === "float" || r.type === "double") continue; // see writer_float_test.ts
    const value = r.type === "string"
      ? new TextEncoder().encode(r.value + "\0")
      : r.type === "blob"
      ? r.value
      : BigInt(r.value);
    const type = r.type === "string" ? 0x21 : r.type === "blob" ? 0x41 : INTEGER_TYPES[r.type].code;
    out.push({ namespace: current, key: r.key, type, value });
  }
  return out;
}

for (const version of [1, 2] as const) {
  Deno.test(`writer (property, v${version}): every CRC verifies and the items decode to the input`, () => {
    fc.assert(
      fc.property(docArb(version), (records) => {
        const { image, pagesUsed } = layoutPartition(records, { size: 0x100000, version });
        const d = decodeImage(image);
        assertEquals(d.problems, []);
        assertEquals(d.items, expectedItems(records));
        // Page states: FULL…FULL, ACTIVE, then erased pages.
        const states = d.pageStates;
        for (let p = 0; p < states.length; p++) {
          const want = p < pagesUsed - 1
            ? PageState.FULL
            : p === pagesUsed - 1
            ? PageState.ACTIVE
            : PageState.EMPTY;
          assertEquals(states[p], want, `page ${p}`);
        }
      }),
      { numRuns: 150 },
    );
  });
}

Deno.test("utf8Length is the length of the UTF-8 encoding, lone surrogates included", () => {
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 4500 }),
    // Lone and paired surrogates, which the encoding replaces (3 bytes) or joins (4).
    fc.array(fc.integer({ min: 0xd7f0, max: 0xe010 }), { maxLength: 50 }).map((cs) =>
      String.fromCharCode(...cs)
    ),
  );
  fc.assert(
    fc.property(text, (s) => utf8Length(s) === new TextEncoder().encode(s).length),
    { numRuns: 500 },
  );
});

Deno.test("images of equal size laid out one after another share no bytes", () => {
  const a = layoutPartition([
    { kind: "namespace", name: "ns" },
    { kind: "entry", key: "s", type: "string", value: "first" },
  ], { size: "0x3000" }).image;
  const copy = a.slice();
  const b = layoutPartition([
    { kind: "namespace", name: "ns" },
    { kind: "entry", key: "s", type: "string", value: "second, longer" },
  ], { size: "0x3000" }).image;
  assert(a.buffer !== b.buffer, "each image has its own buffer");
  assertEquals([...a], [...copy], "laying out the second image left the first unchanged");
});

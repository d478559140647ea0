/**
 * The integrity check: each hand-made corruption is reported by the right finding, at
 * the right page, entry and key; clean images have none.
 */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { checkImage, encryptPartition } from "../../src/crypto/mod.ts";
import { NvsforgeError } from "../../src/errors.ts";
import { formatFinding, isClean } from "../../src/format/findings.ts";
import type { Finding, FindingCode } from "../../src/format/findings.ts";
import {
  BLOB_INDEX_DATA,
  ENTRY,
  EntryState,
  PAGE_HEADER,
  PAGE_SIZE,
  PageState,
  PageVersion,
  sealCrc,
  setEntryState,
  writeInt,
} from "../../src/format/layout.ts";
import { checkPartition, parsePartition } from "../../src/format/reader.ts";
import { encodePartition } from "../../src/format/writer.ts";
import { ns, u32 } from "../_records.ts";
import { at, view } from "./_image.ts";

const DATA = ENTRY.fields.data.offset;

/**
 * Page 0: namespace (entry 0), "n" u32 (1), "s" string of 40 bytes (2..4), "t" u32 (5),
 * then the 6000-byte blob "b": chunk 0 on page 0 (6..125), chunk 1 on page 1 (0..), its
 * index on page 1; then "z" u32.
 */
function sample(): Uint8Array {
  return encodePartition([
    ns("cfg"),
    u32("n", 1),
    { kind: "entry", key: "s", type: "string", value: "x".repeat(39) },
    u32("t", 2),
    { kind: "entry", key: "b", type: "blob", value: new Uint8Array(6000).fill(0x5a) },
    u32("z", 3),
  ], { size: 0x4000 });
}

/** Entry positions in the sample (checked once below). */
const CHUNK1_ENTRY = 0;
const INDEX_ENTRY = 1 + Math.ceil((6000 - 119 * 32) / 32) + 1 - 1; // after chunk 1

const reseal = (image: Uint8Array, page: number, entry: number) =>
  sealCrc(ENTRY, view(image), image, at(page, entry));

/** The findings other than info notes, as [code, page, entry, key]. */
function problems(image: Uint8Array): [FindingCode, number?, number?, string?][] {
  return checkPartition(image)
    .filter((f) => f.severity !== "info")
    .map((f) => {
      const row: [FindingCode, number?, number?, string?] = [f.code, f.page, f.entry, f.key];
      while (row.length > 1 && row[row.length - 1] === undefined) row.pop();
      return row;
    });
}

function only(image: Uint8Array, code: FindingCode, page?: number, entry?: number, key?: string) {
  const row: [FindingCode, number?, number?, string?] = [code, page, entry, key];
  while (row.length > 1 && row[row.length - 1] === undefined) row.pop();
  assertEquals(problems(image), [row]);
}

Deno.test("check: the sample image is clean, and laid out as the tests expect", () => {
  const image = sample();
  const p = parsePartition(image);
  assertEquals(p.findings, []);
  const b = p.items.find((i) => i.key === "b")!;
  assert(b.type === "blob");
  assertEquals(b.chunks!.map((c) => [c.page, c.entry]), [[0, 6], [1, CHUNK1_ENTRY]]);
  assertEquals([b.page, b.entry], [1, INDEX_ENTRY]);
  assert(isClean(p.findings));
});

Deno.test("check: a flipped byte in the page header, an entry, a string's data", () => {
  let image = sample();
  image[PAGE_SIZE + 4] ^= 0x01; // sequence number of page 1
  const header = checkPartition(image);
  assert(header.some((f) => f.code === "page-header-crc" && f.page === 1));
  // Page 1 is ignored: the blob loses its second chunk and its index.
  assert(header.some((f) => f.code === "blob-chunk-orphan" && f.page === 0 && f.entry === 6));

  image = sample();
  image[at(0, 5) + DATA] ^= 0x10; // the value of "t"
  only(image, "entry-crc", 0, 5, "t");
  assert(!parsePartition(image).items.some((i) => i.key === "t"));

  image = sample();
  image[at(0, 3) + 7] ^= 0x01; // the string's payload
  assertEquals(problems(image), [["data-crc", 0, 2, "s"]]);
  assert(!parsePartition(image).items.some((i) => i.key === "s"));

  image = sample();
  image[at(1, CHUNK1_ENTRY + 3)] ^= 0x80; // the blob's second chunk
  assertEquals(problems(image), [["data-crc", 1, CHUNK1_ENTRY, "b"]]);
  assert(!parsePartition(image).items.some((i) => i.key === "b"));
});

Deno.test("check: an image cut mid-page cannot be read at all (invalid-size)", () => {
  const image = sample();
  const e = assertThrows(
    () => checkPartition(image.subarray(0, 2 * PAGE_SIZE + 100)),
    NvsforgeError,
  );
  assertEquals((e as NvsforgeError).code, "invalid-size");
  assert(e.message.includes("2 pages and 100 bytes"), e.message);
});

Deno.test("check: a broken blob chain: a missing chunk, an index missing, a wrong size", () => {
  let image = sample();
  setEntryState(image, PAGE_SIZE, CHUNK1_ENTRY, EntryState.ERASED); // chunk 1 erased
  for (let i = CHUNK1_ENTRY + 1; i < INDEX_ENTRY; i++) {
    setEntryState(image, PAGE_SIZE, i, EntryState.ERASED);
  }
  // The library erases the index when it starts (1 chunk where it names 2), then the
  // chunk left without an index.
  assertEquals(problems(image), [
    ["blob-chunk-orphan", 0, 6, "b"],
    ["blob-chunk-missing", 1, INDEX_ENTRY, "b"],
  ]);
  assert(checkPartition(image)[1].message.includes("erases the index"));

  image = sample();
  setEntryState(image, PAGE_SIZE, INDEX_ENTRY, EntryState.ERASED); // the index erased
  assertEquals(problems(image), [
    ["blob-chunk-orphan", 0, 6, "b"],
    ["blob-chunk-orphan", 1, CHUNK1_ENTRY, "b"],
  ]);

  image = sample();
  writeInt(view(image), at(1, INDEX_ENTRY) + DATA, BLOB_INDEX_DATA.fields.totalSize, 6001);
  reseal(image, 1, INDEX_ENTRY);
  // The library erases the index when it starts, then both chunks.
  assertEquals(problems(image), [
    ["blob-chunk-orphan", 0, 6, "b"],
    ["blob-chunk-orphan", 1, CHUNK1_ENTRY, "b"],
    ["blob-size-mismatch", 1, INDEX_ENTRY, "b"],
  ]);
});

Deno.test("check: bitmap against content", () => {
  // A string's data entry marked empty.
  let image = sample();
  setEntryState(image, 0, 3, EntryState.EMPTY);
  assertEquals(problems(image), [["span-not-written", 0, 2, "s"]]);
  // An entry marked written that is all 0xFF (after the last item of the active page).
  image = sample();
  setEntryState(image, PAGE_SIZE, INDEX_ENTRY + 2, EntryState.WRITTEN);
  only(image, "entry-blank-written", 1, INDEX_ENTRY + 2);
  // An entry marked empty that holds data, on a full page.
  image = sample();
  image.set(image.subarray(at(0, 1), at(0, 2)), at(2, 0)); // page 2 is blank: not in use
  assertEquals(problems(image), [["page-not-blank", 2]]);
  image = sample();
  setEntryState(image, 0, 1, EntryState.EMPTY); // "n" on the full page 0
  only(image, "entry-state-mismatch", 0, 1);
  // An erased entry that is all 0xFF: only a note.
  image = sample();
  setEntryState(image, PAGE_SIZE, 100, EntryState.ERASED);
  assertEquals(problems(image), []);
  assertEquals(checkPartition(image).map((f) => f.code), ["entry-blank-erased"]);
});

Deno.test("check: two active pages, mixed versions, an unknown version, a bad state", () => {
  let image = sample();
  writeInt(view(image), 0, PAGE_HEADER.fields.state, PageState.ACTIVE);
  assertEquals(problems(image), [["active-pages-multiple"]]);
  assert(checkPartition(image)[0].message.includes("pages 0, 1"));

  image = sample();
  writeInt(view(image), 0, PAGE_HEADER.fields.version, PageVersion.V1);
  sealCrc(PAGE_HEADER, view(image), image, 0);
  assertEquals(problems(image), [["page-versions-mixed"]]);

  image = sample();
  writeInt(view(image), PAGE_SIZE, PAGE_HEADER.fields.version, 0xfd);
  sealCrc(PAGE_HEADER, view(image), image, PAGE_SIZE);
  assert(problems(image).some((p) => p[0] === "page-version-unknown" && p[1] === 1));

  image = sample();
  writeInt(view(image), PAGE_SIZE, PAGE_HEADER.fields.state, 0x12345678);
  assert(problems(image).some((p) => p[0] === "page-state-invalid" && p[1] === 1));

  image = sample();
  writeInt(view(image), PAGE_SIZE, PAGE_HEADER.fields.sequenceNumber, 0);
  sealCrc(PAGE_HEADER, view(image), image, PAGE_SIZE);
  assert(problems(image).some((p) => p[0] === "page-sequence-duplicate" && p[1] === 1));
});

Deno.test("check: a span past the end of its page", () => {
  const image = encodePartition([
    ns("n"),
    ...Array.from({ length: 123 }, (_, i) => u32(`k${i}`, i)),
  ], {
    size: 0x3000,
  });
  // Turn the last integer (entry 123) into a string claiming 4 entries: 123..126.
  const e = at(0, 123);
  image[e + ENTRY.fields.type.offset] = 0x21;
  image[e + ENTRY.fields.span.offset] = 4;
  reseal(image, 0, 123);
  only(image, "span-past-page", 0, 123, "k122");
});

Deno.test("check: duplicate keys, undefined namespaces, unknown types, invalid keys", () => {
  // The same key twice: a warning (the library resolves it).
  const dup = encodePartition([ns("n"), u32("a", 1), u32("a", 2)], { size: 0x3000 });
  assertEquals(
    checkPartition(dup).map((f) => [f.code, f.severity, f.entry, f.key]),
    [["duplicate-key", "warning", 1, "a"]],
  );

  let image = sample();
  image[at(0, 5)] = 9; // "t" in namespace 9
  reseal(image, 0, 5);
  assertEquals(problems(image), [["namespace-undefined", 0, 5, "t"]]);
  assertEquals(parsePartition(image).items.find((i) => i.key === "t")?.namespace, undefined);

  image = sample();
  image[at(0, 5) + ENTRY.fields.type.offset] = 0x33;
  reseal(image, 0, 5);
  only(image, "type-unknown", 0, 5, "t");

  image = sample();
  image.fill(0x41, at(0, 5) + 8, at(0, 5) + 24); // 16 letters, no NUL
  reseal(image, 0, 5);
  only(image, "key-invalid", 0, 5, "AAAAAAAAAAAAAAAA");

  image = sample();
  image[at(0, 1) + ENTRY.fields.chunkIndex.offset] = 3;
  reseal(image, 0, 1);
  only(image, "chunk-index-invalid", 0, 1, "n");
});

Deno.test("check: an encrypted image without its key, or with the wrong one", () => {
  const keys = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
  const encrypted = encryptPartition(sample(), { keys });
  const without = checkPartition(encrypted);
  assertEquals(without.map((f) => f.code), ["entries-unreadable"]);
  assert(without[0].message.includes("encrypted"));
  const wrong = checkImage(encrypted, { keys: keys.map((b) => b ^ 1) });
  assertEquals(wrong.map((f) => f.code), ["entries-unreadable"]);
  assert(wrong[0].message.includes("key does not match"));
  assertEquals(checkImage(encrypted, { keys }), []);
});

Deno.test("check: a partition without a free page; a small read-only one is only noted", () => {
  const full = sample().subarray(0, 2 * PAGE_SIZE);
  const notes: Finding[] = checkPartition(full);
  assertEquals(notes.map((f) => [f.code, f.severity]), [["partition-small", "info"]]);
  // Three pages, all in use: the library cannot mount it read/write.
  const records = [ns("n"), ...Array.from({ length: 376 }, (_, i) => u32(`k${i}`, i))];
  const image = encodePartition(records, { size: 0x4000 }).subarray(0, 3 * PAGE_SIZE);
  assertEquals(problems(image), [["no-free-page"]]);
});

Deno.test("check: a finding prints as one line with its place", () => {
  const image = sample();
  image[at(0, 5) + DATA] ^= 0x10;
  const [f] = checkPartition(image);
  assertEquals(
    formatFinding(f, "dump.bin"),
    `error: dump.bin: page 0 entry 5: key "t": ${f.message}`,
  );
  assert(!f.message.includes("\n"));
});

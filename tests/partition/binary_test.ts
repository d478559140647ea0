import { createHash } from "node:crypto";
import { assertBytes, assertEquals, assertThrows } from "../_assert.ts";
import { NvsforgeError } from "../../src/errors.ts";
import {
  encodePartitionTable,
  parsePartitionBinary,
  parsePartitionCsv,
  readPartitionTable,
} from "../../src/partition/mod.ts";
import type { PartitionEntry } from "../../src/partition/mod.ts";

/** An independent encoder: the 32-byte rows as ESP-IDF documents them, MD5 from node:crypto. */
function handMade(rows: [string, number, number, number, number, number][]): Uint8Array {
  const out = new Uint8Array(0xc00).fill(0xff);
  const v = new DataView(out.buffer);
  rows.forEach(([name, type, subtype, offset, size, flags], i) => {
    const at = i * 32;
    out[at] = 0xaa;
    out[at + 1] = 0x50;
    out[at + 2] = type;
    out[at + 3] = subtype;
    v.setUint32(at + 4, offset, true);
    v.setUint32(at + 8, size, true);
    out.fill(0, at + 12, at + 28);
    out.set(new TextEncoder().encode(name), at + 12);
    v.setUint32(at + 28, flags, true);
  });
  const md5At = rows.length * 32;
  out[md5At] = 0xeb;
  out[md5At + 1] = 0xeb;
  out.set(createHash("md5").update(out.subarray(0, md5At)).digest(), md5At + 16);
  return out;
}

const ROWS: [string, number, number, number, number, number][] = [
  ["nvs", 1, 2, 0x9000, 0x6000, 0],
  ["phy_init", 1, 1, 0xf000, 0x1000, 0],
  ["factory", 0, 0, 0x10000, 0x100000, 0],
  ["nvs_keys", 1, 4, 0x110000, 0x1000, 1],
  ["ro_nvs", 1, 2, 0x111000, 0x2000, 3],
];

Deno.test("binary tables: the encoder writes ESP-IDF's rows and MD5; the reader reads them back", () => {
  const table = parsePartitionCsv(
    "nvs,data,nvs,,24K\nphy_init,data,phy,,4K\nfactory,app,factory,,1M\n" +
      "nvs_keys,data,nvs_keys,,4K,encrypted\nro_nvs,data,nvs,,8K,encrypted:readonly\n",
  );
  const bin = encodePartitionTable(table.entries);
  assertBytes(bin, handMade(ROWS));
  const back = parsePartitionBinary(bin, { file: "partition-table.bin" });
  assertEquals(back.format, "binary");
  const strip = (e: PartitionEntry) => ({ ...e, line: undefined });
  assertEquals(back.entries.map(strip), table.entries.map(strip));
  assertEquals(readPartitionTable(bin).entries.map(strip), table.entries.map(strip));
  // A dump's table sector: the rows, then 0xFF up to 0x1000.
  const sector = new Uint8Array(0x1000).fill(0xff);
  sector.set(bin);
  assertEquals(parsePartitionBinary(sector).entries.length, 5);
});

Deno.test("binary tables without an MD5 row read too (older tools, md5 disabled)", () => {
  const bin = handMade(ROWS.slice(0, 2));
  bin.fill(0xff, 64, 96);
  assertEquals(parsePartitionBinary(bin).entries.map((e) => e.name), ["nvs", "phy_init"]);
});

Deno.test("damaged binary tables are refused with the byte range", () => {
  const md5Bad = handMade(ROWS);
  md5Bad[4] ^= 1; // nvs offset changed, MD5 row not
  assertThrows(
    () => parsePartitionBinary(md5Bad, { file: "t.bin" }),
    NvsforgeError,
    "t.bin: bytes 0xa0-0xbf: the MD5 row does not match the entries before it",
  );
  const magic = handMade(ROWS);
  magic[32] = 0x00;
  assertThrows(
    () => parsePartitionBinary(magic),
    NvsforgeError,
    "bytes 0x20-0x3f: expected a partition entry (AA 50), an MD5 row (EB EB) or the end of the table (32 × FF), found 0050",
  );
  const noEnd = new Uint8Array(64);
  noEnd.set(handMade(ROWS).subarray(0, 64));
  assertThrows(
    () => parsePartitionBinary(noEnd),
    NvsforgeError,
    "the table has no end-of-table row (32 bytes of 0xFF) within its 0x40 bytes",
  );
  const overlap = handMade([["a", 1, 2, 0x20000, 0x1000, 0], ["b", 1, 2, 0x10000, 0x11000, 0]]);
  assertThrows(
    () => parsePartitionBinary(overlap),
    NvsforgeError,
    'entry 1 ("a"): "a" at 0x20000 overlaps "b" (0x10000-0x20fff)',
  );
});

Deno.test("readPartitionTable: text that is neither form is refused", () => {
  assertThrows(
    () => readPartitionTable(new Uint8Array([0xc3, 0x28, 0x0a]), { file: "x.bin" }),
    NvsforgeError,
    "x.bin: not a partition table: neither a binary table (starting AA 50) nor UTF-8 CSV text",
  );
});

import { assertBytes, assertEquals, assertThrows } from "../_assert.ts";
import { NvsforgeError } from "../../src/errors.ts";
import { locateInDump, looksLikeFlashDump } from "../../src/flash/mod.ts";
import { encodePartitionTable, parsePartitionCsv } from "../../src/partition/mod.ts";
import { encodePartition } from "../../src/format/mod.ts";

/** A 1 MiB flash: bootloader-ish bytes, the table at `tableAt`, an NVS image at its offset. */
export function makeDump(csv: string, tableAt = 0x8000): { dump: Uint8Array; nvs: Uint8Array } {
  const table = parsePartitionCsv(csv, { tableOffset: tableAt });
  const dump = new Uint8Array(0x100000).fill(0xff);
  dump.set(Uint8Array.from({ length: 0x4000 }, (_, i) => (i * 7) & 0xff), 0x1000);
  dump.set(encodePartitionTable(table.entries), tableAt);
  const p = table.entries.find((e) => e.name === "nvs")!;
  const nvs = encodePartition([
    { kind: "namespace", name: "factory" },
    { kind: "entry", key: "serial", type: "string", value: "SN-1" },
  ], { size: p.size });
  dump.set(nvs, p.offset);
  return { dump, nvs };
}

const CSV = "nvs,data,nvs,,24K\nphy_init,data,phy,,4K\nfactory,app,factory,,512K\n";

Deno.test("locateInDump: the table at 0x8000, the only data,nvs partition, its bytes", () => {
  const { dump, nvs } = makeDump(CSV);
  assertEquals(looksLikeFlashDump(dump), true);
  assertEquals(looksLikeFlashDump(nvs), false);
  const found = locateInDump(dump);
  assertEquals([found.offset, found.partition?.name, found.keyPartition], [
    0x9000,
    "nvs",
    undefined,
  ]);
  assertBytes(found.image, nvs);
  assertEquals(found.table?.entries.map((e) => e.name), ["nvs", "phy_init", "factory"]);
});

Deno.test("locateInDump: another table offset; by name; the key partition's bytes", () => {
  const { dump, nvs } = makeDump(
    "nvs,data,nvs,,24K\nother,data,nvs,,12K\nnvs_keys,data,nvs_keys,,4K,encrypted\n",
    0x10000,
  );
  dump.fill(0x5a, 0x1a000, 0x1b000);
  assertThrows(() => locateInDump(dump), NvsforgeError, "no partition table at 0x8000");
  assertThrows(
    () => locateInDump(dump, { tableOffset: 0x10000 }),
    NvsforgeError,
    'option "partition": the table has 2 data, nvs partitions ("nvs", "other"): name the one to use',
  );
  const found = locateInDump(dump, { tableOffset: 0x10000, partition: "nvs" });
  assertEquals(found.offset, 0x11000);
  assertBytes(found.image, nvs);
  assertEquals(locateInDump(dump, { tableOffset: 0x10000, partition: "other" }).offset, 0x17000);
  assertEquals(found.keyPartition?.entry.offset, 0x1a000);
  assertEquals(found.keyPartition?.bytes.every((b) => b === 0x5a), true);
  assertThrows(
    () => locateInDump(dump, { tableOffset: 0x10000, partition: "x" }),
    NvsforgeError,
    'option "partition": the table has no partition "x"',
  );
});

Deno.test("locateInDump: --offset/--size without a table; their checks", () => {
  const { dump, nvs } = makeDump(CSV);
  assertBytes(locateInDump(dump, { offset: 0x9000, size: 0x6000 }).image, nvs);
  assertThrows(
    () => locateInDump(dump, { offset: 0x9000 }),
    NvsforgeError,
    'option "offset": an offset needs a size: the two go together',
  );
  assertThrows(
    () => locateInDump(dump, { offset: 0x9800, size: 0x1000 }),
    NvsforgeError,
    'option "offset": 0x9800 is not a multiple of 0x1000',
  );
  assertThrows(
    () => locateInDump(dump, { offset: 0xff000, size: 0x2000 }),
    NvsforgeError,
    'option "offset": 0xff000 + size 0x2000 passes the end of the dump (0x100000 bytes)',
  );
});

Deno.test("locateInDump: a flash-encrypted dump (random bytes at 0x8000) is recognised and said so", () => {
  const { dump } = makeDump(CSV);
  // Flash encryption: what the host reads back is ciphertext, the table included.
  let x = 1;
  for (let i = 0x8000; i < 0x9000; i++) dump[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  assertEquals(looksLikeFlashDump(dump), true);
  const e = assertThrows(() => locateInDump(dump, { file: "dump.bin" }), NvsforgeError);
  assertEquals((e as NvsforgeError).code, "flash-dump");
  assertEquals(
    e.message.startsWith(
      "dump.bin: no readable partition table at 0x8000: this looks like a dump of a device with flash encryption",
    ),
    true,
    e.message,
  );
  dump.fill(0xff, 0x8000, 0x9000);
  assertThrows(
    () => locateInDump(dump),
    NvsforgeError,
    "no partition table at 0x8000: the sector is erased",
  );
});

import { assertEquals, assertThrows } from "../_assert.ts";
import { NvsforgeError, NvsforgeErrors } from "../../src/errors.ts";
import { parsePartitionCsv, parseTableNumber } from "../../src/partition/mod.ts";

function placed(text: string, tableOffset?: number): string[] {
  return parsePartitionCsv(text, { tableOffset }).entries.map((p) =>
    `${p.name} ${p.type}/${p.subtype} 0x${p.offset.toString(16)} 0x${p.size.toString(16)}${
      p.encrypted ? " E" : ""
    }${p.readonly ? " R" : ""}`
  );
}

function errorsOf(text: string): string[] {
  try {
    parsePartitionCsv(text, { file: "p.csv" });
  } catch (e) {
    if (e instanceof NvsforgeErrors) return e.errors.map((x) => x.message);
    if (e instanceof NvsforgeError) return [e.message];
    throw e;
  }
  throw new Error("the table was accepted");
}

Deno.test("ESP-IDF's built-in tables: explicit offsets read as written", () => {
  assertEquals(
    placed(
      "# ESP-IDF Partition Table\n# Name,   Type, SubType, Offset,  Size, Flags\n" +
        "nvs,      data, nvs,     0x9000,  0x4000,\notadata,  data, ota,     0xd000,  0x2000,\n" +
        "phy_init, data, phy,     0xf000,  0x1000,\nfactory,  app,  factory, 0x10000,  1M,\n" +
        "ota_0,    app,  ota_0,   0x110000, 1M,\nota_1,    app,  ota_1,   0x210000, 1M,\n",
    ),
    [
      "nvs 1/2 0x9000 0x4000",
      "otadata 1/0 0xd000 0x2000",
      "phy_init 1/1 0xf000 0x1000",
      "factory 0/0 0x10000 0x100000",
      "ota_0 0/16 0x110000 0x100000",
      "ota_1 0/17 0x210000 0x100000",
    ],
  );
});

Deno.test("empty offsets: after the table's sector, app partitions on 64 KiB, others on 4 KiB", () => {
  assertEquals(
    placed(
      "nvs,      data, nvs,  36K,        24K,\nphy_init, data, phy,     ,         4K,\n" +
        "factory,  app,  factory, ,         3M,\ncoredump, data, coredump,,        64K,\n" +
        "nvs_ext,  data, nvs,     ,        64K,\n",
    ),
    [
      "nvs 1/2 0x9000 0x6000",
      "phy_init 1/1 0xf000 0x1000",
      "factory 0/0 0x10000 0x300000",
      "coredump 1/3 0x310000 0x10000",
      "nvs_ext 1/2 0x320000 0x10000",
    ],
  );
  // The first empty offset is the table offset + 0x1000; odd sizes push the next one up.
  assertEquals(placed("a, data, nvs, , 0x3000\nb, data, 0x99, , 0x800\nc, data, fat, , 4K\n"), [
    "a 1/2 0x9000 0x3000",
    "b 1/153 0xc000 0x800",
    "c 1/129 0xd000 0x1000",
  ]);
  assertEquals(placed("nvs, data, nvs, , 0x6000\n", 0x10000), ["nvs 1/2 0x11000 0x6000"]);
});

Deno.test("fields: names and numbers, case, suffixes, flags, empty subtype, negative size", () => {
  assertEquals(
    placed(
      "  keys ,DATA,NVS_KEYS,,4k,encrypted\nro,data,nvs,,8K,readonly:encrypted\n" +
        "blob,0x40,0x01,,0x1000,\nstore,data,,,1m\nend,data,spiffs,0x400000,-0x800000\n",
    ),
    [
      "keys 1/4 0x9000 0x1000 E",
      "ro 1/2 0xa000 0x2000 E R",
      "blob 64/1 0xc000 0x1000",
      "store 1/6 0xd000 0x100000",
      "end 1/130 0x400000 0x400000",
    ],
  );
  assertEquals(parseTableNumber("0x1_000"), 0x1000n);
  assertEquals(parseTableNumber("1M"), 0x100000n);
  assertEquals(parseTableNumber("24k"), 24576n);
  assertEquals(parseTableNumber("0x"), undefined);
  // CRLF line ends, a byte-order mark, comments and blank lines
  assertEquals(placed("\uFEFF# c\r\n\r\nnvs,data,nvs,0x9000,0x6000,\r\n   # x\r\n"), [
    "nvs 1/2 0x9000 0x6000",
  ]);
});

Deno.test("errors name the line and the column, every one at once", () => {
  assertEquals(
    errorsOf(
      "# header\nnvs, data, nvs, 0x9000, 24Q,\nfactory, app, , , 1M\nx, disk, nvs, , 4K\n" +
        "y, data, nvs, zz, 4K, fast\nthis_name_is_too_long, data, nvs, , 4K\nz, data, nvs, , \n" +
        "v, data, nvs, $OFFSET, 4K\n",
    ),
    [
      'p.csv:2: column "Size": cannot read "24Q" as a size: expected a number such as 0x6000 or 24K',
      'p.csv:3: column "SubType": an app partition needs a subtype',
      'p.csv:4: column "Type": cannot read "disk" as a partition type: expected app, data, bootloader, partition_table or a number from 0 to 0xFE',
      'p.csv:5: column "Offset": cannot read "zz" as an offset: expected a number such as 0x9000 or 36K, or nothing to place it after the previous partition',
      'p.csv:5: column "Flags": unknown flag "fast": expected encrypted or readonly, joined by ":"',
      'p.csv:6: column "Name": "this_name_is_too_long" is longer than 16 bytes, the most a partition label holds',
      'p.csv:7: column "Size": the size is empty: expected a number such as 0x6000 or 24K',
      'p.csv:8: "$OFFSET": environment variables are not expanded in a partition table; write the value itself',
    ],
  );
});

Deno.test("table checks: overlaps, alignment, the table's sector, duplicates, readonly, otadata", () => {
  assertEquals(errorsOf("nvs, data, nvs, 0x8000, 0x6000\n"), [
    'p.csv:1: column "Offset": offset 0x8000 overlaps the partition table at 0x8000 (it occupies the whole sector up to 0x9000)',
  ]);
  assertEquals(errorsOf("a, data, nvs, 0x9000, 0x6000\nb, data, nvs, 0xa000, 0x1000\n"), [
    'p.csv:2: column "Offset": offset 0xa000 overlaps the previous partition, which ends at 0xf000',
  ]);
  assertEquals(errorsOf("a, data, nvs, 0x9800, 0x1000\nf, app, factory, 0x11000, 1M\n"), [
    'p.csv:1: column "Offset": offset 0x9800 is not aligned to 0x1000 (partitions start on 4 KiB)',
    'p.csv:2: column "Offset": offset 0x11000 is not aligned to 0x10000 (app partitions start on 64 KiB)',
  ]);
  // As gen_esp32part.py: a CSV's partitions go up in flash, in table order.
  assertEquals(errorsOf("a, data, nvs, 0x20000, 0x1000\nb, data, nvs, 0x10000, 0x11000\n"), [
    'p.csv:2: column "Offset": offset 0x10000 overlaps the previous partition, which ends at 0x21000',
  ]);
  assertEquals(errorsOf("nvs, data, nvs, , 0x6000\nnvs, data, fat, , 0x1000\n"), [
    'p.csv:2: column "Name": the name "nvs" is used twice (also line 1): partition names must be unique',
  ]);
  assertEquals(errorsOf("f, app, factory, 0x10000, 1M, readonly\n"), [
    'p.csv:1: column "Flags": the readonly flag is not supported for app, factory partitions (ESP-IDF refuses it for app, ota and coredump)',
  ]);
  assertEquals(errorsOf("o, data, ota, , 0x1000\n"), [
    'p.csv:1: column "Size": the otadata partition must be 0x2000 bytes, not 0x1000',
  ]);
});

Deno.test("one bad table is one error, an NvsforgeError with the input kind", () => {
  const e = assertThrows(
    () => parsePartitionCsv("x, data\n", { file: "t.csv" }),
    NvsforgeError,
  ) as NvsforgeError;
  assertEquals([e.code, e.kind, e.exitCode], ["partition-table", "input", 1]);
  assertEquals(e.location, { file: "t.csv", line: 1, column: "Size" });
});

import { assertEquals, assertThrows } from "../_assert.ts";
import { NvsforgeError } from "../../src/errors.ts";
import type { Warning } from "../../src/errors.ts";
import {
  findKeyPartition,
  findNvsPartition,
  parsePartitionCsv,
  partitionImageSize,
} from "../../src/partition/mod.ts";

const TABLE = parsePartitionCsv(
  "nvs,data,nvs,,24K\nnvs_keys,data,nvs_keys,,4K,encrypted\nfactory,app,factory,,1M\n" +
    "ro,data,nvs,,8K,readonly\nsmall,data,nvs,,8K\nfat,data,fat,,64K\n",
);

Deno.test("findNvsPartition: by name, or the only data,nvs; errors name the candidates", () => {
  assertEquals(findNvsPartition(TABLE, "nvs").offset, 0x9000);
  assertThrows(
    () => findNvsPartition(TABLE),
    NvsforgeError,
    'option "partition": the table has 3 data, nvs partitions ("nvs", "ro", "small"): name the one to use',
  );
  const e = assertThrows(() => findNvsPartition(TABLE, "nope", "p.csv"), NvsforgeError);
  assertEquals(
    e.message,
    'p.csv: option "partition": the table has no partition "nope" (it has "nvs", "nvs_keys", "factory", "ro", "small", "fat")',
  );
  // The library speaks of its own options, and a bad one is an input error: the command
  // line, which took the name from --partition, makes it a usage error (tests/cli/dump_test.ts).
  assertEquals((e as NvsforgeError).exitCode, 1);
  assertThrows(
    () => findNvsPartition(TABLE, "fat"),
    NvsforgeError,
    'option "partition": partition "fat" (data, fat) at 0x114000, 0x10000 bytes is not a data, nvs partition',
  );
  const one = parsePartitionCsv("nvs,data,nvs,,24K\nf,app,factory,,1M\n");
  assertEquals(findNvsPartition(one).name, "nvs");
  assertThrows(
    () => findNvsPartition(parsePartitionCsv("f,app,factory,,1M\n")),
    NvsforgeError,
    "the table has no data, nvs partition",
  );
});

Deno.test("partitionImageSize: auto, an equal size, a differing size, readonly sizes", () => {
  const nvs = findNvsPartition(TABLE, "nvs");
  assertEquals(partitionImageSize(nvs, "auto").bytes, 0x6000);
  assertEquals(partitionImageSize(nvs, "AUTO").bytes, 0x6000);
  assertEquals(partitionImageSize(nvs).bytes, 0x6000);
  assertEquals(partitionImageSize(nvs, "24576").bytes, 0x6000);
  const e = assertThrows(() => partitionImageSize(nvs, "0x5000", "p.csv"), NvsforgeError);
  assertEquals(
    e.message,
    'p.csv: option "size": 0x5000 differs from partition "nvs" (data, nvs) at 0x9000, 0x6000 bytes: give 0x6000 or auto',
  );
  const ro = partitionImageSize(findNvsPartition(TABLE, "ro"), "0x2000");
  assertEquals([ro.bytes, ro.readOnly], [0x2000, true]);
  assertThrows(
    () => partitionImageSize(findNvsPartition(TABLE, "small"), "auto"),
    NvsforgeError,
    "is below 0x3000 bytes: ESP-IDF mounts such an NVS partition only read-only; flag it readonly in the table",
  );
});

Deno.test("findKeyPartition: the first data,nvs_keys; a warning without the encrypted flag", () => {
  const warnings: Warning[] = [];
  assertEquals(findKeyPartition(TABLE, "p.csv", (w) => warnings.push(w)).offset, 0xf000);
  assertEquals(warnings, []);
  const plain = parsePartitionCsv("nvs,data,nvs,,24K\nk,data,nvs_keys,,4K\n");
  findKeyPartition(plain, "p.csv", (w) => warnings.push(w));
  assertEquals(warnings.map((w) => w.message), [
    'partition "k" (data, nvs_keys) at 0xf000, 0x1000 bytes lacks the encrypted flag: ESP-IDF requires it, or the NVS keys sit in flash in clear',
  ]);
  assertThrows(
    () => findKeyPartition(parsePartitionCsv("nvs,data,nvs,,24K\n"), "p.csv"),
    NvsforgeError,
    "p.csv: the table has no data, nvs_keys partition for the NVS key partition",
  );
});

import { createHash } from "node:crypto";
import { assertEquals, assertThrows } from "../_assert.ts";
import { NvsforgeError } from "../../src/errors.ts";
import type { Warning } from "../../src/errors.ts";
import { flashParts, planFlash, summaryHeader, summaryLine } from "../../src/flash/mod.ts";
import { parsePartitionCsv } from "../../src/partition/mod.ts";

const TABLE = parsePartitionCsv(
  "nvs,data,nvs,,24K\nphy_init,data,phy,,4K\nfactory,app,factory,,1M\n" +
    "nvs_keys,data,nvs_keys,,4K,encrypted\n",
);

Deno.test("planFlash and flashParts: the image at the NVS offset, the key partition encrypted at nvs_keys", () => {
  const plan = planFlash(TABLE, { keyPartition: true });
  const image = new Uint8Array(0x6000).fill(0xff);
  const keys = new Uint8Array(0x1000).fill(0x11);
  const parts = flashParts(plan, { path: "bin/dev-1.bin", data: image }, {
    path: "keys/keys-dev-1.bin",
    data: keys,
  });
  const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
  assertEquals(parts, [
    {
      partition: "nvs",
      offset: 0x9000,
      size: 0x6000,
      path: "bin/dev-1.bin",
      sha256: sha(image),
      encrypt: false,
    },
    {
      partition: "nvs_keys",
      offset: 0x110000,
      size: 0x1000,
      path: "keys/keys-dev-1.bin",
      sha256: sha(keys),
      encrypt: true,
    },
  ]);
  // Without a key partition (unencrypted, or HMAC-derived keys): the image only.
  assertEquals(flashParts(planFlash(TABLE), { path: "bin/x.bin", data: image }).length, 1);
  assertThrows(
    () => flashParts(planFlash(TABLE), { path: "bin/x.bin", data: new Uint8Array(0x7000) }),
    NvsforgeError,
    'bin/x.bin is 28672 bytes: it does not fit partition "nvs"',
  );
});

Deno.test("planFlash: no nvs_keys partition is an error; one without the encrypted flag a warning", () => {
  assertThrows(
    () =>
      planFlash(parsePartitionCsv("nvs,data,nvs,,24K\n"), { keyPartition: true, file: "p.csv" }),
    NvsforgeError,
    "p.csv: the table has no data, nvs_keys partition",
  );
  const warnings: Warning[] = [];
  planFlash(parsePartitionCsv("nvs,data,nvs,,24K\nk,data,nvs_keys,,4K\n"), {
    keyPartition: true,
    onWarning: (w) => warnings.push(w),
  });
  assertEquals(warnings.length, 1);
  // The NVS partition must exist whatever the encryption.
  assertThrows(() => planFlash(TABLE, { partition: "phy_init" }), NvsforgeError, "not a data, nvs");
});

Deno.test("summary: header and rows quoted as Python's csv writes them, no key bytes", () => {
  assertEquals(
    summaryHeader([]) + summaryLine({
      index: 3,
      fileId: "A,1",
      columns: [],
      image: "bin/dev-A,1.bin",
      imageSha256: "00ff",
      imageSize: 12288,
    }),
    "index,file_id,image,image_sha256,image_size,partition_offset,key_file\r\n" +
      '3,"A,1","bin/dev-A,1.bin",00ff,12288,,\r\n',
  );
});

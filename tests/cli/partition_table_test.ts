/**
 * `nvs generate` and `nvs encrypt` with `--partition-table`: the size `auto` or checked,
 * the esptool argument file and the sparse Intel HEX beside the image, read back to the
 * same bytes at the same addresses; the key partition at the table's nvs_keys offset.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import nrfIntelHex from "nrf-intel-hex";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { tempFiles } from "../_tmp.ts";
import { nvsforge } from "./_run.ts";
import { readArgsFile } from "../flash/_esptool.ts";
import { decryptPartition } from "../../src/crypto/mod.ts";
import { parseKeyFile } from "../../src/crypto/mod.ts";
import { encodePartitionTable, parsePartitionCsv } from "../../src/partition/mod.ts";

const MemoryMap = nrfIntelHex as unknown as { fromHex(t: string): Map<number, Uint8Array> };

const NVS_CSV = "key,type,encoding,value\nfactory,namespace,,\nserial,data,string,SN-1\n";
const TABLE = "# Name, Type, SubType, Offset, Size, Flags\nnvs,data,nvs,,24K\n" +
  "phy_init,data,phy,,4K\nfactory,app,factory,,1M\nnvs_keys,data,nvs_keys,,4K,encrypted\n";

function read(dir: string, file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(dir, file)));
}

/** Every args-file pair read back from the outdir: the bytes flashed at each address. */
function flashed(outdir: string, argsFile: string) {
  return readArgsFile(fs.readFileSync(path.join(outdir, argsFile), "utf8")).map((p) => ({
    ...p,
    data: read(outdir, p.path),
  }));
}

Deno.test("nvs generate --partition-table: auto size, args and HEX at the NVS offset (CSV and binary tables)", () => {
  const bin = encodePartitionTable(parsePartitionCsv(TABLE).entries);
  using tmp = tempFiles({ "in.csv": NVS_CSV, "partitions.csv": TABLE, "pt.bin": bin });
  for (const table of ["partitions.csv", "pt.bin"]) {
    const r = nvsforge(
      tmp.path,
      "nvs",
      "generate",
      "in.csv",
      "nvs.bin",
      "auto",
      "--partition-table",
      table,
      "--outdir",
      table + "-out",
      "--hex",
    );
    assertEquals(r.status, 0, r.stderr);
    const out = path.join(tmp.path, table + "-out");
    assertEquals(fs.readFileSync(path.join(out, "nvs.args"), "utf8"), "0x9000 nvs.bin\n");
    const image = read(out, "nvs.bin");
    assertEquals(image.length, 0x6000);
    const parts = flashed(out, "nvs.args");
    assertEquals(parts.map((p) => [p.address, p.path, p.encrypt]), [[0x9000, "nvs.bin", false]]);
    assertBytes(parts[0].data, image);
    const hex = MemoryMap.fromHex(fs.readFileSync(path.join(out, "nvs.hex"), "utf8"));
    assertEquals([...hex.keys()], [0x9000]);
    assertBytes(hex.get(0x9000)!, image);
    assert(
      r.stdout.includes(`Flash it: cd ${table}-out && esptool write-flash @nvs.args`),
      r.stdout,
    );
  }
  // The same size written out is accepted; another one is refused, naming both.
  assertEquals(
    nvsforge(
      tmp.path,
      "nvs",
      "generate",
      "in.csv",
      "a.bin",
      "0x6000",
      "--partition-table",
      "partitions.csv",
    ).status,
    0,
  );
  const wrong = nvsforge(
    tmp.path,
    "nvs",
    "generate",
    "in.csv",
    "b.bin",
    "0x3000",
    "--partition-table",
    "partitions.csv",
  );
  assertEquals(wrong.status, 2);
  assertEquals(
    wrong.stderr,
    'error: partitions.csv: option "size": 0x3000 differs from partition "nvs" (data, nvs) at 0x9000, 0x6000 bytes: give 0x6000 or auto\n',
  );
  assertEquals(fs.existsSync(path.join(tmp.path, "b.bin")), false);
  const noTable = nvsforge(tmp.path, "nvs", "generate", "in.csv", "c.bin", "auto");
  assertEquals([noTable.status, noTable.stderr], [
    2,
    "error: size auto means the partition's size: give --partition-table\n",
  ]);
});

Deno.test("nvs generate: a bad table names its line and column, nothing is written", () => {
  using tmp = tempFiles({ "in.csv": NVS_CSV, "p.csv": "nvs,data,nvs,,24Q\nx,data,nvs,zz,4K\n" });
  const r = nvsforge(
    tmp.path,
    "nvs",
    "generate",
    "in.csv",
    "nvs.bin",
    "auto",
    "--partition-table",
    "p.csv",
  );
  assertEquals(r.status, 1);
  assert(r.stderr.includes('error: p.csv:1: column "Size": cannot read "24Q" as a size'), r.stderr);
  assert(
    r.stderr.includes('error: p.csv:2: column "Offset": cannot read "zz" as an offset'),
    r.stderr,
  );
  assertEquals(fs.existsSync(path.join(tmp.path, "nvs.bin")), false);
});

Deno.test("nvs encrypt --partition-table: the key partition goes to nvs_keys with --encrypt-files", () => {
  using tmp = tempFiles({ "in.csv": NVS_CSV, "partitions.csv": TABLE });
  const r = nvsforge(
    tmp.path,
    "nvs",
    "encrypt",
    "in.csv",
    "nvs.bin",
    "auto",
    "--keygen",
    "--keyfile",
    "k.bin",
    "--partition-table",
    "partitions.csv",
    "--outdir",
    "out",
    "--hex",
  );
  assertEquals(r.status, 0, r.stderr);
  const out = path.join(tmp.path, "out");
  assertEquals(
    fs.readFileSync(path.join(out, "nvs.args"), "utf8"),
    "0x9000 nvs.bin\n--encrypt-files 0x110000 keys/k.bin\n",
  );
  const parts = flashed(out, "nvs.args");
  assertEquals(parts.map((p) => [p.address, p.encrypt]), [[0x9000, false], [0x110000, true]]);
  const keys = parseKeyFile(parts[1].data);
  const plain = decryptPartition(parts[0].data, { keys });
  assert(new TextDecoder().decode(plain).includes("SN-1"));
  const hex = MemoryMap.fromHex(fs.readFileSync(path.join(out, "nvs.hex"), "utf8"));
  assertEquals([...hex.keys()], [0x9000, 0x110000]);
  assertBytes(hex.get(0x9000)!, parts[0].data);
  assertBytes(hex.get(0x110000)!, parts[1].data);

  // --inputkey: the key partition made from it is written once to keys/.
  const ik = nvsforge(
    tmp.path,
    "nvs",
    "encrypt",
    "in.csv",
    "two.bin",
    "auto",
    "--inputkey",
    "out/keys/k.bin",
    "--partition-table",
    "partitions.csv",
    "--outdir",
    "out",
  );
  assertEquals(ik.status, 0, ik.stderr);
  assertEquals(
    fs.readFileSync(path.join(out, "two.args"), "utf8"),
    "0x9000 two.bin\n--encrypt-files 0x110000 keys/keys-two.bin\n",
  );
  assertBytes(read(out, "keys/keys-two.bin"), read(out, "keys/k.bin"));

  // HMAC-derived keys: no key partition in flash, the HMAC key named for the eFuse step.
  const hmac = nvsforge(
    tmp.path,
    "nvs",
    "encrypt",
    "in.csv",
    "h.bin",
    "auto",
    "--keygen",
    "--keyfile",
    "hk.bin",
    "--key_protect_hmac",
    "--kp_hmac_keygen",
    "--partition-table",
    "partitions.csv",
    "--outdir",
    "out",
  );
  assertEquals(hmac.status, 0, hmac.stderr);
  assertEquals(fs.readFileSync(path.join(out, "h.args"), "utf8"), "0x9000 h.bin\n");
  assert(
    hmac.stderr.includes("burn the HMAC key out/keys/hmac-hk.bin into an eFuse key block"),
    hmac.stderr,
  );
});

Deno.test("nvs encrypt: no nvs_keys partition is an error; one without the encrypted flag a warning", () => {
  using tmp = tempFiles({
    "in.csv": NVS_CSV,
    "none.csv": "nvs,data,nvs,,24K\n",
    "plain.csv": "nvs,data,nvs,,24K\nnvs_keys,data,nvs_keys,,4K\n",
  });
  const none = nvsforge(
    tmp.path,
    "nvs",
    "encrypt",
    "in.csv",
    "nvs.bin",
    "auto",
    "--keygen",
    "--partition-table",
    "none.csv",
  );
  assertEquals(none.status, 1);
  assert(none.stderr.includes("none.csv: the table has no data, nvs_keys partition"), none.stderr);
  assertEquals(
    fs.existsSync(path.join(tmp.path, "nvs.bin")) || fs.existsSync(path.join(tmp.path, "keys")),
    false,
  );
  const plain = nvsforge(
    tmp.path,
    "nvs",
    "encrypt",
    "in.csv",
    "nvs.bin",
    "auto",
    "--keygen",
    "--partition-table",
    "plain.csv",
  );
  assertEquals(plain.status, 0, plain.stderr);
  assert(
    plain.stderr.includes(
      'warning: plain.csv: partition "nvs_keys" (data, nvs_keys) at 0xf000, 0x1000 bytes lacks the encrypted flag',
    ),
    plain.stderr,
  );
});

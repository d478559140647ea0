/**
 * `inspect` and `nvs decrypt` on full flash dumps: the table at 0x8000 or elsewhere, the
 * NVS partition by name, decryption with the dump's key partition or a key file, dumps
 * of flash-encrypted devices, `--offset`/`--size`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { tempFiles } from "../_tmp.ts";
import { nvsforge } from "./_run.ts";
import { encodePartition } from "../../src/format/mod.ts";
import { encryptPartition } from "../../src/crypto/mod.ts";
import { buildKeyPartition, generateKeys } from "../../src/crypto/mod.ts";
import { encodePartitionTable, parsePartitionCsv } from "../../src/partition/mod.ts";

const CSV = "nvs,data,nvs,,24K\nphy_init,data,phy,,4K\nfactory,app,factory,,512K\n" +
  "nvs_keys,data,nvs_keys,,4K,encrypted\n";

function dumpOf(options: { encrypted?: boolean; keyPartition?: "clear" | "scrambled" } = {}) {
  const table = parsePartitionCsv(CSV);
  const dump = new Uint8Array(0x100000).fill(0xff);
  dump.set(encodePartitionTable(table.entries), 0x8000);
  const plain = encodePartition([
    { kind: "namespace", name: "factory" },
    { kind: "entry", key: "serial", type: "string", value: "SN-42" },
  ], { size: 0x6000 });
  const keys = generateKeys();
  dump.set(options.encrypted ? encryptPartition(plain, { keys }) : plain, 0x9000);
  const keyPart = buildKeyPartition(keys);
  if (options.keyPartition === "scrambled") keyPart.forEach((b, i) => keyPart[i] = b ^ 0xa5);
  if (options.keyPartition) dump.set(keyPart, 0x90000);
  return { dump, plain, keyFile: buildKeyPartition(keys) };
}

Deno.test("inspect: a dump lists its table and reads the only data,nvs partition", () => {
  const { dump } = dumpOf();
  using tmp = tempFiles({ "dump.bin": dump });
  const r = nvsforge(tmp.path, "inspect", "dump.bin");
  assertEquals(r.status, 0, r.stderr);
  assert(r.stdout.includes("SN-42"), r.stdout);
  assert(
    r.stderr.includes(
      'note:   partition "nvs_keys" (data, nvs_keys) at 0x90000, 0x1000 bytes, encrypted',
    ),
    r.stderr,
  );
  assert(
    r.stderr.includes('note: reading partition "nvs" (data, nvs) at 0x9000, 0x6000 bytes'),
    r.stderr,
  );
  const csv = nvsforge(tmp.path, "inspect", "dump.bin", "--format", "csv", "--partition", "nvs");
  assertEquals(csv.status, 0, csv.stderr);
  assertEquals(
    csv.stdout,
    "key,type,encoding,value\nfactory,namespace,,\nserial,data,string,SN-42\n",
  );
  const raw = nvsforge(tmp.path, "inspect", "dump.bin", "--offset", "0x9000", "--size", "24K");
  assertEquals(raw.status, 0, raw.stderr);
  assert(
    raw.stdout.includes("SN-42") && raw.stderr.includes("reading 0x6000 bytes at 0x9000"),
    raw.stderr,
  );
  const notNvs = nvsforge(tmp.path, "inspect", "dump.bin", "--partition", "phy_init");
  assertEquals(notNvs.status, 2);
  assert(
    notNvs.stderr.includes('dump.bin: option "--partition": partition "phy_init" (data, phy)'),
    notNvs.stderr,
  );
  // The library's option names become the command line's in its messages.
  const half = nvsforge(tmp.path, "inspect", "dump.bin", "--offset", "0x9000");
  assertEquals(half.status, 2);
  assert(
    half.stderr.includes('option "--offset": an offset needs a size: the two go together'),
    half.stderr,
  );
});

Deno.test("inspect and nvs decrypt: encrypted NVS, decrypted with the dump's key partition", () => {
  const { dump, plain } = dumpOf({ encrypted: true, keyPartition: "clear" });
  using tmp = tempFiles({ "dump.bin": dump });
  const r = nvsforge(tmp.path, "inspect", "dump.bin");
  assertEquals(r.status, 0, r.stderr);
  assert(r.stdout.includes("SN-42"), r.stdout);
  assert(r.stderr.includes("decrypting with the keys of the dump's key partition"), r.stderr);
  const d = nvsforge(tmp.path, "nvs", "decrypt", "dump.bin", "nvs.bin");
  assertEquals(d.status, 0, d.stderr);
  assertBytes(new Uint8Array(fs.readFileSync(path.join(tmp.path, "nvs.bin"))), plain);
});

Deno.test("a key partition written with flash encryption is unreadable: --inputkey / a key file decrypt", () => {
  const { dump, plain, keyFile } = dumpOf({ encrypted: true, keyPartition: "scrambled" });
  using tmp = tempFiles({ "dump.bin": dump, "keys.bin": keyFile });
  const r = nvsforge(tmp.path, "inspect", "dump.bin", "--inputkey", "keys.bin");
  assertEquals(r.status, 0, r.stderr);
  assert(r.stdout.includes("SN-42"), r.stdout);
  assert(r.stderr.includes("does not hold a readable key partition"), r.stderr);
  const none = nvsforge(tmp.path, "nvs", "decrypt", "dump.bin", "nvs.bin");
  assertEquals(none.status, 2, none.stderr);
  assert(
    none.stderr.includes("the dump has no readable key partition: give the key file"),
    none.stderr,
  );
  assertEquals(fs.existsSync(path.join(tmp.path, "nvs.bin")), false);
  const d = nvsforge(tmp.path, "nvs", "decrypt", "dump.bin", "keys.bin", "nvs.bin");
  assertEquals(d.status, 0, d.stderr);
  assertBytes(new Uint8Array(fs.readFileSync(path.join(tmp.path, "nvs.bin"))), plain);
});

Deno.test("a dump of a flash-encrypted device: no readable table, said so, exit 2", () => {
  const { dump } = dumpOf();
  let x = 7;
  for (let i = 0; i < 0x100000; i++) dump[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  using tmp = tempFiles({ "dump.bin": dump });
  const r = nvsforge(tmp.path, "inspect", "dump.bin");
  assertEquals(r.status, 2, r.stderr);
  assert(
    r.stderr.startsWith(
      "error: dump.bin: no readable partition table at 0x8000: this looks like a dump of a device with flash encryption",
    ),
    r.stderr,
  );
  assertEquals(r.stdout, "");
  const other = nvsforge(tmp.path, "inspect", "dump.bin", "--partition-table-offset", "0x10000");
  assert(other.stderr.includes("no readable partition table at 0x10000"), other.stderr);
});

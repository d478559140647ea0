/**
 * `nvsforge generate --partition-table`: each device's esptool argument file and Intel
 * HEX read back to the same bytes at the same addresses, the summary and the manifest
 * checked against the images on disk, with and without encryption, CSV and binary tables.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import nrfIntelHex from "nrf-intel-hex";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { tempFiles } from "../_tmp.ts";
import { nvsforge } from "./_run.ts";
import { readArgsFile } from "../flash/_esptool.ts";
import { decryptPartition } from "../../src/crypto/mod.ts";
import { parsePartition } from "../../src/format/mod.ts";
import { buildKeyPartition, parseKeyFile } from "../../src/crypto/mod.ts";
import { sha256Hex } from "../../src/flash/mod.ts";
import { encodePartitionTable, parsePartitionCsv } from "../../src/partition/mod.ts";

const MemoryMap = nrfIntelHex as unknown as { fromHex(t: string): Map<number, Uint8Array> };

const CONFIG = "factory,namespace,\nserial,data,string\nrev,data,u8\n";
const VALUES = "lot,serial,rev,line\n" +
  [1, 2, 3].map((i) => `L7,SN-${i},${i},"A, ${i}"`).join("\n") + "\n";
const TABLE = "# Name, Type, SubType, Offset, Size, Flags\nnvs,data,nvs,,16K\n" +
  "phy_init,data,phy,,4K\nfactory,app,factory,,1M\nnvs_keys,data,nvs_keys,,4K,encrypted\n";

function read(dir: string, file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(dir, file)));
}

function text(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), "utf8");
}

function jsonl(dir: string, file: string) {
  return text(dir, file).trimEnd().split("\n").map((l) => JSON.parse(l));
}

/** Checks every device's args file, HEX, summary row and manifest line against the disk. */
function checkBatch(out: string, opts: { keys: "own" | "shared" | "none"; hmac?: boolean }) {
  const summary = text(out, "summary-dev.csv").split("\r\n");
  assertEquals(
    summary[0],
    "index,file_id,lot,line,image,image_sha256,image_size,partition_offset,key_file",
  );
  const manifest = jsonl(out, "m.jsonl");
  assertEquals(manifest[0].kind, "batch");
  assertEquals(manifest[0].partitionTable.nvs, {
    name: "nvs",
    offset: 0x9000,
    size: 0x4000,
    encrypted: false,
  });
  const devices = manifest.filter((l) => l.kind === "device");
  assertEquals(devices.length, 3);
  for (const [i, d] of devices.entries()) {
    const name = `dev-SN-${i + 1}`;
    const image = read(out, `bin/${name}.bin`);
    const pairs = readArgsFile(text(out, `flash/${name}.args`));
    const keyPath = opts.keys === "own"
      ? `keys/keys-${name}.bin`
      : opts.keys === "shared"
      ? "keys/keys-dev.bin"
      : undefined;
    assertEquals(
      pairs.map((p) => [p.address, p.path, p.encrypt]),
      [[0x9000, `bin/${name}.bin`, false], ...(keyPath ? [[0x110000, keyPath, true]] : [])],
    );
    // The images the args files name are the ones on disk (their SHA-256 in the manifest).
    const hex = MemoryMap.fromHex(text(out, `hex/${name}.hex`));
    assertEquals([...hex.keys()], keyPath ? [0x9000, 0x110000] : [0x9000]);
    assertBytes(hex.get(0x9000)!, image);
    if (keyPath) {
      assertBytes(hex.get(0x110000)!, read(out, keyPath));
      const plain = decryptPartition(image, { keys: parseKeyFile(read(out, keyPath)) });
      assertEquals(parsePartition(plain).findings.filter((f) => f.severity === "error"), []);
    }
    assertEquals(d.parts, [
      {
        partition: "nvs",
        offset: 0x9000,
        size: 0x4000,
        path: `bin/${name}.bin`,
        sha256: sha256Hex(image),
        encrypt: false,
      },
      ...(keyPath
        ? [{
          partition: "nvs_keys",
          offset: 0x110000,
          size: 0x1000,
          path: keyPath,
          sha256: sha256Hex(read(out, keyPath)),
          encrypt: true,
        }]
        : []),
    ]);
    for (const f of d.files) {
      assertEquals(
        [f.bytes, f.sha256],
        [read(out, f.path).length, sha256Hex(read(out, f.path))],
        f.path,
      );
    }
    const keyFile = opts.hmac ? `keys/hmac-keys-${name}.bin` : keyPath ?? "";
    assertEquals(
      summary[i + 1],
      `${i + 1},SN-${i + 1},L7,"A, ${i + 1}",bin/${name}.bin,${
        sha256Hex(image)
      },16384,0x9000,${keyFile}`,
    );
    if (opts.hmac) assertEquals(d.hmacKey, `keys/hmac-keys-${name}.bin`);
  }
  const totals = manifest.at(-1);
  assertEquals([totals.kind, totals.devices, totals.written, totals.kept], ["totals", 3, 3, 0]);
}

const ARGS = [
  "generate",
  "config.csv",
  "values.csv",
  "dev",
  "auto",
  "--fileid",
  "serial",
  "--outdir",
  "out",
  "--manifest",
  "out/m.jsonl",
  "--hex",
  "--progress",
  "none",
];

Deno.test("generate --partition-table (CSV, empty offsets) --keygen: args, HEX, summary, manifest", () => {
  using tmp = tempFiles({ "config.csv": CONFIG, "values.csv": VALUES, "partitions.csv": TABLE });
  const r = nvsforge(tmp.path, ...ARGS, "--keygen", "--partition-table", "partitions.csv");
  assertEquals(r.status, 0, r.stderr);
  checkBatch(path.join(tmp.path, "out"), { keys: "own" });
  // --resume after losing a device's argument file writes it again, the same bytes.
  const out = path.join(tmp.path, "out");
  const before = text(out, "flash/dev-SN-2.args");
  fs.rmSync(path.join(out, "flash/dev-SN-2.args"));
  const again = nvsforge(
    tmp.path,
    ...ARGS,
    "--keygen",
    "--partition-table",
    "partitions.csv",
    "--resume",
  );
  assertEquals(again.status, 0, again.stderr);
  assertEquals(text(out, "flash/dev-SN-2.args"), before);
  const totals = jsonl(out, "m.jsonl").at(-1);
  assertEquals([totals.written, totals.kept], [1, 2]);
  assertEquals(text(out, "summary-dev.csv").split("\r\n").length, 5, "header, 3 rows, end");
});

Deno.test("generate --partition-table (binary) unencrypted and --inputkey (shared key partition)", () => {
  const bin = encodePartitionTable(parsePartitionCsv(TABLE).entries);
  using tmp = tempFiles({ "config.csv": CONFIG, "values.csv": VALUES, "pt.bin": bin });
  const plain = nvsforge(tmp.path, ...ARGS, "--partition-table", "pt.bin");
  assertEquals(plain.status, 0, plain.stderr);
  checkBatch(path.join(tmp.path, "out"), { keys: "none" });
  const keys = path.join(tmp.path, "out", "keys", "keys-dev-SN-1.bin");
  assertEquals(fs.existsSync(keys), false);

  fs.rmSync(path.join(tmp.path, "out"), { recursive: true });
  fs.writeFileSync(path.join(tmp.path, "k.bin"), buildKeyPartition(new Uint8Array(64).fill(7)));
  const shared = nvsforge(tmp.path, ...ARGS, "--inputkey", "k.bin", "--partition-table", "pt.bin");
  assertEquals(shared.status, 0, shared.stderr);
  const out = path.join(tmp.path, "out");
  checkBatch(out, { keys: "shared" });
  assertBytes(read(out, "keys/keys-dev.bin"), read(tmp.path, "k.bin"));
  const totals = jsonl(out, "m.jsonl").at(-1);
  assertEquals(totals.batchFiles.map((f: { path: string }) => f.path), ["keys/keys-dev.bin"]);
});

Deno.test("generate --partition-table --key_protect_hmac: no key partition in flash, the HMAC key named", () => {
  using tmp = tempFiles({ "config.csv": CONFIG, "values.csv": VALUES, "partitions.csv": TABLE });
  const r = nvsforge(
    tmp.path,
    ...ARGS,
    "--keygen",
    "--key_protect_hmac",
    "--kp_hmac_keygen",
    "--partition-table",
    "partitions.csv",
  );
  assertEquals(r.status, 0, r.stderr);
  checkBatch(path.join(tmp.path, "out"), { keys: "none", hmac: true });
});

Deno.test("generate: table errors and option errors, nothing written", () => {
  using tmp = tempFiles({
    "config.csv": CONFIG,
    "values.csv": VALUES,
    "partitions.csv": TABLE,
    "small.csv": "nvs,data,nvs,,4K\n",
  });
  const noTable = nvsforge(tmp.path, ...ARGS);
  assertEquals([noTable.status, noTable.stderr], [
    2,
    "error: size auto means the partition's size: give --partition-table\n",
  ]);
  const col = nvsforge(
    tmp.path,
    ...ARGS,
    "--partition-table",
    "partitions.csv",
    "--summary-columns",
    "lot,nope",
  );
  assertEquals(col.status, 2, col.stderr);
  assert(
    col.stderr.includes('--summary-columns: "nope" is not a column of values.csv'),
    col.stderr,
  );
  const small = nvsforge(tmp.path, ...ARGS, "--partition-table", "small.csv");
  assertEquals(small.status, 1, small.stderr);
  assert(small.stderr.includes("flag it readonly in the table"), small.stderr);
  const other = nvsforge(
    tmp.path,
    ...ARGS.map((a) => a === "auto" ? "0x3000" : a),
    "--partition-table",
    "partitions.csv",
  );
  assertEquals(other.status, 2);
  assertEquals(fs.existsSync(path.join(tmp.path, "out")), false);
});

/**
 * `nvsforge edit`: the new image is byte for byte what `nvs generate` writes for the
 * edited rows (plain, or encrypted again with the same key), errors are reported
 * together and nothing is written then.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { nvsforge } from "./_run.ts";
import { tempDir } from "../_tmp.ts";
import { decryptPartition, encryptPartition } from "../../src/crypto/mod.ts";

const BASE = [
  "key,type,encoding,value",
  "factory,namespace,,",
  "serial,data,string,NF-0001",
  "rev,data,u8,3",
  "app,namespace,,",
  "boots,data,u32,7",
  "mode,data,string,normal",
  "",
].join("\n");
// What the edit below must give: rev changed in place (type too), gain at the end of
// factory, boots erased, a new namespace at the end.
const EDITED = [
  "key,type,encoding,value",
  "factory,namespace,,",
  "serial,data,string,NF-0001",
  "rev,data,u16,4",
  "gain,data,float,1.5",
  "app,namespace,,",
  "mode,data,string,normal",
  "cal,namespace,,",
  "curve,data,hex2bin,0102",
  "",
].join("\n");
const EDIT_ARGS = [
  "--set",
  "factory:rev=u16:4",
  "--set",
  "factory:gain=float:1.5",
  "--set",
  "cal:curve=hex2bin:0102",
  "--erase",
  "app:boots",
];

const read = (dir: string, f: string) => new Uint8Array(fs.readFileSync(path.join(dir, f)));

function generate(dir: string, csv: string, out: string, size = "0x6000"): Uint8Array {
  fs.writeFileSync(path.join(dir, `${out}.csv`), csv);
  const r = nvsforge(dir, "nvs", "generate", "--float", `${out}.csv`, out, size);
  assertEquals(r.status, 0, r.stderr);
  return read(dir, out);
}

Deno.test("edit: the image nvs generate writes for the edited rows, same size", () => {
  using tmp = tempDir();
  const dir = tmp.path;
  generate(dir, BASE, "base.bin");
  const expected = generate(dir, EDITED, "expected.bin");
  const r = nvsforge(dir, "edit", "base.bin", "out.bin", ...EDIT_ARGS);
  assertEquals(r.status, 0, r.stderr);
  assertEquals(r.stdout, `Edited NVS binary (4 changes): ===> out.bin\n`);
  assertBytes(read(dir, "out.bin"), expected);
});

Deno.test("edit --from-csv: its data and file rows are set; the output may replace the input", () => {
  using tmp = tempDir();
  const dir = tmp.path;
  generate(dir, BASE, "img.bin");
  fs.writeFileSync(path.join(dir, "curve.bin"), new Uint8Array([1, 2]));
  fs.writeFileSync(
    path.join(dir, "rows.csv"),
    "key,type,encoding,value\nfactory,namespace,,\nrev,data,u16,4\ngain,data,float,1.5\ncal,namespace,,\ncurve,file,binary,curve.bin\n",
  );
  const expected = generate(dir, EDITED, "expected.bin");
  const r = nvsforge(
    dir,
    "edit",
    "img.bin",
    "img.bin",
    "--from-csv",
    "rows.csv",
    "--erase",
    "app:boots",
  );
  assertEquals(r.status, 0, r.stderr);
  assertBytes(read(dir, "img.bin"), expected);
});

Deno.test("edit --inputkey: decrypts, edits and encrypts again with the same key", () => {
  using tmp = tempDir();
  const dir = tmp.path;
  const keys = new Uint8Array(64).map((_, i) => (i * 13 + 5) & 0xff);
  fs.writeFileSync(path.join(dir, "k.bin"), keys);
  fs.writeFileSync(path.join(dir, "base.csv"), BASE);
  const enc = nvsforge(
    dir,
    "nvs",
    "encrypt",
    "base.csv",
    "enc.bin",
    "0x6000",
    "--inputkey",
    "k.bin",
  );
  assertEquals(enc.status, 0, enc.stderr);
  const plainExpected = generate(dir, EDITED, "expected.bin");
  const r = nvsforge(dir, "edit", "enc.bin", "out.bin", ...EDIT_ARGS, "--inputkey", "k.bin");
  assertEquals(r.status, 0, r.stderr);
  const out = read(dir, "out.bin");
  assertBytes(out, encryptPartition(plainExpected, { keys }));
  assertBytes(decryptPartition(out, { keys }), plainExpected);
  // Without the key the encrypted image does not read cleanly: refused, nothing written.
  const no = nvsforge(dir, "edit", "enc.bin", "none.bin", ...EDIT_ARGS);
  assertEquals(no.status, 1);
  assert(no.stderr.includes("an encrypted image needs --inputkey"), no.stderr);
  assert(!fs.existsSync(path.join(dir, "none.bin")));
});

Deno.test("edit: every bad change is reported at once and nothing is written", () => {
  using tmp = tempDir();
  const dir = tmp.path;
  generate(dir, BASE, "base.bin");
  const before = fs.readdirSync(dir).sort();
  const r = nvsforge(
    dir,
    "edit",
    "base.bin",
    "out.bin",
    "--set",
    "factory:rev=u8:300",
    "--set",
    "factory:k=float:nan",
    "--erase",
    "app:nope",
    "--erase",
    "zz:y",
  );
  assertEquals(r.status, 1);
  assertEquals(r.stderr.trimEnd().split("\n"), [
    'error: --set:1: column "value": key "rev": u8 value 300 is out of range (expected 0..255)',
    `error: --set:2: column "value": key "k": float value "nan" is NaN, which ESP-IDF's NVS library refuses (ESP_ERR_INVALID_ARG)`,
    'error: --erase:1: key "nope": cannot erase key "nope" of namespace "app": the namespace has no such key',
    'error: --erase:2: key "y": cannot erase key "y" of namespace "zz": there is no such namespace',
    "4 errors: nothing was written",
  ]);
  const bad = nvsforge(dir, "edit", "base.bin", "out.bin", "--set", "factory:rev");
  assertEquals(bad.status, 2);
  assert(
    bad.stderr.startsWith('error: --set "factory:rev" must be written NS:KEY=ENCODING:VALUE'),
    bad.stderr,
  );
  const none = nvsforge(dir, "edit", "base.bin", "out.bin");
  assertEquals(none.status, 2);
  const full = nvsforge(
    dir,
    "edit",
    "base.bin",
    "out.bin",
    "--set",
    `factory:blob=hex2bin:${"ab".repeat(20000)}`,
  );
  assertEquals(full.status, 1);
  assert(full.stderr.includes("the smallest size that fits"), full.stderr);
  assertEquals(fs.readdirSync(dir).sort(), before);
});

/**
 * `nvsforge inspect`: exit statuses 0/1/2, the table, JSON and CSV formats, `--all`,
 * decryption with `--inputkey` and `--hmac-key`; and (in process) the JSON values of
 * hand-picked vector cases against the case's inputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { nvsforge, scratchDir } from "./_run.ts";
import { caseFile, caseText, expectedFile, loadCase } from "../../scripts/vector_cases.ts";
import { partitionToJson, renderTable } from "../../src/cli/inspect.ts";
import { csvToRecords } from "../../src/csv/mod.ts";
import { toHex } from "../../src/csv/stringify.ts";
import type { EntryRecord } from "../../src/format/items.ts";
import { parsePartition } from "../../src/format/reader.ts";
import { encodePartition } from "../../src/format/writer.ts";
import { loadDeviceImages } from "../format/_device_images.ts";

const vector = (c: string, rel: string) => caseFile(loadCase(c), rel);
const CSV = [
  "key,type,encoding,value",
  "factory,namespace,,",
  "serial,data,string,NF-000042",
  'note,data,string,"two\nlines, ""quoted"""',
  "hw_rev,data,u8,3",
  "big,data,u64,18446744073709551615",
  "cal,data,hex2bin,00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
  "",
].join("\n");

// deno-lint-ignore no-explicit-any
type AnyJson = any;

Deno.test("inspect: a clean image: table (exit 0), JSON, CSV that regenerates it", () => {
  using tmp = scratchDir({ "in.csv": CSV });
  const dir = tmp.path;
  assertEquals(nvsforge(dir, "nvs", "generate", "in.csv", "nvs.bin", "0x3000").status, 0);

  const table = nvsforge(dir, "inspect", "nvs.bin");
  assertEquals([table.status, table.stderr], [0, ""]);
  const lines = table.stdout.split("\n");
  assert(lines[0].startsWith("nvs.bin: 3 pages (1 in use), format version 2; 5 items"), lines[0]);
  assertEquals(lines[1].split(/\s+/), ["NAMESPACE", "KEY", "TYPE", "VALUE"]);
  assert(table.stdout.includes('string  "two\\nlines, \\"quoted\\""'), table.stdout);
  assert(table.stdout.includes("u64     18446744073709551615"), table.stdout);
  assert(
    table.stdout.includes("blob    32 bytes: 00112233445566778899aabbccddeeff0011223344556677…"),
  );

  const json = nvsforge(dir, "inspect", "nvs.bin", "--format", "json");
  assertEquals(json.status, 0);
  const doc: AnyJson = JSON.parse(json.stdout);
  assertEquals([doc.schema, doc.clean, doc.version, doc.size], [
    "nvsforge-inspect/1",
    true,
    2,
    0x3000,
  ]);
  assertEquals(doc.items.map((i: AnyJson) => [i.key, i.type, i.value]), [
    ["serial", "string", "NF-000042"],
    ["note", "string", 'two\nlines, "quoted"'],
    ["hw_rev", "u8", 3],
    ["big", "u64", "18446744073709551615"],
    ["cal", "blob", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"],
  ]);
  assertEquals(doc.findings, []);
  assertEquals(doc.entries, undefined, "entries only with --all");

  const csv = nvsforge(dir, "inspect", "nvs.bin", "--format", "csv");
  assertEquals(csv.status, 0, csv.stderr);
  fs.writeFileSync(path.join(dir, "back.csv"), csv.stdout);
  assertEquals(nvsforge(dir, "nvs", "generate", "back.csv", "back.bin", "0x3000").status, 0);
  assertBytes(
    new Uint8Array(fs.readFileSync(path.join(dir, "back.bin"))),
    new Uint8Array(fs.readFileSync(path.join(dir, "nvs.bin"))),
  );
  const b64 = nvsforge(dir, "inspect", "nvs.bin", "--format=csv", "--blob-encoding", "base64");
  assert(b64.stdout.includes("cal,data,base64,ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8="));
});

Deno.test("inspect: findings: exit 1, one line each on stderr, or in the JSON", () => {
  const image = expectedFile(loadCase("gen-mixed-v2"), "out.bin");
  image[64 + 32 + 24] ^= 1; // the value of "u": its entry CRC no longer matches
  using tmp = scratchDir({ "bad.bin": image });
  const dir = tmp.path;
  const r = nvsforge(dir, "inspect", "bad.bin");
  assertEquals(r.status, 1);
  const err = r.stderr.trimEnd().split("\n");
  assertEquals(err.length, 2, r.stderr);
  assert(err[0].startsWith('error: bad.bin: page 0 entry 1: key "u": entry CRC is '), err[0]);
  assertEquals(err[1], "error: bad.bin: the check found 1 error");
  assert(!r.stdout.includes(" u "), "the unreadable item is not listed");

  const j = nvsforge(dir, "inspect", "bad.bin", "--format", "json");
  assertEquals(j.status, 1);
  const doc: AnyJson = JSON.parse(j.stdout);
  assertEquals(doc.clean, false);
  assertEquals(doc.summary, { errors: 1, warnings: 0, infos: 0 });
  assertEquals(
    doc.findings.map((f: AnyJson) => [f.code, f.severity, f.page, f.entry, f.key]),
    [["entry-crc", "error", 0, 1, "u"]],
  );
  assertEquals(j.stderr, "error: bad.bin: the check found 1 error\n", "JSON: no finding lines");

  // A quirk image (a key written twice by the reference): warnings, exit 1, no crash.
  fs.writeFileSync(path.join(dir, "wifi.bin"), expectedFile(loadCase("quirk-wifi-ap"), "out.bin"));
  const q = nvsforge(dir, "inspect", "wifi.bin");
  assertEquals(q.status, 1);
  assert(
    q.stderr.includes('warning: wifi.bin: page 0 entry 1: key "ap.ssid": the key is stored again'),
  );
  assert(q.stdout.includes('ap.ssid      string  "ESP-SoftAP-2"'), q.stdout);
});

Deno.test("inspect: exit 2 when the input is not an NVS partition or the command line is wrong", () => {
  const image = expectedFile(loadCase("gen-size-0x3000"), "out.bin");
  using tmp = scratchDir({
    "cut.bin": image.subarray(0, 5000),
    "empty.bin": new Uint8Array(0),
    "ok.bin": image,
    "k.bin": new Uint8Array(64).fill(1),
  });
  const dir = tmp.path;
  const cut = nvsforge(dir, "inspect", "cut.bin");
  assertEquals(cut.status, 2);
  assert(
    cut.stderr.includes(
      "error: cut.bin: the image is 5000 bytes, not a whole number of 4096-byte pages",
    ),
    cut.stderr,
  );
  assertEquals(nvsforge(dir, "inspect", "empty.bin").status, 2);
  const missing = nvsforge(dir, "inspect", "nope.bin");
  assertEquals(missing.status, 2);
  assert(missing.stderr.includes("nope.bin: cannot read image: no such file"), missing.stderr);
  assertEquals(nvsforge(dir, "inspect", "ok.bin", "--format", "xml").status, 2);
  assertEquals(
    nvsforge(dir, "inspect", "ok.bin", "--inputkey", "k.bin", "--hmac-key", "k.bin").status,
    2,
  );
  assertEquals(nvsforge(dir, "inspect", "ok.bin", "--all", "--format", "csv").status, 2);
  assertEquals(nvsforge(dir, "inspect", "ok.bin", "--hmac-key", "k.bin").status, 2, "not 32 bytes");
  assertEquals(nvsforge(dir, "inspect").status, 2);
});

Deno.test("inspect: --inputkey and --hmac-key decrypt; without a key the image is flagged", () => {
  using tmp = scratchDir({
    "enc.bin": expectedFile(loadCase("enc-own-key"), "enc.bin"),
    "own_keys.bin": vector("enc-own-key", "keys/own_keys.bin"),
    "hmac.bin": expectedFile(loadCase("enc-hmac-derived-key"), "enc.bin"),
    "hmac_key.bin": vector("genkey-hmac-sample", "testdata/sample_hmac_key.bin"),
  });
  const dir = tmp.path;
  const plain = nvsforge(
    dir,
    "inspect",
    "enc.bin",
    "--inputkey",
    "own_keys.bin",
    "--format",
    "csv",
  );
  assertEquals(plain.status, 0, plain.stderr);
  fs.writeFileSync(path.join(dir, "back.csv"), plain.stdout);
  const again = nvsforge(
    dir,
    "nvs",
    "encrypt",
    "back.csv",
    "again.bin",
    "0x5000",
    "--inputkey",
    "own_keys.bin",
  );
  assertEquals(again.status, 0, again.stderr);
  assertBytes(
    new Uint8Array(fs.readFileSync(path.join(dir, "again.bin"))),
    new Uint8Array(fs.readFileSync(path.join(dir, "enc.bin"))),
  );
  const derived = nvsforge(dir, "inspect", "hmac.bin", "--hmac-key", "hmac_key.bin");
  assertEquals(derived.status, 0, derived.stderr);
  assert(derived.stdout.includes("decrypted"), derived.stdout);
  const locked = nvsforge(dir, "inspect", "enc.bin");
  assertEquals(locked.status, 1);
  assert(locked.stderr.includes("probably encrypted"), locked.stderr);
});

Deno.test("inspect --all: pages and every entry, erased and superseded ones with page and entry", () => {
  const image = encodePartition([
    { kind: "namespace", name: "n" },
    { kind: "entry", key: "a", type: "u8", value: 1 },
    { kind: "entry", key: "gone", type: "u8", value: 2 },
    { kind: "entry", key: "a", type: "u8", value: 3 },
  ], { size: 0x3000 });
  image[32 + 0] &= ~(0b11 << 4); // bitmap: entry 2 ("gone") erased
  using tmp = scratchDir({ "dev.bin": image });
  const dir = tmp.path;
  const r = nvsforge(dir, "inspect", "dev.bin", "--all");
  assertEquals(r.status, 1, "the duplicate is a warning");
  const rows = r.stdout.split("\n").filter((l) => /^0\s+\d+\s+(live|superseded|erased)/.test(l))
    .map((l) => l.split(/\s+/).slice(0, 5));
  assertEquals(rows, [
    ["0", "0", "live", "(namespaces)", "n"],
    ["0", "1", "superseded", "n", "a"],
    ["0", "2", "erased", "n", "gone"],
    ["0", "3", "live", "n", "a"],
  ]);
  assert(/^PAGE\s+STATE\s+SEQUENCE/m.test(r.stdout) && /^0\s+active\s+0\s+2/m.test(r.stdout));
  const j = nvsforge(dir, "inspect", "dev.bin", "--all", "--format", "json");
  const doc: AnyJson = JSON.parse(j.stdout);
  assertEquals(doc.entries.map((e: AnyJson) => [e.entry, e.status, e.key, e.value]), [
    [0, "live", "n", 1],
    [1, "superseded", "a", 1],
    [2, "erased", "gone", 2],
    [3, "live", "a", 3],
  ]);
});

Deno.test("inspect (in process): JSON values equal the inputs of vector cases", () => {
  for (
    const c of [
      "gen-int-edges",
      "gen-strings",
      "gen-binary-encodings",
      "gen-mixed-v1",
      "gen-file-encodings",
    ]
  ) {
    const vc = loadCase(c);
    const { records } = csvToRecords(
      [{ name: "input.csv", text: caseText(vc, "input.csv") }],
      { readFile: (p) => caseFile(vc, p) },
    );
    const expected = records.filter((r): r is EntryRecord => r.kind === "entry").map((r) => [
      r.key,
      r.type === "blob" ? "blob" : r.type,
      r.type === "blob"
        ? toHex(r.value)
        : r.type === "string"
        ? r.value
        : r.type === "u64" || r.type === "i64"
        ? String(r.value)
        : Number(r.value),
    ]);
    const doc = partitionToJson(
      parsePartition(expectedFile(vc, "out.bin")),
      "out.bin",
    ) as AnyJson;
    assertEquals(doc.items.map((i: AnyJson) => [i.key, i.type, i.value]), expected, c);
  }
});

Deno.test("inspect (in process): the table escapes control characters and abbreviates", () => {
  const image = encodePartition([
    { kind: "namespace", name: "n s" },
    { kind: "entry", key: "evil\u001b[2J", type: "string", value: "\u202eabc\r\n\u0007" },
    { kind: "entry", key: "long", type: "string", value: "y".repeat(500) },
    { kind: "entry", key: "", type: "u8", value: 1 },
  ], { size: 0x3000 });
  const t = renderTable(parsePartition(image), "x.bin");
  // deno-lint-ignore no-control-regex
  assert(!/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/.test(t), JSON.stringify(t));
  const rows = t.split("\n").map((l) => l.split(/ {2,}/));
  assertEquals(rows[2], ['"n s"', '"evil\\x1b[2J"', "string", '"\\u{202e}abc\\r\\n\\x07"']);
  assert(t.includes(`"${"y".repeat(64)}…" (500 bytes)`), t);
  assertEquals(rows[4], ['"n s"', '""', "u8", "1"]);
});

Deno.test("inspect (in process): floats and doubles as the shortest text, bits beside them", () => {
  // Image 074 of the device images: float and double items written by ESP-IDF's library.
  const image = loadDeviceImages().find((i) => i.name === "074")!;
  const parsed = parsePartition(image.bytes);
  const json: AnyJson = partitionToJson(parsed, "074.bin");
  const pick = (key: string) => json.items.find((i: AnyJson) => i.key === key);
  assertEquals(
    [pick("9x").type, pick("9x").value, pick("9x").bits],
    ["float", "-107786854000", "d1c8c4c7"],
  );
  assertEquals(
    [pick("6u9bl3ydm86c9jc").type, pick("6u9bl3ydm86c9jc").value, pick("6u9bl3ydm86c9jc").bits],
    ["double", "-inf", "fff0000000000000"],
  );
  const table = renderTable(parsed, "074.bin");
  assert(table.includes("float   -2127826.8 (bits ca01df4b)"), table);
  assert(table.includes("double  971.588 (bits 408e5cb439581062)"), table);
});

Deno.test("inspect --format csv: values a row cannot carry go to files; the CSV regenerates the image", () => {
  using tmp = scratchDir({
    "in.csv": [
      "key,type,encoding,value",
      "factory,namespace,,",
      "crlf,file,string,crlf.txt",
      "hash,file,string,hash.txt",
      "plain,data,string,plain text",
      "other,namespace,,",
      "crlf,file,string,crlf.txt",
      "",
    ].join("\n"),
    "crlf.txt": "line one\r\nline two\r",
    "hash.txt": "first\n# not a comment",
  });
  const dir = tmp.path;
  assertEquals(nvsforge(dir, "nvs", "generate", "in.csv", "dev.bin", "0x3000").status, 0);
  const r = nvsforge(dir, "inspect", "dev.bin", "--format", "csv");
  assertEquals(r.status, 0, r.stderr);
  // The default files directory is named after the image; the rows name it from the cwd.
  assert(r.stdout.includes("\ncrlf,file,string,dev/factory.crlf.txt\n"), r.stdout);
  assert(r.stdout.includes("\nhash,file,string,dev/factory.hash.txt\n"), r.stdout);
  assert(r.stdout.includes("\ncrlf,file,string,dev/other.crlf.txt\n"), r.stdout);
  assert(r.stdout.includes("\nplain,data,string,plain text\n"), r.stdout);
  assertEquals(
    fs.readFileSync(path.join(dir, "dev/factory.crlf.txt"), "utf8"),
    "line one\r\nline two\r",
  );
  fs.writeFileSync(path.join(dir, "back.csv"), r.stdout);
  assertEquals(nvsforge(dir, "nvs", "generate", "back.csv", "again.bin", "0x3000").status, 0);
  assertBytes(
    new Uint8Array(fs.readFileSync(path.join(dir, "again.bin"))),
    new Uint8Array(fs.readFileSync(path.join(dir, "dev.bin"))),
  );
  // A second run over the same image finds its own files; --files-dir names another place.
  assertEquals(nvsforge(dir, "inspect", "dev.bin", "--format", "csv").status, 0);
  const elsewhere = nvsforge(
    dir,
    "inspect",
    "dev.bin",
    "--format",
    "csv",
    "--files-dir",
    "side/values",
  );
  assertEquals(elsewhere.status, 0, elsewhere.stderr);
  assert(
    elsewhere.stdout.includes("\ncrlf,file,string,side/values/factory.crlf.txt\n"),
    elsewhere.stdout,
  );
  // A file there with other contents is not overwritten: exit 3, no CSV.
  fs.writeFileSync(path.join(dir, "dev/factory.hash.txt"), "someone else's");
  const clash = nvsforge(dir, "inspect", "dev.bin", "--format", "csv");
  assertEquals(clash.status, 3, clash.stderr);
  assert(
    clash.stderr.includes("factory.hash.txt") && clash.stderr.includes("--files-dir"),
    clash.stderr,
  );
  assertEquals(clash.stdout, "");
  // Nothing is written for an image whose values all fit in rows.
  using plain = scratchDir({ "p.csv": "key,type,encoding,value\nn,namespace,,\na,data,u8,1\n" });
  assertEquals(nvsforge(plain.path, "nvs", "generate", "p.csv", "p.bin", "0x3000").status, 0);
  assertEquals(nvsforge(plain.path, "inspect", "p.bin", "--format", "csv").status, 0);
  assert(!fs.existsSync(path.join(plain.path, "p")));
});

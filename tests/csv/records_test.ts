import { assert, assertEquals } from "../_assert.ts";
import { csvToRecords } from "../../src/csv/mod.ts";
import { nvsforge, scratch, scratchDir } from "../cli/_run.ts";
import * as fs from "node:fs";
import * as path from "node:path";

const CSV =
  'key,type,encoding,value\nns,namespace,,\ns,data,string,"ab\u0000cd"\nok,data,string,x\n';

Deno.test("a NUL inside a string value warns: the firmware sees only the text before it", () => {
  const { records, diagnostics } = csvToRecords([{ name: "nvs.csv", text: CSV }]);
  assertEquals(diagnostics.errors, []);
  assertEquals(diagnostics.warnings.map((w) => [w.code, w.location?.line, w.location?.key]), [
    ["nul-in-string", 3, "s"],
  ]);
  assert(diagnostics.warnings[0].message.includes("after 2 bytes"));
  // Still written as the reference writes it.
  const s = records[1];
  assert(s.kind === "entry" && s.type === "string" && s.value === "ab\u0000cd");
});

Deno.test("a NUL inside a string from a file warns too; strict makes it an error", () => {
  const text = "key,type,encoding,value\nns,namespace,,\nf,file,string,f.txt\n";
  const readFile = () => new TextEncoder().encode("é\u0000tail");
  const lax = csvToRecords([{ name: "nvs.csv", text }], { readFile });
  assertEquals(lax.diagnostics.warnings.map((w) => w.code), ["nul-in-string"]);
  assert(lax.diagnostics.warnings[0].message.includes("after 2 bytes"));
  const strict = csvToRecords([{ name: "nvs.csv", text }], { readFile, strict: true });
  assertEquals(strict.diagnostics.errors.map((e) => e.code), ["nul-in-string"]);
});

Deno.test("nvs generate: a NUL in a string warns, --strict refuses and writes nothing", () => {
  const dir = scratch({ "nvs.csv": CSV });
  try {
    const lax = nvsforge(dir, "nvs", "generate", "nvs.csv", "out.bin", "0x3000");
    assertEquals(lax.status, 0, lax.stderr);
    assert(/^warning: nvs\.csv:3: key "s": the string holds a NUL/.test(lax.stderr), lax.stderr);
    fs.rmSync(path.join(dir, "out.bin"));
    const strict = nvsforge(dir, "nvs", "generate", "--strict", "nvs.csv", "out.bin", "0x3000");
    assertEquals(strict.status, 1, strict.stderr);
    assert(
      /^error: nvs\.csv:3: key "s": the string holds a NUL.*\(strict: a warning is an error\)$/m
        .test(strict.stderr),
    );
    assertEquals(fs.readdirSync(dir), ["nvs.csv"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("a string from a file keeps a leading byte-order mark, as the reference writes it", () => {
  // nvs_partition_gen reads a `file` value as bytes and decodes them as UTF-8 (not
  // utf-8-sig): U+FEFF stays the first character, and the image holds its three bytes.
  const text = "key,type,encoding,value\nns,namespace,,\nf,file,string,f.txt\n";
  const file = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]); // the mark, then "hi"
  const { records, diagnostics } = csvToRecords([{ name: "nvs.csv", text }], {
    readFile: () => file,
  });
  assertEquals(diagnostics.errors, []);
  const s = records[1];
  assert(s.kind === "entry" && s.type === "string" && s.value === "\uFEFFhi", JSON.stringify(s));
  // In the image: the string's data is the file's bytes, then a NUL.
  using tmp = scratchDir({ "nvs.csv": text, "f.txt": file });
  const r = nvsforge(tmp.path, "nvs", "generate", "nvs.csv", "out.bin", "0x3000");
  assertEquals(r.status, 0, r.stderr);
  const image = new Uint8Array(fs.readFileSync(path.join(tmp.path, "out.bin")));
  const data = [0xef, 0xbb, 0xbf, 0x68, 0x69, 0x00];
  // Page header and entry bitmap (64 bytes), the namespace entry, the string's entry
  // (32 bytes each), then its data.
  assertEquals([...image.subarray(128, 128 + data.length)], data);
});

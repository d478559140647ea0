import { assert, assertEquals } from "../_assert.ts";
import { csvToRecords } from "../../src/csv/mod.ts";
import { nvsforge, scratch } from "../cli/_run.ts";
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

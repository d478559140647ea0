/**
 * nvsforge's own float and double encodings through the command line: refused as the
 * reference refuses them unless --float is given (the vector err-unsupported-encoding
 * runs exactly that CSV), then written as float (0x24) and double (0x28) items by
 * `nvs generate`, `nvs encrypt` and `generate` (mass manufacturing).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { nvsforge, scratch } from "./_run.ts";
import { encodePartition } from "../../src/format/writer.ts";
import type { NvsRecord } from "../../src/format/items.ts";
import { csvToRecords, stringifyCsv } from "../../src/csv/mod.ts";
import { decryptPartition } from "../../src/crypto/mod.ts";

const VECTOR_CSV = "key,type,encoding,value\nn,namespace,,\nf,data,float,1.5\n";
const CSV = [
  "key,type,encoding,value",
  "cal,namespace,,",
  "gain,data,float,1.5",
  "offset,data,DOUBLE, -2.5E+3 ",
  "tenth,data,Float,0.1",
  "limit,data,double,-inf",
  "zero,data,float,-0",
  "",
].join("\n");
const RECORDS: NvsRecord[] = [
  { kind: "namespace", name: "cal" },
  { kind: "entry", key: "gain", type: "float", value: 1.5 },
  { kind: "entry", key: "offset", type: "double", value: -2500 },
  { kind: "entry", key: "tenth", type: "float", value: Math.fround(0.1) },
  { kind: "entry", key: "limit", type: "double", value: -Infinity },
  { kind: "entry", key: "zero", type: "float", value: -0 },
];

function inScratch(files: Record<string, string | Uint8Array>, f: (dir: string) => void): void {
  const dir = scratch(files);
  try {
    f(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

Deno.test("nvs generate: float is refused without --float, as the reference refuses it", () => {
  inScratch({ "input.csv": VECTOR_CSV }, (dir) => {
    const r = nvsforge(dir, "nvs", "generate", "input.csv", "out.bin", "0x3000");
    assertEquals(r.status, 1);
    assertEquals(
      r.stderr,
      `error: input.csv:3: column "encoding": key "f": encoding "float" is nvsforge's own (nvs_partition_gen 0.2.0 rejects it as an unsupported encoding): add --float (library: option float) to write float and double items\n`,
    );
    assertEquals(fs.readdirSync(dir), ["input.csv"]);
  });
});

Deno.test("nvs generate --float: float and double items, the library's bytes", () => {
  inScratch({ "nvs.csv": CSV }, (dir) => {
    const r = nvsforge(dir, "nvs", "generate", "--float", "nvs.csv", "out.bin", "0x3000");
    assertEquals(r.status, 0, r.stderr);
    assertEquals(r.stderr, "");
    const image = new Uint8Array(fs.readFileSync(path.join(dir, "out.bin")));
    assertBytes(image, encodePartition(RECORDS, { size: 0x3000 }));
    assertEquals(image[64 + 32 + 1], 0x24, "float item type");
    assertEquals(image[64 + 64 + 1], 0x28, "double item type");
  });
});

Deno.test("nvs generate --float: bad values are reported together, nothing written", () => {
  const csv =
    "key,type,encoding,value\nn,namespace,,\na,data,float,1e39\nb,data,double,nan\nc,data,float,abc\n";
  inScratch({ "nvs.csv": csv }, (dir) => {
    const r = nvsforge(dir, "nvs", "generate", "--float", "nvs.csv", "out.bin", "0x3000");
    assertEquals(r.status, 1);
    const lines = r.stderr.trimEnd().split("\n");
    assertEquals(lines.length, 4, r.stderr);
    assert(
      lines[0].startsWith(
        'error: nvs.csv:3: column "value": key "a": float value "1e39" is too large',
      ),
    );
    assert(
      lines[1].includes('key "b": double value "nan" is NaN') &&
        lines[1].includes("ESP_ERR_INVALID_ARG"),
    );
    assert(lines[2].includes('key "c": "abc" is not a float value'), lines[2]);
    assertEquals(lines[3], "3 errors: nothing was written");
    assertEquals(fs.readdirSync(dir), ["nvs.csv"]);
  });
});

Deno.test("nvs encrypt --float: the encrypted image decrypts to the plain one", () => {
  const keys = new Uint8Array(64).map((_, i) => i * 7 + 1);
  inScratch({ "nvs.csv": CSV, "k.bin": keys }, (dir) => {
    const r = nvsforge(
      dir,
      "nvs",
      "encrypt",
      "--float",
      "nvs.csv",
      "e.bin",
      "0x3000",
      "--inputkey",
      "k.bin",
    );
    assertEquals(r.status, 0, r.stderr);
    const enc = new Uint8Array(fs.readFileSync(path.join(dir, "e.bin")));
    assertBytes(decryptPartition(enc, { keys }), encodePartition(RECORDS, { size: 0x3000 }));
  });
});

Deno.test("generate (mfg): float and double in the configuration need --float", () => {
  const config = "cal,namespace,\ngain,data,float\noffset,data,double,REPEAT\n";
  const values = "gain,offset\n1.5,-2.5E+3\n0.1,\n";
  inScratch({ "config.csv": config, "values.csv": values }, (dir) => {
    const no = nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000");
    assertEquals(no.status, 1);
    assertEquals(no.stderr.split("\n").filter((l) => l.startsWith("error:")).length, 2, no.stderr);
    assert(no.stderr.includes('config.csv:2: key "gain": encoding "float" is nvsforge\'s own'));
    const yes = nvsforge(dir, "generate", "--float", "config.csv", "values.csv", "dev", "0x3000");
    assertEquals(yes.status, 0, yes.stderr);
    const image = new Uint8Array(fs.readFileSync(path.join(dir, "bin", "dev-2.bin")));
    assertBytes(
      image,
      encodePartition([
        { kind: "namespace", name: "cal" },
        { kind: "entry", key: "gain", type: "float", value: 0.1 },
        { kind: "entry", key: "offset", type: "double", value: -2500 },
      ], { size: 0x3000 }),
    );
    const csv = fs.readFileSync(path.join(dir, "csv", "dev-2.csv"), "utf8");
    assertEquals(
      csv,
      "key,type,encoding,value\r\ncal,namespace,,\r\ngain,data,float,0.1\r\noffset,data,double,-2.5E+3\r\n",
    );
  });
});

Deno.test("--help of generate, nvs generate and nvs encrypt lists --float", () => {
  inScratch({}, (dir) => {
    for (const args of [["nvs", "generate"], ["nvs", "encrypt"], ["generate"]]) {
      const r = nvsforge(dir, ...args, "--help");
      assertEquals(r.status, 0);
      assert(r.stdout.includes("--float") && r.stdout.includes("float and double"), args.join(" "));
    }
  });
});

Deno.test("stringifyCsv: float and double rows read back (with float) to the same bits", () => {
  const records: NvsRecord[] = [
    ...RECORDS,
    { kind: "entry", key: "tiny", type: "double", value: 5e-324 },
    { kind: "entry", key: "pi", type: "double", value: Math.PI },
    { kind: "entry", key: "fpi", type: "float", value: Math.PI }, // rounded when written
    { kind: "entry", key: "fmax", type: "float", value: 3.4028234663852886e38 },
    { kind: "entry", key: "inf", type: "float", value: Infinity },
  ];
  const text = stringifyCsv(records);
  assert(text.includes("tenth,data,float,0.1\n"), text);
  assert(text.includes("zero,data,float,-0\n") && text.includes("limit,data,double,-inf\n"), text);
  assert(text.includes("fpi,data,float,3.1415927\n"), text);
  const back = csvToRecords([{ name: "x.csv", text }], { float: true });
  assertEquals(back.diagnostics.errors, []);
  assertBytes(
    encodePartition(back.records, { size: 0x3000 }),
    encodePartition(records, { size: 0x3000 }),
  );
});

Deno.test("inspect --format csv and json: float and double round-trip to the same image", () => {
  const image = encodePartition(RECORDS, { size: 0x3000 });
  inScratch({ "in.bin": image }, (dir) => {
    const csv = nvsforge(dir, "inspect", "in.bin", "--format", "csv");
    assertEquals(csv.status, 0, csv.stderr);
    assert(csv.stdout.includes("tenth,data,float,0.1"), csv.stdout);
    fs.writeFileSync(path.join(dir, "back.csv"), csv.stdout);
    const r = nvsforge(dir, "nvs", "generate", "--float", "back.csv", "out.bin", "0x3000");
    assertEquals(r.status, 0, r.stderr);
    assertBytes(new Uint8Array(fs.readFileSync(path.join(dir, "out.bin"))), image);

    const json = nvsforge(dir, "inspect", "in.bin", "--format", "json");
    const doc = JSON.parse(json.stdout);
    const items = (doc.items as { key: string; type: string; value: string; bits: string }[])
      .map((i) => [i.key, i.type, i.value, i.bits]);
    assertEquals(items, [
      ["gain", "float", "1.5", "3fc00000"],
      ["offset", "double", "-2500", "c0a3880000000000"],
      ["tenth", "float", "0.1", "3dcccccd"],
      ["limit", "double", "-inf", "fff0000000000000"],
      ["zero", "float", "-0", "80000000"],
    ]);
  });
});

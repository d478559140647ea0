/**
 * The document API as a user meets it, imported by package name: the CSV path and the
 * records path report the same problems with the same codes and give the same bytes;
 * every error is one catchable type with a location; unknown options are refused.
 */
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import {
  buildKeyPartition,
  generateHmacKey,
  generateKeys,
  NvsDocument,
  NvsforgeError,
  NvsforgeErrors,
  type NvsKeys,
  type NvsRecordInput,
} from "@nvsforge/nvsforge";

const HEADER = "key,type,encoding,value\n";

/** The codes of a check, errors then warnings. */
function codes(doc: NvsDocument, options = {}): { errors: string[]; warnings: string[] } {
  const r = doc.check(options);
  return { errors: r.errors.map((e) => e.code), warnings: r.warnings.map((w) => w.code) };
}

function caught(f: () => unknown): NvsforgeError {
  try {
    f();
  } catch (e) {
    assert(e instanceof NvsforgeError, `not an NvsforgeError: ${e}`);
    return e;
  }
  throw new Error("nothing thrown");
}

Deno.test("CSV and records report the same problems, with the same codes", async () => {
  const csv = HEADER + [
    "n,namespace,,",
    "a_key_of_16_byte,data,u8,1",
    "small,data,u8,300",
    ",data,u8,1",
    "twice,data,u8,1",
    "twice,data,u8,2",
  ].join("\n");
  const records: NvsRecordInput[] = [
    { kind: "namespace", name: "n" },
    { kind: "entry", key: "a_key_of_16_byte", type: "u8", value: 1 },
    { kind: "entry", key: "small", type: "u8", value: 300 },
    { kind: "entry", key: "", type: "u8", value: 1 },
    { kind: "entry", key: "twice", type: "u8", value: 1 },
    { kind: "entry", key: "twice", type: "u8", value: 2 },
  ];
  const fromCsv = codes(await NvsDocument.fromCsv(csv), { size: 0x3000 });
  const fromRecords = codes(new NvsDocument(records), { size: 0x3000 });
  assertEquals(fromCsv, {
    errors: ["key-too-long", "integer-out-of-range"],
    warnings: ["key-empty", "quirk"],
  });
  assertEquals(fromRecords, fromCsv);
});

Deno.test("without errors, the CSV path and the records path give the same warnings and bytes", async () => {
  const csv = HEADER + "n,namespace,,\n,data,u8,1\nk,data,u8,1\nk,data,u8,2\n";
  const a = (await NvsDocument.fromCsv(csv)).toImage({ size: 0x3000 });
  const b = new NvsDocument([
    { kind: "namespace", name: "n" },
    { kind: "entry", key: "", type: "u8", value: 1 },
    { kind: "entry", key: "k", type: "u8", value: 1 },
    { kind: "entry", key: "k", type: "u8", value: 2 },
  ]).toImage({ size: 0x3000 });
  assertBytes(b.image, a.image);
  assertEquals(b.warnings.map((w) => w.code), a.warnings.map((w) => w.code));
  assertEquals(a.warnings[1].location, { file: "input.csv", line: 5, key: "k" });
  assertEquals(b.warnings[1].location, { record: 3, key: "k" });
  assert(b.warnings[1].message.includes("(first at records[2])"), b.warnings[1].message);
});

Deno.test("Wi-Fi rows add the generator's entries through records as through CSV, once", async () => {
  const csv = HEADER + [
    "nvs.net80211,namespace,,",
    "ap.ssid,data,string,ESP-SoftAP",
    "ap.passwd,data,string,ap-pass-1234",
    "ap.authmode,data,u8,3",
    "sta.ssid,data,string,FactoryNet",
    "sta.pswd,data,string,password123",
  ].join("\n") + "\n";
  const fromCsv = await NvsDocument.fromCsv(csv);
  const fromRecords = new NvsDocument([
    { kind: "namespace", name: "nvs.net80211" },
    { kind: "entry", key: "ap.ssid", type: "string", value: "ESP-SoftAP" },
    { kind: "entry", key: "ap.passwd", type: "string", value: "ap-pass-1234" },
    { kind: "entry", key: "ap.authmode", type: "u8", value: 3 },
    { kind: "entry", key: "sta.ssid", type: "string", value: "FactoryNet" },
    { kind: "entry", key: "sta.pswd", type: "string", value: "password123" },
  ]);
  const a = fromCsv.toImage({ size: 0x3000 }).image;
  const b = fromRecords.toImage({ size: 0x3000 }).image;
  assertBytes(b, a);
  // Read back, the entries are in place: written again, nothing is added twice.
  const back = NvsDocument.fromImage(a);
  const keys = back.records.map((r) => r.kind === "entry" ? r.key : `[${r.name}]`);
  assertEquals(keys, [
    "[nvs.net80211]",
    "ap.ssid",
    "ap.passwd",
    "ap.pmk_info",
    "ap.authmode",
    "sta.ssid",
    "sta.apinfo",
    "sta.pmk",
    "sta.apsw",
    "sta.pswd",
  ]);
  assertBytes(back.toImage({ size: 0x3000 }).image, a);
  // And as CSV, the generated entries are left out (the generator adds them again).
  assertEquals(back.toCsv().text, csv);
});

Deno.test("a type the format does not have, and a blob as an array of numbers", () => {
  const [error] = new NvsDocument([
    { kind: "namespace", name: "n" },
    { kind: "entry", key: "k", type: "uint8", value: 1 },
  ]).check().errors;
  assertEquals(error.code, "unknown-type");
  assertEquals(
    error.message,
    'records[1]: key "k": unknown type "uint8" (did you mean "u8"?): expected one of u8, i8, u16, i16, u32, i32, u64, i64, float, double, string, blob',
  );

  const doc = new NvsDocument([
    { kind: "namespace", name: "n" },
    { kind: "entry", key: "mac", type: "blob", value: [0xa4, 0xcf, 0x12] },
  ]);
  const [, mac] = doc.records;
  assert(mac.kind === "entry" && mac.type === "blob");
  assertBytes(mac.value, new Uint8Array([0xa4, 0xcf, 0x12]));

  const bad = new NvsDocument([
    { kind: "namespace", name: "n" },
    { kind: "entry", key: "mac", type: "blob", value: [1, 256] },
    { kind: "entry", key: "s", type: "string", value: 5 },
    { kind: "thing", key: "x" },
    { kind: "entry", key: "i", type: "u8", value: "3" },
  ]).check();
  assertEquals(bad.errors.map((e) => [e.code, e.location?.record]), [
    ["invalid-record", 1],
    ["invalid-record", 2],
    ["invalid-record", 3],
    ["invalid-integer", 4],
  ]);
});

Deno.test("record literals in a variable need no `as const`", () => {
  const records = [
    { kind: "namespace", name: "factory" },
    { kind: "entry", key: "serial", type: "string", value: "NF-1" },
    { kind: "entry", key: "rev", type: "u8", value: 3 },
  ];
  const { image } = new NvsDocument(records).toImage({ size: 0x3000 });
  assertEquals(image.length, 0x3000);
});

Deno.test("results are ArrayBuffer-backed bytes (Web Crypto takes them as they are)", async () => {
  const { image } = new NvsDocument([{ kind: "namespace", name: "n" }]).toImage({
    size: 0x3000,
    keys: generateKeys(),
  });
  const buffer: ArrayBuffer = image.buffer;
  assertEquals(buffer.byteLength, 0x3000);
  assertEquals((await crypto.subtle.digest("SHA-256", image)).byteLength, 32);
});

Deno.test("one error type: a list is an NvsforgeError with code many, size and rows together", async () => {
  const doc = await NvsDocument.fromCsv({
    name: "nvs.csv",
    text: HEADER + "n,namespace,,\na,data,u8,300\nb,data,hex2bin,0g\n",
  });
  const e = caught(() => doc.toImage({ size: "0x1234" }));
  assert(e instanceof NvsforgeErrors);
  assertEquals(e.code, "many");
  assertEquals(e.exitCode, 1); // the first error is the size: an input error of the call
  assertEquals(e.errors.map((x) => x.code), [
    "invalid-size",
    "integer-out-of-range",
    "invalid-hex",
  ]);
  assertEquals(e.errors[0].location, { option: "size" });
  assertEquals(e.errors[1].location, { file: "nvs.csv", line: 3, key: "a", column: "value" });
  assertEquals(e.errors[2].location?.column, "value");
  assertEquals(e.message.split("\n").length, 3);
});

Deno.test("CSV errors name their column", async () => {
  const doc = await NvsDocument.fromCsv(
    HEADER + "n,namespace,,\na_key_of_16_byte,data,u8,1\nshort,data,u8\nnofile,file,binary,\n",
  );
  const errors = doc.check().errors.map((e) => [e.code, e.location?.line, e.location?.column]);
  assertEquals(errors, [
    ["key-too-long", 3, "key"],
    ["csv-row", 4, "value"],
    ["file-unreadable", 5, "value"],
  ]);
});

Deno.test("unknown option names are refused, each naming its option", async () => {
  const doc = new NvsDocument([{ kind: "namespace", name: "n" }]);
  const one = caught(() => doc.toImage({ size: 0x3000, verison: 1 } as never));
  assertEquals([one.code, one.location?.option, one.kind], ["unknown-option", "verison", "input"]);
  assert(one.message.includes('did you mean "version"?'), one.message);
  const two = caught(() => doc.toImage({ size: 0x3000, key: 1, sizes: 2 } as never));
  assert(two instanceof NvsforgeErrors);
  assertEquals(two.errors.map((e) => e.location?.option), ["key", "sizes"]);
  assertEquals(caught(() => doc.toCsv({ blob: "hex" } as never)).location?.option, "blob");
  assertEquals(
    caught(() => NvsDocument.fromImage(new Uint8Array(4096), { key: 1 } as never)).code,
    "unknown-option",
  );
  let rejected: unknown;
  await NvsDocument.fromCsv("", { readfile: () => new Uint8Array() } as never).catch((e) =>
    rejected = e
  );
  assert(rejected instanceof NvsforgeError && rejected.location?.option === "readfile");
  assertEquals(caught(() => doc.toImage({} as never)).location?.option, "size");
});

Deno.test("keys: 64 bytes, a key partition, or an HMAC key, one option everywhere", () => {
  const doc = new NvsDocument([
    { kind: "namespace", name: "wifi" },
    { kind: "entry", key: "pass", type: "string", value: "hunter2" },
  ]);
  const keys = generateKeys();
  const hmacKey = generateHmacKey();
  const pairs: [NvsKeys, NvsKeys][] = [
    [keys, keys],
    [keys, buildKeyPartition(keys)],
    [buildKeyPartition(keys), keys],
    [{ hmacKey }, { hmacKey }],
  ];
  const plain = doc.toImage({ size: 0x3000 }).image;
  for (const [a, b] of pairs) {
    const { image } = doc.toImage({ size: 0x3000, keys: a });
    assert(!image.every((x, i) => x === plain[i]), "not encrypted");
    const back = NvsDocument.fromImage(image, { keys: b });
    assertBytes(back.toImage({ size: 0x3000 }).image, plain);
  }
  // An HMAC key is not the keys: an image encrypted with one does not read with the other.
  const wrong = NvsDocument.fromImage(doc.toImage({ size: 0x3000, keys: { hmacKey } }).image, {
    keys,
  });
  assertEquals(wrong.records.length, 0);

  for (const bad of [new Uint8Array(32), new Uint8Array(100), { hmacKey: new Uint8Array(31) }]) {
    const e = caught(() => doc.toImage({ size: 0x3000, keys: bad }));
    assertEquals([e.code, e.location?.option], ["invalid-key", "keys"]);
  }
  const damaged = buildKeyPartition(keys);
  damaged[64] ^= 1;
  assertEquals(caught(() => NvsDocument.fromImage(plain, { keys: damaged })).code, "invalid-key");
});

Deno.test("fromCsv: several inputs, Files, and an async reader called once per file", async () => {
  const reads: string[] = [];
  const doc = await NvsDocument.fromCsv(
    [
      new File([HEADER + "cal,namespace,,\na,file,binary,cal.bin\n"], "base.csv"),
      { name: "more.csv", text: HEADER + "b,file,binary,cal.bin\nc,file,binary,missing.bin\n" },
    ],
    {
      readFile: async (path) => {
        reads.push(path);
        await Promise.resolve();
        if (path !== "cal.bin") throw new Error("no such file");
        return new Uint8Array([1, 2, 3]);
      },
    },
  );
  assertEquals(reads, ["cal.bin", "missing.bin"]);
  assertEquals(doc.records.length, 3);
  const [error] = doc.check().errors;
  assertEquals(error.code, "file-unreadable");
  assertEquals(error.location?.file, "more.csv");
  assertEquals(error.location?.line, 3);
});

Deno.test("toCsv refuses a document with errors; check lists them without throwing", async () => {
  const doc = await NvsDocument.fromCsv(HEADER + "n,namespace,,\nm,data,hex2bin,0g\n");
  assertEquals(doc.check().errors.length, 1);
  assertEquals(caught(() => doc.toCsv()).code, "invalid-hex");
});

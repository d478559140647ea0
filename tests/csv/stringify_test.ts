/**
 * The CSV serializer: what it writes, the generator's CSV reader reads back to the same
 * records (and so `nvs generate` to the same image).
 */
import fc from "fast-check";
import { assert, assertBytes, assertEquals, assertThrows } from "../_assert.ts";
import { csvToRecords } from "../../src/csv/mod.ts";
import { quoteCsvField, stringifyCsv, toBase64, toHex } from "../../src/csv/stringify.ts";
import { apPmkInfo, stationExtras } from "../../src/csv/wifi.ts";
import { NvsforgeError } from "../../src/errors.ts";
import type { Warning } from "../../src/errors.ts";
import type { NvsRecord } from "../../src/format/items.ts";
import { encodePartition } from "../../src/format/writer.ts";
import { blob, ns, str } from "../_records.ts";

/** Reads CSV text back, without source locations. */
function readBack(text: string): NvsRecord[] {
  const { records, diagnostics } = csvToRecords([{ name: "t.csv", text }]);
  assertEquals(diagnostics.errors.map((e) => e.message), []);
  return records.map((r) => {
    const { source: _, ...rest } = r;
    return rest as NvsRecord;
  });
}

/** Plain objects, integer values as bigint (as the CSV reader gives them). */
function normalize(records: NvsRecord[]): NvsRecord[] {
  return records.map((r): NvsRecord => {
    if (r.kind !== "entry") return { ...r };
    switch (r.type) {
      case "string":
      case "blob":
      case "float":
      case "double":
        return { ...r };
      default:
        return { ...r, value: BigInt(r.value) };
    }
  });
}

Deno.test("stringify: quoting as Python's csv module, plus keys starting with #", () => {
  assertEquals(quoteCsvField("plain"), "plain");
  assertEquals(quoteCsvField(""), "");
  assertEquals(quoteCsvField("a,b"), '"a,b"');
  assertEquals(quoteCsvField('say "hi"'), '"say ""hi"""');
  assertEquals(quoteCsvField("two\nlines"), '"two\nlines"');
  assertEquals(quoteCsvField(" padded "), '" padded "');
  assertEquals(quoteCsvField("#tag"), "#tag");
  assertEquals(quoteCsvField("#tag", true), '"#tag"');
  assertEquals(toHex(new Uint8Array([0, 1, 0xfe, 0xff])), "0001feff");
  for (const n of [0, 1, 2, 3, 4, 5, 100]) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);
    assertEquals(toBase64(b), btoa(String.fromCharCode(...b)));
  }
});

Deno.test("stringify: tricky strings, every integer edge and blobs read back the same", () => {
  const records: NvsRecord[] = [
    ns("cfg"),
    str("empty", ""),
    str("commas", 'a, b and "c"'),
    str("lines", "first\nsecond\n\nfourth # not a comment"),
    str("spaces", "  padded  "),
    str("unicode", "Grüße 日本 🚀"),
    str("hashes", "#not a comment at the start of the value"),
    str("nul", "a\u0000b"),
    str("#key", "a key starting with #"),
    str("key,comma", "x"),
    { kind: "entry", key: "u64", type: "u64", value: 0xffffffffffffffffn },
    { kind: "entry", key: "i64", type: "i64", value: -0x8000000000000000n },
    { kind: "entry", key: "i8", type: "i8", value: -128 },
    { kind: "entry", key: "u32", type: "u32", value: 4294967295 },
    blob("empty_blob", new Uint8Array()),
    blob("bytes", Uint8Array.from({ length: 300 }, (_, i) => i & 0xff)),
    ns("other"),
    str("s", "in other"),
    ns("cfg"),
    str("back", "in cfg again"),
  ];
  for (const blobEncoding of ["hex2bin", "base64"] as const) {
    for (const lineEnding of ["\n", "\r\n"] as const) {
      const text = stringifyCsv(records, { blobEncoding, lineEnding });
      assertEquals(
        readBack(text),
        normalize(records),
        `${blobEncoding} ${JSON.stringify(lineEnding)}`,
      );
      assertBytes(
        encodePartition(readBack(text), { size: 0x4000 }),
        encodePartition(records, { size: 0x4000 }),
      );
    }
  }
  const text = stringifyCsv(records);
  assert(text.startsWith("key,type,encoding,value\ncfg,namespace,,\nempty,data,string,\n"), text);
  assert(text.includes('\n"#key",data,string,a key starting with #\n'), text);
  assert(text.includes("\nbytes,data,hex2bin,000102"), text);
});

Deno.test("stringify: random records read back the same (property)", () => {
  const chars = (o: { minLength?: number; maxLength: number }) =>
    fc.oneof(
      fc.string({ ...o, unit: "grapheme" }),
      fc.string({ ...o, unit: "binary-ascii" }),
      fc.string(o),
    );
  const key = chars({ minLength: 1, maxLength: 15 }).filter((k) =>
    new TextEncoder().encode(k).length <= 15 && !/[\r\n]/.test(k) &&
    !["sta.ssid", "sta.pswd", "ap.ssid", "ap.passwd", "ap.authmode"].includes(k)
  );
  const text = chars({ maxLength: 200 }).filter((s) =>
    !s.includes("\r") && !s.split("\n").slice(1).some((l) => l.startsWith("#"))
  );
  const entry = fc.oneof(
    fc.record({
      kind: fc.constant("entry" as const),
      key,
      type: fc.constant("string" as const),
      value: text,
    }),
    fc.record({
      kind: fc.constant("entry" as const),
      key,
      type: fc.constant("blob" as const),
      value: fc.uint8Array({ maxLength: 100 }),
    }),
    fc.record({
      kind: fc.constant("entry" as const),
      key,
      type: fc.constant("i32" as const),
      value: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    }),
    fc.record({
      kind: fc.constant("entry" as const),
      key,
      type: fc.constant("u64" as const),
      value: fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }),
    }),
  );
  fc.assert(
    fc.property(key, fc.array(entry, { maxLength: 20 }), fc.boolean(), (name, entries, b64) => {
      const records: NvsRecord[] = [ns(name), ...entries];
      const csv = stringifyCsv(records, { blobEncoding: b64 ? "base64" : "hex2bin" });
      assertEquals(readBack(csv), normalize(records));
    }),
    { numRuns: 300 },
  );
});

Deno.test("stringify: values the generator's reader cannot give back are refused", () => {
  for (const value of ["with\rcarriage return", "line\n#comment line"]) {
    const e = assertThrows(() => stringifyCsv([ns("n"), str("k", value)]), NvsforgeError);
    assertEquals((e as NvsforgeError).code, "csv-row");
    assertEquals((e as NvsforgeError).location?.key, "k");
  }
  assertThrows(() => stringifyCsv([ns("a\rb")]), NvsforgeError, "carriage return");
});

Deno.test("stringify: the Wi-Fi entries the generator adds itself are left out (or warned)", () => {
  const sta: NvsRecord[] = [
    ns("nvs.net80211"),
    str("sta.ssid", "FactoryNet"),
    ...stationExtras().map((x) => blob(x.key, x.value)),
    str("sta.pswd", "password123"),
  ];
  const warnings: Warning[] = [];
  const text = stringifyCsv(sta, { onWarning: (w) => warnings.push(w) });
  assert(!text.includes("sta.apinfo"), text);
  assertEquals(readBack(text), sta);
  assertEquals(warnings, []);

  const ap: NvsRecord[] = [
    ns("nvs.net80211"),
    str("ap.ssid", "ESP-SoftAP"),
    str("ap.passwd", "ap-pass-1234"),
    blob("ap.pmk_info", apPmkInfo("ap-pass-1234", "ESP-SoftAP")),
    { kind: "entry", key: "ap.authmode", type: "u8", value: 3 },
  ];
  const apText = stringifyCsv(ap, { onWarning: (w) => warnings.push(w) });
  assert(!apText.includes("pmk_info"), apText);
  assertEquals(readBack(apText), normalize(ap));
  assertEquals(warnings, []);

  // A device's own Wi-Fi entries, without the generator's extras: warned, not hidden.
  stringifyCsv([ns("nvs.net80211"), str("sta.ssid", "x")], { onWarning: (w) => warnings.push(w) });
  assertEquals(warnings.length, 1);
  assert(warnings[0].message.includes("sta.apinfo"), warnings[0].message);
  assertEquals(warnings[0].location?.key, "sta.ssid");
});

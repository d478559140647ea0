import fc from "fast-check";
import { assert, assertEquals } from "../_assert.ts";
import {
  applyFill,
  decodeBase64,
  decodeHex,
  parseFillEncoding,
  parseInteger,
  pyStrip,
} from "../../src/csv/values.ts";
import { parsePythonIntLiteral } from "../../src/format/size.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

// Computed with CPython 3.11: binascii.a2b_base64(s).hex(), None where it raises.
const BASE64_TABLE: [string, string | null][] = [
  ["QU*JD!RE@V?G", "414243444546"],
  ["SGVs bG8=", "48656c6c6f"],
  ["SGVsbG8", null],
  ["SGVsbA==", "48656c6c"],
  ["SGVsbA==junk", "48656c6c"],
  ["SGVsbA=", null],
  ["SGVsbA", null],
  ["S", null],
  ["SGVsb", null],
  ["==SGVs", "48656c"],
  ["SG=Vs", "48656c"],
  ["YQ==YQ==", "61"],
  ["", ""],
];

Deno.test("values: base64 decodes as Python's non-strict binascii.a2b_base64", () => {
  for (const [text, want] of BASE64_TABLE) {
    const r = decodeBase64(text);
    assertEquals(r.ok ? hex(r.value) : null, want, JSON.stringify(text));
  }
});

Deno.test("values: base64 notes what the lenient decoder ignored", () => {
  const junk = decodeBase64("QU*JD!RE@V?G");
  assert(junk.ok && junk.note?.includes("*!@?"));
  const clean = decodeBase64("SGVsbA==");
  assert(clean.ok && clean.note === undefined);
  assert(!decodeBase64("SGVsbA==\u00e9").ok, "non-ASCII text is an error, as in Python");
});

// Computed with CPython 3.11: str(int(s)), None where it raises.
const INT_TABLE: [string, string | null][] = [
  ["+7", "7"],
  [" 42 ", "42"],
  ["1_000_000", "1000000"],
  ["-0", "0"],
  ["-0012", "-12"],
  ["0x10", null],
  ["1__0", null],
  ["_1", null],
  ["1_", null],
  ["", null],
  ["12a", null],
  ["\t5\n", "5"],
  ["007", "7"],
];

Deno.test("values: integers parse as Python's int()", () => {
  for (const [text, want] of INT_TABLE) {
    const r = parseInteger(text);
    assertEquals(r.ok ? String(r.value) : null, want, JSON.stringify(text));
  }
  const lz = parseInteger("007");
  assert(lz.ok && lz.note?.includes("leading zeros"));
  const hexErr = parseInteger("0x10");
  assert(!hexErr.ok && hexErr.error.includes("decimal"));
});

Deno.test("values: the common integers (no regular expression) parse as the full definition", () => {
  // The definition: Python's int() syntax, as PY_INT in values.ts writes it.
  const reference = (text: string) => {
    const m = /^([+-]?)([0-9](?:_?[0-9])*)$/.exec(text.trim());
    if (!m) return null;
    const v = BigInt(m[2].replaceAll("_", ""));
    return String(m[1] === "-" ? -v : v);
  };
  const texts = ["0", "-0", "+0", "7", "+5", "-5", "100", "20261124", "999999999999999"];
  texts.push("-999999999999999", "1000000000000000", "9007199254740993", "007", "00", "+", "-");
  texts.push("", " 12 ", "1_0", "1e3", "12a", "--1", "+-1", "٣");
  fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
    const r = parseInteger(String(n));
    return r.ok && r.value === BigInt(n) && r.note === undefined;
  }));
  for (const text of texts) {
    const r = parseInteger(text);
    assertEquals(r.ok ? String(r.value) : null, reference(text), JSON.stringify(text));
    if (r.ok) assertEquals(r.note !== undefined, /^[+-]?0[0-9_]/.test(text.trim()), text);
  }
});

// Computed with CPython 3.11: int(s, 0), None where it raises.
const SIZE_TABLE: [string, number | null][] = [
  ["0x3000", 12288],
  ["12288", 12288],
  ["0X3000", 12288],
  ["0x3_000", 12288],
  [" 0x3000 ", 12288],
  ["+0x3000", 12288],
  ["012288", null],
  ["0o30000", 12288],
  ["0b11000000000000", 12288],
  ["twelve", null],
  ["1_2288", 12288],
  ["0x", null],
  ["0_0", 0],
];

Deno.test("values: sizes parse as Python's int(s, 0)", () => {
  for (const [text, want] of SIZE_TABLE) {
    const v = parsePythonIntLiteral(text);
    assertEquals(v === undefined ? null : Number(v), want, JSON.stringify(text));
  }
});

Deno.test("values: hex2bin strips surrounding whitespace and rejects odd or non-hex text", () => {
  const ok = decodeHex("  0aFF\n");
  assert(ok.ok);
  assertEquals(hex(ok.value), "0aff");
  assert(!decodeHex("abc").ok);
  assert(!decodeHex("zz").ok);
  assert(!decodeHex("0a 0b").ok, "inner spaces are not hex digits");
});

Deno.test("values: blob_fill and blob_sz_fill pad to N bytes", () => {
  const f = parseFillEncoding("blob_fill(6;0xaa)");
  assert(f.ok);
  const filled = applyFill(f.value, new TextEncoder().encode("hi"));
  assert(filled.ok);
  assertEquals(hex(filled.value), "6869aaaaaaaa");
  const sz = parseFillEncoding("blob_sz_fill(4;0x00)");
  assert(sz.ok);
  const szFilled = applyFill(sz.value, new TextEncoder().encode("ab"));
  assert(szFilled.ok);
  assertEquals(hex(szFilled.value), "0200000061620000");
  assert(!applyFill(f.value, new Uint8Array(7)).ok, "longer than N is an error");
  assert(!parseFillEncoding("blob_fill(6;0xa)").ok);
  assert(!parseFillEncoding("blob_fill(x;0xaa)").ok);
});

Deno.test("pyStrip and decodeHex: the fast paths agree with the plain definitions", () => {
  const space = "[\\s\u001c-\u001f\u0085]";
  const strip = (s: string) => s.replace(new RegExp(`^${space}+|${space}+$`, "g"), "");
  const chars = fc.constantFrom(
    ..." \t\n\r\u000b\u000c\u001c\u001f\u0085\u00a0\u1680\u2000\u3000\ufeff0aFfgZ=~\u00e9\u{1f600}",
  );
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 12 }).map((a) => a.join("")), (s) => {
      assertEquals(pyStrip(s), strip(s));
      const h = decodeHex(s);
      const t = strip(s);
      const valid = t.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(t);
      assertEquals(h.ok, valid);
      if (h.ok) {
        assertEquals(hex(h.value), t.toLowerCase());
      }
    }),
    { numRuns: 2000 },
  );
});

import { assert, assertEquals } from "../_assert.ts";
import { parseFloatValue } from "../../src/csv/values.ts";

// What CPython 3.11's float(text) gives (None: it raises ValueError, or gives NaN).
const ACCEPTED: [string, number][] = [
  ["1.5", 1.5],
  ["-0", -0],
  ["+0.0", 0],
  ["1e-3", 0.001],
  ["2.5E+3", 2500],
  ["inf", Infinity],
  ["-inf", -Infinity],
  ["+INF", Infinity],
  ["Infinity", Infinity],
  ["-iNfInItY", -Infinity],
  ["  1.5\t\n", 1.5],
  ["\u00a01.5\u2003", 1.5],
  ["1_000.5", 1000.5],
  ["1e1_0", 1e10],
  ["0_0.0_1", 0.01],
  [".5", 0.5],
  ["5.", 5],
  ["+.5e-2", 0.005],
  ["007", 7],
  ["1E308", 1e308],
  ["4.9e-324", 5e-324],
];
const REJECTED = [
  "nan",
  "NaN",
  "-nan",
  "+NAN",
  "abc",
  "",
  "   ",
  "1_",
  "_1",
  "1__0",
  "1._5",
  "1_.5",
  "1e_5",
  "0x10",
  "1e",
  "e5",
  ".",
  "1.5f",
  "1,5",
  "infin",
  "in f",
  "1e5.5",
  "--1",
  "1 2",
  "١٫٥", // non-ASCII digits: nvsforge accepts ASCII digits only
];

Deno.test("float values: Python's float() syntax, doubles as read", () => {
  for (const [text, value] of ACCEPTED) {
    const r = parseFloatValue(text, "double");
    assert(r.ok, `${JSON.stringify(text)} refused: ${!r.ok && r.error}`);
    assert(Object.is(r.value, value), `${JSON.stringify(text)} gave ${r.value}`);
    assertEquals(r.note, undefined, text);
    const single = Math.fround(value);
    if (Number.isFinite(value) && (!Number.isFinite(single) || single === 0 && value !== 0)) {
      continue; // out of a float's range: see the tests below
    }
    const f = parseFloatValue(text, "float");
    assert(f.ok && Object.is(f.value, single), `float ${text}`);
  }
});

Deno.test("float values: NaN and text that is not a number are refused with one clear line", () => {
  for (const text of REJECTED) {
    for (const type of ["float", "double"] as const) {
      const r = parseFloatValue(text, type);
      assert(!r.ok, `${JSON.stringify(text)} accepted as ${type}`);
      assert(!r.error.includes("\n"));
      if (/nan/i.test(text)) assert(r.error.includes("ESP_ERR_INVALID_ARG"), r.error);
      else assert(r.error.includes(`is not a ${type} value`), r.error);
    }
  }
});

Deno.test("float values: float rounds to single precision; overflow is refused per type", () => {
  const tenth = parseFloatValue("0.1", "float");
  assert(tenth.ok && tenth.value === Math.fround(0.1) && tenth.value !== 0.1);
  const big = parseFloatValue("1e39", "float");
  assert(
    !big.ok && big.error.includes("overflows to infinity in a float"),
    big.ok ? "" : big.error,
  );
  assert(parseFloatValue("1e39", "double").ok);
  assert(parseFloatValue("3.4028235e38", "float").ok, "rounds down to the largest float");
  assert(!parseFloatValue("3.4028236e38", "float").ok, "rounds up to infinity");
  const huge = parseFloatValue("1e309", "double");
  assert(!huge.ok && huge.error.includes("overflows to infinity in a double"));
});

Deno.test("float values: a value too small for its type is stored as 0, with a note", () => {
  const tiny = parseFloatValue("1e-50", "float");
  assert(
    tiny.ok && tiny.value === 0 && tiny.note?.includes("stored as 0"),
    tiny.ok ? tiny.note : "",
  );
  const neg = parseFloatValue("-1e-50", "float");
  assert(neg.ok && Object.is(neg.value, -0) && neg.note?.includes("stored as -0"));
  const d = parseFloatValue("1e-400", "double");
  assert(d.ok && d.value === 0 && d.note !== undefined);
  const zero = parseFloatValue("0.000e-999", "double");
  assert(zero.ok && zero.note === undefined, "a zero is not too small");
});

Deno.test("float values: a long bad value is quoted short", () => {
  const r = parseFloatValue("x".repeat(1_000_000), "double");
  assert(!r.ok && r.error.length < 200 && r.error.includes("(1000000 characters)"));
});

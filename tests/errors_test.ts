import { assert, assertEquals } from "./_assert.ts";
import { csvToRecords } from "../src/csv/mod.ts";
import {
  describeSystemError,
  formatLocation,
  NvsforgeError,
  quote,
  QUOTE_MAX,
  quotePath,
} from "../src/errors.ts";
import { nvsforge, scratch } from "./cli/_run.ts";
import * as fs from "node:fs";

const LONG = 5_000_000;

Deno.test("quote: short texts as they are, long ones cut with their length", () => {
  assertEquals(quote(""), '""');
  assertEquals(quote("x".repeat(QUOTE_MAX)), `"${"x".repeat(QUOTE_MAX)}"`);
  assertEquals(quote("x".repeat(QUOTE_MAX + 1)), `"${"x".repeat(QUOTE_MAX)}…" (41 characters)`);
  assertEquals(quote("tab\there\r\n\0"), '"tab\\there\\r\\n\\x00"');
  // A surrogate pair is never split; characters are code points.
  const emoji = quote("a".repeat(QUOTE_MAX - 1) + "🚀🚀");
  assertEquals(emoji, `"${"a".repeat(QUOTE_MAX - 1)}…" (41 characters)`);
  assert(quote("x".repeat(LONG)).length < 100);
});

Deno.test("quotePath: the end of a long path is kept", () => {
  const p = "/deep".repeat(1_000_000) + "/values.csv";
  const q = quotePath(p);
  assert(q.length < 140, q);
  assert(q.startsWith('"…') && q.includes('/values.csv"'), q);
  assert(q.endsWith(`(${p.length} characters)`), q);
  assertEquals(quotePath("a.csv"), '"a.csv"');
});

Deno.test("locations and system errors never repeat a huge key or file name", () => {
  const loc = formatLocation({ file: "f".repeat(LONG), line: 3, key: "k".repeat(LONG) });
  assert(loc.length < 300, loc.slice(0, 300));
  const e = new Error(`ENOENT: no such file, open '${"p".repeat(LONG)}'`);
  assert(describeSystemError(e).length < 200);
});

Deno.test("a 5 MB value, key or encoding gives short error lines (library)", () => {
  const big = "9".repeat(LONG) + "x";
  const text = [
    "key,type,encoding,value",
    "ns,namespace,,",
    `a,data,u8,${big}`,
    `${"k".repeat(LONG)},data,u8,1`,
    `b,data,${"e".repeat(LONG)},1`,
    `c,data,base64,${"!".repeat(LONG)}QUJD`,
  ].join("\n");
  const { diagnostics } = csvToRecords([{ name: "nvs.csv", text }]);
  const lines = [...diagnostics.errors, ...diagnostics.warnings.map((w) => w.message)]
    .map((e) => e instanceof NvsforgeError ? e.message : String(e));
  assert(lines.length >= 3, lines.join("\n").slice(0, 1000));
  for (const line of lines) assert(line.length < 400, line.slice(0, 400));
  assert(lines.some((l) => l.includes(`(${big.length} characters)`)), "the length is given");
});

Deno.test("a 5 MB file name on the command line gives a short error line", () => {
  const dir = scratch({ "nvs.csv": "key,type,encoding,value\nns,namespace,,\n" });
  try {
    // Longer than the file system allows: the error, not the name, is what matters.
    const name = "n".repeat(100_000) + ".csv"; // below the 128 KiB limit of one argument
    const r = nvsforge(dir, "nvs", "generate", name, "out.bin", "0x3000");
    assertEquals(r.status, 1, r.stderr.slice(0, 500));
    for (const line of r.stderr.split("\n")) assert(line.length < 400, line.slice(0, 400));
    assert(r.stderr.includes("(100004 characters)"), r.stderr.slice(0, 500));
    assertEquals(fs.readdirSync(dir), ["nvs.csv"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import { assert, assertEquals, assertThrows } from "./_assert.ts";
import { csvToRecords } from "../src/csv/mod.ts";
import {
  describeSystemError,
  Diagnostics,
  ExitCode,
  exitStatus,
  failureFromData,
  failureToData,
  formatLocation,
  InputError,
  InternalError,
  InterruptedError,
  NvsforgeError,
  NvsforgeErrors,
  OutputError,
  quote,
  QUOTE_MAX,
  quotePath,
  UsageError,
} from "../src/errors.ts";
import { checkPartitionSize } from "../src/format/size.ts";
import { checkPrefix } from "../src/mfg/batch.ts";
import { sizeArgument } from "../src/cli/usage.ts";
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

Deno.test("errors: every kind has its class and its exit status from one table", () => {
  const cases: [NvsforgeError, string, number][] = [
    [new InputError("invalid-hex", "x"), "input", ExitCode.INPUT],
    [new NvsforgeError("invalid-hex", "x"), "input", ExitCode.INPUT],
    [new UsageError("usage", "x"), "usage", ExitCode.USAGE],
    [new OutputError("write-failed", "x"), "output", ExitCode.OUTPUT],
    [new InternalError("x"), "internal", ExitCode.INTERNAL],
    [new InterruptedError("SIGINT"), "interrupted", 130],
    [new InterruptedError("SIGTERM"), "interrupted", 143],
  ];
  for (const [e, kind, status] of cases) {
    assert(e instanceof NvsforgeError, e.name);
    assertEquals([e.kind, e.exitCode, exitStatus(e)], [kind, status, status], e.name);
  }
  assertEquals(exitStatus(new TypeError("a bug")), ExitCode.INTERNAL);
  const many = new NvsforgeErrors([
    new OutputError("output-exists", "a"),
    new InputError("csv-row", "b"),
  ]);
  assertEquals(many.exitCode, ExitCode.INPUT, "a list exits as its most fundamental kind");
  const mixed = new NvsforgeErrors([...many.errors, new UsageError("invalid-size", "c")]);
  assertEquals([mixed.kind, mixed.exitCode], ["usage", ExitCode.USAGE], "usage before input");
});

Deno.test("errors: the library reports values as input errors; the command line maps them", () => {
  const lib = assertThrows(() => checkPartitionSize("0x1234"), NvsforgeError) as NvsforgeError;
  assertEquals([lib.code, lib.kind, lib.exitCode], ["invalid-size", "input", 1]);
  assert(!/usage|--/.test(lib.message), lib.message);
  const prefix = assertThrows(() => checkPrefix("a/b"), NvsforgeError) as NvsforgeError;
  assertEquals(prefix.kind, "input");
  assert(!prefix.message.includes("--"), prefix.message);
  const cli = assertThrows(() => sizeArgument("0x1234"), UsageError) as UsageError;
  assertEquals([cli.code, cli.exitCode, cli.message], ["invalid-size", 2, lib.message]);
});

Deno.test("errors: any failure crosses a thread as JSON and comes back as the same class", () => {
  const failures: unknown[] = [
    new InputError("csv-row", "bad row", { file: "v.csv", line: 3, device: 2, key: "k" }),
    new UsageError("usage", "missing size"),
    new OutputError("write-failed", "disk full", { file: "v.csv", line: 9 }),
    new InterruptedError("SIGTERM"),
    new NvsforgeErrors([new InputError("csv-row", "a"), new OutputError("output-exists", "b")], 7),
  ];
  for (const f of failures) {
    const back = failureFromData(JSON.parse(JSON.stringify(failureToData(f))));
    assertEquals(back.constructor, (f as object).constructor);
    assertEquals(back.message, (f as Error).message);
    assertEquals(exitStatus(back), exitStatus(f));
    if (f instanceof InterruptedError) assertEquals((back as InterruptedError).signal, f.signal);
    if (f instanceof NvsforgeErrors) assertEquals((back as NvsforgeErrors).total, 7);
  }
  const bug = failureFromData(failureToData(new RangeError("out of range")));
  assert(bug instanceof InternalError && bug.detail.includes("RangeError: out of range"));
  assertEquals(bug.exitCode, ExitCode.INTERNAL);
});

Deno.test("errors: a list that kept the first errors says how many more there were", () => {
  const e = new NvsforgeErrors([new InputError("csv-row", "a"), new InputError("csv-row", "b")], 5);
  assertEquals(e.total, 5);
  assertEquals(e.message, "a\nb\n… and 3 more errors");
  assertEquals(
    new NvsforgeErrors([new InputError("csv-row", "a")], 2).message,
    "a\n… and 1 more error",
  );
});

Deno.test("errors: one input order for every collector (file, device row, line; unplaced last)", () => {
  const d = new Diagnostics();
  d.error("csv-row", "late", { file: "a.csv", line: 9 });
  d.error("csv-row", "unplaced", { file: "a.csv" });
  d.error("csv-row", "other file", { file: "b.csv", line: 1 });
  d.error("csv-row", "early", { file: "a.csv", line: 2 });
  const e = assertThrows(() => d.throwIfAny(), NvsforgeErrors) as NvsforgeErrors;
  assertEquals(e.errors.map((x) => x.detail), ["early", "late", "unplaced", "other file"]);
});

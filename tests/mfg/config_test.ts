import { assert, assertEquals } from "../_assert.ts";
import { Diagnostics } from "../../src/errors.ts";
import { MFG_ENCODINGS, parseConfig } from "../../src/mfg/config.ts";

function parse(text: string) {
  const d = new Diagnostics();
  const config = parseConfig(text, "c.csv", d);
  return { config, d, errors: d.errors.map((e) => e.message) };
}

Deno.test("config: namespace and key rows, REPEAT, blank lines (kept line numbers)", () => {
  const { config, errors } = parse(
    "dev,namespace,\n\nserial,data,string\n  \nrev,data,u8,REPEAT\n",
  );
  assertEquals(errors, []);
  assertEquals(config.entries.map((e) => [e.kind, e.key, e.line, e.repeat]), [
    ["namespace", "dev", 1, false],
    ["key", "serial", 3, false],
    ["key", "rev", 5, true],
  ]);
  assertEquals(config.keys[1].fields, ["rev", "data", "u8"], "REPEAT is not written");
});

Deno.test("config: i16 is accepted (mfg_gen's list omits it); encodings are case-insensitive", () => {
  for (const e of MFG_ENCODINGS) assertEquals(parse(`n,namespace,\nk,data,${e}\n`).errors, [], e);
  assertEquals(parse("n,namespace,\nk,data,i16\n").errors, []);
  const { config, errors } = parse("n,namespace,\nk,data,STRING\n");
  assertEquals(errors, []);
  assertEquals(config.keys[0].encoding, "STRING", "written as given");
});

Deno.test("config: every problem is reported at once, with its line and key", () => {
  const { errors } = parse(
    [
      "early,data,u8", // 1: before any namespace
      "n,namespace,",
      "t,data", // 3: two columns
      "u,dat,u8", // 4: unknown type, with a hint
      "v,data,float", // 5: unknown encoding
      "w,data,blob_fill(8;0xff)", // 6: not in mfg
      "x,data,u8,repeat", // 7: REPEAT misspelt
      "y,data,u8,REPEAT,extra", // 8: five columns
      "a_key_that_is_too_long,data,u8", // 9
      "m,namespace,,REPEAT", // 10
      ",data,u8", // 11: empty key
      "# a comment", // 12
    ].join("\n"),
  );
  assertEquals(errors.length, 11, errors.join("\n"));
  assert(errors[0].startsWith("c.csv:1: ") && errors[0].includes("before the first namespace"));
  assert(errors[1].startsWith("c.csv:3: ") && errors[1].includes("2 columns"), errors[1]);
  assert(errors[2].startsWith("c.csv:4: ") && errors[2].includes('did you mean "data"'), errors[2]);
  assert(errors[3].startsWith("c.csv:5: ") && errors[3].includes('"float"'), errors[3]);
  assert(errors[4].includes("blob_fill encodings"), errors[4]);
  assert(errors[5].includes('exactly "REPEAT"'), errors[5]);
  assert(errors[6].startsWith("c.csv:8: ") && errors[6].includes("5 columns"), errors[6]);
  assert(errors[7].startsWith("c.csv:9: ") && errors[7].includes("22 bytes"), errors[7]);
  assert(errors[8].startsWith("c.csv:10: ") && errors[8].includes("namespace row"), errors[8]);
  assert(errors[9].startsWith("c.csv:11: ") && errors[9].includes("empty"), errors[9]);
  assert(errors[10].includes("no comment lines"), errors[10]);
});

Deno.test("config: an empty file, or one of blank lines only, is an error", () => {
  assertEquals(parse("").errors.length, 1);
  assertEquals(parse("\n  \n").errors.length, 1);
});

Deno.test("config: a key of 15 bytes is fine, 16 bytes of UTF-8 (8 characters) is not", () => {
  assertEquals(parse("n,namespace,\nfifteen_chars_k,data,u8\n").errors, []);
  assertEquals(parse("n,namespace,\néééééééé,data,u8\n").errors.length, 1);
});

Deno.test("config: a type or encoding with a space after the comma says so, not 'did you mean'", () => {
  const { errors } = parse("n,namespace,\nk, data,u8\nm,data, u8\nq,data,u8 \n");
  assertEquals(errors, [
    'c.csv:2: key "k": type " data" is not one of data, file, namespace (it has a leading space: the columns are separated by commas alone, write "data")',
    'c.csv:3: key "m": encoding " u8" is not one of u8, i8, u16, i16, u32, i32, u64, i64, string, hex2bin, base64, binary (it has a leading space: the columns are separated by commas alone, write "u8")',
    'c.csv:4: key "q": encoding "u8 " is not one of u8, i8, u16, i16, u32, i32, u64, i64, string, hex2bin, base64, binary (it has a trailing space: the columns are separated by commas alone, write "u8")',
  ]);
});

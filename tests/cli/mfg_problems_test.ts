/**
 * Every problem in one run (issue 13, item 2): a bad size, configuration errors and
 * values errors are reported together, in input order, with the right total; the exit
 * status is the most fundamental kind's (usage 2 before input 1); nothing is written.
 */
import { assertEquals } from "../_assert.ts";
import { listing, nvsforge, scratchDir } from "./_run.ts";

const CONFIG = "dev,namespace,\nserial,data,string\nrev,data,u9\ncount,data,u8\n";
const VALUES = "serial,rev,count\nA,1,300\nB,1,x\nC,1,5\nD,1,-1\nE,1,256\nF,1,1000\n";
const CONFIG_ERROR =
  'error: config.csv:3: key "rev": encoding "u9" is not one of u8, i8, u16, i16, u32, i32, u64, i64, string, hex2bin, base64, binary (did you mean "u8"?)';
const VALUES_ERRORS = [
  'error: values.csv:2: device row 1 (A): column "count": u8 value 300 is out of range (expected 0..255)',
  'error: values.csv:3: device row 2 (B): column "count": "x" is not an integer',
  'error: values.csv:5: device row 4 (D): column "count": u8 value -1 is out of range (expected 0..255)',
  'error: values.csv:6: device row 5 (E): column "count": u8 value 256 is out of range (expected 0..255)',
  'error: values.csv:7: device row 6 (F): column "count": u8 value 1000 is out of range (expected 0..255)',
];

function lines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l !== "");
}

for (const jobs of ["0", "2"]) {
  Deno.test(`generate --jobs ${jobs}: a bad size, a config error and five values errors in one run`, () => {
    using tmp = scratchDir({ "config.csv": CONFIG, "values.csv": VALUES });
    const r = nvsforge(
      tmp.path,
      "generate",
      "config.csv",
      "values.csv",
      "dev",
      "0x3001",
      "--jobs",
      jobs,
    );
    assertEquals(lines(r.stderr), [
      'error: Partition size "0x3001" is not a multiple of 4096 (0x1000): the nearest valid sizes are 0x3000 and 0x4000',
      CONFIG_ERROR,
      ...VALUES_ERRORS,
      "7 errors: nothing was written",
    ]);
    assertEquals(r.status, 2, "a usage error among them: exit status 2");
    assertEquals(listing(tmp.path), ["config.csv", "values.csv"]);
  });
}

Deno.test("generate --coordinate thread: the same list and status from a coordinating thread", () => {
  using tmp = scratchDir({ "config.csv": CONFIG, "values.csv": VALUES });
  const r = nvsforge(
    tmp.path,
    "generate",
    "config.csv",
    "values.csv",
    "dev",
    "0x3001",
    "--jobs",
    "2",
    "--coordinate",
    "thread",
  );
  assertEquals(lines(r.stderr).length, 8, r.stderr);
  assertEquals(lines(r.stderr).at(-1), "7 errors: nothing was written");
  assertEquals(r.status, 2);
  assertEquals(listing(tmp.path), ["config.csv", "values.csv"]);
});

Deno.test("generate: a missing configuration file does not hide a bad size", () => {
  using tmp = scratchDir({ "values.csv": VALUES });
  const r = nvsforge(tmp.path, "generate", "config.csv", "values.csv", "dev", "0x3001");
  assertEquals(lines(r.stderr), [
    'error: Partition size "0x3001" is not a multiple of 4096 (0x1000): the nearest valid sizes are 0x3000 and 0x4000',
    "error: config.csv: cannot read the configuration file: no such file",
    "2 errors: nothing was written",
  ]);
  assertEquals(r.status, 2);
  assertEquals(listing(tmp.path), ["values.csv"]);
});

Deno.test("generate: a size that is not a number still lets the config and the values be checked", () => {
  using tmp = scratchDir({ "config.csv": CONFIG, "values.csv": VALUES });
  const r = nvsforge(tmp.path, "generate", "config.csv", "values.csv", "dev", "abc");
  assertEquals(lines(r.stderr), [
    'error: Cannot parse "abc" as a partition size: expected a number of bytes in decimal or 0x-hex, such as 0x6000',
    CONFIG_ERROR,
    ...VALUES_ERRORS,
    "7 errors: nothing was written",
  ]);
  assertEquals(r.status, 2);
  assertEquals(listing(tmp.path), ["config.csv", "values.csv"]);
});

Deno.test("generate: a config error does not hide the values errors (exit status 1)", () => {
  using tmp = scratchDir({ "config.csv": CONFIG, "values.csv": VALUES });
  const r = nvsforge(tmp.path, "generate", "config.csv", "values.csv", "dev", "0x3000");
  assertEquals(lines(r.stderr), [CONFIG_ERROR, ...VALUES_ERRORS, "6 errors: nothing was written"]);
  assertEquals(r.status, 1);
  assertEquals(listing(tmp.path), ["config.csv", "values.csv"]);
});

Deno.test("generate: keys of a bad namespace row are not checked; a bad size skips only the fit", () => {
  // The second namespace's name is too long: its key's values are not checked (no
  // duplicate error per device). The blob would not fit 0x3000, but the size is invalid:
  // whether it fits is not checked.
  const config = "dev,namespace,\nblob,data,hex2bin\nnamespace_too_long,namespace,\nk,data,u8\n";
  const big = "ab".repeat(9000);
  const values = `blob,k\n${big},x\n${big}zz,y\n`;
  using tmp = scratchDir({ "config.csv": config, "values.csv": values });
  const r = nvsforge(tmp.path, "generate", "config.csv", "values.csv", "dev", "0x3100");
  assertEquals(lines(r.stderr), [
    'error: Partition size "0x3100" is not a multiple of 4096 (0x1000): the nearest valid sizes are 0x3000 and 0x4000',
    'error: config.csv:3: key "namespace_too_long": namespace name is 18 bytes long: NVS keys and namespace names are at most 15 bytes',
    'error: values.csv:3: device row 2: column "blob": hex2bin value contains "z", which is not a hex digit',
    "3 errors: nothing was written",
  ]);
  assertEquals(r.status, 2);
  assertEquals(listing(tmp.path), ["config.csv", "values.csv"]);
});

const NVS_CSV = "key,type,encoding,value\nns,namespace,,\na,data,u8,300\nb,data,hex2bin,0g\n";
const NVS_ERRORS = [
  'error: nvs.csv:3: column "value": key "a": u8 value 300 is out of range (expected 0..255)',
  'error: nvs.csv:4: column "value": key "b": hex2bin value contains "g", which is not a hex digit',
];

for (const command of [["nvs", "generate"], ["nvs", "encrypt", "--keygen"]]) {
  Deno.test(`${command.join(" ")}: a bad size does not hide the rows' errors`, () => {
    using tmp = scratchDir({ "nvs.csv": NVS_CSV });
    for (
      const [size, line] of [
        [
          "0x3001",
          'error: Partition size "0x3001" is not a multiple of 4096 (0x1000): the nearest valid sizes are 0x3000 and 0x4000',
        ],
        [
          "abc",
          'error: Cannot parse "abc" as a partition size: expected a number of bytes in decimal or 0x-hex, such as 0x6000',
        ],
      ]
    ) {
      const [cmd, sub, ...flags] = command;
      const r = nvsforge(tmp.path, cmd, sub, "nvs.csv", "out.bin", size, ...flags);
      assertEquals(lines(r.stderr), [line, ...NVS_ERRORS, "3 errors: nothing was written"]);
      assertEquals(r.status, 2);
      assertEquals(listing(tmp.path), ["nvs.csv"]);
    }
  });
}

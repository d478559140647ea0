import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { listing, nvsforge, scratchDir } from "./_run.ts";
import { normalizeOptionSpelling } from "../../src/cli/argv.ts";

const GOOD = "key,type,encoding,value\nns,namespace,,\na,data,u8,1\n";

Deno.test("nvs generate: writes the image and says where", () => {
  using tmp = scratchDir({ "in.csv": GOOD });
  const dir = tmp.path;
  const r = nvsforge(dir, "nvs", "generate", "in.csv", "out.bin", "0x3000");
  assertEquals(r.status, 0, r.stderr);
  assert(r.stdout.includes("out.bin"));
  assertEquals(fs.statSync(path.join(dir, "out.bin")).size, 0x3000);
});

Deno.test("nvs generate: every input error of every file is reported at once, nothing written", () => {
  using tmp = scratchDir({
    "a.csv": "key,type,encoding,value\nns,namespace,,\nx,data,u8,300\ny,data,hex2bin,abc\n",
    "b.csv": "key,type,encoding,value\nthis_key_is_too_long,data,u8,1\nf,file,binary,missing.bin\n",
  });
  const dir = tmp.path;
  const before = listing(dir);
  const r = nvsforge(dir, "nvs", "generate", "a.csv", "b.csv", "out/out.bin", "0x3000");
  assertEquals(r.status, 1);
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("error:"));
  assertEquals(errors.length, 4, r.stderr);
  assert(errors[0].includes("a.csv:3") && errors[0].includes('key "x"'), errors[0]);
  assert(errors[1].includes("a.csv:4"), errors[1]);
  assert(errors.some((e) => e.includes("b.csv:3") && e.includes("missing.bin")), r.stderr);
  assert(errors.some((e) => e.includes("b.csv:2") && e.includes("15 bytes")), r.stderr);
  assert(!/^\s+at /m.test(r.stderr), "no stack trace");
  assertEquals(listing(dir), before, "no output file and no output directory");
});

Deno.test("nvs generate: --strict turns warnings into errors", () => {
  const csv = "key,type,encoding,value\nns,namespace,,\nb,data,base64,QU*JD\n";
  using tmp = scratchDir({ "in.csv": csv });
  const dir = tmp.path;
  const lenient = nvsforge(dir, "nvs", "generate", "in.csv", "out.bin", "0x3000");
  assertEquals(lenient.status, 0);
  assert(lenient.stderr.includes("warning: in.csv:3"), lenient.stderr);
  fs.rmSync(path.join(dir, "out.bin"));
  const strict = nvsforge(dir, "nvs", "generate", "in.csv", "out.bin", "0x3000", "--strict");
  assertEquals(strict.status, 1);
  assert(strict.stderr.includes("error: in.csv:3"), strict.stderr);
  assert(!fs.existsSync(path.join(dir, "out.bin")));
});

Deno.test("nvs generate: command-line mistakes exit 2 with one line", () => {
  using tmp = scratchDir({ "in.csv": GOOD });
  const dir = tmp.path;
  for (
    const args of [
      ["in.csv", "out.bin", "twelve"],
      ["in.csv", "out.bin", "0x3100"],
      ["in.csv", "out.img", "0x3000"],
      ["in.csv", "out.bin"],
      ["in.csv", "out.bin", "0x3000", "--version", "3"],
    ]
  ) {
    const r = nvsforge(dir, "nvs", "generate", ...args);
    assertEquals(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert(r.stderr.startsWith("error:"), r.stderr);
  }
  assertEquals(listing(dir), ["in.csv"]);
});

Deno.test("nvs generate: an output that cannot be written exits 3, leaves nothing", () => {
  using tmp = scratchDir({ "in.csv": GOOD, "blocker": "a file, not a directory" });
  const dir = tmp.path;
  const r = nvsforge(
    dir,
    "nvs",
    "generate",
    "in.csv",
    "out.bin",
    "0x3000",
    "--outdir",
    "blocker/sub",
  );
  assertEquals(r.status, 3, r.stderr);
  assert(r.stderr.includes("cannot write"), r.stderr);
  assertEquals(listing(dir), ["blocker", "in.csv"]);
});

Deno.test("nvs generate: --outdir is created, --version=1 accepted", () => {
  using tmp = scratchDir({ "in.csv": GOOD });
  const dir = tmp.path;
  const r = nvsforge(
    dir,
    "nvs",
    "generate",
    "in.csv",
    "img.bin",
    "0x3000",
    "--outdir",
    "a/b",
    "--version=1",
  );
  assertEquals(r.status, 0, r.stderr);
  const image = fs.readFileSync(path.join(dir, "a/b/img.bin"));
  assertEquals(image[8], 0xff, "version 1 page header");
});

Deno.test("argv: snake_case option names become kebab-case; values are untouched", () => {
  assertEquals(
    normalizeOptionSpelling([
      "generate",
      "--prefix_num",
      "7",
      "my_file.csv",
      "--key_protect_hmac",
      "--kp_hmac_keyfile=a_b.bin",
      "--",
      "--not_an_option",
    ]),
    [
      "generate",
      "--prefix-num",
      "7",
      "my_file.csv",
      "--key-protect-hmac",
      "--kp-hmac-keyfile=a_b.bin",
      "--",
      "--not_an_option",
    ],
  );
});

Deno.test("nvs generate: an empty CSV gives one empty active page, as the reference, with a warning", () => {
  using tmp = scratchDir({ "empty.csv": "" });
  const dir = tmp.path;
  const r = nvsforge(dir, "nvs", "generate", "empty.csv", "e.bin", "0x3000");
  assertEquals(r.status, 0, r.stderr);
  assert(r.stderr.includes("warning: empty.csv"), r.stderr);
  const image = fs.readFileSync(path.join(dir, "e.bin"));
  assertEquals([...image.subarray(0, 4)], [0xfe, 0xff, 0xff, 0xff]);
  assert(image.subarray(32).every((b) => b === 0xff), "no entries");
});

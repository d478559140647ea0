/**
 * The fast path of `nvs generate` (src/cli/fast_path.ts): which command lines take it,
 * what they parse to, and that it writes what the commander program writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assertBytes, assertEquals } from "../_assert.ts";
import { scratchDir } from "./_run.ts";
import { parseFastGenerate, runFast } from "../../src/cli/fast_path.ts";
import { main } from "../../src/cli/main.ts";
import { setErrorFormat } from "../../src/cli/report.ts";

const DEFAULTS = { version: "2", outdir: "." };

Deno.test("fast path: the plain command lines of nvs generate, as commander parses them", () => {
  assertEquals(parseFastGenerate(["nvs", "generate", "a.csv", "a.bin", "0x3000"]), {
    args: ["a.csv", "a.bin", "0x3000"],
    options: DEFAULTS,
  });
  assertEquals(
    parseFastGenerate([
      "--error-format",
      "github",
      "nvs",
      "generate",
      "--version",
      "1",
      "a.csv",
      "b.csv",
      "--strict",
      "a.bin",
      "--float",
      "0x3000",
      "--outdir",
      "o",
      "--hex",
      "--partition_table",
      "t.csv",
      "--partition",
      "nvs2",
      "--file_root",
      "r",
    ]),
    {
      errorFormat: "github",
      fileRoot: "r",
      args: ["a.csv", "b.csv", "a.bin", "0x3000"],
      options: {
        version: "1",
        outdir: "o",
        strict: true,
        float: true,
        hex: true,
        partitionTable: "t.csv",
        partition: "nvs2",
      },
    },
  );
  // The last of a repeated option counts, as in commander.
  assertEquals(
    parseFastGenerate(["nvs", "generate", "a.csv", "--outdir", "x", "--outdir", "y"])?.options
      .outdir,
    "y",
  );
});

Deno.test("fast path: anything else goes to the commander program", () => {
  for (
    const argv of [
      [],
      ["generate", "c.csv", "v.csv", "P", "0x3000"],
      ["nvs", "encrypt", "a.csv", "a.bin", "0x3000", "--keygen"],
      ["nvs", "generate"],
      ["nvs", "generate", "--help"],
      ["nvs", "generate", "a.csv", "a.bin", "0x3000", "-h"],
      ["nvs", "generate", "a.csv", "a.bin", "0x3000", "--version", "3"],
      ["nvs", "generate", "a.csv", "a.bin", "0x3000", "--version=1"],
      ["nvs", "generate", "a.csv", "a.bin", "0x3000", "--outdir"],
      ["nvs", "generate", "a.csv", "a.bin", "0x3000", "--outdir", "-o"],
      ["nvs", "generate", "a.csv", "a.bin", "0x3000", "--keygen"],
      ["nvs", "generate", "a.csv", "a.bin", "--", "0x3000"],
      ["nvs", "generate", "-", "a.bin", "0x3000"],
      ["--error-format", "json", "nvs", "generate", "a.csv", "a.bin", "0x3000"],
      ["--error-format=github", "nvs", "generate", "a.csv", "a.bin", "0x3000"],
      ["-V"],
      ["nvs", "--help", "generate", "a.csv", "a.bin", "0x3000"],
    ]
  ) {
    assertEquals(parseFastGenerate(argv), undefined, argv.join(" "));
    assertEquals(runFast(argv), undefined, argv.join(" "));
  }
});

Deno.test("fast path: the same files and exit status as the commander program", async () => {
  using tmp = scratchDir({
    "a.csv": "key,type,encoding,value\nns,namespace,,\na,data,u8,7\ns,data,string,hello\n",
    "b.csv": "key,type,encoding,value\nns2,namespace,,\nblob,data,hex2bin,00ff\n",
    "bad.csv": "key,type,encoding,value\nns,namespace,,\na,data,u8,300\n",
  });
  const f = (name: string) => path.join(tmp.path, name);
  const cases = (out: string) => [
    ["nvs", "generate", f("a.csv"), "a.bin", "0x3000", "--outdir", out],
    [
      "nvs",
      "generate",
      "--version",
      "1",
      f("a.csv"),
      f("b.csv"),
      "ab.bin",
      "0x4000",
      "--outdir",
      out,
    ],
    ["nvs", "generate", f("bad.csv"), "bad.bin", "0x3000", "--outdir", out, "--strict"],
    [
      "--error-format",
      "github",
      "nvs",
      "generate",
      f("bad.csv"),
      "g.bin",
      "0x3000",
      "--outdir",
      out,
    ],
  ];
  try {
    const statuses: number[] = [];
    for (const argv of cases(f("fast"))) statuses.push(await runFast(argv)!);
    setErrorFormat("text");
    const slow: number[] = [];
    for (const argv of cases(f("slow"))) slow.push(await main(argv));
    assertEquals(statuses, slow);
    assertEquals(statuses, [0, 0, 1, 1]);
    const files = (d: string) => fs.readdirSync(f(d)).sort();
    assertEquals(files("fast"), ["a.bin", "ab.bin"]);
    assertEquals(files("slow"), files("fast"));
    for (const name of files("fast")) {
      assertBytes(fs.readFileSync(f(`fast/${name}`)), fs.readFileSync(f(`slow/${name}`)));
    }
  } finally {
    setErrorFormat("text");
  }
});

/**
 * A REPEAT key given a different value on a later device row: mfg_gen replaces it with
 * the first row's value without a word. nvsforge writes the same bytes, warns (file:line,
 * device row, key, both values), and refuses under --strict.
 */
import { assert, assertEquals } from "../_assert.ts";
import { listing, nvsforge, scratchDir } from "../cli/_run.ts";
import { generateBatch } from "../../src/mfg/generate_batch.ts";
import type { Warning } from "../../src/errors.ts";
import { formatWarning } from "../../src/errors.ts";

const CONFIG = "dev,namespace,\nserial,data,string\nhw_rev,data,u8,REPEAT\n";
const VALUES = "serial,hw_rev\nA,3\nB,\nC,4\nD,3\n";

Deno.test("REPEAT: a later row's different value is warned, the first row's is written", () => {
  const warnings: Warning[] = [];
  const devices = [
    ...generateBatch(CONFIG, VALUES, {
      prefix: "d",
      size: 0x3000,
      configName: "config.csv",
      valuesName: "values.csv",
      onWarning: (w) => warnings.push(w),
    }),
  ];
  assertEquals(devices.length, 4);
  for (const d of devices) assert(d.csvText.endsWith("hw_rev,data,u8,3\r\n"), d.csvText);
  assertEquals(warnings.map(formatWarning), [
    'warning: values.csv:4: device row 3 (C): column "hw_rev": REPEAT key "hw_rev" is "4" on this row, but REPEAT takes the first device row\'s value "3" for every device: "4" is ignored (leave the cell empty, or remove REPEAT from the configuration)',
  ]);
});

Deno.test("REPEAT: the command line warns, and --strict makes it an error with nothing written", () => {
  using tmp = scratchDir({ "config.csv": CONFIG, "values.csv": VALUES });
  const dir = tmp.path;
  const args = ["generate", "config.csv", "values.csv", "d", "0x3000", "--progress", "none"];
  const strict = nvsforge(dir, ...args, "--strict");
  assertEquals(strict.status, 1, strict.stderr);
  assert(
    strict.stderr.includes('error: values.csv:4: device row 3 (C): column "hw_rev": REPEAT key'),
    strict.stderr,
  );
  assertEquals(listing(dir), ["config.csv", "values.csv"]);
  const lax = nvsforge(dir, ...args);
  assertEquals(lax.status, 0, lax.stderr);
  assert(
    lax.stderr.includes('warning: values.csv:4: device row 3 (C): column "hw_rev": REPEAT key'),
    lax.stderr,
  );
  assert(lax.stderr.includes('"4" is ignored'), lax.stderr);
});

/**
 * A device with 130,000 errors (issue 19, item 3): reported as a list (the first ones and
 * a count), never a stack overflow from spreading the errors into a call.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { nvsforge } from "./_run.ts";
import { tempDir } from "../_tmp.ts";

const KEYS = 130_000;

Deno.test("generate: a device with 130,000 bad values is an input error, not a crash", () => {
  using tmp = tempDir();
  const dir = tmp.path;
  const keys = Array.from({ length: KEYS }, (_, i) => `k${i}`);
  fs.writeFileSync(
    path.join(dir, "config.csv"),
    "n,namespace,\n" + keys.map((k) => `${k},data,u8\n`).join(""),
  );
  fs.writeFileSync(
    path.join(dir, "values.csv"),
    `${keys.join(",")}\n${keys.map(() => "x").join(",")}\n`,
  );
  for (const jobs of ["0", "1"]) {
    const r = nvsforge(
      dir,
      "generate",
      "config.csv",
      "values.csv",
      "dev",
      "0x3000",
      "--jobs",
      jobs,
    );
    assertEquals(r.status, 1, r.stderr.slice(-1000));
    assert(
      !r.stderr.includes("RangeError") && !r.stderr.includes("internal error"),
      r.stderr.slice(-1000),
    );
    assert(
      r.stderr.trimEnd().endsWith(`${KEYS} errors: nothing was written`),
      r.stderr.slice(-500),
    );
    assertEquals(fs.readdirSync(dir).sort(), ["config.csv", "values.csv"]);
  }
});

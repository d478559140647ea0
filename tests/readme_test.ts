/** The README is the user's contract: its exit-status table is the code's. */
import * as fs from "node:fs";
import * as path from "node:path";
import { assertEquals } from "./_assert.ts";
import { ExitCode } from "../src/errors.ts";
import { REPO_ROOT } from "../scripts/vectors.ts";

Deno.test("README: the exit-status table lists every status of src/errors.ts's table", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("### Exit status\n");
  const section = readme.slice(start, readme.indexOf("\n#", start + 1));
  const listed = [...section.matchAll(/^\| (\d+) +\|/gm)].map((m) => Number(m[1]));
  assertEquals(listed, [...new Set(Object.values(ExitCode))].sort((a, b) => a - b));
});

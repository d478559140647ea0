import * as fs from "node:fs";
import * as path from "node:path";
import { assertEquals } from "./_assert.ts";
import { VERSION } from "../src/version.ts";
import { REPO_ROOT } from "../scripts/vectors.ts";
import { nvsforge, scratchDir } from "./cli/_run.ts";

Deno.test("version: one version in src/version.ts, deno.json and package.json; --version prints it", () => {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, f), "utf8")).version;
  assertEquals(read("deno.json"), VERSION);
  assertEquals(read("package.json"), VERSION);
  using tmp = scratchDir();
  assertEquals(nvsforge(tmp.path, "--version").stdout.trim(), VERSION);
});

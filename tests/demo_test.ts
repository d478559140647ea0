/**
 * `deno task demo` keeps its files under its output directory: the inputs it reads and
 * the created values file of its REPEAT keys go to demo-out/, never into testdata/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { assert, assertEquals } from "./_assert.ts";
import { bin, REPO_ROOT } from "../scripts/vectors.ts";
import { listing } from "./cli/_run.ts";
import { tempDir } from "./_tmp.ts";

Deno.test("demo: writes only under demo-out/, testdata/ stays as it is", () => {
  using tmp = tempDir("nvsforge-test-");
  const repo = tmp.path;
  for (const entry of ["cli.ts", "src", "node_modules", "package.json"]) {
    fs.symlinkSync(path.join(REPO_ROOT, entry), path.join(repo, entry));
  }
  fs.copyFileSync(path.join(REPO_ROOT, "deno.json"), path.join(repo, "deno.json"));
  fs.cpSync(path.join(REPO_ROOT, "testdata"), path.join(repo, "testdata"), { recursive: true });
  const before = listing(path.join(repo, "testdata"));
  for (let run = 1; run <= 2; run++) {
    const r = spawnSync(bin("deno"), ["task", "demo"], { cwd: repo, encoding: "utf8" });
    assertEquals(r.status, 0, `run ${run}: ${r.stdout}${r.stderr}`);
    assert(r.stdout.includes("NF-2026-000101"), r.stdout);
  }
  assertEquals(listing(path.join(repo, "testdata")), before);
  assert(fs.existsSync(path.join(repo, "demo-out/inputs/values_tmp_created.csv")));
  assertEquals(fs.readdirSync(path.join(repo, "demo-out/bin")).length, 5);
});

/**
 * The single executable: the test suite builds the linux-x64 one with `bun build
 * --compile` and runs every public vector of the implemented commands with it, with no
 * Deno, Bun or Node on its PATH.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { spawnSync } from "node:child_process";
import { assert, assertEquals } from "./_assert.ts";
import { build, TARGETS, writeChecksums } from "../scripts/build_executables.ts";
import { findVectors, launcherEnv, runVectors, summarize } from "../scripts/vectors.ts";
import { IMPLEMENTED } from "./_implemented.ts";
import { VERSION } from "../src/version.ts";

const native = process.platform === "linux" && process.arch === "x64";

Deno.test({
  name: "executable: the compiled linux-x64 binary passes every vector without a runtime",
  ignore: !native,
  fn: async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-exe-"));
    try {
      const exe = build(TARGETS.find((t) => t.name === "nvsforge-linux-x64")!, outdir);
      const sums = fs.readFileSync(writeChecksums([exe], outdir), "utf8");
      assert(/^[0-9a-f]{64} {2}nvsforge-linux-x64\n$/.test(sums), sums);
      const v = spawnSync(exe, ["--version"], { encoding: "utf8", env: launcherEnv({ exe }) });
      assertEquals(v.stdout.trim(), VERSION);
      const results = await runVectors(findVectors(), {
        launcher: { exe },
        filter: (c) => IMPLEMENTED.has(`${c.tool} ${c.subcommand}`),
      });
      const summary = summarize(results);
      console.log(`executable: ${summary.split("\n").at(-1)}`);
      assert(results.length > 0 && results.every((r) => r.ok), summary);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  },
});

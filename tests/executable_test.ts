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
import { findVectors, launcherEnv, REPO_ROOT, runVectors, summarize } from "../scripts/vectors.ts";
import { IMPLEMENTED } from "./_implemented.ts";
import { VERSION } from "../src/version.ts";

const native = process.platform === "linux" && process.arch === "x64";

Deno.test({
  name:
    "executable: the compiled linux-x64 binary passes every vector without a runtime, and runs a batch on its worker threads",
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
      // Worker threads: the executable starts them from its embedded worker module (the
      // pool tries a module path that does not exist in the executable first: that
      // failed start must not fail the run), and they write what one thread writes.
      const work = path.join(outdir, "mfg");
      fs.cpSync(path.join(REPO_ROOT, "testdata"), path.join(work, "testdata"), { recursive: true });
      let oneThread: string | undefined;
      for (const jobs of ["0", "2", "2", "2"]) {
        const out = path.join(work, `out-${jobs}`);
        const r = spawnSync(exe, [
          "generate",
          "testdata/mfg/config.csv",
          "testdata/mfg/values.csv",
          "dev",
          "0x6000",
          "--fileid",
          "serial_no",
          "--outdir",
          out,
          "--jobs",
          jobs,
          "--force",
        ], { cwd: work, encoding: "utf8", env: launcherEnv({ exe }) });
        assertEquals(r.status, 0, r.stderr);
        const tree = fs.readdirSync(out, { recursive: true }).map(String).sort().map((f) => {
          const file = path.join(out, f);
          return fs.statSync(file).isFile() ? `${f} ${fs.readFileSync(file).toString("hex")}` : f;
        }).join("\n");
        oneThread ??= tree;
        assertEquals(tree, oneThread, `--jobs ${jobs}`);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  },
});

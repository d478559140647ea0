/** The run's plan: threads, coordination, the output layout and how it is staged. */
import * as fs from "node:fs";
import * as path from "node:path";
import { assertEquals } from "../../_assert.ts";
import {
  coordinatedInThread,
  makeDirectories,
  RunLayout,
  stagingPlan,
  threadsFor,
} from "../../../src/mfg/run/plan.ts";
import type { BatchRun } from "../../../src/mfg/run/settings.ts";
import { tempDir } from "../../_tmp.ts";

Deno.test("threads: as asked, or auto by the master file's size; a thread coordinates big runs", () => {
  assertEquals(threadsFor({ jobs: 0 }, 1 << 30), 0);
  assertEquals(threadsFor({ jobs: 2.7 }, 0), 2);
  assertEquals(threadsFor({}, 1000), 0);
  assertEquals(threadsFor({}, 1 << 20) > 0, true);
  assertEquals(coordinatedInThread({ coordinate: "thread", jobs: 0 }, 0), false); // no workers
  assertEquals(coordinatedInThread({ coordinate: "thread", jobs: 1 }, 0), true);
  assertEquals(coordinatedInThread({ coordinate: "main", jobs: 4 }, 1 << 30), false);
  assertEquals(coordinatedInThread({ jobs: 2 }, 1 << 30), true);
});

Deno.test("stagingPlan keeps the commit order around the directories that exist", () => {
  const all = ["csv", "bin", "keys", "flash", "hex"];
  assertEquals(stagingPlan(all, () => false), { before: all, perFile: [], after: [] });
  assertEquals(stagingPlan(all, (d) => d === "bin" || d === "flash"), {
    before: ["csv"],
    perFile: ["bin", "keys", "flash"],
    after: ["hex"],
  });
});

Deno.test("RunLayout: output directories by options; staging directories of the run's tag", () => {
  using tmp = tempDir();
  const run = {
    conf: "c.csv",
    values: path.join(tmp.path, "v.csv"),
    outdir: tmp.path,
    batch: { prefix: "dev" },
    encryption: { generate: true },
  } as unknown as BatchRun;
  const layout = new RunLayout(run, true);
  assertEquals(layout.outDirs, ["csv", "bin", "keys"]);
  assertEquals(layout.created, path.join(tmp.path, "v_tmp_created.csv"));
  assertEquals(layout.relative(layout.target("bin/dev-1.bin")), "bin/dev-1.bin");
  fs.mkdirSync(path.join(tmp.path, "bin"));
  layout.planStaging("dev");
  assertEquals(layout.plan, { before: ["csv"], perFile: ["bin"], after: ["keys"] });
  assertEquals(Object.keys(layout.whole), ["csv", "keys"]);
  assertEquals(path.basename(layout.whole.csv), `.csv-dev.${layout.tag}.tmp`);
});

Deno.test("makeDirectories returns the directories it made, outermost first", () => {
  using tmp = tempDir();
  const deep = path.join(tmp.path, "a", "b", "c");
  assertEquals(makeDirectories(deep), [
    path.join(tmp.path, "a"),
    path.join(tmp.path, "a", "b"),
    deep,
  ]);
  assertEquals(makeDirectories(deep), []);
});

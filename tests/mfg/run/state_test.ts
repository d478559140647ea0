/** The rollback of a failed run: what it staged and the directories it made go, nothing else. */
import * as fs from "node:fs";
import * as path from "node:path";
import { assertEquals } from "../../_assert.ts";
import * as fp from "../../../src/file_protocol.ts";
import { makeDirectories, RunLayout } from "../../../src/mfg/run/plan.ts";
import type { BatchRun } from "../../../src/mfg/run/settings.ts";
import { rollback, RunState } from "../../../src/mfg/run/state.ts";
import { tempDir } from "../../_tmp.ts";

function layoutIn(dir: string): RunLayout {
  const run = { conf: "c.csv", values: "v.csv", outdir: dir, batch: { prefix: "dev" } };
  return new RunLayout(run as unknown as BatchRun, false);
}

Deno.test("rollback removes staged files, staging directories and the directories made", () => {
  using tmp = tempDir();
  const out = path.join(tmp.path, "out");
  const state = new RunState();
  state.made.push(...makeDirectories(out));
  fs.mkdirSync(path.join(out, "bin"));
  fs.writeFileSync(path.join(out, "bin", "old.bin"), "kept");
  const layout = layoutIn(out);
  layout.planStaging("dev");
  assertEquals(layout.plan.perFile, ["bin"]);
  fp.stageFile(path.join(out, "bin", "dev-1.bin"), new Uint8Array(1), layout.tag);
  fs.mkdirSync(layout.whole.csv);
  fs.writeFileSync(path.join(layout.whole.csv, "dev-1.csv"), "x");
  const manifest = state.keep(fp.openProgressive(path.join(out, "m.jsonl"), layout.tag, false));
  manifest.write(new Uint8Array(3));
  rollback(state, layout);
  // out/ is not empty (bin/old.bin): it stays; everything this run wrote is gone.
  assertEquals(fs.readdirSync(out).sort(), ["bin"]);
  assertEquals(fs.readdirSync(path.join(out, "bin")), ["old.bin"]);
});

Deno.test("rollback keeps the directories made once something was committed", () => {
  using tmp = tempDir();
  const out = path.join(tmp.path, "out");
  const state = new RunState();
  state.made.push(...makeDirectories(out));
  const layout = layoutIn(out);
  layout.planStaging("dev");
  state.committedAny = true;
  rollback(state, layout);
  assertEquals(fs.existsSync(out), true);
  state.committedAny = false;
  rollback(state, layout);
  assertEquals(fs.existsSync(out), false);
});

Deno.test("the first signal counts; the summary counts what was done", () => {
  const state = new RunState();
  state.requestStop("SIGTERM");
  state.requestStop("SIGINT");
  assertEquals(state.stop, "SIGTERM");
  state.devices = 3;
  state.written = 2;
  state.skipped = 1;
  const s = state.summary("out");
  assertEquals([s.devices, s.written, s.skipped, s.outdir], [3, 2, 1, "out"]);
});

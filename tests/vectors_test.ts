/**
 * Every public compatibility vector of the commands implemented so far, through the
 * command line under Deno, byte for byte. Prints `N passed, M failed` last.
 */
import { assert } from "./_assert.ts";
import { findVectors, loadCases, runVectors, summarize } from "../scripts/vectors.ts";

/** The (tool, subcommand) pairs nvsforge implements; each one's cases must all pass. */
const IMPLEMENTED = new Set([
  "nvs_partition_gen generate",
  "nvs_partition_gen encrypt",
  "nvs_partition_gen decrypt",
  "nvs_partition_gen generate-key",
]);

Deno.test("vectors: every case of the implemented commands passes under Deno", async () => {
  const dir = findVectors(); // throws loudly when the vectors are missing
  const selected = (c: { tool: string; subcommand: string }) =>
    IMPLEMENTED.has(`${c.tool} ${c.subcommand}`);
  assert(loadCases(dir).filter(selected).length >= 50, "the vector set looks incomplete");
  const results = await runVectors(dir, { launcher: { runtime: "deno" }, filter: selected });
  const summary = summarize(results);
  console.log(summary);
  assert(results.every((r) => r.ok), summary);
});

/**
 * Every public compatibility vector of the commands implemented so far, through the
 * command line, byte for byte: under Deno, and under Bun (every command must behave the
 * same on both). Prints `N passed, M failed` for each.
 */
import { assert } from "./_assert.ts";
import { findVectors, loadCases, runVectors, summarize } from "../scripts/vectors.ts";
import type { Launcher, VectorCase } from "../scripts/vectors.ts";
import { IMPLEMENTED } from "./_implemented.ts";

const selected = (c: VectorCase) => IMPLEMENTED.has(`${c.tool} ${c.subcommand}`);

async function check(launcher: Launcher, name: string) {
  const dir = findVectors(); // throws loudly when the vectors are missing
  assert(loadCases(dir).filter(selected).length >= 85, "the vector set looks incomplete");
  const results = await runVectors(dir, { launcher, filter: selected });
  const summary = summarize(results);
  console.log(`${name}: ${summary.split("\n").at(-1)}`);
  assert(results.every((r) => r.ok), summary);
}

Deno.test("vectors: every case of the implemented commands passes under Deno", () =>
  check({ runtime: "deno" }, "deno"));

Deno.test("vectors: every case of the implemented commands passes under Bun", () =>
  check({ runtime: "bun" }, "bun"));

/**
 * Runs the compatibility vectors through nvsforge and prints `N passed, M failed`.
 *
 *   deno run -A scripts/run_vectors.ts [--runtime deno|bun | --exe PATH]
 *       [--match REGEX] [--tool nvs_partition_gen|mfg_gen] [--subcommand REGEX] [--verbose]
 *
 * Exit status 1 when a case fails (or none ran).
 *
 * @module
 */

import process from "node:process";
import { findVectors, runVectors, summarize } from "./vectors.ts";
import type { Launcher } from "./vectors.ts";

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const exe = opt("--exe");
const launcher: Launcher = exe ? { exe } : { runtime: opt("--runtime") === "bun" ? "bun" : "deno" };
const match = new RegExp(opt("--match") ?? ".");
const tool = opt("--tool");
const sub = opt("--subcommand");
const subRe = sub ? new RegExp(`^(${sub})$`) : undefined;

const results = await runVectors(findVectors(), {
  launcher,
  filter: (c) =>
    match.test(c.name) && (!tool || c.tool === tool) && (!subRe || subRe.test(c.subcommand)),
});
console.log(summarize(results, argv.includes("--verbose")));
process.exit(results.length === 0 || results.some((r) => !r.ok) ? 1 : 0);

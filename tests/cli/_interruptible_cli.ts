/**
 * The command line for the tests of interrupted runs: `deno run -A _interruptible_cli.ts
 * <generating|committing> <nvsforge arguments>` runs nvsforge with a pass hook that,
 * once 400 devices are handed on in that pass, prints `paused: <pass> <devices>` on
 * standard error and waits for SIGINT or SIGTERM (or SIGKILL). The test waits for that
 * line, never for a time. The released command line has no such hook.
 *
 * @module
 */

import process from "node:process";
import { main } from "../../src/cli/main.ts";
import { passHooks } from "../../src/mfg/run.ts";

const [pass, ...args] = process.argv.slice(2);
let paused = false;
passHooks.afterGroup = async (p, devices) => {
  if (paused || p !== pass || devices < 400) return;
  paused = true;
  const keepAlive = setInterval(() => {}, 1000);
  await new Promise<void>((resolve) => {
    for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => resolve());
    process.stderr.write(`paused: ${p} ${devices}\n`);
  });
  clearInterval(keepAlive);
};
process.exit(await main(args));

#!/usr/bin/env -S deno run --allow-read --allow-write --allow-env
/**
 * The nvsforge command line. See `nvsforge --help`.
 *
 * One image (`nvs generate` with its plain options) takes the fast path, which does not
 * load commander (src/cli/fast_path.ts); every other command line goes to the commander
 * program (src/cli/main.ts), loaded only then.
 *
 * No top-level await: the compiled executable is built with `bun build --bytecode`,
 * which needs an entry point without it.
 *
 * @module
 */

import { runFast } from "./src/cli/fast_path.ts";
import { args, exit } from "./src/runtime/mod.ts";

const argv = args();
(runFast(argv) ?? import("./src/cli/main.ts").then((m) => m.main(argv))).then(exit);

#!/usr/bin/env -S deno run --allow-read --allow-write --allow-env
/**
 * The nvsforge command line. See `nvsforge --help`.
 *
 * No top-level await: the compiled executable is built with `bun build --bytecode`,
 * which needs an entry point without it.
 *
 * @module
 */

import { main } from "./src/cli/main.ts";
import { args, exit } from "./src/runtime/mod.ts";

main(args()).then(exit);

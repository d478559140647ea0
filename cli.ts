#!/usr/bin/env -S deno run --allow-read --allow-write --allow-env
/**
 * The nvsforge command line. See `nvsforge --help`.
 *
 * @module
 */

import { main } from "./src/cli/main.ts";
import { args, exit } from "./src/runtime/mod.ts";

exit(await main(args()));

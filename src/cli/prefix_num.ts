/**
 * `--prefix_num START DIGITS`: the one option of mfg_gen that takes two values. `generate`
 * and `verify` read it the same way.
 *
 * @module
 */

import type { Command } from "commander";
import { parsePrefixNum } from "../mfg/naming.ts";
import type { PrefixNum } from "../mfg/naming.ts";
import { usage } from "./usage.ts";

const SEP = "\u0000";

/**
 * `--prefix-num START DIGITS` takes two values, as mfg_gen's argparse option does;
 * commander options take one. This joins the two values into one argument before
 * commander parses the command's arguments (read back by {@linkcode prefixNumValue}).
 *
 * @throws {NvsforgeError} a usage error when the two values are not there.
 * @example
 * ```ts
 * import { joinPrefixNum, prefixNumValue } from "./prefix_num.ts";
 * const [arg] = joinPrefixNum(["--prefix-num", "7", "4"]);
 * const p = prefixNumValue(arg.slice("--prefix-num=".length));
 * if (p.start !== 7n || p.digits !== 4) throw new Error(JSON.stringify(p));
 * ```
 */
export function joinPrefixNum(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      out.push(...args.slice(i));
      break;
    }
    if (a === "--prefix-num" || a.startsWith("--prefix-num=")) {
      const values = a === "--prefix-num"
        ? args.slice(i + 1, i + 3)
        : [a.slice("--prefix-num=".length), ...args.slice(i + 1, i + 2)];
      if (values.length < 2 || values.some((v) => v.startsWith("--"))) {
        throw usage("--prefix_num takes two values: START DIGITS (for example --prefix_num 1 4)");
      }
      out.push(`--prefix-num=${values[0]}${SEP}${values[1]}`);
      i += a === "--prefix-num" ? 2 : 1;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The option's value as {@linkcode joinPrefixNum} joined it, checked. */
export function prefixNumValue(joined: string): PrefixNum {
  const [start, digits] = joined.split(SEP);
  const p = parsePrefixNum(start, digits ?? "");
  if (typeof p === "string") throw usage(`--prefix_num: ${p}`);
  return p;
}

/** Makes `command` read `--prefix_num START DIGITS` (two values). */
export function takePrefixNum(command: Command): Command {
  const parseOptions = command.parseOptions.bind(command);
  command.parseOptions = (args: string[]) => parseOptions(joinPrefixNum(args));
  return command;
}

/**
 * Help texts: every command's option list names ESP-IDF's spellings of its options
 * (`--key_protect_hmac`, `--prefix_num`) beside the kebab-case ones, and the
 * `<input.csv>... <output.bin> <size>` arguments of `nvs generate` and `nvs encrypt`
 * are listed one by one.
 *
 * @module
 */

import { Argument, type Command, Help, type HelpConfiguration, type Option } from "commander";

/**
 * Options whose ESP-IDF spelling (nvs_partition_gen.py, mfg_gen.py) differs from the
 * kebab-case one. Both are accepted everywhere ({@linkcode normalizeOptionSpelling}).
 */
export const PYTHON_SPELLINGS: readonly string[] = [
  "--prefix-num",
  "--key-protect-hmac",
  "--kp-hmac-keygen",
  "--kp-hmac-keyfile",
  "--kp-hmac-inputkey",
];

/**
 * The option's ESP-IDF spelling when it differs from the kebab-case one
 * (`--prefix_num` for `--prefix-num`), else `undefined`.
 *
 * @example
 * ```ts
 * import { Option } from "commander";
 * import { pythonSpelling } from "./help.ts";
 * const name = pythonSpelling(new Option("--kp-hmac-keyfile <file>"));
 * if (name !== "--kp_hmac_keyfile") throw new Error(name);
 * ```
 */
export function pythonSpelling(option: Option): string | undefined {
  const long = option.long;
  if (long === undefined || !PYTHON_SPELLINGS.includes(long)) return undefined;
  return `--${long.slice(2).replaceAll("-", "_")}`;
}

/** The name of the variadic first argument of `nvs generate` and `nvs encrypt`. */
export const INPUTS_ARGUMENT = "input.csv";

/** The arguments `<input.csv>... <output.bin> <size>`, described for the help. */
function generateArguments(): Argument[] {
  return [
    new Argument("<input.csv...>", "the input CSV file(s), read in order as one"),
    new Argument("<output.bin>", "the image to write (in --outdir)"),
    new Argument("<size>", "the partition size in bytes, a multiple of 4096 (for example 0x6000)"),
  ];
}

/** The help configuration of every command. */
export function helpConfiguration(): HelpConfiguration {
  return {
    optionDescription(this: Help, option: Option): string {
      const text = Help.prototype.optionDescription.call(this, option);
      const python = pythonSpelling(option);
      return python === undefined ? text : `${text} (also spelled ${python})`;
    },
    visibleArguments(this: Help, cmd: Command): Argument[] {
      const args = cmd.registeredArguments;
      if (args.length === 1 && args[0].variadic && args[0].name() === INPUTS_ARGUMENT) {
        return generateArguments();
      }
      return Help.prototype.visibleArguments.call(this, cmd);
    },
    argumentTerm(argument: Argument): string {
      const name = argument.name() + (argument.variadic ? "..." : "");
      return argument.required ? `<${name}>` : `[${name}]`;
    },
  };
}

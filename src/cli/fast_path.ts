/**
 * The command line's fast path: the most common command, one image
 * (`nvsforge nvs generate <input.csv>... <output.bin> <size>` with its plain options), is
 * recognised and run without loading commander and the modules it loads (a quarter of
 * the compiled executable's start-up). Only command lines whose meaning is plain take
 * it: the global options before the command, `nvs generate`, positional arguments, and
 * generate's options each as a separate word followed by its value (a value of
 * `--version` only `1` or `2`). Everything else — help, `--`, an `=` value, a value that
 * starts with `-`, an unknown option, no positional argument — goes to the commander
 * program (main.ts), which explains any mistake.
 *
 * @module
 */

import { ExitCode } from "../errors.ts";
import { hoistGlobalOptions, normalizeOptionSpelling } from "./argv.ts";
import { failureStatus } from "./failure.ts";
import type { TableOptions } from "./table_options.ts";
import { setFileRoot } from "./inputs.ts";
import { type GenerateOptions, nvsGenerate } from "./nvs_generate.ts";
import { setErrorFormat } from "./report.ts";

/** An `nvs generate` command line as commander would have parsed it. */
export interface FastGenerate {
  /** `--error-format`. */
  errorFormat?: "text" | "github";
  /** `--file-root`. */
  fileRoot?: string;
  /** The positional arguments: input files, output file, size. */
  args: string[];
  /** Generate's options, with commander's defaults (`version` "2", `outdir` "."). */
  options: GenerateOptions & TableOptions;
}

/** Generate's options without a value, by name. */
const FLAGS: Record<string, "strict" | "float" | "hex"> = {
  "--strict": "strict",
  "--float": "float",
  "--hex": "hex",
};

/** Generate's options with a value, by name. */
const VALUED: Record<string, "version" | "outdir" | "partitionTable" | "partition"> = {
  "--version": "version",
  "--outdir": "outdir",
  "--partition-table": "partitionTable",
  "--partition": "partition",
};

/**
 * The `nvs generate` command line `argv` is, when it takes the fast path; undefined for
 * any other (the commander program runs it).
 *
 * @example
 * ```ts
 * import { parseFastGenerate } from "./fast_path.ts";
 * const p = parseFastGenerate(["nvs", "generate", "a.csv", "a.bin", "0x3000", "--outdir", "o"]);
 * if (p?.options.outdir !== "o" || p.args.length !== 3) throw new Error("not parsed");
 * if (parseFastGenerate(["nvs", "generate", "--help"]) !== undefined) throw new Error("help");
 * ```
 */
export function parseFastGenerate(argv: readonly string[]): FastGenerate | undefined {
  const a = hoistGlobalOptions(normalizeOptionSpelling(argv));
  const out: FastGenerate = { args: [], options: { version: "2", outdir: "." } };
  let i = 0;
  for (; i < a.length && a[i].startsWith("-"); i += 2) {
    const value = a[i + 1];
    if (value === undefined || value.startsWith("-")) return undefined;
    if (a[i] === "--error-format" && (value === "text" || value === "github")) {
      out.errorFormat = value;
    } else if (a[i] === "--file-root") out.fileRoot = value;
    else return undefined;
  }
  if (a[i] !== "nvs" || a[i + 1] !== "generate") return undefined;
  for (i += 2; i < a.length; i++) {
    const word = a[i];
    if (!word.startsWith("-")) {
      out.args.push(word);
      continue;
    }
    if (Object.hasOwn(FLAGS, word)) {
      out.options[FLAGS[word]] = true;
      continue;
    }
    const value = a[i + 1];
    if (!Object.hasOwn(VALUED, word) || value === undefined || value.startsWith("-")) {
      return undefined;
    }
    if (word === "--version" && value !== "1" && value !== "2") return undefined;
    out.options[VALUED[word]] = value;
    i++;
  }
  return out.args.length > 0 ? out : undefined;
}

/**
 * Runs `argv` when it takes the fast path (see {@linkcode parseFastGenerate}); resolves
 * with the exit status, or returns undefined (nothing done) for any other command line.
 */
export function runFast(argv: readonly string[]): Promise<number> | undefined {
  const p = parseFastGenerate(argv);
  return p && runGenerate(p);
}

async function runGenerate(p: FastGenerate): Promise<number> {
  try {
    if (p.errorFormat === "github") setErrorFormat("github");
    if (p.fileRoot !== undefined) setFileRoot(p.fileRoot);
    await nvsGenerate(p.args, p.options);
    return ExitCode.OK;
  } catch (e) {
    return failureStatus(e);
  }
}

/**
 * `nvsforge nvs generate <input.csv>... <output.bin> <size>`: the drop-in for
 * `nvs_partition_gen.py generate`.
 *
 * @module
 */

import { buildParts } from "../document/_build.ts";
import { readCsvParts } from "../document/csv_source.ts";
import { Diagnostics, NvsforgeError, UsageError } from "../errors.ts";
import type { FormatVersion } from "../format/items.ts";
import { READ_ONLY_NOTICE } from "../format/size.ts";
import { sizeArgument } from "./usage.ts";
import type { PartitionSize } from "../format/size.ts";
import { readCsvFiles, readValueFile } from "./inputs.ts";
import { checkBinExtension, OutputSet, targetPath } from "./output.ts";
import { printNote, printResult, printWarnings } from "./report.ts";
import { chooseTableLater } from "./table_options.ts";
import type { TableOptions } from "./table_options.ts";

/** Options shared by `nvs generate` and `nvs encrypt`. */
export interface GenerateOptions {
  /** `--version`: "1" or "2". */
  version?: string;
  /** `--outdir`. */
  outdir?: string;
  /** `--strict`: warnings are errors. */
  strict?: boolean;
  /** `--float`: accept nvsforge's own float and double encodings. */
  float?: boolean;
}

/** Splits `<input.csv>... <output.bin> <size>`. */
export function splitGenerateArgs(args: readonly string[]): {
  inputs: string[];
  output: string;
  size: string;
} {
  if (args.length < 3) {
    throw new UsageError(
      "usage",
      `missing required argument '${
        args.length < 2 ? "output.bin" : "size"
      }': expected <input.csv>... <output.bin> <size>, for example: nvsforge nvs generate nvs.csv nvs.bin 0x6000`,
    );
  }
  return { inputs: args.slice(0, -2), output: args.at(-2)!, size: args.at(-1)! };
}

/**
 * Checks the arguments, builds the image in memory as `NvsDocument.fromCsv` of the files
 * and then `check` and `toImage` do (with their functions, in one pass, and without
 * loading the document, which also reads and encrypts images: start-up). Every problem (size, unreadable files,
 * rows) is reported at once. Nothing is written.
 */
export async function buildImage(
  inputs: readonly string[],
  output: string,
  sizeText: string | PartitionSize,
  options: GenerateOptions,
): Promise<{ image: Uint8Array; target: string; size: PartitionSize }> {
  // A bad size is reported with the rows' errors (which are checked, all but the fit).
  let size: PartitionSize | undefined;
  let sizeError: NvsforgeError | undefined;
  try {
    size = typeof sizeText === "string" ? sizeArgument(sizeText) : sizeText;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    sizeError = e;
  }
  checkBinExtension(output);
  const target = targetPath(options.outdir, output);
  const version: FormatVersion = options.version === "1" ? 1 : 2;
  const unreadable = new Diagnostics();
  const files = readCsvFiles(inputs, unreadable);
  const parts = await readCsvParts(files, { readFile: readValueFile, float: options.float });
  const settings = { size: size?.bytes, version, strict: options.strict ?? false };
  // One pass: checked, and laid out when the size is good (toImage's work without a
  // second layout).
  const { errors, warnings, image } = buildParts(parts, settings, size !== undefined);
  try {
    const all = new Diagnostics();
    if (sizeError) all.errors.push(sizeError);
    all.errors.push(...errors, ...unreadable.errors);
    all.throwIfAny();
    return { image: image!, target, size: size! };
  } finally {
    printWarnings(warnings);
  }
}

/** Runs `nvs generate`. */
export async function nvsGenerate(
  args: readonly string[],
  options: GenerateOptions & TableOptions,
): Promise<void> {
  const { inputs, output, size: sizeText } = splitGenerateArgs(args);
  const { size, choice } = await chooseTableLater(options, sizeText);
  const built = await buildImage(inputs, output, size ?? sizeText, options);
  if (built.size.readOnly) printNote(READ_ONLY_NOTICE);
  // The flash outputs' modules are loaded only for a command with a table.
  const flashOutputs = choice && await import("./flash_outputs.ts");
  const out = new OutputSet();
  out.add(built.target, built.image);
  const flash = choice && flashOutputs
    ? flashOutputs.addFlashFiles(
      out,
      options.outdir,
      flashOutputs.planFlash(choice.table, {
        partition: choice.nvs.name,
        file: choice.file,
      }),
      { target: built.target, data: built.image },
      undefined,
      options.hex,
    )
    : [];
  out.commit();
  printResult(`Created NVS binary: ===> ${built.target}`);
  for (const line of flash) printResult(line);
}

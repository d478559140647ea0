/**
 * The command line: `nvsforge nvs generate|encrypt|decrypt|generate-key …` (the drop-in
 * for nvs_partition_gen.py) and `nvsforge generate|generate-key …` (the drop-in for
 * mfg_gen.py). Each command is a thin layer over the library.
 *
 * Exit statuses: 0 success, 1 invalid input, 2 invalid command line, 3 an output could
 * not be written, 4 internal error.
 *
 * @module
 */

import { Command, CommanderError, Option } from "commander";
import { ExitCode, NvsforgeError, NvsforgeErrors } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import { normalizeOptionSpelling } from "./argv.ts";
import { nvsGenerate } from "./nvs_generate.ts";
import { printError } from "./report.ts";
import { VERSION } from "../version.ts";

function versionOption(): Option {
  return new Option(
    "--version <1|2>",
    "page format version: 1 without multipage blobs, 2 with them",
  )
    .choices(["1", "2"]).default("2");
}

function build(): Command {
  const program = new Command("nvsforge")
    .description(
      "Per-device ESP32 NVS partition images: a drop-in for ESP-IDF's nvs_partition_gen.py and mfg_gen.py",
    )
    .version(VERSION, "-V, --version", "print the nvsforge version")
    .enablePositionalOptions()
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => rt.writeStdout(s),
      writeErr: (s) => rt.writeStderr(s),
      outputError: (s, write) => write(s.startsWith("error:") ? s : `error: ${s}`),
    });

  const nvs = program.command("nvs")
    .description("NVS partition commands, as nvs_partition_gen.py")
    .enablePositionalOptions();

  nvs.command("generate")
    .description("Generate an NVS partition image from CSV files")
    .usage("[options] <input.csv>... <output.bin> <size>")
    .argument("<args...>", "input CSV file(s), then the output .bin file, then the partition size")
    .addOption(versionOption())
    .option("--outdir <dir>", "directory for the output file", ".")
    .option("--strict", "treat warnings about probable mistakes as errors")
    .action((args: string[], opts) => nvsGenerate(args, opts));

  return program;
}

/** Runs the command line; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = build();
  for (const c of allCommands(program)) {
    c.exitOverride().configureOutput(program.configureOutput());
  }
  try {
    await program.parseAsync(normalizeOptionSpelling(argv), { from: "user" });
    return ExitCode.OK;
  } catch (e) {
    if (e instanceof NvsforgeError || e instanceof NvsforgeErrors) return printError(e);
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") {
        return ExitCode.OK;
      }
      if (e.code === "commander.help" || e.code === "commander.executeSubCommandAsync") {
        return ExitCode.OK;
      }
      return ExitCode.USAGE;
    }
    rt.writeStderr(
      `internal error (a bug in nvsforge, please report it): ${
        e instanceof Error ? e.stack ?? e.message : String(e)
      }\n`,
    );
    return ExitCode.INTERNAL;
  }
}

function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap(allCommands)];
}

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
import { ExitCode } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import { hoistGlobalOptions, normalizeOptionSpelling } from "./argv.ts";
import { nvsGenerate } from "./nvs_generate.ts";
import { setErrorFormat } from "./report.ts";
import { failureStatus } from "./failure.ts";
import { setFileRoot } from "./inputs.ts";
import { addDumpOptions, floatOption, tableOptions } from "./factory_options.ts";
import { VERSION } from "../version.ts";
import { helpConfiguration, INPUTS_ARGUMENT } from "./help.ts";
import { takePrefixNum } from "./prefix_num.ts";
import { type CommandPath, commandPath } from "./command_path.ts";
// The other commands' modules (encryption, the reader, mass manufacturing) are imported
// when their command runs or is defined: a command loads what it needs, not every
// command's modules (start-up time of the single executable).

function versionOption(): Option {
  return new Option(
    "--version <1|2>",
    "page format version: 1 without multipage blobs, 2 with them",
  )
    .choices(["1", "2"]).default("2");
}

/** The root program's commands, and those of `nvs`. */
const COMMANDS = ["nvs", "generate", "generate-key", "inspect", "verify", "edit"];
const NVS_COMMANDS = ["generate", "encrypt", "decrypt", "generate-key"];

/**
 * The program with the commands `path` names (all of them when it names none: root help,
 * an unknown command).
 */
async function build(path: CommandPath): Promise<Command> {
  // An unknown word (or `help`) defines every command, for commander's help and hints.
  const command = COMMANDS.includes(path.command ?? "") ? path.command : undefined;
  const sub = command === "nvs" && NVS_COMMANDS.includes(path.sub ?? "") ? path.sub : undefined;
  const wants = (name: string, subName?: string) =>
    (command === undefined || command === name) &&
    (subName === undefined || sub === undefined || sub === subName);
  const program = new Command("nvsforge")
    .description(
      "Per-device ESP32 NVS partition images: a drop-in for ESP-IDF's nvs_partition_gen.py and mfg_gen.py",
    )
    .version(VERSION, "-V, --version", "print the nvsforge version")
    .enablePositionalOptions()
    .addOption(
      new Option("--error-format <format>", "how errors and warnings are printed")
        .choices(["text", "github"]).default("text"),
    )
    .option(
      "--file-root <dir>",
      "confine file-type values of the CSVs to this directory (for untrusted CSVs)",
    )
    .hook("preAction", (root) => {
      const o = root.opts();
      if (o.errorFormat === "github") setErrorFormat("github");
      if (o.fileRoot !== undefined) setFileRoot(o.fileRoot);
    })
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => rt.writeStdout(s),
      writeErr: (s) => rt.writeStderr(s),
      outputError: (s, write) => write(s.startsWith("error:") ? s : `error: ${s}`),
    });

  if (wants("nvs")) await addNvsCommands(program, (sub) => wants("nvs", sub));
  if (wants("generate") || wants("generate-key")) {
    (await import("./mfg.ts")).addMfgCommands(program);
  }
  if (wants("inspect")) (await import("./inspect.ts")).addInspectCommand(program);
  if (wants("verify")) addVerifyCommand(program);
  if (wants("edit")) (await import("./edit.ts")).addEditCommand(program);
  return program;
}

/** Adds `nvs` and those of its commands `wants` names (nvs_partition_gen's). */
async function addNvsCommands(program: Command, wants: (sub: string) => boolean): Promise<void> {
  const nvs = program.command("nvs")
    .description("NVS partition commands, as nvs_partition_gen.py")
    .enablePositionalOptions();
  if (wants("generate")) addNvsGenerateCommand(nvs);
  if (wants("encrypt")) await addNvsEncryptCommand(nvs);
  if (wants("decrypt")) addNvsDecryptCommand(nvs);
  if (wants("generate-key")) await addGenerateKeyCommand(nvs);
}

function addNvsGenerateCommand(nvs: Command): void {
  const generate = nvs.command("generate")
    .description("Generate an NVS partition image from CSV files")
    .usage("[options] <input.csv>... <output.bin> <size>")
    .argument(`<${INPUTS_ARGUMENT}...>`, "input CSV file(s), then <output.bin>, then <size>")
    .addOption(versionOption())
    .option("--outdir <dir>", "directory for the output file", ".")
    .option("--strict", "treat warnings about probable mistakes as errors")
    .addOption(floatOption());
  for (const o of tableOptions()) generate.addOption(o);
  generate.action((args: string[], opts) => nvsGenerate(args, opts));
}

async function addNvsEncryptCommand(nvs: Command): Promise<void> {
  const { hmacOptions } = await import("./keys.ts");
  const encrypt = nvs.command("encrypt")
    .description("Generate an encrypted NVS partition image from CSV files")
    .usage("[options] <input.csv>... <output.bin> <size> (--keygen | --inputkey F)")
    .argument(`<${INPUTS_ARGUMENT}...>`, "input CSV file(s), then <output.bin>, then <size>")
    .addOption(versionOption())
    .option("--outdir <dir>", "directory for the output files", ".")
    .option("--strict", "treat warnings about probable mistakes as errors")
    .addOption(floatOption())
    .option("--keygen", "generate a new encryption key (written to <outdir>/keys/)")
    .option("--keyfile <file>", "name of the generated key file (default keys-<MM-DD_HH-MM>.bin)")
    .option(
      "--inputkey <file>",
      "encrypt with the key in this file (NVS key partition or 64 bytes)",
    )
    .option("--force", "replace existing key files");
  for (const o of hmacOptions()) encrypt.addOption(o);
  for (const o of tableOptions()) encrypt.addOption(o);
  encrypt.action(async (args: string[], opts) =>
    (await import("./nvs_keys.ts")).nvsEncrypt(args, opts)
  );
}

function addNvsDecryptCommand(nvs: Command): void {
  const decrypt = nvs.command("decrypt")
    .description(
      "Decrypt an encrypted NVS partition image, or the NVS partition of a full flash dump",
    )
    .usage("[options] <input.bin> [key.bin] <output.bin>")
    .argument("<input.bin>", "the encrypted image, or a full flash dump")
    .argument(
      "<key.bin>",
      "the key file (NVS key partition or 64 bytes); left out for a dump whose key partition is readable",
    )
    .argument("[output.bin]", "the decrypted image to write")
    .option("--outdir <dir>", "directory for the output file", ".");
  addDumpOptions(decrypt)
    .action(async (input: string, key: string, output: string | undefined, opts) => {
      const { nvsDecrypt } = await import("./nvs_keys.ts");
      return output === undefined
        ? nvsDecrypt(input, undefined, key, opts)
        : nvsDecrypt(input, key, output, opts);
    });
}

function addVerifyCommand(program: Command): void {
  const verify = program.command("verify")
    .description(
      "Check a mass-manufacturing batch on disk against its configuration and master values CSVs",
    )
    .argument("<outdir>", "the batch's output directory (holding bin/ and csv/)")
    .requiredOption("--conf <file>", "the configuration CSV the batch was made from")
    .requiredOption("--values <file>", "the master values CSV the batch was made from")
    .requiredOption("--prefix <prefix>", "the batch's file name prefix")
    .option("--size <size>", "partition size (default: the size of the batch's images)")
    .option("--fileid <column>", "the batch's --fileid column")
    .option("--prefix-num <START DIGITS>", "the batch's --prefix_num START DIGITS")
    .addOption(versionOption())
    .option("--inputkey <file>", "the key of an encrypted batch (its --inputkey)")
    .option("--keygen", "an encrypted batch with a key per device in <outdir>/keys/")
    .option("--strict", "treat warnings about probable mistakes as errors")
    .addOption(floatOption())
    .action(async (outdir: string, opts) => (await import("./verify.ts")).verify(outdir, opts));
  takePrefixNum(verify);
}

/** Adds `generate-key` (nvs_partition_gen's and mfg_gen's) to a command. */
export async function addGenerateKeyCommand(parent: Command): Promise<Command> {
  const { hmacOptions } = await import("./keys.ts");
  const c = parent.command("generate-key")
    .description("Generate an NVS encryption key partition file")
    .option("--keyfile <file>", "name of the key file (default keys-<MM-DD_HH-MM>.bin)")
    .option("--outdir <dir>", "the key file goes to <outdir>/keys/", ".")
    .option("--force", "replace an existing key file");
  for (const o of hmacOptions()) c.addOption(o);
  return c.action(async (opts) => (await import("./nvs_keys.ts")).nvsGenerateKey(opts));
}

/** Runs the command line; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  // Any command but the fast path's one image may run for long (a batch, a big image).
  rt.normalJitPolicy();
  const args = hoistGlobalOptions(normalizeOptionSpelling(argv));
  const program = await build(commandPath(args));
  for (const c of allCommands(program)) {
    c.exitOverride().configureOutput(program.configureOutput()).configureHelp(helpConfiguration());
  }
  try {
    await program.parseAsync(args, { from: "user" });
    return ExitCode.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") {
        return ExitCode.OK;
      }
      if (e.code === "commander.help" || e.code === "commander.executeSubCommandAsync") {
        return ExitCode.OK;
      }
      return ExitCode.USAGE;
    }
    return failureStatus(e);
  }
}

function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap(allCommands)];
}

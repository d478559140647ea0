/**
 * `nvsforge generate <conf> <values> <prefix> <size>` and `nvsforge generate-key`: the
 * drop-ins for ESP-IDF's `mfg_gen.py generate` and `mfg_gen.py generate-key`, with the
 * reference's option spellings (`--prefix_num`, `--key_protect_hmac`...) and kebab-case
 * ones, plus `--force`, `--resume`, `--manifest FILE` and `--strict`.
 *
 * @module
 */

import { Command, Option } from "commander";
import { quote, quotePath } from "../errors.ts";
import type { Warning } from "../errors.ts";
import type { FormatVersion } from "../format/items.ts";
import { READ_ONLY_NOTICE } from "../format/size.ts";
import { checkPrefix } from "../mfg/batch.ts";
import { BatchInterrupted, runBatch } from "../mfg/run.ts";
import type { RunEncryption } from "../mfg/run.ts";
import { prefixNumValue, takePrefixNum } from "./prefix_num.ts";
import * as rt from "../runtime/mod.ts";
import { valueFileReader } from "../value_files.ts";
import { checkEncryptOptions, hmacOptions, keysFromHmacFile, readInputKey } from "./keys.ts";
import type { KeyOptions } from "./keys.ts";
import { nvsGenerateKey } from "./nvs_keys.ts";
import { expandHome } from "./output.ts";
import { printNote, printWarnings } from "./report.ts";
import { asUsage, usage } from "./usage.ts";
import { chooseTableLater } from "./table_options.ts";
import type { TableOptions } from "./table_options.ts";
import { floatOption, summaryOptions, tableOptions } from "./factory_options.ts";
import { factoryRun } from "./mfg_flash.ts";
import type { FactoryOptions } from "./mfg_flash.ts";

/** Options of `nvsforge generate`, as commander gives them. */
export interface MfgGenerateOptions extends KeyOptions, TableOptions, FactoryOptions {
  /** `--fileid COLUMN`. */
  fileid?: string;
  /** `--prefix_num START DIGITS`, joined by {@linkcode joinPrefixNum}. */
  prefixNum?: string;
  /** `--version 1|2`. */
  version?: string;
  /** `--outdir DIR`. */
  outdir?: string;
  /** `--resume`. */
  resume?: boolean;
  /** `--manifest FILE`. */
  manifest?: string;
  /** `--strict`. */
  strict?: boolean;
  /** `--float`: nvsforge's own float and double encodings. */
  float?: boolean;
  /** `--progress auto|bar|lines|none` (hidden). */
  progress?: "auto" | "bar" | "lines" | "none";
  /** `--jobs N`. */
  jobs?: string;
  /** `--coordinate auto|thread|main` (hidden). */
  coordinate?: "auto" | "thread" | "main";
}

export { joinPrefixNum } from "./prefix_num.ts";

/** Registers `generate` and `generate-key` (mfg_gen's commands) on the root program. */
export function addMfgCommands(program: Command): void {
  const gen = program.command("generate")
    .description(
      "Generate per-device NVS partition images from a configuration CSV and a master values CSV (mfg_gen.py generate)",
    )
    .usage(
      "[-h] [--fileid FILEID] [--prefix_num START DIGITS] [--version {1,2}] [--keygen] [--inputkey INPUTKEY] [--outdir OUTDIR] [--key_protect_hmac] [--kp_hmac_keygen] [--kp_hmac_keyfile KP_HMAC_KEYFILE] [--kp_hmac_inputkey KP_HMAC_INPUTKEY] [--force] [--resume] [--manifest FILE] [--partition-table FILE] [--partition NAME] [--hex] [--summary] [--summary-columns A,B] [--jobs N] [--strict] [--float] conf values prefix size",
    )
    .argument(
      "<conf>",
      "configuration CSV: `name,namespace,` and `key,type,encoding[,REPEAT]` rows",
    )
    .argument("<values>", "master values CSV: a header naming the keys, then one row per device")
    .argument("<prefix>", "prefix of every output file name")
    .argument(
      "<size>",
      "partition size in bytes, a multiple of 4096 (for example 0x6000), or auto with --partition-table",
    )
    .option(
      "--fileid <column>",
      "name each device's files after this column's value (default: 1, 2, 3...)",
    )
    .option(
      "--prefix-num <START DIGITS>",
      "also number the files, from START, zero-padded to DIGITS: <prefix>-<number>-<id>",
    )
    .addOption(
      new Option("--version <1|2>", "page format version: 1 without multipage blobs, 2 with them")
        .choices(["1", "2"]).default("2"),
    )
    .option("--keygen", "encrypt, with a new key per device (keys/keys-<prefix>-<id>.bin)")
    .option("--inputkey <file>", "encrypt every device with the key in this file")
    .option("--outdir <dir>", "directory for csv/, bin/ and keys/", ".");
  for (const o of hmacOptions()) gen.addOption(o);
  for (const o of [...tableOptions(), ...summaryOptions()]) gen.addOption(o);
  gen
    .addOption(new Option("--keyfile <file>").hideHelp())
    .option("--force", "replace existing output files")
    .option(
      "--resume",
      "finish an interrupted run: skip devices whose files are complete, write the others",
    )
    .option(
      "--manifest <file>",
      "write a JSON Lines manifest: a batch header, each device's files, SHA-256 and flash parts, totals",
    )
    .option("--strict", "treat warnings about probable mistakes as errors")
    .addOption(floatOption())
    .option(
      "--jobs <n>",
      "worker threads for the per-device work (default: one per CPU on a big master file; 0: none)",
    )
    .addOption(
      new Option("--progress <mode>", "progress display").choices(["auto", "bar", "lines", "none"])
        .default("auto").hideHelp(),
    )
    .addOption(
      new Option("--coordinate <where>", "where the run is coordinated")
        .choices(["auto", "thread", "main"]).default("auto").hideHelp(),
    )
    .action(async (conf: string, values: string, prefix: string, size: string, opts) => {
      const fileRoot = program.opts().fileRoot as string | undefined;
      await mfgGenerate(conf, values, prefix, size, opts as MfgGenerateOptions, fileRoot);
    });
  takePrefixNum(gen);

  const key = program.command("generate-key")
    .description("Generate an NVS encryption key partition file (mfg_gen.py generate-key)")
    .usage(
      "[-h] [--keyfile KEYFILE] [--outdir OUTDIR] [--key_protect_hmac] [--kp_hmac_keygen] [--kp_hmac_keyfile KP_HMAC_KEYFILE] [--kp_hmac_inputkey KP_HMAC_INPUTKEY] [--force]",
    )
    .option("--keyfile <file>", "name of the key file (default keys-<MM-DD_HH-MM>.bin)")
    .option("--outdir <dir>", "the key file goes to <outdir>/keys/", ".")
    .option("--force", "replace an existing key file");
  for (const o of hmacOptions()) key.addOption(o);
  key.action((opts) => nvsGenerateKey(opts));
}

function checkCsvName(file: string, what: string): void {
  if (rt.paths.extname(file).toLowerCase() !== ".csv") {
    throw usage(`${what} ${quotePath(file)} must have the .csv extension`);
  }
}

function encryptionOf(
  o: MfgGenerateOptions,
  warnings: Warning[],
): { encryption?: RunEncryption; hmacKeyfile?: string } {
  const asked = o.keygen || o.inputkey !== undefined || o.keyProtectHmac || o.kpHmacKeygen ||
    o.kpHmacKeyfile !== undefined || o.kpHmacInputkey !== undefined;
  if (!asked) {
    if (o.keyfile !== undefined) {
      warnings.push({ code: "usage", message: "--keyfile is ignored: nothing is encrypted" });
    }
    return {};
  }
  warnings.push(...checkEncryptOptions(o));
  if (o.inputkey !== undefined) {
    return { encryption: { keys: readInputKey(o.inputkey, (w) => warnings.push(w)) } };
  }
  if (o.keyfile !== undefined) {
    warnings.push({
      code: "usage",
      message: "--keyfile is ignored: each device's key file is named keys-<prefix>-<id>.bin",
    });
  }
  if (o.kpHmacInputkey !== undefined) {
    return { encryption: { keys: keysFromHmacFile(o.kpHmacInputkey), keyFiles: true } };
  }
  if (o.kpHmacKeygen) {
    let file = o.kpHmacKeyfile;
    if (file !== undefined) {
      const ext = rt.paths.extname(file);
      if (!ext) file += ".bin";
      else if (!ext.toLowerCase().includes(".bin")) {
        throw usage(`--kp_hmac_keyfile ${quotePath(file)} must have the .bin extension`);
      }
      if (rt.paths.isAbsolute(file)) {
        throw usage(
          `--kp_hmac_keyfile ${
            quotePath(file)
          } must be a file name: it is written to <outdir>/keys/`,
        );
      }
    }
    return { encryption: { generate: true, hmac: true }, hmacKeyfile: file };
  }
  return { encryption: { generate: true } };
}

/**
 * Runs `nvsforge generate`.
 *
 * @param fileRoot the root option `--file-root`, when given: `file`-type values are
 *   confined to it (worker threads need to know it too).
 */
export async function mfgGenerate(
  conf: string,
  values: string,
  prefix: string,
  sizeText: string,
  o: MfgGenerateOptions,
  fileRoot?: string,
): Promise<void> {
  // The prefix came from the command line: a bad one is a usage error (status 2).
  asUsage(() => checkPrefix(prefix));
  const { size, choice } = await chooseTableLater(o, sizeText);
  if (size?.readOnly) printNote(READ_ONLY_NOTICE);
  const prefixNum = o.prefixNum === undefined ? undefined : prefixNumValue(o.prefixNum);
  checkCsvName(conf, "configuration file");
  checkCsvName(values, "values file");
  let jobs: number | "auto" = "auto";
  if (o.jobs !== undefined) {
    if (!/^\d+$/.test(o.jobs.trim()) || Number(o.jobs) > 256) {
      throw usage(
        `--jobs must be a number of worker threads from 0 to 256, got ${quote(String(o.jobs))}`,
      );
    }
    jobs = Number(o.jobs);
  }
  // Milliseconds between progress lines in a log; 0 prints one per device.
  const interval = /^\d+$/.test(rt.env("NVSFORGE_PROGRESS_MS") ?? "")
    ? Number(rt.env("NVSFORGE_PROGRESS_MS"))
    : undefined;
  const cwd = rt.cwd();
  const warnings: Warning[] = [];
  try {
    const { encryption, hmacKeyfile } = encryptionOf(o, warnings);
    const outdir = expandHome(o.outdir ?? ".");
    // Without a valid size nothing is written: no factory outputs to work out.
    const factory = size
      ? factoryRun(
        o,
        { conf, values, prefix, outdir, size, choice, encryption },
        (w) => warnings.push(w),
      )
      : {};
    printWarnings(warnings.splice(0));
    await runBatch({
      conf,
      values,
      batch: {
        prefix,
        size: size ?? sizeText,
        version: (o.version === "1" ? 1 : 2) as FormatVersion,
        fileid: o.fileid,
        prefixNum,
        readFile: valueFileReader({ cwd, fileRoot }),
        strict: o.strict ?? false,
        float: o.float ?? false,
        windowsNames: rt.paths.sep === "\\",
      },
      files: { cwd, fileRoot },
      // A bad <size> is reported by the run, with the configuration's and the values' errors.
      usageOptions: ["size"],
      jobs,
      coordinate: o.coordinate,
      progressIntervalMs: interval,
      outdir,
      encryption,
      hmacKeyfile,
      force: o.force ?? false,
      resume: o.resume ?? false,
      manifest: o.manifest,
      ...factory,
      onWarnings: printWarnings,
      progress: o.progress,
    });
  } catch (e) {
    if (e instanceof BatchInterrupted) rt.exit(e.exitCode);
    throw e;
  } finally {
    printWarnings(warnings);
  }
}

/**
 * `nvsforge inspect <image.bin> [--inputkey F | --hmac-key F] [--format table|json|csv]
 * [--all] [--partition NAME] [--partition-table-offset N] [--offset N --size N]`: reads an
 * NVS partition image (generated, dumped from a device's flash, or taken out of a full
 * flash dump),
 * lists its values, checks its integrity, or turns it back into the generator CSV that
 * regenerates it.
 *
 * Exit status: 0 when the image is clean, 1 when the check found something (each
 * finding one line on standard error, or in the JSON), 2 when the input cannot be read
 * as an NVS partition at all (or the command line is wrong).
 *
 * @module
 */

import { IMAGE_MAX_BYTES, KEY_FILE_MAX_BYTES } from "./inputs.ts";
import { Command, Option } from "commander";
import { deriveKeysFromHmacKey, parseImage, parseKeyFile } from "../crypto/mod.ts";
import { NvsforgeError, UsageError } from "../errors.ts";
import type { ErrorCode, Warning } from "../errors.ts";
import { describeSystemError as describe } from "../errors.ts";
import type { BlobEncoding } from "../csv/stringify.ts";
import { countFindings, formatFinding, isClean } from "../format/findings.ts";
import type { Finding } from "../format/findings.ts";
import { recordsFromPartition } from "../format/reader.ts";
import type { ParsedPartition } from "../format/reader.ts";
import { renderTable } from "./inspect_table.ts";
import { csvWithFiles, defaultFilesDir, writeSideFiles } from "./inspect_csv.ts";
import { partitionToJson } from "./inspect_json.ts";
import * as rt from "../runtime/mod.ts";
import { githubCommand, printNote, printWarnings } from "./report.ts";
import { nvsFromInput } from "./dump.ts";
import { addDumpOptions } from "./factory_options.ts";
import type { DumpCliOptions } from "./dump.ts";

/** Output formats of `inspect`. */
export type InspectFormat = "table" | "json" | "csv";

/** The options of `inspect`, as commander gives them. */
export interface InspectOptions extends DumpCliOptions {
  /** `--inputkey F`: decrypt with the XTS keys in F (key partition or 64 bytes). */
  inputkey?: string;
  /** `--hmac-key F`: decrypt with the XTS keys derived from the 32-byte HMAC key in F. */
  hmacKey?: string;
  /** `--format`: table (default), json or csv. */
  format?: InspectFormat;
  /** `--all`: also list every entry (erased, superseded, invalid) and the pages. */
  all?: boolean;
  /**
   * `--files-dir DIR`: where `--format csv` writes the values a CSV row cannot carry
   * (default: a folder named after the image, in the current directory).
   */
  filesDir?: string;
  /** `--blob-encoding`: how `--format csv` writes blobs (hex2bin or base64). */
  blobEncoding?: BlobEncoding;
  /** `--error-format` of the root command: `github` prints findings as annotations. */
  errorFormat?: string;
}

/** The error code of "the check found something" (exit status 1). */
const CHECK_FAILED: ErrorCode = "check-failed";

function usage(detail: string): NvsforgeError {
  return new UsageError("usage", detail);
}

/** An error that means "cannot be read as an NVS partition at all": exit status 2. */
function unreadable(e: unknown, file: string): unknown {
  if (!(e instanceof NvsforgeError)) return e;
  return new UsageError(e.code, e.detail, e.location ?? { file });
}

function readInput(file: string, what: string, maxBytes = KEY_FILE_MAX_BYTES): Uint8Array {
  try {
    return rt.readRegularFile(file, maxBytes);
  } catch (e) {
    throw new NvsforgeError("file-unreadable", `cannot read ${what}: ${describe(e)}`, { file });
  }
}

/**
 * Adds `inspect` to the command line.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addInspectCommand } from "./inspect.ts";
 *
 * const program = new Command("nvsforge");
 * addInspectCommand(program);
 * if (!program.commands.some((c) => c.name() === "inspect")) throw new Error("not registered");
 * ```
 */
export function addInspectCommand(program: Command): void {
  const c = program.command("inspect")
    .description(
      "Read an NVS partition image (generated, or dumped from flash): list its values, check its integrity, or write the CSV that regenerates it",
    )
    .argument("<image.bin>", "the partition image, or a full flash dump")
    .option(
      "--inputkey <file>",
      "decrypt first with the keys in this file (NVS key partition or 64 bytes)",
    )
    .option("--hmac-key <file>", "decrypt first with the keys derived from this 32-byte HMAC key")
    .addOption(
      new Option("--format <format>", "table: readable; json: for programs; csv: generator CSV")
        .choices(["table", "json", "csv"]).default("table"),
    )
    .option("--all", "also list the pages and every entry: erased, superseded and invalid ones")
    .addOption(
      new Option("--blob-encoding <encoding>", "how --format csv writes blobs")
        .choices(["hex2bin", "base64"]).default("hex2bin"),
    )
    .option(
      "--files-dir <dir>",
      "where --format csv writes values a CSV row cannot carry (a carriage return), named by file rows (default: a folder named after the image)",
    );
  addDumpOptions(c)
    .action((image: string, opts: InspectOptions, cmd: Command) =>
      inspect(image, { ...opts, errorFormat: cmd.optsWithGlobals().errorFormat })
    );
}

/**
 * Runs `inspect`: prints the image's contents in the chosen format and its findings.
 *
 * @throws {NvsforgeError} kind `usage` (exit 2) when the input cannot be read as an NVS
 *   partition or the options are wrong; kind `input` (exit 1) when the check found
 *   errors or warnings, or the CSV cannot represent a value.
 */
export function inspect(file: string, options: InspectOptions): void {
  const format = options.format ?? "table";
  if (options.inputkey !== undefined && options.hmacKey !== undefined) {
    throw usage("--inputkey and --hmac-key exclude each other: give one");
  }
  if (options.all && format === "csv") {
    throw usage("--all lists entries in the table and json formats: the CSV holds live values");
  }
  const warnings: Warning[] = [];
  let parsed: ParsedPartition;
  try {
    let keys: Uint8Array | undefined;
    if (options.inputkey !== undefined) {
      const bytes = readInput(options.inputkey, "key file");
      keys = parseKeyFile(bytes, options.inputkey, (w) => warnings.push(w));
    } else if (options.hmacKey !== undefined) {
      keys = deriveKeysFromHmacKey(readInput(options.hmacKey, "HMAC key file"), options.hmacKey);
    }
    const input = nvsFromInput(
      readInput(file, "image", IMAGE_MAX_BYTES),
      file,
      options,
      (w) => warnings.push(w),
    );
    if (!keys && input.dumpKeys) {
      printNote("decrypting with the keys of the dump's key partition");
      keys = input.dumpKeys;
    }
    parsed = parseImage(input.image, { keys });
  } catch (e) {
    throw unreadable(e, file);
  } finally {
    printWarnings(warnings);
  }

  const github = (options.errorFormat ?? rt.env("NVSFORGE_ERROR_FORMAT")) === "github";
  if (format === "json") {
    rt.writeStdout(JSON.stringify(partitionToJson(parsed, file, options.all), null, 2) + "\n");
  } else {
    printFindings(parsed.findings, file, github);
    if (format === "table") rt.writeStdout(renderTable(parsed, file, options.all));
    else {
      const csvWarnings: Warning[] = [];
      const { text, files } = csvWithFiles(
        recordsFromPartition(parsed),
        options.filesDir ?? defaultFilesDir(file),
        {
          blobEncoding: options.blobEncoding,
          onWarning: (w) => csvWarnings.push({ ...w, location: { file, ...w.location } }),
        },
      );
      printWarnings(csvWarnings);
      writeSideFiles(files);
      rt.writeStdout(text);
    }
  }
  if (!isClean(parsed.findings)) {
    throw new NvsforgeError(CHECK_FAILED, `the check found ${describeCounts(parsed.findings)}`, {
      file,
    });
  }
}

function describeCounts(findings: readonly Finding[]): string {
  const n = countFindings(findings);
  const parts: string[] = [];
  if (n.errors) parts.push(`${n.errors} error${n.errors > 1 ? "s" : ""}`);
  if (n.warnings) parts.push(`${n.warnings} warning${n.warnings > 1 ? "s" : ""}`);
  return parts.join(" and ");
}

function printFindings(findings: readonly Finding[], file: string, github: boolean): void {
  for (const f of findings) {
    const line = formatFinding(f, file);
    rt.writeStderr(
      (github && f.severity !== "info" ? githubCommand(f.severity, line, { file }) : line) + "\n",
    );
  }
}

export { displayValue, renderTable } from "./inspect_table.ts";
export { INSPECT_JSON_SCHEMA, partitionToJson } from "./inspect_json.ts";

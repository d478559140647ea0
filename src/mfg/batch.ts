/**
 * A manufacturing batch: its options, and its configuration read and checked
 * ({@linkcode MfgBatch}). Every pass over the master file — the library's, the
 * stream's, the command line's and its worker threads' — starts here; once a reader
 * has matched the master file's header, the batch laid out by it
 * ({@linkcode LaidOutBatch}, in `laid_out_batch.ts`) names each device row and writes
 * its intermediate CSV.
 *
 * @module
 */

import type { ReadFileSync as FileReader } from "../csv/records.ts";
import { Diagnostics, InputError, NvsforgeError } from "../errors.ts";
import type { FormatVersion } from "../format/items.ts";
import { checkPartitionSize } from "../format/size.ts";
import type { PartitionSize } from "../format/size.ts";
import { checkableConfig, parseConfig } from "./config.ts";
import type { MfgConfig } from "./config.ts";
import { formatCsvRow } from "./csv_writer.ts";
import type { DeviceSettings } from "./device.ts";
import { LaidOutBatch } from "./laid_out_batch.ts";
import { MasterReader } from "./master.ts";
import type { DeviceRow, MasterLayout } from "./master.ts";
import type { PrefixNum } from "./naming.ts";

/**
 * Options of a batch: of {@linkcode MfgBatch}, and the base of `GenerateBatchOptions`.
 *
 * @example
 * ```ts
 * import { type BatchOptions, generateBatch } from "./mod.ts";
 *
 * const options: BatchOptions = {
 *   prefix: "unit",
 *   size: "0x3000",
 *   fileid: "serial",
 *   prefixNum: { start: 100n, digits: 4 },
 *   configName: "config.csv",
 *   valuesName: "values.csv",
 * };
 * const config = "dev,namespace,\nserial,data,string\n";
 * const names = [...generateBatch(config, "serial\nA7\nB9\n", options)].map((d) => d.name);
 * if (names.join() !== "unit-0100-A7,unit-0101-B9") throw new Error(names.join());
 * ```
 */
export interface BatchOptions {
  /** The file name prefix (mfg_gen's `prefix` argument). */
  prefix: string;
  /** Partition size: bytes, a literal such as `"0x6000"`, or a checked size. */
  size: number | string | PartitionSize;
  /** Page format version (default 2). */
  version?: FormatVersion;
  /** `--fileid`: the master column whose value names each device's files. */
  fileid?: string;
  /** `--prefix_num START DIGITS`: a counter in each name. */
  prefixNum?: PrefixNum;
  /** Reads `file`-type values; without it, `file` rows are errors. */
  readFile?: FileReader;
  /** Make warnings (input that is probably a mistake) errors. */
  strict?: boolean;
  /** Accept nvsforge's own `float` and `double` encodings (mfg_gen rejects them). */
  float?: boolean;
  /** The configuration file's name, for messages (default `config.csv`). */
  configName?: string;
  /** The master values file's name, for messages (default `values.csv`). */
  valuesName?: string;
  /** Key files are written too (their names must fit the file system). */
  withKeyFiles?: boolean;
  /** Names must be valid Windows file names (set when running on Windows). */
  windowsNames?: boolean;
}

/**
 * Checks a batch's file name prefix: a file name part, without a path separator.
 *
 * @example
 * ```ts
 * import { checkPrefix } from "./batch.ts";
 * import { NvsforgeError } from "../errors.ts";
 *
 * checkPrefix("unit");
 * try {
 *   checkPrefix("out/unit");
 *   throw new Error("a prefix with a path was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "invalid-output") throw e;
 * }
 * ```
 *
 * @throws {NvsforgeError} `invalid-output` when it holds a path separator or a NUL.
 */
export function checkPrefix(prefix: string): void {
  if (/[/\\\0]/.test(prefix)) {
    throw new NvsforgeError(
      "invalid-output",
      `prefix "${prefix}" must be a file name prefix, without a path separator (the directory is the output directory)`,
    );
  }
}

/**
 * The parts of a batch every pass over the master file needs: the checked
 * configuration, how devices are built, the options. What depends on the master file's
 * header (naming a device, its intermediate CSV) is on the {@linkcode LaidOutBatch}
 * that {@linkcode MfgBatch.withLayout} gives once a reader has matched the header.
 *
 * @example
 * ```ts
 * import { Diagnostics, MfgBatch } from "@nvsforge/nvsforge/mfg";
 *
 * const batch = new MfgBatch("dev,namespace,\nserial,data,string\n", {
 *   prefix: "unit",
 *   size: 0x3000,
 *   fileid: "serial",
 * });
 * const reader = batch.reader(new Diagnostics());
 * reader.push("serial", 1);
 * const [row] = reader.push("SN-7", 2);
 * const device = batch.withLayout(reader.layout!).plan(row);
 * if (device.name !== "unit-SN-7" || device.csvName !== "csv/unit-SN-7.csv") {
 *   throw new Error(device.name);
 * }
 * if (!device.csvText.endsWith("serial,data,string,SN-7\r\n")) throw new Error(device.csvText);
 * ```
 */
export class MfgBatch {
  /**
   * The checked configuration (with problems collected: its rows without errors, see
   * `checkableConfig`).
   */
  readonly config: MfgConfig;
  /** How devices are built. */
  readonly settings: DeviceSettings;
  /** The options as given. */
  readonly options: BatchOptions;

  /**
   * Reads and checks the configuration and the options.
   *
   * @param configText the configuration CSV.
   * @param options the batch's options.
   * @param problems where the problems go instead of being thrown: a bad size (option
   *   `size`) and every error of the configuration. The batch can then still check a
   *   master file: against the configuration's rows without errors (see
   *   `checkableConfig`), and without the size (`settings.size` is undefined:
   *   whether a device fits is not checked, and no device can be built).
   * @throws {NvsforgeError} for a bad size or prefix (the size: without `problems`).
   * @throws {NvsforgeErrors} every problem of the configuration, without `problems`.
   */
  constructor(
    configText: string,
    options: BatchOptions,
    problems?: { add(error: NvsforgeError): void },
  ) {
    this.options = options;
    let size: PartitionSize | undefined;
    try {
      size = typeof options.size === "object" ? options.size : checkPartitionSize(options.size);
    } catch (e) {
      if (!(e instanceof NvsforgeError)) throw e;
      const error = new InputError(e.code, e.detail, { option: "size" });
      if (!problems) throw error;
      problems.add(error);
    }
    checkPrefix(options.prefix);
    this.settings = {
      size,
      version: options.version ?? 2,
      readFile: options.readFile,
      strict: options.strict ?? false,
      float: options.float ?? false,
    };
    const d = new Diagnostics(options.strict ?? false);
    const config = parseConfig(configText, options.configName ?? "config.csv", d, {
      float: options.float,
    });
    if (!problems) d.throwIfAny();
    for (const e of d.errors) problems?.add(e);
    this.config = checkableConfig(config, d.errors);
  }

  /** The master file's name, for messages. */
  get valuesName(): string {
    return this.options.valuesName ?? "values.csv";
  }

  /** A reader for one pass over the master file; errors go to `diagnostics`. */
  reader(diagnostics: Diagnostics): MasterReader {
    return new MasterReader(this.config, {
      file: this.valuesName,
      fileid: this.options.fileid,
      diagnostics,
    });
  }

  /**
   * The batch as a master file's header lays it out (the same header for every pass).
   *
   * @param layout the header a reader matched (`MasterReader.layout`).
   */
  withLayout(layout: MasterLayout): LaidOutBatch {
    return new LaidOutBatch(this, layout);
  }

  /** The device row as the created master values file holds it. */
  createdRow(row: DeviceRow): string {
    return formatCsvRow(row.fields);
  }
}

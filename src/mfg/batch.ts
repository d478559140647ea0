/**
 * A manufacturing batch: a configuration, a master values file, and how devices are
 * named and built. {@linkcode MfgBatch} holds what every pass over the master file
 * needs; {@linkcode generateBatch} is the whole batch as a library call over text,
 * yielding each device's CSV and image in memory.
 *
 * @module
 */

import type { NvsCsvRow } from "../csv/nvs_csv.ts";
import type { ReadFileSync as FileReader } from "../csv/records.ts";
import { Diagnostics, InputError, NvsforgeError, quote } from "../errors.ts";
import type { Warning } from "../errors.ts";
import type { FormatVersion } from "../format/items.ts";
import { checkPartitionSize } from "../format/size.ts";
import type { PartitionSize } from "../format/size.ts";
import { BatchEncryptor, hasKeyFiles } from "./encryption.ts";
import type { BatchEncryption } from "./encryption.ts";
import { checkableConfig, parseConfig } from "./config.ts";
import type { MfgConfig } from "./config.ts";
import { formatCsvRow } from "./csv_writer.ts";
import { buildDevice, checkDevice } from "./device.ts";
import type { DeviceSettings, DeviceSource } from "./device.ts";
import { DeviceCsvWriter } from "./device_csv.ts";
import { ErrorList, WarningDigest } from "./findings.ts";
import { IdSet } from "./id_set.ts";
import { LineSplitter } from "./lines.ts";
import { deviceIdOf, MasterReader } from "./master.ts";
import type { DeviceRow, MasterLayout } from "./master.ts";
import { deviceFiles, DeviceNamer, nameProblem } from "./naming.ts";
import type { PrefixNum } from "./naming.ts";

/**
 * Options of a batch: of {@linkcode MfgBatch}, and the base of {@linkcode GenerateBatchOptions}.
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

/** A device row with its name and intermediate CSV. */
export interface PlannedDevice extends DeviceRow {
  /** The device's id: its `--fileid` value, or its number. */
  id: string;
  /** The base name of its files: `<prefix>[-<counter>]-<id>`. */
  name: string;
  /** The name of its intermediate CSV: `csv/<name>.csv`. */
  csvName: string;
  /** Its intermediate CSV. */
  csvText: string;
}

/** The parts of a batch every pass over the master file needs. */
export class MfgBatch {
  /**
   * The checked configuration (with problems collected: its rows without errors, see
   * {@linkcode checkableConfig}).
   */
  readonly config: MfgConfig;
  /** How devices are built. */
  readonly settings: DeviceSettings;
  /** The options as given. */
  readonly options: BatchOptions;
  readonly #namer: DeviceNamer;
  #csv?: DeviceCsvWriter;
  #layout?: MasterLayout;

  /**
   * Reads and checks the configuration and the options.
   *
   * @param configText the configuration CSV.
   * @param options the batch's options.
   * @param problems where the problems go instead of being thrown: a bad size (option
   *   `size`) and every error of the configuration. The batch can then still check a
   *   master file: against the configuration's rows without errors (see
   *   {@linkcode checkableConfig}), and without the size (`settings.size` is undefined:
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
    this.#namer = new DeviceNamer(options.prefix, options.prefixNum);
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

  /** The master layout, once a reader has matched the header. */
  get layout(): MasterLayout | undefined {
    return this.#layout;
  }

  /** Adopts the header a reader matched (the same for every pass). */
  useLayout(layout: MasterLayout): void {
    this.#layout = layout;
    this.#csv = new DeviceCsvWriter(this.config, layout);
  }

  /**
   * Where a device row is, as every message about the device names it: the values file
   * and line, the row's number and its `--fileid` value (or its first column).
   */
  where(device: Pick<DeviceRow, "index" | "line" | "fields">): DeviceSource {
    return {
      file: this.valuesName,
      line: device.line,
      device: device.index,
      deviceId: deviceIdOf(device.fields, this.#layout),
    };
  }

  /** A device row's id and the base name of its files. */
  identify(row: DeviceRow): { id: string; name: string } {
    if (!this.#layout) throw new Error("MfgBatch.identify before useLayout");
    const col = this.#layout.fileidColumn;
    const id = this.#namer.id(row.index, col === undefined ? undefined : row.fields[col]);
    return { id, name: this.#namer.name(row.index, id) };
  }

  /** A device's intermediate CSV, from its row's values. */
  csvText(fields: readonly string[]): string {
    if (!this.#csv) throw new Error("MfgBatch.csvText before useLayout");
    return this.#csv.csv(fields);
  }

  /**
   * The rows a device's intermediate CSV holds, when they are known without reading
   * its text back (no value with a line break): see `DeviceCsvWriter.rows`.
   */
  csvRows(fields: readonly string[], csvName: string): NvsCsvRow[] | undefined {
    if (!this.#csv) throw new Error("MfgBatch.csvRows before useLayout");
    return this.#csv.rows(fields, csvName);
  }

  /** Names a device row and writes its intermediate CSV. */
  plan(row: DeviceRow): PlannedDevice {
    const { id, name } = this.identify(row);
    return { ...row, id, name, csvName: deviceFiles(name).csv, csvText: this.csvText(row.fields) };
  }

  /** The device row as the created master values file holds it. */
  createdRow(row: DeviceRow): string {
    return formatCsvRow(row.fields);
  }
}

/**
 * Checks device rows in order: names (usable, not repeated) and contents (every value
 * converts, the data fits). Used by the checking pass of every batch run.
 */
export class BatchChecker {
  /** The errors found so far. */
  readonly errors: ErrorList;
  /** The warnings found so far. */
  readonly warnings: WarningDigest;
  readonly #batch: MfgBatch;
  readonly #ids = new IdSet();
  readonly #checkIds: boolean;
  readonly #withKeys: boolean;
  readonly #emptyIdWarned = { done: false };

  /**
   * Creates a checker for one batch.
   *
   * @param batch the batch whose devices are checked.
   * @param errors where errors go (default: a new list).
   * @param warnings where warnings go (default: a new digest).
   */
  constructor(batch: MfgBatch, errors = new ErrorList(), warnings = new WarningDigest()) {
    this.#batch = batch;
    this.errors = errors;
    this.warnings = warnings;
    // Names built from a counter are unique by construction.
    this.#checkIds = batch.options.fileid !== undefined && batch.options.prefixNum === undefined;
    this.#withKeys = batch.options.withKeyFiles ?? false;
  }

  /**
   * Checks a device's name. Returns false (and records why) when its files cannot be
   * written under that name.
   */
  checkName(device: Pick<PlannedDevice, "index" | "line" | "id" | "name">): boolean {
    const fields = (device as Partial<DeviceRow>).fields;
    const at = fields
      ? this.#batch.where({ ...device, fields })
      : { ...this.#batch.where({ ...device, fields: [] }), deviceId: device.id };
    const col = this.#batch.options.fileid;
    const problem = nameProblem(
      device.name,
      this.#withKeys,
      this.#batch.options.windowsNames ?? false,
    );
    if (problem) {
      this.errors.add(
        new NvsforgeError(
          "invalid-output",
          `${problem}: ${col ? `its --fileid value` : "its name"} cannot name files`,
          {
            ...at,
            column: col,
          },
        ),
      );
      return false;
    }
    if (col !== undefined && device.id === "" && !this.#emptyIdWarned.done) {
      this.#emptyIdWarned.done = true;
      this.warnings.add({
        code: "quirk",
        message: `the --fileid column ${
          quote(col)
        } is empty: the files are named "${device.name}.*"`,
        location: { ...at, column: col },
      });
    }
    if (this.#checkIds) {
      const before = this.#ids.add(device.id, device.index);
      if (before !== undefined) {
        this.errors.add(
          new NvsforgeError(
            "output-exists",
            `--fileid value ${
              quote(device.id)
            } is also the value of device row ${before}: both devices would be written to ${
              deviceFiles(device.name).bin
            }`,
            { ...at, column: col },
          ),
        );
        return false;
      }
    }
    return true;
  }

  /** Checks a device's values and size; records its problems. Returns whether it is fine. */
  checkContent(device: PlannedDevice): boolean {
    const batch = this.#batch;
    const r = checkDevice(
      device.csvText,
      device.csvName,
      batch.settings,
      batch.where(device),
      batch.csvRows(device.fields, device.csvName),
    );
    this.take(r.errors, r.warnings);
    return r.errors.length === 0;
  }

  /** Records a device's findings (errors and warnings). */
  take(errors: readonly NvsforgeError[], warnings: readonly Warning[]): void {
    for (const e of errors) this.errors.add(e); // never spread: input-sized
    for (const w of warnings) this.warnings.add(w);
  }
}

/**
 * Options of {@linkcode generateBatch}.
 *
 * @example
 * ```ts
 * import { generateKeys } from "@nvsforge/nvsforge/crypto";
 * import { generateBatch, type GenerateBatchOptions, type Warning } from "@nvsforge/nvsforge/mfg";
 *
 * const warnings: Warning[] = [];
 * const options: GenerateBatchOptions = {
 *   prefix: "dev",
 *   size: 0x3000,
 *   encryption: { keys: generateKeys() }, // one key for every device
 *   onWarning: (w) => warnings.push(w),
 * };
 * const config = "n,namespace,\nrev,data,u8\n";
 * const devices = [...generateBatch(config, "rev\n010\n", options)];
 * // "010" is read as the decimal 10, as mfg_gen reads it, with a warning (not octal).
 * if (devices.length !== 1 || warnings.length !== 1) throw new Error(`${warnings.length} warnings`);
 * ```
 */
export interface GenerateBatchOptions extends BatchOptions {
  /** Encrypt the images. */
  encryption?: BatchEncryption;
  /** Receives each warning (a few per kind; the rest summarised at the end). */
  onWarning?: (warning: Warning) => void;
}

/**
 * One device of a batch, built in memory.
 *
 * @example
 * ```ts
 * import { type DeviceImage, generateBatch } from "./mod.ts";
 *
 * const config = "dev,namespace,\nserial,data,string\n";
 * const [device]: DeviceImage[] = [...generateBatch(config, "serial\nSN-1\n", {
 *   prefix: "dev",
 *   size: 0x3000,
 *   fileid: "serial",
 * })];
 * const csv = "key,type,encoding,value\r\ndev,namespace,,\r\nserial,data,string,SN-1\r\n";
 * if (device.index !== 1 || device.line !== 2 || device.id !== "SN-1" || device.name !== "dev-SN-1") {
 *   throw new Error(JSON.stringify(device));
 * }
 * if (device.csvText !== csv || device.image.length !== 0x3000 || device.keyPartition) {
 *   throw new Error("unexpected contents");
 * }
 * ```
 */
export interface DeviceImage {
  /** 1-based device number (its row among the master file's data rows). */
  index: number;
  /** The line of the master file where its row starts. */
  line: number;
  /** Its id: the `--fileid` value, or its number. */
  id: string;
  /** The base name of its files: `<prefix>[-<counter>]-<id>`. */
  name: string;
  /** Its intermediate CSV (`csv/<name>.csv`), as mfg_gen writes it. */
  csvText: string;
  /** Its partition image (`bin/<name>.bin`), encrypted when asked. */
  image: Uint8Array;
  /** Encrypted: its 64 XTS key bytes (data key then tweak key). */
  keys?: Uint8Array;
  /** With a key file per device: its NVS key partition (`keys/keys-<name>.bin`). */
  keyPartition?: Uint8Array;
  /** With generated HMAC keys: its HMAC key (`keys/hmac-keys-<name>.bin`, for its eFuse). */
  hmacKey?: Uint8Array;
}

function* deviceRows(batch: MfgBatch, valuesText: string, d: Diagnostics): Generator<DeviceRow> {
  const reader = batch.reader(d);
  const lines = new LineSplitter();
  let n = 0;
  const feed = function* (ls: string[]) {
    for (const l of ls) {
      for (const row of reader.push(l, ++n)) {
        yield row;
      }
      if (reader.layout && !batch.layout) batch.useLayout(reader.layout);
    }
  };
  yield* feed(lines.push(valuesText));
  yield* feed(lines.end());
  reader.end();
}

/**
 * Generates a batch in memory, as `mfg_gen.py generate` does on disk: checks the whole
 * configuration and master file first (every problem reported at once), then yields
 * each device's intermediate CSV and image, in master file order.
 *
 * @param configText the configuration CSV.
 * @param valuesText the master values CSV.
 * @param options prefix, size, naming, file reader, encryption.
 * @returns the devices, one at a time.
 * @throws {NvsforgeError|NvsforgeErrors} before the first device, every problem found.
 * @example
 * ```ts
 * import { generateBatch, NvsforgeError } from "./mod.ts";
 *
 * const config = "dev,namespace,\nserial,data,string\nrev,data,u8,REPEAT\n";
 * const values = "serial,rev\nSN-1,3\nSN-2,\n";
 * const options = { prefix: "dev", size: 0x3000, fileid: "serial" };
 * const devices = [...generateBatch(config, values, options)];
 * if (devices.length !== 2 || devices[1].name !== "dev-SN-2") throw new Error("wrong devices");
 * // REPEAT: the second device takes the first device's value.
 * if (!devices[1].csvText.endsWith("rev,data,u8,3\r\n")) throw new Error(devices[1].csvText);
 * if (devices[0].image.length !== 0x3000) throw new Error("wrong image size");
 *
 * // Nothing is yielded when any row is wrong: every problem is thrown at once.
 * try {
 *   [...generateBatch(config, "serial,rev\nSN-1,3\nSN-1,4\n", options)];
 *   throw new Error("two devices named SN-1 were accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "output-exists") throw e;
 * }
 * ```
 */
export function* generateBatch(
  configText: string,
  valuesText: string,
  options: GenerateBatchOptions,
): Generator<DeviceImage> {
  // A bad size and the configuration's errors are reported with the master file's.
  const problems = new ErrorList();
  const batch = new MfgBatch(configText, {
    ...options,
    withKeyFiles: hasKeyFiles(options.encryption),
  }, problems);
  const checker = new BatchChecker(batch, problems);
  const d = new Diagnostics(options.strict ?? false);
  for (const row of deviceRows(batch, valuesText, d)) {
    const device = batch.plan(row);
    if (checker.checkName(device)) checker.checkContent(device);
  }
  for (const e of d.errors) checker.errors.add(e);
  for (const w of d.warnings) checker.warnings.add(w);
  for (const w of checker.warnings.shown) options.onWarning?.(w);
  for (const w of checker.warnings.summaries()) options.onWarning?.(w);
  checker.errors.throwIfAny();

  const quiet = new Diagnostics();
  const encryptor = options.encryption && new BatchEncryptor(options.encryption);
  try {
    for (const row of deviceRows(batch, valuesText, quiet)) {
      const device = batch.plan(row);
      const built = buildDevice(
        device.csvText,
        device.csvName,
        batch.settings,
        batch.where(device),
        batch.csvRows(device.fields, device.csvName),
      );
      if (!built.image) {
        const errors = new ErrorList();
        for (const e of built.errors) errors.add(e);
        errors.throwIfAny();
      }
      let image = built.image!;
      const keys = encryptor?.deviceKeys();
      if (keys) image = encryptor!.encryptInPlace(image, keys);
      yield {
        index: device.index,
        line: device.line,
        id: device.id,
        name: device.name,
        csvText: device.csvText,
        image,
        ...keys,
      };
    }
  } finally {
    encryptor?.destroy();
  }
}

/**
 * The created master values file mfg_gen writes when the configuration has REPEAT
 * keys (`<values stem>_tmp_created.csv`): the master file with every REPEAT value filled
 * in, as Python's `csv.writer` writes it. Undefined without REPEAT keys (mfg_gen writes
 * no such file then). The inputs must be valid (see {@linkcode generateBatch}).
 *
 * @example
 * ```ts
 * import { createdValuesCsv } from "./mod.ts";
 *
 * const text = createdValuesCsv("n,namespace,\na,data,u8,REPEAT\n", "id,a\n1,5\n2,\n");
 * if (text !== "id,a\r\n1,5\r\n2,5\r\n") throw new Error(JSON.stringify(text));
 * if (createdValuesCsv("n,namespace,\na,data,u8\n", "a\n1\n") !== undefined) {
 *   throw new Error("a created file without REPEAT keys");
 * }
 * ```
 *
 * @param configText the configuration CSV.
 * @param valuesText the master values CSV.
 * @param options the files' names, for messages.
 * @returns the created master values file, or undefined without REPEAT keys.
 * @throws {NvsforgeError|NvsforgeErrors} when the configuration is invalid.
 */
export function createdValuesCsv(
  configText: string,
  valuesText: string,
  options: Pick<BatchOptions, "configName" | "valuesName"> = {},
): string | undefined {
  const batch = new MfgBatch(configText, { prefix: "x", size: 0x3000, ...options });
  if (!batch.config.keys.some((k) => k.repeat)) return undefined;
  const d = new Diagnostics();
  let out = "";
  for (const row of deviceRows(batch, valuesText, d)) {
    if (out === "") out = formatCsvRow(batch.layout!.header);
    out += batch.createdRow(row);
  }
  return out;
}

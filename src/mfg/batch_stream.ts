/**
 * A batch streamed: {@linkcode generateBatchStream} reads the master values file as it
 * arrives (a string, an iterable of chunks, or a `ReadableStream`), reads each device's
 * `file` values through an async `readFile` (once per distinct file), and yields each
 * device as soon as it is built, in master file order. Same bytes as
 * `generateBatch` and `nvsforge generate`.
 *
 * It is a separate function, not a form of `generateBatch`, because its contract
 * differs: `generateBatch` yields nothing until the whole master file is checked, this
 * one yields valid devices at once and throws every problem at the end.
 *
 * @module
 */

import { readNvsCsv } from "../csv/nvs_csv.ts";
import type { ReadFile } from "../csv/records.ts";
import { Diagnostics, NvsforgeError } from "../errors.ts";
import { MfgBatch } from "./batch.ts";
import { BatchChecker } from "./batch_checker.ts";
import { deviceImage } from "./device_image.ts";
import type { DeviceImage } from "./device_image.ts";
import { BatchEncryptor, hasKeyFiles } from "./encryption.ts";
import { ErrorList, WarningDigest } from "./findings.ts";
import type { GenerateBatchOptions } from "./generate_batch.ts";
import type { LaidOutBatch } from "./laid_out_batch.ts";
import type { DeviceRow } from "./master.ts";
import { masterLines } from "./master_source.ts";
import type { MasterSource } from "./master_source.ts";
import { filePaths, ReadOnce } from "./read_once.ts";

/**
 * Options of {@linkcode generateBatchStream}: those of {@linkcode generateBatch}, with a
 * `readFile` that may be async.
 */
export interface GenerateBatchStreamOptions extends Omit<GenerateBatchOptions, "readFile"> {
  /**
   * Reads `file`-type values (bytes, or a promise of them); without it, `file` rows are
   * errors. Called at most once per distinct file name while what was read fits the
   * batch's cache (8 MiB, least recently used dropped first): a file every device names
   * is read once; a per-device file once, then let go.
   */
  readFile?: ReadFile;
}

/**
 * Generates a batch in memory, streamed: reads the master values file as it comes and
 * yields each valid device (intermediate CSV and image, byte for byte mfg_gen's) as soon
 * as it is built, in master file order; the first device comes before the file is read
 * to its end.
 *
 * Errors: a device row with a problem is not yielded; every problem of every row (and of
 * the file: a bad header, no rows) is collected, and when the master file is read to its
 * end the generator throws them all at once, as {@linkcode generateBatch} does: one
 * error as itself, several as one `NvsforgeErrors` (code `many`, itself an
 * `NvsforgeError`). So a caller that needs all-or-nothing output discards what it got
 * when the loop throws. A bad size and the configuration's errors are reported the same
 * way, with the master file's: no device is built then, but the master file is still
 * read and checked (against the configuration's rows without errors), so that every
 * problem is thrown at once. A bad prefix or encryption option is thrown before any
 * input is read. Warnings go to `onWarning` as they are found (a few per kind; the rest
 * summarised at the end).
 *
 * @param configText the configuration CSV.
 * @param values the master values CSV: text, or its chunks (see `MasterSource`).
 * @param options prefix, size, naming, an async file reader, encryption.
 * @returns the valid devices, one at a time.
 * @throws {NvsforgeError} at the end, every problem found (code `many` for several).
 * @example
 * ```ts
 * import { generateBatchStream, NvsforgeError } from "@nvsforge/nvsforge/mfg";
 *
 * const config = "dev,namespace,\nserial,data,string\ncert,file,binary\n";
 * // The master file, streamed as bytes (e.g. `(await fetch(url)).body` or `file.stream()`).
 * const values = new Blob(["serial,cert\nSN-1,ca.pem\n", "SN-2,ca.pem\n"]).stream();
 * let reads = 0;
 * const readFile = async (path: string) => (reads++, new TextEncoder().encode(`<${path}>`));
 * const names: string[] = [];
 * for await (const d of generateBatchStream(config, values, {
 *   prefix: "dev",
 *   size: 0x3000,
 *   fileid: "serial",
 *   readFile,
 * })) {
 *   if (d.image.length !== 0x3000) throw new Error(`${d.name}: wrong size`);
 *   names.push(d.name);
 * }
 * if (names.join() !== "dev-SN-1,dev-SN-2" || reads !== 1) throw new Error(`${names} ${reads}`);
 *
 * // Valid devices come out; every problem is thrown at the end.
 * const got: string[] = [];
 * try {
 *   const bad = "serial,cert\nSN-1,ca.pem\nSN-1,ca.pem\nSN-3\n";
 *   for await (const d of generateBatchStream(config, bad, { prefix: "dev", size: 0x3000, fileid: "serial", readFile })) {
 *     got.push(d.name);
 *   }
 *   throw new Error("no error");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "many") throw e;
 * }
 * if (got.join() !== "dev-SN-1") throw new Error(got.join());
 * ```
 */
export async function* generateBatchStream(
  configText: string,
  values: MasterSource,
  options: GenerateBatchStreamOptions,
): AsyncGenerator<DeviceImage> {
  const { readFile, ...rest } = options;
  // A bad size and the configuration's errors are reported with the master file's.
  const errors = new ErrorList();
  const warnings = new WarningDigest();
  const batch = new MfgBatch(configText, {
    ...rest,
    withKeyFiles: hasKeyFiles(options.encryption),
  }, errors);
  // Without a valid size and configuration no device is built: they are only checked.
  const buildable = errors.count === 0;
  const files = readFile && new ReadOnce(readFile);
  let checker: BatchChecker | undefined;
  const d = new Diagnostics(options.strict ?? false);
  const reader = batch.reader(d);
  const encryptor = options.encryption && new BatchEncryptor(options.encryption);
  let seenErrors = 0;
  let seenWarnings = 0;
  let shown = 0;
  const flush = () => {
    while (seenErrors < d.errors.length) errors.add(d.errors[seenErrors++]);
    while (seenWarnings < d.warnings.length) warnings.add(d.warnings[seenWarnings++]);
    const s = warnings.shown;
    // (not `onWarning?.(s[shown++])`: without a callback its argument is never evaluated)
    for (; shown < s.length; shown++) options.onWarning?.(s[shown]);
  };
  const build = async (row: DeviceRow): Promise<DeviceImage | undefined> => {
    // A row comes only after the header it is read by.
    checker ??= new BatchChecker(batch.withLayout(reader.layout!), errors, warnings);
    const laid: LaidOutBatch = checker.batch;
    const device = laid.plan(row);
    if (!checker.checkName(device)) return undefined;
    const rows = laid.csvRows(device.fields, device.csvName);
    let settings = laid.settings;
    if (files) {
      // The device's own reading of its CSV reports any problem of it; this one only finds files.
      const all = rows ?? readNvsCsv(device.csvText, device.csvName, new Diagnostics());
      settings = { ...settings, readFile: await files.reader(filePaths(all)) };
    }
    if (!buildable) {
      checker.checkContent(device, settings.readFile);
      return undefined;
    }
    const built = laid.build(device, settings, rows);
    checker.take(built.errors, built.warnings);
    if (!built.image || built.errors.length > 0) return undefined;
    return deviceImage(device, built.image, encryptor);
  };
  try {
    for await (const [text, line] of masterLines(values, batch.valuesName)) {
      for (const row of reader.push(text, line)) {
        const device = await build(row);
        flush();
        if (device) yield device;
      }
    }
    for (const row of reader.end()) {
      const device = await build(row);
      flush();
      if (device) yield device;
    }
  } catch (e) {
    if (!(e instanceof NvsforgeError)) throw e;
    errors.add(e);
  } finally {
    encryptor?.destroy();
  }
  flush();
  for (const w of warnings.summaries()) options.onWarning?.(w);
  errors.throwIfAny();
}

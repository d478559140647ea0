/**
 * The whole batch as one library call over text: {@linkcode generateBatch} checks the
 * configuration and the master values file (every problem reported at once), then
 * yields each device's intermediate CSV and image in memory, as `mfg_gen.py generate`
 * writes them on disk.
 *
 * @module
 */

import { Diagnostics } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { MfgBatch } from "./batch.ts";
import { laidOutRows } from "./laid_out_batch.ts";
import type { BatchOptions } from "./batch.ts";
import { BatchChecker } from "./batch_checker.ts";
import type { DeviceSettings } from "./device.ts";
import { deviceImage } from "./device_image.ts";
import type { DeviceImage } from "./device_image.ts";
import { BatchEncryptor, hasKeyFiles } from "./encryption.ts";
import type { BatchEncryption } from "./encryption.ts";
import { ErrorList, WarningDigest } from "./findings.ts";
import { HeldFiles } from "./read_once.ts";

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
 * Generates a batch in memory, as `mfg_gen.py generate` does on disk: checks the whole
 * configuration and master file first (every problem reported at once), then yields
 * each device's intermediate CSV and image, in master file order. `readFile` is called
 * once per distinct file; what it gave is held until the last device that uses it is
 * built.
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
  const files = options.readFile && new HeldFiles(options.readFile);
  // A bad size and the configuration's errors are reported with the master file's.
  const errors = new ErrorList();
  const warnings = new WarningDigest();
  const batch = new MfgBatch(configText, {
    ...options,
    readFile: files?.check,
    withKeyFiles: hasKeyFiles(options.encryption),
  }, errors);
  const d = new Diagnostics(options.strict ?? false);
  let checker: BatchChecker | undefined;
  for (const { batch: laid, row } of laidOutRows(batch, valuesText, d)) {
    checker ??= new BatchChecker(laid, errors, warnings);
    const device = laid.plan(row);
    if (checker.checkName(device)) checker.checkContent(device);
  }
  for (const e of d.errors) errors.add(e);
  for (const w of d.warnings) warnings.add(w);
  for (const w of warnings.shown) options.onWarning?.(w);
  for (const w of warnings.summaries()) options.onWarning?.(w);
  errors.throwIfAny();

  const settings: DeviceSettings = { ...batch.settings, readFile: files?.build };
  const quiet = new Diagnostics();
  const encryptor = options.encryption && new BatchEncryptor(options.encryption);
  try {
    for (const { batch: laid, row } of laidOutRows(batch, valuesText, quiet)) {
      const device = laid.plan(row);
      const built = laid.build(device, settings);
      if (!built.image) {
        const errors = new ErrorList();
        for (const e of built.errors) errors.add(e);
        errors.throwIfAny();
      }
      yield deviceImage(device, built.image!, encryptor);
    }
  } finally {
    encryptor?.destroy();
  }
}

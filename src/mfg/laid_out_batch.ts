/**
 * A batch laid out by its master file's header ({@linkcode LaidOutBatch}): how each
 * device row is named, where messages about it point, and its intermediate CSV. Made by
 * `MfgBatch.withLayout` once a reader has matched the header, so that nothing that
 * needs the header can be asked before it is read.
 *
 * @module
 */

import type { NvsCsvRow } from "../csv/nvs_csv.ts";
import type { Diagnostics } from "../errors.ts";
import type { MfgBatch } from "./batch.ts";
import { buildDevice, checkDevice } from "./device.ts";
import type { DeviceReport, DeviceSettings, DeviceSource } from "./device.ts";
import { DeviceCsvWriter } from "./device_csv.ts";
import { LineSplitter } from "./lines.ts";
import { deviceIdOf } from "./master.ts";
import type { DeviceRow, MasterLayout } from "./master.ts";
import { deviceFiles, DeviceNamer } from "./naming.ts";

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

/**
 * A batch laid out by its master file's header: names each device row and writes its
 * intermediate CSV. Made by `MfgBatch.withLayout`.
 *
 * @example
 * ```ts
 * import { Diagnostics, MfgBatch } from "@nvsforge/nvsforge/mfg";
 *
 * const batch = new MfgBatch("dev,namespace,\nserial,data,string\n", {
 *   prefix: "unit",
 *   size: 0x3000,
 *   prefixNum: { start: 7n, digits: 3 },
 * });
 * const reader = batch.reader(new Diagnostics());
 * reader.push("serial", 1);
 * const [row] = reader.push("SN-1", 2);
 * const laid = batch.withLayout(reader.layout!);
 * const { id, name } = laid.identify(row);
 * if (id !== "1" || name !== "unit-007-1") throw new Error(`${id} ${name}`);
 * if (laid.where(row).deviceId !== "SN-1") throw new Error("not named by its first column");
 * ```
 */
export class LaidOutBatch {
  /** The batch. */
  readonly batch: MfgBatch;
  /** The master file's header, as a reader matched it. */
  readonly layout: MasterLayout;
  readonly #namer: DeviceNamer;
  readonly #csv: DeviceCsvWriter;

  /**
   * Lays a batch out (see `MfgBatch.withLayout`).
   *
   * @param batch the batch.
   * @param layout the header a reader matched.
   */
  constructor(batch: MfgBatch, layout: MasterLayout) {
    this.batch = batch;
    this.layout = layout;
    this.#namer = new DeviceNamer(batch.options.prefix, batch.options.prefixNum);
    this.#csv = new DeviceCsvWriter(batch.config, layout);
  }

  /** How devices are built (the batch's). */
  get settings(): DeviceSettings {
    return this.batch.settings;
  }

  /**
   * Where a device row is, as every message about the device names it: the values file
   * and line, the row's number and its `--fileid` value (or its first column).
   */
  where(device: Pick<DeviceRow, "index" | "line" | "fields">): DeviceSource {
    return {
      file: this.batch.valuesName,
      line: device.line,
      device: device.index,
      deviceId: deviceIdOf(device.fields, this.layout),
    };
  }

  /** A device row's id and the base name of its files. */
  identify(row: DeviceRow): { id: string; name: string } {
    const col = this.layout.fileidColumn;
    const id = this.#namer.id(row.index, col === undefined ? undefined : row.fields[col]);
    return { id, name: this.#namer.name(row.index, id) };
  }

  /** A device's intermediate CSV, from its row's values. */
  csvText(fields: readonly string[]): string {
    return this.#csv.csv(fields);
  }

  /**
   * The rows a device's intermediate CSV holds, when they are known without reading
   * its text back (no value with a line break): see `DeviceCsvWriter.rows`.
   */
  csvRows(fields: readonly string[], csvName: string): NvsCsvRow[] | undefined {
    return this.#csv.rows(fields, csvName);
  }

  /** Names a device row and writes its intermediate CSV. */
  plan(row: DeviceRow): PlannedDevice {
    const { id, name } = this.identify(row);
    return { ...row, id, name, csvName: deviceFiles(name).csv, csvText: this.csvText(row.fields) };
  }

  /**
   * Checks a planned device (see `checkDevice`): every value converts, the data fits.
   *
   * @param settings how (default: the batch's; say, with another file reader).
   */
  check(device: PlannedDevice, settings: DeviceSettings = this.settings): DeviceReport {
    const rows = this.csvRows(device.fields, device.csvName);
    return checkDevice(device.csvText, device.csvName, settings, this.where(device), rows);
  }

  /**
   * Builds a planned device's plain image (see `buildDevice`).
   *
   * @param settings how (default: the batch's; say, with another file reader).
   * @param rows its CSV's rows, when the caller has them (see {@linkcode LaidOutBatch.csvRows}).
   */
  build(
    device: PlannedDevice,
    settings: DeviceSettings = this.settings,
    rows: NvsCsvRow[] | undefined = this.csvRows(device.fields, device.csvName),
  ): DeviceReport & { image?: Uint8Array } {
    return buildDevice(device.csvText, device.csvName, settings, this.where(device), rows);
  }
}

/**
 * The device rows of a whole master values text, each with the batch laid out by the
 * text's header.
 *
 * @param batch the batch.
 * @param valuesText the master values CSV.
 * @param d where the master file's problems go.
 */
export function* laidOutRows(
  batch: MfgBatch,
  valuesText: string,
  d: Diagnostics,
): Generator<{ batch: LaidOutBatch; row: DeviceRow }> {
  const reader = batch.reader(d);
  const lines = new LineSplitter();
  let laid: LaidOutBatch | undefined;
  let n = 0;
  const feed = function* (ls: string[]) {
    for (const l of ls) {
      for (const row of reader.push(l, ++n)) {
        // A row comes only after the header it is read by.
        laid ??= batch.withLayout(reader.layout!);
        yield { batch: laid, row };
      }
    }
  };
  yield* feed(lines.push(valuesText));
  yield* feed(lines.end());
  reader.end();
}

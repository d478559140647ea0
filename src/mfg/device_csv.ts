/**
 * A device's intermediate CSV: the generator CSV mfg_gen writes for each device
 * (`csv/<name>.csv`) and then turns into its image. The header `key,type,encoding,value`,
 * then every configuration row in order: namespace rows as `name,namespace,,`, key rows
 * as `key,type,encoding,<the device's value>`, written as Python's `csv.writer` writes
 * them (`\r\n` line ends, minimal quoting).
 *
 * @module
 */

import type { MfgConfig } from "./config.ts";
import { formatCsvField, formatCsvRow } from "./csv_writer.ts";
import type { MasterLayout } from "./master.ts";

const HEADER = "key,type,encoding,value\r\n";

/** Builds device CSVs for one configuration and master layout (precomputed row heads). */
export class DeviceCsvWriter {
  /** For each configuration row: its fixed text, and the column of its value (-1: none). */
  readonly #parts: { head: string; column: number }[];

  constructor(config: MfgConfig, layout: MasterLayout) {
    let k = 0;
    this.#parts = config.entries.map((e) =>
      e.kind === "namespace"
        ? { head: formatCsvRow([...e.fields, ""]), column: -1 }
        : { head: e.fields.map(formatCsvField).join(",") + ",", column: layout.keyColumns[k++] }
    );
  }

  /**
   * The device CSV for one device row.
   *
   * @param fields the device row's values (REPEAT values filled in).
   * @returns the CSV text.
   * @example
   * ```ts
   * import { DeviceCsvWriter } from "./device_csv.ts";
   * import { parseConfig } from "./config.ts";
   * import { matchHeader } from "./master.ts";
   * import { Diagnostics } from "../errors.ts";
   * const d = new Diagnostics();
   * const config = parseConfig("dev,namespace,\nmsg,data,string\n", "c.csv", d);
   * const layout = matchHeader(config, ["id", "msg"], 1, "v.csv", undefined, d)!;
   * const csv = new DeviceCsvWriter(config, layout).csv(["1", "Hello, world"]);
   * console.assert(
   *   csv === 'key,type,encoding,value\r\ndev,namespace,,\r\nmsg,data,string,"Hello, world"\r\n',
   * );
   * ```
   */
  csv(fields: readonly string[]): string {
    let s = HEADER;
    for (const p of this.#parts) {
      s += p.column < 0 ? p.head : p.head + formatCsvField(fields[p.column]) + "\r\n";
    }
    return s;
  }
}

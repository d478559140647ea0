/**
 * A device's intermediate CSV: the generator CSV mfg_gen writes for each device
 * (`csv/<name>.csv`) and then turns into its image. The header `key,type,encoding,value`,
 * then every configuration row in order: namespace rows as `name,namespace,,`, key rows
 * as `key,type,encoding,<the device's value>`, written as Python's `csv.writer` writes
 * them (`\r\n` line ends, minimal quoting).
 *
 * @module
 */

import type { NvsCsvRow } from "../csv/nvs_csv.ts";
import type { MfgConfig } from "./config.ts";
import { formatCsvField, formatCsvRow } from "./csv_writer.ts";
import type { MasterLayout } from "./master.ts";

const HEADER = "key,type,encoding,value\r\n";
/** A character that makes reading a device CSV back differ from its rows. */
const LINE_BREAK = /[\r\n]/;

/** Builds device CSVs for one configuration and master layout (precomputed row heads). */
export class DeviceCsvWriter {
  /** For each configuration row: its fixed text, and the column of its value (-1: none). */
  readonly #parts: { head: string; column: number; fields: readonly string[] }[];
  /**
   * Whether the configuration's own text reads back as its rows: no line break in it,
   * and no row that starts with `#` (a comment line to the generator's reader).
   */
  readonly #plain: boolean;

  /**
   * Precomputes the fixed part of each row.
   *
   * @param config the checked configuration.
   * @param layout the master file's header, matched against the configuration.
   */
  constructor(config: MfgConfig, layout: MasterLayout) {
    let k = 0;
    this.#parts = config.entries.map((e) =>
      e.kind === "namespace"
        ? { head: formatCsvRow([...e.fields, ""]), column: -1, fields: [...e.fields, ""] }
        : {
          head: e.fields.map(formatCsvField).join(",") + ",",
          column: layout.keyColumns[k++],
          fields: e.fields,
        }
    );
    this.#plain = this.#parts.every((p) =>
      !p.head.startsWith("#") && !p.fields.some((f) => LINE_BREAK.test(f))
    );
  }

  /**
   * The rows the generator's CSV reader reads from {@linkcode DeviceCsvWriter.csv}'s
   * text for this device, without writing and reading the text: what Python's
   * `csv.writer` writes, its reader reads back field for field, as long as no field
   * holds a line break (a line break can start a line with `#`, which the generator
   * drops as a comment). Undefined when one does: read the text back then.
   *
   * @param fields the device row's values (REPEAT values filled in).
   * @param file the device CSV's name, for the rows' locations.
   * @example
   * ```ts
   * import { DeviceCsvWriter } from "@nvsforge/nvsforge/mfg";
   * import { parseConfig } from "@nvsforge/nvsforge/mfg";
   * import { matchHeader } from "@nvsforge/nvsforge/mfg";
   * import { readNvsCsv } from "@nvsforge/nvsforge/csv";
   * import { Diagnostics } from "@nvsforge/nvsforge/mfg";
   * const d = new Diagnostics();
   * const config = parseConfig("dev,namespace,\nmsg,data,string\n", "c.csv", d);
   * const layout = matchHeader(config, ["msg"], 1, "v.csv", undefined, d)!;
   * const writer = new DeviceCsvWriter(config, layout);
   * const rows = writer.rows(['say "hi", twice'], "dev-1.csv");
   * const read = readNvsCsv(writer.csv(['say "hi", twice']), "dev-1.csv", d);
   * if (JSON.stringify(rows) !== JSON.stringify(read)) throw new Error("not the same rows");
   * if (writer.rows(["two\nlines"], "dev-1.csv") !== undefined) throw new Error("line break");
   * ```
   */
  rows(fields: readonly string[], file: string): NvsCsvRow[] | undefined {
    if (!this.#plain) return undefined;
    const rows: NvsCsvRow[] = [];
    let line = 1;
    for (const p of this.#parts) {
      let value: string | undefined;
      if (p.column < 0) value = p.fields[3];
      else {
        value = fields[p.column];
        if (LINE_BREAK.test(value)) return undefined;
      }
      const f = p.fields;
      rows.push({ file, line: ++line, key: f[0], type: f[1], encoding: f[2], value });
    }
    return rows;
  }

  /**
   * The device CSV for one device row.
   *
   * @param fields the device row's values (REPEAT values filled in).
   * @returns the CSV text.
   * @example
   * ```ts
   * import { DeviceCsvWriter } from "@nvsforge/nvsforge/mfg";
   * import { parseConfig } from "@nvsforge/nvsforge/mfg";
   * import { matchHeader } from "@nvsforge/nvsforge/mfg";
   * import { Diagnostics } from "@nvsforge/nvsforge/mfg";
   * const d = new Diagnostics();
   * const config = parseConfig("dev,namespace,\nmsg,data,string\n", "c.csv", d);
   * const layout = matchHeader(config, ["id", "msg"], 1, "v.csv", undefined, d)!;
   * const csv = new DeviceCsvWriter(config, layout).csv(["1", "Hello, world"]);
   * if (csv !== 'key,type,encoding,value\r\ndev,namespace,,\r\nmsg,data,string,"Hello, world"\r\n') {
   *   throw new Error(csv);
   * }
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

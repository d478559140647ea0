/**
 * The master values CSV: a header naming the columns, then one row per device. Read as
 * mfg_gen reads it (whitespace-only lines dropped, even inside a quoted value; Python's
 * CSV parsing), fed one physical line at a time so that a file of any size streams.
 *
 * The header must hold every key of the configuration, in configuration order; other
 * columns are metadata, never written to a device. A `REPEAT` key takes the first
 * device row's value on every device, whatever a later row gives.
 *
 * @module
 */

import type { Diagnostics } from "../errors.ts";
import { quote, QUOTE_MAX } from "../errors.ts";
import { PythonCsvParser } from "../csv/python_csv.ts";
import type { MfgConfig } from "./config.ts";
import { isBlankLine } from "./lines.ts";
import { semicolonHint, spacedColumnHint } from "../csv/hints.ts";

/** Where each configuration key's value is in a device row. */
export interface MasterLayout {
  /** The master file's name, for messages. */
  file: string;
  /** The header's column names. */
  header: string[];
  /** 1-based line of the header. */
  headerLine: number;
  /** For each key row of the configuration (in order), its column. */
  keyColumns: number[];
  /** The `--fileid` column, when one is given. */
  fileidColumn?: number;
  /** Columns whose value comes from the first device row (REPEAT keys). */
  repeatColumns: number[];
}

/**
 * Matches the header against the configuration as mfg_gen does: the header's columns
 * that are configuration keys must be the configuration's keys, in its order (more
 * columns after them are tolerated); other columns are metadata. Each missing or
 * misplaced key is recorded.
 *
 * @returns the layout, or undefined when a key is missing.
 */
export function matchHeader(
  config: MfgConfig,
  header: readonly string[],
  headerLine: number,
  file: string,
  fileid: string | undefined,
  d: Diagnostics,
): MasterLayout | undefined {
  const configKeys = new Set(config.keys.map((k) => k.key));
  const candidates: number[] = [];
  header.forEach((h, i) => {
    if (configKeys.has(h)) candidates.push(i);
  });
  const keyColumns: number[] = [];
  let next = 0;
  let ok = true;
  for (const k of config.keys) {
    if (next < candidates.length && header[candidates[next]] === k.key) {
      keyColumns.push(candidates[next++]);
      continue;
    }
    ok = false;
    const present = header.includes(k.key);
    d.error(
      "csv-header",
      present
        ? `key ${
          quote(k.key)
        } of the configuration (${config.file}:${k.line}) is out of order in the header: the values file's columns must follow the configuration's keys in order`
        : `key ${
          quote(k.key)
        } of the configuration (${config.file}:${k.line}) is not a column of the values file (its header: ${
          quote(header.join(","), 2 * QUOTE_MAX)
        })${spacedColumnHint(header, k.key) || semicolonHint(header, 2)}`,
      { file, line: headerLine, column: k.key },
    );
  }
  let fileidColumn: number | undefined;
  if (fileid !== undefined) {
    fileidColumn = header.indexOf(fileid);
    if (fileidColumn < 0) {
      ok = false;
      d.error(
        "csv-header",
        `--fileid ${quote(fileid)} is not a column of the values file (its header: ${
          quote(header.join(","), 2 * QUOTE_MAX)
        })${spacedColumnHint(header, fileid) || semicolonHint(header, 2)}`,
        { file, line: headerLine },
      );
    }
  }
  if (!ok) return undefined;
  const repeatColumns = [
    ...new Set(config.keys.flatMap((k, i) => k.repeat ? [keyColumns[i]] : [])),
  ];
  return { file, header: [...header], headerLine, keyColumns, fileidColumn, repeatColumns };
}

/**
 * How messages name a device besides its row: its `--fileid` value, or its first column
 * when that reads as an id.
 *
 * @example
 * ```ts
 * import { deviceIdOf } from "./master.ts";
 * if (deviceIdOf(["SN07431", "3"], { fileidColumn: undefined }) !== "SN07431") throw new Error();
 * if (deviceIdOf(["ab".repeat(100), "3"], { fileidColumn: undefined }) !== undefined) throw new Error();
 * ```
 */
export function deviceIdOf(
  fields: readonly string[],
  layout: Pick<MasterLayout, "fileidColumn"> | undefined,
): string | undefined {
  if (layout?.fileidColumn !== undefined) return fields[layout.fileidColumn];
  // Without --fileid the first column names the device only when it reads as an id (a
  // serial number, a MAC), not when it is a certificate or a blob.
  const first = fields[0];
  return first !== undefined && ID_LIKE.test(first) ? first : undefined;
}

const ID_LIKE = /^[\w.:@+-]{1,40}$/;

/** One device row of the master file. */
export interface DeviceRow {
  /** 1-based device number: the row's position among the data rows. */
  index: number;
  /** 1-based line of the master file where the row starts. */
  line: number;
  /** The row's values, REPEAT columns already filled from the first device row. */
  fields: string[];
}

/** Options of {@linkcode MasterReader}. */
export interface MasterReaderOptions {
  /** The master file's name, for messages. */
  file: string;
  /** The `--fileid` column name. */
  fileid?: string;
  /** Where errors go. */
  diagnostics: Diagnostics;
}

/**
 * Reads the master values file line by line: drops whitespace-only lines, parses the
 * rest as Python's CSV reader does, checks the header against the configuration and
 * every row's number of values, and fills in REPEAT values.
 *
 * @example
 * ```ts
 * import { MasterReader } from "@nvsforge/nvsforge/mfg";
 * import { parseConfig } from "@nvsforge/nvsforge/mfg";
 * import { Diagnostics } from "@nvsforge/nvsforge/mfg";
 * const d = new Diagnostics();
 * const config = parseConfig("n,namespace,\na,data,u8,REPEAT\nb,data,u8\n", "c.csv", d);
 * const reader = new MasterReader(config, { file: "v.csv", diagnostics: d });
 * const rows = [..."a,b\n1,2\n\n,3\n".split(/(?<=\n)/)].flatMap((l, i) => reader.push(l, i + 1));
 * const shown = rows.map((r) => r.fields.join(" ")).join("|");
 * if (shown !== "1 2|1 3") throw new Error(shown);
 * ```
 */
export class MasterReader {
  readonly #config: MfgConfig;
  readonly #options: MasterReaderOptions;
  readonly #parser = new PythonCsvParser();
  #layout: MasterLayout | undefined;
  #headerSeen = false;
  #failed = false;
  #first: string[] | undefined;
  #rows = 0;
  #lastLine = 0;

  /**
   * Creates a reader for one pass over the master file.
   *
   * @param config the checked configuration.
   * @param options the file's name, the `--fileid` column, where errors go.
   */
  constructor(config: MfgConfig, options: MasterReaderOptions) {
    this.#config = config;
    this.#options = options;
  }

  /** The layout, once the header is read and matched (undefined if it failed). */
  get layout(): MasterLayout | undefined {
    return this.#layout;
  }

  /** Whether the header was read (matched or not). */
  get headerSeen(): boolean {
    return this.#headerSeen;
  }

  /** Data rows read so far (including rows with errors). */
  get rowCount(): number {
    return this.#rows;
  }

  /**
   * Feeds one physical line (universal newlines already applied) with its 1-based line
   * number. Returns the device rows it completes: none, or one.
   */
  push(text: string, line: number): DeviceRow[] {
    this.#lastLine = line;
    if (isBlankLine(text)) return [];
    let r;
    try {
      r = this.#parser.feedLine(text, line);
    } catch (e) {
      this.#options.diagnostics.error("csv-row", (e as Error).message, {
        file: this.#options.file,
        line,
      });
      return [];
    }
    return r ? this.#record(r.fields, r.line) : [];
  }

  /** Ends the input; returns a last device row, if an unclosed quote held one. */
  end(): DeviceRow[] {
    const { record } = this.#parser.end(this.#lastLine);
    const out: DeviceRow[] = [];
    if (record) {
      this.#options.diagnostics.error(
        "csv-row",
        "a quoted value is never closed: it runs to the end of the file",
        { file: this.#options.file, line: record.line },
      );
    }
    if (!this.#headerSeen) {
      this.#options.diagnostics.error(
        "csv-header",
        "the values file is empty: expected a header row naming the configuration's keys",
        { file: this.#options.file },
      );
    } else if (this.#layout && this.#rows === 0) {
      this.#options.diagnostics.error(
        "csv-row",
        "the values file has a header but no device rows",
        { file: this.#options.file, line: this.#layout.headerLine },
      );
    }
    return out;
  }

  #record(fields: string[], line: number): DeviceRow[] {
    const d = this.#options.diagnostics;
    if (!this.#headerSeen) {
      this.#headerSeen = true;
      this.#layout = matchHeader(
        this.#config,
        fields,
        line,
        this.#options.file,
        this.#options.fileid,
        d,
      );
      if (!this.#layout) this.#failed = true;
      return [];
    }
    const index = ++this.#rows;
    const layout = this.#layout;
    if (this.#failed || !layout) return [];
    if (fields.length !== layout.header.length) {
      d.error(
        "csv-row",
        `the row has ${fields.length} value${
          fields.length === 1 ? "" : "s"
        } but the header has ${layout.header.length} columns`,
        { file: this.#options.file, line, device: index, deviceId: deviceIdOf(fields, layout) },
      );
      if (index === 1) this.#first = fields;
      return [];
    }
    if (index === 1) {
      this.#first = fields;
    } else if (layout.repeatColumns.length > 0 && this.#first) {
      for (const c of layout.repeatColumns) {
        const first = this.#first[c] ?? "";
        if (fields[c] !== "" && fields[c] !== first) {
          // mfg_gen replaces it without a word; the bytes stay the same, but say so.
          d.warn(
            "quirk",
            `REPEAT key "${layout.header[c]}" is "${
              fields[c]
            }" on this row, but REPEAT takes the first device row's value "${first}" for every device: "${
              fields[c]
            }" is ignored (leave the cell empty, or remove REPEAT from the configuration)`,
            {
              file: this.#options.file,
              line,
              device: index,
              deviceId: deviceIdOf(fields, layout),
              column: layout.header[c],
            },
          );
        }
        fields[c] = first;
      }
    }
    return [{ index, line, fields }];
  }
}

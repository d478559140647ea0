/**
 * Records → the generator's 4-column CSV (`key,type,encoding,value`), the inverse of
 * {@linkcode csvToRecords}: reading the text back gives the same records, and
 * `nvs generate` of it the same image. Everything is in the one file: integers as
 * their type, strings as `string` data values, blobs as `hex2bin` (or `base64`) data
 * values; no `file` rows, no side files (unless the option `valueFile` asks for them).
 *
 * What the generator's reader would change is taken into account:
 *
 * - Fields with a comma, a double quote or a line break are quoted (quotes doubled), as
 *   Python's `csv` module writes them; a key starting with `#` is quoted too, since the
 *   reader drops lines starting with `#` as comments.
 * - The Wi-Fi entries that ESP-IDF's generator adds on its own (`sta.apinfo`, `sta.pmk`,
 *   `sta.apsw` after the first `sta.ssid`/`sta.pswd`; `ap.pmk_info` before `ap.*` rows
 *   once the soft-AP is configured) are left out when they are exactly what the reader
 *   will add again; otherwise a warning says the regenerated image will differ.
 * - A string that the reader cannot give back (a carriage return, which it reads as a
 *   line feed; a line starting with `#` inside the value, which it drops) cannot be a
 *   data row: with the option `valueFile` it becomes a `file` row naming a file the
 *   caller writes; without it, that is an error.
 *
 * Browser-compatible: no file system.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { formatFloat } from "../format/float.ts";
import type { EntryRecord, NvsRecord } from "../format/items.ts";
import { AP_KEYS, ApState, STA_TRIGGER_KEYS, stationExtras } from "./wifi.ts";

/**
 * How blobs are written.
 *
 * @example
 * ```ts
 * import { type BlobEncoding, stringifyCsv } from "@nvsforge/nvsforge/csv";
 *
 * const blobEncoding: BlobEncoding = "base64";
 * const csv = stringifyCsv([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "b", type: "blob", value: new Uint8Array([1, 2, 3]) },
 * ], { blobEncoding });
 * if (!csv.endsWith("b,data,base64,AQID\n")) throw new Error(csv);
 * ```
 */
export type BlobEncoding = "hex2bin" | "base64";

/**
 * Options of {@linkcode stringifyCsv}.
 *
 * @example
 * ```ts
 * import { stringifyCsv, type StringifyCsvOptions, type Warning } from "@nvsforge/nvsforge/csv";
 *
 * const warnings: Warning[] = [];
 * const options: StringifyCsvOptions = {
 *   blobEncoding: "hex2bin",
 *   lineEnding: "\r\n",
 *   onWarning: (w) => warnings.push(w),
 * };
 * const csv = stringifyCsv([{ kind: "namespace", name: "n" }], options);
 * if (csv !== "key,type,encoding,value\r\nn,namespace,,\r\n" || warnings.length !== 0) {
 *   throw new Error(JSON.stringify(csv));
 * }
 * ```
 */
export interface StringifyCsvOptions {
  /** Encoding of blob values: `hex2bin` (default, lower-case hex) or `base64`. */
  blobEncoding?: BlobEncoding;
  /** Line ending: `"\n"` (default) or `"\r\n"` (as Python's `csv` module writes). */
  lineEnding?: "\n" | "\r\n";
  /**
   * Receives a warning for each record whose regenerated image would not be
   * byte-identical (Wi-Fi entries the generator adds on its own).
   */
  onWarning?: (warning: Warning) => void;
  /**
   * Called for each string value a data row cannot carry (see the module
   * documentation), with the value, its key and its namespace; returns the path of a file the caller
   * writes with the value's UTF-8 bytes. The row becomes `<key>,file,string,<path>`.
   * Without it such a value is an error.
   */
  valueFile?: (value: string, key: string, namespace: string) => string;
}

/** The header row of the generator CSV. */
export const CSV_HEADER: string = "key,type,encoding,value";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Bytes as standard base64 with padding.
 *
 * @example
 * ```ts
 * import { toBase64 } from "./stringify.ts";
 *
 * const text = toBase64(new TextEncoder().encode("Hello Blob"));
 * if (text !== "SGVsbG8gQmxvYg==") throw new Error(text);
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + "=";
  }
  return out;
}

/**
 * Bytes as lower-case hex, two digits per byte.
 *
 * @example
 * ```ts
 * import { toHex } from "./stringify.ts";
 *
 * if (toHex(new Uint8Array([0, 0xab, 0x10])) !== "00ab10") throw new Error("wrong hex");
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += (b < 16 ? "0" : "") + b.toString(16);
  return out;
}

/**
 * Quotes a CSV field when it needs it, as Python's `csv` module does with its default
 * QUOTE_MINIMAL: a field holding a comma, a double quote, a carriage return or a line
 * feed is put in double quotes, with its double quotes doubled. So is a field with
 * leading or trailing whitespace (the reader keeps it either way; quotes make it
 * visible, and spreadsheets keep it). `first` marks the first field of a row, which is
 * also quoted when it starts with `#` (a comment line to the generator's reader).
 *
 * @example
 * ```ts
 * import { quoteCsvField } from "./stringify.ts";
 *
 * const quoted = [quoteCsvField('a, "b"'), quoteCsvField("plain"), quoteCsvField("#tag", true)];
 * if (quoted.join(" ") !== '"a, ""b""" plain "#tag"') throw new Error(quoted.join(" "));
 * ```
 */
export function quoteCsvField(field: string, first = false): string {
  if (/[,"\r\n]|^\s|\s$/.test(field) || (first && field.startsWith("#"))) {
    return `"${field.replaceAll('"', '""')}"`;
  }
  return field;
}

/**
 * Refuses a field that the generator's reader cannot give back: a carriage return (read
 * as a line feed) or, inside a multi-line field, a line starting with `#` (dropped as a
 * comment).
 */
function checkRepresentable(field: string, what: string, key: string): void {
  const why = unrepresentable(field, what);
  if (why !== undefined) {
    throw new NvsforgeError("csv-row", `${why}: it cannot be written as a CSV row`, { key });
  }
}

/** Why the generator's reader cannot give a field back, or undefined when it can. */
function unrepresentable(field: string, what: string): string | undefined {
  if (field.includes("\r")) {
    return `the ${what} holds a carriage return, which the generator's CSV reader turns into a line feed`;
  }
  const lines = field.split("\n");
  if (lines.slice(1).some((l) => l.startsWith("#"))) {
    return `the ${what} has a line starting with "#", which the generator's CSV reader drops as a comment`;
  }
  return undefined;
}

/** The row type, encoding and value text of an entry record. */
function encodeValue(
  r: EntryRecord,
  blobEncoding: BlobEncoding,
  valueFile: StringifyCsvOptions["valueFile"],
  namespace: string,
): [string, string, string] {
  switch (r.type) {
    case "string":
      if (valueFile && unrepresentable(r.value, "string value") !== undefined) {
        return ["file", "string", valueFile(r.value, r.key, namespace)];
      }
      checkRepresentable(r.value, "string value", r.key);
      return ["data", "string", r.value];
    case "blob":
      return [
        "data",
        blobEncoding,
        blobEncoding === "base64" ? toBase64(r.value) : toHex(r.value),
      ];
    case "float":
    case "double":
      // The shortest decimal that reads back to the same bits (`-0`, `inf`, `-inf` too).
      return [
        "data",
        r.type,
        formatFloat(r.type === "float" ? Math.fround(r.value) : r.value, r.type),
      ];
    default:
      return ["data", r.type, String(r.value)];
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether a record is a blob entry with this key and these bytes. */
function isBlob(r: NvsRecord | undefined, key: string, value: Uint8Array): boolean {
  return r?.kind === "entry" && r.type === "blob" && r.key === key && sameBytes(r.value, value);
}

/**
 * Writes records as the generator's 4-column CSV: `nvs generate` (or
 * {@linkcode csvToRecords} and `encodePartition`) of the text gives back the same
 * records and the same image. See the module documentation for what is quoted, what is
 * left out and what cannot be written.
 *
 * @example
 * ```ts
 * import { stringifyCsv } from "@nvsforge/nvsforge/csv";
 *
 * const csv = stringifyCsv([
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-42, rev \"B\"" },
 *   { kind: "entry", key: "mac", type: "blob", value: new Uint8Array([0xa4, 0xcf, 0x12]) },
 *   { kind: "entry", key: "boots", type: "u32", value: 7 },
 * ]);
 * if (csv !== [
 *   "key,type,encoding,value",
 *   "factory,namespace,,",
 *   'serial,data,string,"NF-42, rev ""B"""',
 *   "mac,data,hex2bin,a4cf12",
 *   "boots,data,u32,7",
 *   "",
 * ].join("\n")) {
 *   throw new Error(csv);
 * }
 * ```
 *
 * @param records the records, in order (a namespace record opens the namespace of the
 *   entries after it).
 * @param options blob encoding, line ending, a callback for warnings.
 * @returns the CSV text, header row first, each row ended by the line ending.
 * @throws {NvsforgeError} code `csv-row` for a key or string the generator's reader
 *   cannot give back.
 */
export function stringifyCsv(
  records: readonly NvsRecord[],
  options: StringifyCsvOptions = {},
): string {
  const blobEncoding = options.blobEncoding ?? "hex2bin";
  const rows: string[] = [CSV_HEADER];
  const ap = new ApState();
  let stationSeen = false;
  let previous: NvsRecord | undefined; // the record of the last row written
  let namespace = "";
  const warn = (message: string, key: string) =>
    options.onWarning?.({ code: "quirk", message, location: { key } });

  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.kind === "namespace") {
      checkRepresentable(r.name, "namespace name", r.name);
      namespace = r.name;
      rows.push(`${quoteCsvField(r.name, true)},namespace,,`);
      previous = r;
      continue;
    }
    checkRepresentable(r.key, "key", r.key);
    const [rowType, encoding, value] = encodeValue(
      r,
      blobEncoding,
      options.valueFile,
      namespace,
    );

    if (AP_KEYS.has(r.key)) {
      // The generator writes ap.pmk_info before this row: take ours out if it is that.
      const pmk = ap.see(r.key, value);
      if (pmk) {
        if (isBlob(previous, "ap.pmk_info", pmk)) rows.pop();
        else {
          warn(
            `ESP-IDF's generator (and nvs generate) writes an ap.pmk_info blob before this row, which the image does not have here: the regenerated image will differ`,
            r.key,
          );
        }
      }
    }
    rows.push(`${quoteCsvField(r.key, true)},${rowType},${encoding},${quoteCsvField(value)}`);
    previous = r;

    if (STA_TRIGGER_KEYS.has(r.key) && !stationSeen) {
      // The generator adds three blobs after the first station key: skip ours if they are those.
      stationSeen = true;
      const extras = stationExtras();
      if (extras.every((x, k) => isBlob(records[i + 1 + k], x.key, x.value))) {
        i += extras.length;
        previous = records[i];
      } else {
        warn(
          `ESP-IDF's generator (and nvs generate) adds sta.apinfo, sta.pmk and sta.apsw blobs after the first ${r.key} row, which the image does not have there: the regenerated image will differ`,
          r.key,
        );
      }
    }
  }
  const eol = options.lineEnding ?? "\n";
  return rows.join(eol) + eol;
}

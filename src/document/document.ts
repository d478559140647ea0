/**
 * The NVS document: the one value that moves between generator CSV, records and
 * partition bytes. `fromCsv`, `fromImage` and `new NvsDocument(records)` make it;
 * `toImage`, `toCsv` and `check` use it. Every way in is checked the same way, with the
 * same codes, and every problem is reported at once.
 *
 * @module
 */

import { Diagnostics, NvsforgeError, NvsforgeErrors } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { stringifyCsv } from "../csv/stringify.ts";
import { resolveKeys } from "../crypto/keys.ts";
import { encryptPartitionInPlace } from "../crypto/partition.ts";
import type { Finding } from "../format/findings.ts";
import type { NvsRecord } from "../format/items.ts";
import { recordsFromPartition } from "../format/reader.ts";
import { parseImage } from "../crypto/parse.ts";
import { type BuildEncryption, type BuildParts, checkParts, imageOfParts } from "./_build.ts";
import { readCsvParts } from "./csv_source.ts";
import type { CsvSource } from "./csv_source.ts";
import { unknownOptions } from "./_options.ts";
import type {
  CheckOptions,
  CheckResult,
  CsvResult,
  FromCsvOptions,
  FromImageOptions,
  ImageResult,
  ToCsvOptions,
  ToImageOptions,
} from "./options.ts";
import { recordsFromInput } from "./record_input.ts";
import type { NvsRecordInput } from "./record_input.ts";

/** The parts of a document made by `fromCsv` or `fromImage`, already checked. */
interface Parts {
  records: readonly NvsRecord[];
  errors: readonly NvsforgeError[];
  warnings: readonly Warning[];
  findings: readonly Finding[];
}

/** Handed from a static factory to the constructor (synchronously, so never shared). */
let handOver: Parts | undefined;

/**
 * An NVS document: an ordered list of namespace and entry records, read from generator
 * CSV ({@linkcode NvsDocument.fromCsv}), from partition bytes
 * ({@linkcode NvsDocument.fromImage}) or given as records (`new NvsDocument(records)`),
 * and written as partition bytes ({@linkcode NvsDocument.toImage}) or CSV
 * ({@linkcode NvsDocument.toCsv}).
 *
 * Problems of the input do not stop a document from being made: they are kept with it
 * and reported, together with those of the options (size, version, keys) and of the
 * records against the format, by `check()` (returned) and by `toImage()` and `toCsv()`
 * (thrown: one `NvsforgeError`, or an `NvsforgeErrors` list of every error).
 *
 * The three ways in give the same document, and the same image, for the same rows: the
 * records path warns about an empty or repeated key as the CSV path does, and adds the
 * Wi-Fi entries ESP-IDF's generator adds for `sta.*` and `ap.*` rows (unless they are
 * already in place, as in an image read back).
 *
 * @example
 * ```ts
 * import { NvsDocument } from "@nvsforge/nvsforge";
 *
 * const csv = "key,type,encoding,value\nfactory,namespace,,\nserial,data,string,NF-000042\n";
 * const fromCsv = await NvsDocument.fromCsv(csv);
 * const fromRecords = new NvsDocument([
 *   { kind: "namespace", name: "factory" },
 *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
 * ]);
 * const a = fromCsv.toImage({ size: 0x3000 }).image;
 * const b = fromRecords.toImage({ size: 0x3000 }).image;
 * if (!a.every((x, i) => x === b[i])) throw new Error("not the same bytes");
 *
 * const back = NvsDocument.fromImage(a);
 * if (back.toCsv().text !== csv) throw new Error("not the same CSV");
 * ```
 */
export class NvsDocument {
  /** The records, in order: a namespace record opens the namespace of the entries after it. */
  readonly records: readonly NvsRecord[];
  /** For a document read from an image: the image's integrity findings; else empty. */
  readonly findings: readonly Finding[];
  readonly #errors: readonly NvsforgeError[];
  readonly #warnings: readonly Warning[];

  /**
   * Makes a document of records given by a program. Their shape is checked (an error
   * names the record's index: `records[2]`), a blob may be given as an array of byte
   * values, and an empty or repeated key is warned about, as for CSV rows.
   *
   * @example
   * ```ts
   * import { NvsDocument } from "@nvsforge/nvsforge";
   *
   * const records = [
   *   { kind: "namespace", name: "cfg" },
   *   { kind: "entry", key: "level", type: "uint8", value: 3 },
   * ];
   * const [error] = new NvsDocument(records).check().errors;
   * if (error?.code !== "unknown-type" || error.location?.record !== 1) throw new Error("no error");
   * if (!error.message.includes('unknown type "uint8" (did you mean "u8"?)')) {
   *   throw new Error(error.message);
   * }
   * ```
   *
   * @param records the records, in order.
   */
  constructor(records: Iterable<NvsRecordInput>) {
    const parts = handOver;
    handOver = undefined;
    if (parts) {
      this.records = parts.records;
      this.#errors = parts.errors;
      this.#warnings = parts.warnings;
      this.findings = parts.findings;
      return;
    }
    const d = new Diagnostics();
    if (
      records === null || typeof (records as Iterable<unknown>)?.[Symbol.iterator] !== "function"
    ) {
      throw new NvsforgeError(
        "invalid-record",
        "an NvsDocument is made of records: an array (or any iterable) of namespace and entry records",
        undefined,
      );
    }
    this.records = recordsFromInput(records, d);
    this.#errors = d.errors;
    this.#warnings = d.warnings;
    this.findings = [];
  }

  /**
   * Reads generator CSV (`key,type,encoding,value`) as `nvs_partition_gen.py generate`
   * reads it: several files are one stream, `file` rows are read through `readFile`.
   *
   * @example
   * ```ts
   * import { NvsDocument } from "@nvsforge/nvsforge";
   *
   * const csv = "key,type,encoding,value\nwifi,namespace,,\nretries,data,u8,3\nmac,data,hex2bin,0g\n";
   * const doc = await NvsDocument.fromCsv([{ name: "nvs.csv", text: csv }]);
   * // The row with an error gives no record; the error says where it is.
   * if (doc.records.length !== 2) throw new Error(`${doc.records.length} records`);
   * const [error] = doc.check().errors;
   * const where = error?.message.split(": hex2bin")[0];
   * if (where !== 'nvs.csv:4: column "value": key "mac"') throw new Error(error?.message);
   * ```
   *
   * @param csv the CSV: text, `{ name, text }`, a browser `File`, or a list of these.
   * @param options how `file` values are read.
   * @returns the document, with the problems found while reading it.
   * @throws {NvsforgeError} only for arguments that are not CSV at all, or an unknown
   *   option: problems of the CSV itself are reported by `check`, `toImage` and `toCsv`.
   */
  static async fromCsv(csv: CsvSource, options: FromCsvOptions = {}): Promise<NvsDocument> {
    throwAll(unknownOptions(options, ["readFile", "float"], "fromCsv"));
    handOver = { ...await readCsvParts(csv, options), findings: [] };
    return new NvsDocument([]);
  }

  /**
   * Reads a partition image (generated, or dumped from a device) as ESP-IDF's NVS
   * library reads it: its live namespaces and entries become the records, and its
   * integrity findings are kept in `findings`. Written again with the same size and
   * version, the records give back the bytes of any image ESP-IDF's generator or
   * nvsforge wrote (a key the generator wrote twice aside: only its live value is kept).
   *
   * @example
   * ```ts
   * import { NvsDocument } from "@nvsforge/nvsforge";
   *
   * const { image } = new NvsDocument([
   *   { kind: "namespace", name: "cfg" },
   *   { kind: "entry", key: "big", type: "blob", value: new Uint8Array(5000).fill(7) },
   * ]).toImage({ size: 0x4000 });
   * const doc = NvsDocument.fromImage(image);
   * const again = doc.toImage({ size: image.length }).image;
   * if (!again.every((b, i) => b === image[i])) throw new Error("not the same bytes");
   * if (doc.findings.some((f) => f.severity !== "info")) throw new Error("findings");
   * ```
   *
   * @param image the partition bytes: a non-zero multiple of 4096 bytes. Not modified.
   * @param options `keys`: the image is encrypted with these.
   * @returns the document.
   * @throws {NvsforgeError} code `invalid-size` for bytes that are not whole pages,
   *   `invalid-key` for keys of none of the forms of {@linkcode NvsKeys}, or an
   *   unknown option. Problems of the image itself are findings.
   */
  static fromImage(image: Uint8Array, options: FromImageOptions = {}): NvsDocument {
    throwAll(unknownOptions(options, ["keys"], "fromImage"));
    const keys = options.keys === undefined ? undefined : resolveKeys(options.keys);
    const parsed = parseImage(image, { keys });
    handOver = {
      records: recordsFromPartition(parsed),
      errors: [],
      warnings: [],
      findings: parsed.findings,
    };
    return new NvsDocument([]);
  }

  /**
   * Checks the document as {@linkcode NvsDocument.toImage} would with these options,
   * and returns every problem instead of throwing: those found while reading it, those
   * of the records against the format (key lengths, integer ranges, value sizes, the
   * number of namespaces), of the options, and whether the data fits `size` (when
   * given).
   *
   * @example
   * ```ts
   * import { NvsDocument } from "@nvsforge/nvsforge";
   *
   * const doc = new NvsDocument([
   *   { kind: "namespace", name: "n" },
   *   { kind: "entry", key: "retries", type: "u8", value: 300 },
   * ]);
   * const { errors } = doc.check({ size: "0x1234" });
   * // The size and the records are checked together.
   * const codes = errors.map((e) => e.code).join(" ");
   * if (codes !== "invalid-size integer-out-of-range") throw new Error(codes);
   * ```
   *
   * @param options as for `toImage`, each optional.
   * @returns the errors and warnings, in input order.
   */
  check(options: CheckOptions = {}): CheckResult {
    return checkParts(this.#parts(), options, ENCRYPTION);
  }

  /**
   * Writes the document as a partition image: the bytes ESP-IDF's generator writes for
   * the same rows, encrypted (as `nvs_partition_gen.py encrypt` does) when `keys` are
   * given.
   *
   * @example
   * ```ts
   * import { NvsDocument, NvsforgeError } from "@nvsforge/nvsforge";
   *
   * const doc = new NvsDocument([
   *   { kind: "namespace", name: "factory" },
   *   { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
   * ]);
   * const { image, warnings } = doc.toImage({ size: 0x3000 });
   * if (image.length !== 0x3000 || warnings.length !== 0) throw new Error("unexpected image");
   *
   * try {
   *   doc.toImage({ size: 0x3000, verison: 1 } as never);
   *   throw new Error("a misspelt option was accepted");
   * } catch (e) {
   *   if (!(e instanceof NvsforgeError) || e.code !== "unknown-option") throw e;
   *   if (e.location?.option !== "verison") throw e;
   * }
   * ```
   *
   * @param options size, version, keys, strictness.
   * @returns the image and the warnings.
   * @throws {NvsforgeError} every problem at once (an `NvsforgeErrors`, code `many`, when
   *   there are several): see {@linkcode NvsDocument.check}.
   */
  toImage(options: ToImageOptions): ImageResult {
    return imageOfParts(this.#parts(), options, ENCRYPTION);
  }

  /**
   * Writes the document as generator CSV: `fromCsv` of the text gives back the same
   * records, and `toImage` the same bytes. The Wi-Fi entries ESP-IDF's generator adds on
   * its own are left out (it adds them again).
   *
   * @example
   * ```ts
   * import { NvsDocument } from "@nvsforge/nvsforge";
   *
   * const doc = new NvsDocument([
   *   { kind: "namespace", name: "factory" },
   *   { kind: "entry", key: "serial", type: "string", value: "NF-42, rev \"B\"" },
   *   { kind: "entry", key: "mac", type: "blob", value: new Uint8Array([0xa4, 0xcf, 0x12]) },
   *   { kind: "entry", key: "boots", type: "u32", value: 7 },
   * ]);
   * const { text } = doc.toCsv();
   * if (text !== [
   *   "key,type,encoding,value",
   *   "factory,namespace,,",
   *   'serial,data,string,"NF-42, rev ""B"""',
   *   "mac,data,hex2bin,a4cf12",
   *   "boots,data,u32,7",
   *   "",
   * ].join("\n")) {
   *   throw new Error(text);
   * }
   * ```
   *
   * @param options blob encoding and line ending.
   * @returns the CSV text and the warnings.
   * @throws {NvsforgeError} the errors found while reading the document, an unknown
   *   option, or code `csv-row` for a key or string the generator's reader cannot give
   *   back.
   */
  toCsv(options: ToCsvOptions = {}): CsvResult {
    throwAll([
      ...unknownOptions(options, ["blobEncoding", "lineEnding"], "toCsv"),
      ...this.#errors,
    ]);
    const warnings: Warning[] = [];
    const text = stringifyCsv(this.records, {
      blobEncoding: options.blobEncoding,
      lineEnding: options.lineEnding,
      onWarning: (w) => warnings.push(w),
    });
    return { text, warnings };
  }

  /** The records and the problems of reading them, for `check` and `toImage`. */
  #parts(): BuildParts {
    return { records: this.records, errors: this.#errors, warnings: this.#warnings };
  }
}

/** The encryption of `keys` in `check` and `toImage`. */
const ENCRYPTION: BuildEncryption = { resolveKeys, encryptInPlace: encryptPartitionInPlace };

function throwAll(errors: readonly NvsforgeError[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new NvsforgeErrors(errors);
}

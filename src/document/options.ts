/**
 * The options and results of {@linkcode NvsDocument}'s methods.
 *
 * @module
 */

import type { NvsforgeError, Warning } from "../errors.ts";
import type { ReadFile } from "../csv/records.ts";
import type { BlobEncoding } from "../csv/stringify.ts";
import type { NvsKeys } from "../crypto/keys.ts";
import type { FormatVersion } from "../format/items.ts";

/**
 * Options of {@linkcode NvsDocument.fromCsv}.
 *
 * @example
 * ```ts
 * import { type FromCsvOptions, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const files = new Map([["ca.pem", new TextEncoder().encode("-----BEGIN CERTIFICATE-----")]]);
 * const options: FromCsvOptions = {
 *   readFile: (path) => files.get(path) ?? Promise.reject(new Error("no such file")),
 * };
 * const csv = "key,type,encoding,value\nfs,namespace,,\ncert,file,string,ca.pem\n";
 * const [, cert] = (await NvsDocument.fromCsv(csv, options)).records;
 * if (cert.kind !== "entry" || cert.value !== "-----BEGIN CERTIFICATE-----") {
 *   throw new Error("cert not read");
 * }
 * ```
 */
export interface FromCsvOptions {
  /**
   * Accept nvsforge's own `float` and `double` encodings (the reference rejects them, so
   * by default nvsforge does too).
   */
  float?: boolean;
  /**
   * Reads the files of `file` rows (the path as the row gives it), synchronously or
   * not; each path is read once. Without it, `file` rows are errors.
   */
  readFile?: ReadFile;
}

/**
 * Options of {@linkcode NvsDocument.fromImage}.
 *
 * @example
 * ```ts
 * import { type FromImageOptions, generateKeys, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const keys = generateKeys();
 * const { image } = new NvsDocument([{ kind: "namespace", name: "n" }]).toImage({
 *   size: 0x3000,
 *   keys,
 * });
 * const options: FromImageOptions = { keys };
 * const doc = NvsDocument.fromImage(image, options);
 * if (doc.records[0]?.kind !== "namespace") throw new Error("not decrypted");
 * ```
 */
export interface FromImageOptions {
  /** The image is encrypted with these keys: it is decrypted first. */
  keys?: NvsKeys;
}

/**
 * Options of {@linkcode NvsDocument.toImage}.
 *
 * @example
 * ```ts
 * import { generateHmacKey, NvsDocument, type ToImageOptions } from "@nvsforge/nvsforge";
 *
 * const options: ToImageOptions = {
 *   size: "0x6000",
 *   version: 1,
 *   keys: { hmacKey: generateHmacKey() },
 *   strict: true,
 * };
 * const { image } = new NvsDocument([{ kind: "namespace", name: "n" }]).toImage(options);
 * if (image.length !== 0x6000) throw new Error(`image is ${image.length} bytes`);
 * ```
 */
export interface ToImageOptions {
  /** Partition size in bytes, or a literal such as `"0x6000"` (a multiple of 4096). */
  size: number | string;
  /** Page format version: 2 (multipage blobs, the default) or 1. */
  version?: FormatVersion;
  /** Encrypt the image with these keys (see {@linkcode NvsKeys}). */
  keys?: NvsKeys;
  /** Warnings (input that is probably a mistake) are errors. */
  strict?: boolean;
}

/**
 * Options of {@linkcode NvsDocument.check}: those of {@linkcode ToImageOptions}, each
 * optional. Without `size`, whether the data fits is not checked.
 *
 * @example
 * ```ts
 * import { type CheckOptions, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const doc = new NvsDocument([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "blob", type: "blob", value: new Uint8Array(3000) },
 * ]);
 * const options: CheckOptions = { version: 1 }; // version 1 blobs hold 1984 bytes at most
 * const [error] = doc.check(options).errors;
 * if (error?.code !== "value-too-long" || error.location?.record !== 1) throw new Error("no error");
 * ```
 */
export type CheckOptions = Partial<ToImageOptions>;

/**
 * Options of {@linkcode NvsDocument.toCsv}.
 *
 * @example
 * ```ts
 * import { NvsDocument, type ToCsvOptions } from "@nvsforge/nvsforge";
 *
 * const options: ToCsvOptions = { blobEncoding: "base64", lineEnding: "\r\n" };
 * const doc = new NvsDocument([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "b", type: "blob", value: new Uint8Array([1, 2, 3]) },
 * ]);
 * const { text } = doc.toCsv(options);
 * if (text !== "key,type,encoding,value\r\nn,namespace,,\r\nb,data,base64,AQID\r\n") {
 *   throw new Error(text);
 * }
 * ```
 */
export interface ToCsvOptions {
  /** Encoding of blob values: `hex2bin` (default, lower-case hex) or `base64`. */
  blobEncoding?: BlobEncoding;
  /** Line ending: `"\n"` (default) or `"\r\n"`. */
  lineEnding?: "\n" | "\r\n";
}

/**
 * What {@linkcode NvsDocument.toImage} makes: the partition image, and the warnings
 * about input that was accepted but is probably a mistake.
 *
 * @example
 * ```ts
 * import { type ImageResult, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const result: ImageResult = new NvsDocument([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "", type: "u8", value: 1 },
 * ]).toImage({ size: 0x3000 });
 * // The image's bytes are an ArrayBuffer's: Web Crypto takes them as they are.
 * const digest = await crypto.subtle.digest("SHA-256", result.image);
 * if (digest.byteLength !== 32 || result.warnings[0]?.code !== "key-empty") {
 *   throw new Error("unexpected result");
 * }
 * ```
 */
export interface ImageResult {
  /** The partition image: `size` bytes (only the pages written, for a read-only size). */
  image: Uint8Array<ArrayBuffer>;
  /** Warnings, in input order. */
  warnings: Warning[];
}

/**
 * What {@linkcode NvsDocument.toCsv} makes: the generator CSV, and the warnings for
 * records whose regenerated image would not be the same bytes.
 *
 * @example
 * ```ts
 * import { type CsvResult, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const result: CsvResult = new NvsDocument([{ kind: "namespace", name: "n" }]).toCsv();
 * if (result.text !== "key,type,encoding,value\nn,namespace,,\n") throw new Error(result.text);
 * if (result.warnings.length !== 0) throw new Error("unexpected warnings");
 * ```
 */
export interface CsvResult {
  /** The CSV text, header row first, each row ended by the line ending. */
  text: string;
  /** Warnings about records the CSV cannot give back byte for byte. */
  warnings: Warning[];
}

/**
 * Everything {@linkcode NvsDocument.check} found: the errors `toImage` would throw and
 * the warnings it would return.
 *
 * @example
 * ```ts
 * import { type CheckResult, NvsDocument } from "@nvsforge/nvsforge";
 *
 * const doc = await NvsDocument.fromCsv(
 *   "key,type,encoding,value\nn,namespace,,\na_key_of_16_byte,data,u8,300\n",
 * );
 * const result: CheckResult = doc.check();
 * const codes = result.errors.map((e) => e.code).join(" ");
 * if (codes !== "key-too-long integer-out-of-range") throw new Error(codes);
 * ```
 */
export interface CheckResult {
  /** Every error, in input order. */
  errors: NvsforgeError[];
  /** Every warning, in input order (none under `strict`: they are errors then). */
  warnings: Warning[];
}

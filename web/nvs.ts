/**
 * The page's one door into nvsforge: every call the views make to the library goes
 * through here, over the public entry points only (`mod.ts` and its sub-paths),
 * so the page runs exactly the code the command line runs.
 *
 * @module
 */

import { formatFinding, formatWarning, NvsforgeError, NvsforgeErrors } from "../mod.ts";
import type { FormatVersion, Warning } from "../mod.ts";
import { Diagnostics, layoutPartition } from "../src/format/mod.ts";
import { csvToRecords } from "../src/csv/mod.ts";
import type { ParsedPartition } from "../src/format/mod.ts";
import {
  deriveKeysFromHmacKey,
  encryptPartition,
  parseImage,
  parseKeyFile,
} from "../src/crypto/mod.ts";

export type { FormatVersion, ParsedPartition, Warning };
export { buildKeyPartition, generateKeys } from "../mod.ts";
export { Diagnostics };
export { readNvsCsv } from "../src/csv/mod.ts";
export {
  createdValuesCsv,
  deviceFiles,
  formatCsvRow,
  generateBatch,
  generateBatchStream,
  manifestLine,
  MFG_ENCODINGS,
  parsePrefixNum,
} from "../src/mfg/mod.ts";
export type { BatchEncryption, DeviceImage, ManifestFile, PrefixNum } from "../src/mfg/mod.ts";
export { formatFinding, formatWarning };

/** A file the user picked: its name (for messages) and bytes. */
export interface NamedBytes {
  /** The file's name. */
  name: string;
  /** Its contents. */
  bytes: Uint8Array;
}

/** How an image is decrypted: a key file (key partition or 64 bytes) or an HMAC key file. */
export interface KeySource {
  /** `keys`: a key partition or the 64 key bytes; `hmac`: a 32-byte HMAC key. */
  kind: "keys" | "hmac";
  /** The key file. */
  file: NamedBytes;
}

/**
 * The XTS key material (64 bytes) of a key file, checked as `--inputkey` and
 * `--hmac-key` check it; warnings (a key partition with a bad CRC, ...) go to `warnings`.
 */
export function keysOf(source: KeySource, warnings: Warning[]): Uint8Array {
  return source.kind === "hmac"
    ? deriveKeysFromHmacKey(source.file.bytes, source.file.name)
    : parseKeyFile(source.file.bytes, source.file.name, (w) => warnings.push(w));
}

/** An opened image: the parsed partition and the key's warnings. */
export interface OpenedImage {
  /** The partition as ESP-IDF reads it. */
  parsed: ParsedPartition;
  /** Warnings about the key file. */
  warnings: Warning[];
}

/** Reads an image as `nvsforge inspect` does, decrypting it first when a key is given. */
export function openImage(image: Uint8Array, key?: KeySource): OpenedImage {
  const warnings: Warning[] = [];
  const keys = key ? keysOf(key, warnings) : undefined;
  return { parsed: parseImage(image, { keys }), warnings };
}

/** nvsforge's own encodings, offered when `float` is asked for (`--float`). */
export const FLOAT_ENCODINGS = ["float", "double"];

/** Every message of an error, one line each, as the command line prints them. */
export function errorLines(e: unknown): string[] {
  if (e instanceof NvsforgeErrors) return e.errors.map((x) => x.message);
  if (e instanceof NvsforgeError) return [e.message];
  return [e instanceof Error ? e.message : String(e)];
}

/** The errors inside a thrown value (a list, one error, or none for a foreign error). */
export function nvsErrors(e: unknown): NvsforgeError[] {
  if (e instanceof NvsforgeErrors) return [...e.errors];
  if (e instanceof NvsforgeError) return [e];
  return [];
}

/** Options of {@linkcode generateImage}. */
export interface GenerateOptions {
  /** Partition size, as the command line takes it (`0x6000`, `24576`). */
  size: string;
  /** Page format version. */
  version: FormatVersion;
  /** The bytes of `file`-type values, by the path the CSV gives. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Encrypt with these 64 key bytes. */
  keys?: Uint8Array;
  /** Accept nvsforge's own `float` and `double` encodings (`--float`). */
  float?: boolean;
}

/** An image generated from generator CSV text, and the warnings. */
export interface Generated {
  /** The image, encrypted when keys were given. */
  image: Uint8Array;
  /** Warnings about input that is accepted but probably a mistake. */
  warnings: Warning[];
}

/**
 * Generates an image from generator CSV text, as `nvsforge nvs generate` (or `encrypt`
 * with keys) does. Throws every input error at once.
 */
export function generateImage(name: string, text: string, options: GenerateOptions): Generated {
  const diagnostics = new Diagnostics();
  const { records } = csvToRecords([{ name, text }], {
    diagnostics,
    float: options.float,
    readFile: (path) => {
      const bytes = options.files.get(path);
      if (!bytes) throw new Error(`no file "${path}" was picked`);
      return bytes;
    },
  });
  const { image } = layoutPartition(records, {
    size: options.size,
    version: options.version,
    diagnostics,
  });
  return {
    image: options.keys ? encryptPartition(image, { keys: options.keys }) : image,
    warnings: diagnostics.warnings,
  };
}

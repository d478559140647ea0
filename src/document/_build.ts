/**
 * What `check` and `toImage` of {@linkcode NvsDocument} share: every option, record and
 * input problem checked in one pass, then the image laid out (and encrypted) when there
 * is none. The encryption comes in as a parameter ({@linkcode BuildEncryption}), so the
 * command line's plain `nvs generate` (src/cli/nvs_generate.ts), which builds from CSV
 * with these functions and never encrypts, does not load the crypto modules (start-up
 * of the compiled executable).
 *
 * @module
 */

import { Diagnostics, NvsforgeError, NvsforgeErrors } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { withWifiEntries } from "../csv/wifi.ts";
import type { NvsKeys } from "../crypto/keys.ts";
import type { NvsRecord } from "../format/items.ts";
import { checkPartitionSize } from "../format/size.ts";
import type { PartitionSize } from "../format/size.ts";
import { layoutPartition, validateRecords } from "../format/writer.ts";
import { unknownOptions } from "./_options.ts";
import type { CheckOptions, CheckResult, ImageResult, ToImageOptions } from "./options.ts";

const TO_IMAGE_OPTIONS = ["size", "version", "keys", "strict"];

/** A document's records and the problems found while reading them. */
export interface BuildParts {
  readonly records: readonly NvsRecord[];
  readonly errors: readonly NvsforgeError[];
  readonly warnings: readonly Warning[];
}

/** How the `keys` option is read and applied: crypto's functions, given by document.ts. */
export interface BuildEncryption {
  /** Checks the keys; returns their 64 bytes. */
  resolveKeys(keys: NvsKeys): Uint8Array;
  /** Encrypts a laid-out image in place. */
  encryptInPlace(image: Uint8Array, keys: Uint8Array): void;
}

/**
 * `check` of a document's parts, or with `build` what `toImage` does without throwing:
 * every problem in input order, the warnings, and the image when there is no problem
 * (the command line's `nvs generate` lays its image out once this way).
 */
export function buildParts(
  parts: BuildParts,
  options: CheckOptions,
  build: boolean,
  encryption?: BuildEncryption,
): CheckResult & { image?: Uint8Array<ArrayBuffer> } {
  const { d, image } = buildImage(parts, options, build ? "toImage" : "check", build, encryption);
  return { errors: inInputOrder(d), warnings: d.warnings, image };
}

/** `check` of a document's parts: every problem, in input order, and the warnings. */
export function checkParts(
  parts: BuildParts,
  options: CheckOptions,
  encryption?: BuildEncryption,
): CheckResult {
  const { errors, warnings } = buildParts(parts, options, false, encryption);
  return { errors, warnings };
}

/** `toImage` of a document's parts: the image, or every problem thrown at once. */
export function imageOfParts(
  parts: BuildParts,
  options: ToImageOptions,
  encryption?: BuildEncryption,
): ImageResult {
  const { d, image } = buildImage(parts, options, "toImage", true, encryption);
  d.throwIfAny();
  return { image: image!, warnings: d.warnings };
}

/**
 * Checks everything, then lays out (and encrypts, for `toImage`) the image when
 * nothing is wrong. Every problem is in the collector returned. Without `encryption`,
 * a `keys` option is a bug of the caller.
 */
function buildImage(
  parts: BuildParts,
  options: CheckOptions,
  fn: string,
  build: boolean,
  encryption: BuildEncryption | undefined,
): { d: Diagnostics; image?: Uint8Array<ArrayBuffer> } {
  const d = new Diagnostics(options?.strict === true);
  d.errors.push(...unknownOptions(options, TO_IMAGE_OPTIONS, fn));
  options ??= {};
  let size: PartitionSize | undefined;
  if (options.size === undefined) {
    if (build) d.errors.push(usage(`${fn} needs the partition size: { size: 0x6000 }`, "size"));
  } else {
    try {
      size = checkPartitionSize(options.size);
    } catch (e) {
      d.errors.push(atOption(e, "size"));
    }
  }
  const version = options.version ?? 2;
  const versionOk = version === 1 || version === 2;
  if (!versionOk) {
    d.errors.push(usage(`expected 1 or 2, got ${JSON.stringify(version)}`, "version"));
  }
  let keys: Uint8Array | undefined;
  if (options.keys !== undefined) {
    if (!encryption) throw new Error(`${fn} with keys needs the encryption functions`);
    try {
      keys = encryption.resolveKeys(options.keys);
    } catch (e) {
      d.errors.push(atOption(e, "keys"));
    }
  }
  d.errors.push(...parts.errors);
  for (const w of parts.warnings) d.warn(w.code, w.message, w.location);
  const records = withWifiEntries(parts.records);
  if (!size || !versionOk) {
    validateRecords(records, versionOk ? version : 2, d);
    return { d };
  }
  try {
    const { image } = layoutPartition(records, { size, version, diagnostics: d });
    if (build && keys) encryption!.encryptInPlace(image, keys);
    return { d, image: image as Uint8Array<ArrayBuffer> };
  } catch (e) {
    if (!(e instanceof NvsforgeError)) throw e;
    // layoutPartition throws the collector's own errors, or one of its own.
    for (const x of e instanceof NvsforgeErrors ? e.errors : [e]) {
      if (!d.errors.includes(x)) d.errors.push(x);
    }
    return { d };
  }
}

/** The collector's errors in input order (as `throwIfAny` throws them). */
function inInputOrder(d: Diagnostics): NvsforgeError[] {
  try {
    d.throwIfAny();
  } catch (e) {
    return e instanceof NvsforgeErrors ? [...e.errors] : [e as NvsforgeError];
  }
  return [];
}

function usage(detail: string, option: string): NvsforgeError {
  return new NvsforgeError("usage", detail, { option });
}

function atOption(e: unknown, option: string): NvsforgeError {
  if (!(e instanceof NvsforgeError)) throw e;
  return new NvsforgeError(e.code, e.detail, { ...e.location, option }, e.kind);
}

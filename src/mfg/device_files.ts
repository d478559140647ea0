/**
 * A device's output files in a batch run, as data: what the run's settings are, which
 * files a device has (in commit order), their states between the passes, how they are
 * staged, and the flash outputs built from them.
 *
 * @module
 */

import { OutputError } from "../errors.ts";
import type { ErrorData, SourceLocation, Warning } from "../errors.ts";
import * as fp from "../file_protocol.ts";
import { esptoolArgs } from "../flash/esptool_args.ts";
import { intelHex } from "../flash/intel_hex.ts";
import { flashParts } from "../flash/layout.ts";
import type { FlashPlan } from "../flash/layout.ts";
import type { PlannedDevice } from "./laid_out_batch.ts";
import type { BatchEncryption } from "./encryption.ts";
import type { ManifestFile } from "./manifest.ts";
import { deviceFiles } from "./naming.ts";

/**
 * How the images of a run are encrypted: the library's {@linkcode BatchEncryption}.
 * `--inputkey` is `{ keys }` (no key file is written); `--keygen` is `{ generate: true }`
 * (a key partition per device in `keys/keys-<name>.bin`); `--kp_hmac_inputkey` is
 * `{ keys, keyFiles: true }` (the keys derived from one HMAC key, each device with its key
 * partition); `--kp_hmac_keygen` is `{ generate: true, hmac: true }` (a random HMAC key
 * per device, written beside its key partition as `keys/hmac-keys-<name>.bin`, or
 * `WriterSettings.hmacKeyfile` for a batch of one device).
 */
export type RunEncryption = BatchEncryption;

/** What the device writer needs besides the batch. */
export interface WriterSettings {
  /** The output directory, absolute. */
  outdir: string;
  /** Encryption, if any. */
  encryption?: RunEncryption;
  /** `--kp_hmac_keyfile`: the HMAC key file's name in `keys/`, for a batch of one device. */
  hmacKeyfile?: string;
  /** Replace existing files. */
  force: boolean;
  /** With a partition table: each device's esptool argument file (and Intel HEX). */
  flash?: FlashSettings;
}

/** The flash outputs of each device (`--partition-table`, `--hex`). */
export interface FlashSettings {
  /** Where the image and the key partition go. */
  plan: FlashPlan;
  /** Also write `hex/<name>.hex`. */
  hex: boolean;
  /** With `--inputkey`: the shared key partition file, relative to the outdir. */
  sharedKeys?: string;
}

/** `flash/<name>.args` and `hex/<name>.hex`. */
export function flashFiles(name: string): { args: string; hex: string } {
  return { args: `flash/${name}.args`, hex: `hex/${name}.hex` };
}

/** A device's state between the passes. */
export const DeviceState = {
  /** Nothing of it exists: write every file. */
  Fresh: 0,
  /** Every file exists with the expected bytes: skip it. */
  Complete: 1,
  /** Some files exist with the expected bytes: write the others. */
  Partial: 2,
} as const;

/** One output file of a device. */
export interface OutFile {
  /** Relative to the output directory, with `/`. */
  rel: string;
  /** Absolute path. */
  abs: string;
  /** Content. */
  data: Uint8Array;
  /** Mode for a new file (key files: 0600). */
  mode?: number;
}

/**
 * How pass 1 writes the files that pass 2 moves into place. Each output directory
 * (`csv`, `keys`, `bin`) is staged one of two ways:
 * - it exists: each file is written beside its target as `.<name>.<tag>.tmp`, and
 *   renamed on its own;
 * - it does not exist yet: its files are written under their own names into a staging
 *   directory, which becomes the output directory with one rename (no rename per file).
 */
export interface Staging {
  /** The run's tag, in the names of its staged files. */
  tag: string;
  /** The output directories staged whole: name (`bin`) → staging directory (absolute). */
  whole: Record<string, string>;
}

/** A device as the writer gets it: its row's values, id and name. */
export type DeviceJob = Pick<PlannedDevice, "index" | "line" | "id" | "name" | "fields">;

/** What checking one device found (pass 1). */
export interface CheckFinding {
  index: number;
  errors: ErrorData[];
  warnings: Warning[];
}

/** What committing one device did (pass 2). */
export interface CommitOutcome {
  index: number;
  /** Files moved into place by this run. */
  written: number;
}

/** What preparing one device found and did (pass 1). */
export interface Prepared extends CheckFinding {
  /** Its state: fresh, or (files already there) complete or partial. */
  state: number;
  /** Output errors: existing files, a file that could not be staged. */
  outputErrors: ErrorData[];
  /** The device's files, for the manifest (when asked for). */
  files?: ManifestFile[];
  /** The files written into staging directories (see {@linkcode Staging}). */
  stagedWhole?: number;
}

/** An output error for a file that could not be written. */
export const writeError = fp.writeError;

/**
 * The error of an output file that is there already (`how`: "", " with other content
 * ..."): it is not overwritten unless `--force`; `--resume` is suggested unless resuming.
 */
export function existsError(
  file: string,
  how: string,
  resume: boolean,
  at?: SourceLocation,
): OutputError {
  return new OutputError(
    "output-exists",
    `"${file}" already exists${how}: not overwritten (use --force to replace it${
      resume ? "" : ", or --resume to finish an interrupted run"
    })`,
    at,
  );
}

/** The output directory of a file (`bin` of `bin/dev-1.bin`). */
export function topDirectory(rel: string): string {
  return rel.slice(0, rel.indexOf("/"));
}

const encoder = new TextEncoder();

/**
 * A device's esptool argument file and Intel HEX: its image and, when the plan has a
 * key partition, its key partition file (`files`' own, or the shared one).
 *
 * @param abs a path under the output directory, absolute.
 * @param shared the shared key partition (`--inputkey`), built once by the caller.
 */
export function flashOutputs(
  flash: FlashSettings,
  name: string,
  image: Uint8Array,
  files: readonly OutFile[],
  abs: (rel: string) => string,
  shared: () => Uint8Array | undefined,
): OutFile[] {
  const names = deviceFiles(name);
  let keys: { path: string; data: Uint8Array } | undefined;
  if (flash.plan.keys) {
    const sharedKeys = flash.sharedKeys !== undefined ? shared() : undefined;
    if (flash.sharedKeys !== undefined && sharedKeys) {
      keys = { path: flash.sharedKeys, data: sharedKeys };
    } else {
      const own = files.find((f) => f.rel === names.keys)!;
      keys = { path: own.rel, data: own.data };
    }
  }
  const parts = flashParts(flash.plan, { path: names.bin, data: image }, keys);
  const rels = flashFiles(name);
  const out: OutFile[] = [
    { rel: rels.args, abs: abs(rels.args), data: encoder.encode(esptoolArgs(parts)) },
  ];
  if (flash.hex) {
    const segments = [{ address: flash.plan.nvs.offset, data: image }];
    if (flash.plan.keys && keys) {
      segments.push({ address: flash.plan.keys.offset, data: keys.data });
    }
    out.push({ rel: rels.hex, abs: abs(rels.hex), data: encoder.encode(intelHex(segments)) });
  }
  return out;
}

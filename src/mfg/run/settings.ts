/**
 * What a batch run is given (its settings), how it ends when a signal stops it, and the
 * hooks the interrupt tests stop it with.
 *
 * @module
 */

import { InterruptedError } from "../../errors.ts";
import type { StopSignal, Warning } from "../../errors.ts";
import type { BatchOptions } from "../batch.ts";
import type { FlashSettings, RunEncryption } from "../device_writer.ts";
import type { ManifestHeader } from "../manifest.ts";
import type { BatchSummary } from "../progress.ts";
import type { ValueFileSource } from "../../value_files.ts";

/** Everything a run needs. */
export interface BatchRun {
  /** The configuration file. */
  conf: string;
  /** The master values file. */
  values: string;
  /** Naming, size, version, file reader, strictness. */
  batch: BatchOptions;
  /**
   * The batch options the command line took from its arguments (`size`): an error about
   * one is a usage error (exit status 2), reported with the configuration's and the
   * master file's errors.
   */
  usageOptions?: readonly string[];
  /** The output directory (`~` already expanded). */
  outdir: string;
  /** Encryption, if any. */
  encryption?: RunEncryption;
  /** `--kp_hmac_keyfile`: the HMAC key file's name in `keys/`, for a batch of one device. */
  hmacKeyfile?: string;
  /** Replace existing output files. */
  force?: boolean;
  /** Skip devices whose files are complete; finish the others. */
  resume?: boolean;
  /** Write a JSON Lines manifest to this file. */
  manifest?: string;
  /** The manifest's first line (the command line knows its inputs): written first. */
  manifestHeader?: ManifestHeader;
  /** With a partition table: each device's esptool argument file and Intel HEX. */
  flash?: FlashSettings;
  /** The batch summary (`summary-<prefix>.csv`). */
  summary?: SummarySettings;
  /** Receives warnings to print. */
  onWarnings?: (warnings: readonly Warning[]) => void;
  /** Progress display: a bar on a terminal, lines otherwise (default), or nothing. */
  progress?: "auto" | "bar" | "lines" | "none";
  /** Milliseconds between progress lines when standard error is not a terminal. */
  progressIntervalMs?: number;
  /**
   * Worker threads for the per-device work: a number (0: the main thread does it), or
   * "auto" (as many as CPUs, for a master file big enough to pay for starting them;
   * none for a small one). Default "auto".
   */
  jobs?: number | "auto";
  /**
   * Where the run is coordinated when worker threads are used: in a thread of its own
   * ("thread"), in this one ("main"), or "auto" (a thread for a big master file). Default
   * "auto".
   */
  coordinate?: "auto" | "thread" | "main";
  /**
   * How worker threads read `file`-type values (they cannot share `batch.readFile`):
   * relative to `cwd`, or confined to `fileRoot` (`--file-root`). Default: the current
   * directory.
   */
  files?: ValueFileSource;
}

/** The batch summary's settings. */
export interface SummarySettings {
  /** The file to write. */
  path: string;
  /** `--summary-columns`: master file columns (default: its metadata columns). */
  columns?: string[];
  /** The key file every device shares (`--inputkey`, `--kp_hmac_inputkey`), if any. */
  keyFile?: string;
}

/** The run was stopped by a signal; complete files only were left. */
export class BatchInterrupted extends InterruptedError {
  constructor(signal: StopSignal, readonly summary: BatchSummary) {
    super(signal);
    this.name = "BatchInterrupted";
  }
}

/**
 * Hooks for the tests of interrupted runs, set only by tests (the command line never
 * sets them): `afterGroup` is awaited after each group of devices a pass hands on, with
 * the pass and the devices handed on so far, so that a test can stop a run at a known
 * point instead of guessing when.
 */
export const passHooks: {
  afterGroup?: (pass: "generating" | "committing", devices: number) => Promise<void>;
} = {};

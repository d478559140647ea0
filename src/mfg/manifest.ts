/**
 * The batch manifest (`--manifest FILE`): JSON Lines for a factory's traceability system,
 * schema `nvsforge-manifest/2`. The first line is the batch header (`"kind":"batch"`:
 * tool and version, command line, every input file with its SHA-256, size, NVS format
 * version, encryption mode, partition table and offsets, a batch id, the start time),
 * then one line per device (`"kind":"device"`: id, master row and line, every file with
 * its SHA-256, and with a partition table the flash parts), and a last line with the
 * totals (`"kind":"totals"`). Every field is documented in the README.
 *
 * ```json
 * {"kind":"device","id":"SN-0001","row":1,"line":2,"name":"dev-SN-0001","files":[{"path":"csv/dev-SN-0001.csv","bytes":142,"sha256":"…"}]}
 * ```
 *
 * @module
 */

import { sha256 } from "@noble/hashes/sha2.js";
import type { FlashPart } from "../flash/layout.ts";

/** The schema of every line, in the header's `schema` field. */
export const MANIFEST_SCHEMA = "nvsforge-manifest/2";

/** One file of a device, or an input file of the batch. */
export interface ManifestFile {
  /** The path: for outputs relative to the output directory, with `/`; inputs as given. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** Its SHA-256, lower-case hex. */
  sha256: string;
}

/** An input file of the batch, with what it is. */
export interface ManifestInput extends ManifestFile {
  /** `config`, `values`, `partition-table`, `inputkey` or `hmac-inputkey`. */
  role: string;
}

/** A partition of the table, as the header names it. */
export interface ManifestPartition {
  /** Its name. */
  name: string;
  /** Its offset in flash. */
  offset: number;
  /** Its size in bytes. */
  size: number;
  /** Its `encrypted` flag. */
  encrypted: boolean;
}

/** The first line: what the batch was made from and how. */
export interface ManifestHeader {
  /** Always `"batch"`. */
  kind: "batch";
  /** {@linkcode MANIFEST_SCHEMA}. */
  schema: typeof MANIFEST_SCHEMA;
  /** `"nvsforge"`. */
  tool: string;
  /** nvsforge's version. */
  version: string;
  /** The command line's arguments after the program name. */
  commandLine: string[];
  /** A random id of this run (32 hex digits). */
  batchId: string;
  /** When the run started, ISO 8601 UTC. */
  startedAt: string;
  /** Whether the run was `--resume`. */
  resume: boolean;
  /** The file name prefix. */
  prefix: string;
  /** Partition size in bytes. */
  size: number;
  /** NVS page format version: 1 or 2. */
  nvsVersion: number;
  /** `none`, `keygen`, `inputkey`, `hmac-keygen` or `hmac-inputkey`. */
  encryption: string;
  /** Every input file with its SHA-256. */
  inputs: ManifestInput[];
  /** With `--partition-table`: where the images and key partitions go. */
  partitionTable?: {
    /** The table file, as given. */
    path: string;
    /** `csv` or `binary`. */
    format: string;
    /** The NVS partition. */
    nvs: ManifestPartition;
    /** The key partition, when one is written to flash. */
    keys?: ManifestPartition;
  };
}

/** One device. */
export interface ManifestEntry {
  /** Always `"device"` (absent in lines of schema 1). */
  kind?: "device";
  /** The device's id (`--fileid` value, or its number). */
  id: string;
  /** 1-based device row (data rows of the master file, header excluded). */
  row: number;
  /** 1-based line of the master file where the row starts. */
  line: number;
  /** The base name of its files. */
  name: string;
  /** Its files: intermediate CSV, key files, image, esptool argument file, HEX. */
  files: ManifestFile[];
  /** With a partition table: what goes where in its flash. */
  parts?: FlashPart[];
  /** With `--key_protect_hmac`: the HMAC key file for its eFuse (no flash part). */
  hmacKey?: string;
}

/** The last line. */
export interface ManifestTotals {
  /** Always `"totals"`. */
  kind: "totals";
  /** Devices in the batch. */
  devices: number;
  /** Devices whose files this run wrote. */
  written: number;
  /** Devices whose complete files `--resume` kept. */
  kept: number;
  /** Files listed in the device lines. */
  files: number;
  /** Their bytes. */
  bytes: number;
  /** Batch files besides the devices' (summary, shared key partition), relative to the outdir. */
  batchFiles: ManifestFile[];
  /** When the run finished, ISO 8601 UTC. */
  finishedAt: string;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lower-case hex of bytes. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

/**
 * Describes a file for the manifest.
 *
 * @example
 * ```ts
 * import { manifestFile } from "@nvsforge/nvsforge/mfg";
 * const f = manifestFile("bin/x.bin", new Uint8Array(0));
 * if (f.sha256 !== "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") {
 *   throw new Error(f.sha256);
 * }
 * ```
 */
export function manifestFile(path: string, data: Uint8Array): ManifestFile {
  return { path, bytes: data.length, sha256: toHex(sha256(data)) };
}

/** A new random batch id: 32 hex digits. */
export function newBatchId(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

/** One device's line of the manifest, with its `\n` (`kind` first). */
export function manifestLine(entry: ManifestEntry): string {
  return JSON.stringify({ kind: "device", ...entry }) + "\n";
}

/**
 * The header line, with its `\n`.
 *
 * @example
 * ```ts
 * import { manifestHeaderLine, MANIFEST_SCHEMA } from "./manifest.ts";
 * const line = manifestHeaderLine({
 *   kind: "batch", schema: MANIFEST_SCHEMA, tool: "nvsforge", version: "0.1.0",
 *   commandLine: ["generate"], batchId: "00", startedAt: "2026-12-01T10:00:00.000Z",
 *   resume: false, prefix: "dev", size: 0x6000, nvsVersion: 2, encryption: "none", inputs: [],
 * });
 * if (!line.startsWith('{"kind":"batch","schema":"nvsforge-manifest/2"')) throw new Error(line);
 * ```
 */
export function manifestHeaderLine(header: ManifestHeader): string {
  return JSON.stringify(header) + "\n";
}

/** The totals line, with its `\n`. */
export function manifestTotalsLine(totals: ManifestTotals): string {
  return JSON.stringify(totals) + "\n";
}

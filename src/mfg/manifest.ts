/**
 * The batch manifest (`--manifest FILE`): JSON Lines, one object per device, for a
 * factory's traceability system: the device's id, where its row is in the master file,
 * and every file written for it with its SHA-256.
 *
 * ```json
 * {"id":"SN-0001","row":1,"line":2,"name":"dev-SN-0001","files":[{"path":"csv/dev-SN-0001.csv","bytes":142,"sha256":"…"}]}
 * ```
 *
 * @module
 */

import { sha256 } from "@noble/hashes/sha2.js";

/** One file of a device. */
export interface ManifestFile {
  /** The path, relative to the output directory, with `/`. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** Its SHA-256, lower-case hex. */
  sha256: string;
}

/** One device. */
export interface ManifestEntry {
  /** The device's id (`--fileid` value, or its number). */
  id: string;
  /** 1-based device row (data rows of the master file, header excluded). */
  row: number;
  /** 1-based line of the master file where the row starts. */
  line: number;
  /** The base name of its files. */
  name: string;
  /** Its files: intermediate CSV, key files, image. */
  files: ManifestFile[];
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
 * import { manifestFile } from "./manifest.ts";
 * const f = manifestFile("bin/x.bin", new Uint8Array(0));
 * if (f.sha256 !== "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") {
 *   throw new Error(f.sha256);
 * }
 * ```
 */
export function manifestFile(path: string, data: Uint8Array): ManifestFile {
  return { path, bytes: data.length, sha256: toHex(sha256(data)) };
}

/** One line of the manifest, with its `\n`. */
export function manifestLine(entry: ManifestEntry): string {
  return JSON.stringify(entry) + "\n";
}

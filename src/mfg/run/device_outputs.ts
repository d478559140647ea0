/**
 * How a device's files are described beyond the files themselves: the HMAC key file
 * and key file each device names, its flash parts (with a partition table), and the
 * summary's columns.
 *
 * @module
 */

import type { FlashPart } from "../../flash/layout.ts";
import type { MasterLayout } from "../master.ts";
import { manifestFile } from "../manifest.ts";
import type { ManifestFile } from "../manifest.ts";
import { hasHmacKeys, hasKeyFiles } from "../encryption.ts";
import { deviceFiles } from "../naming.ts";
import type { BatchRun } from "./settings.ts";

/** The HMAC key file of a device for its eFuse, with `--key_protect_hmac`. */
export function hmacKeyOf(run: BatchRun, name: string): string | undefined {
  const enc = run.encryption;
  if (!hasKeyFiles(enc)) return undefined;
  if (hasHmacKeys(enc)) {
    const file = run.hmacKeyfile;
    return file !== undefined ? `keys/${file}` : deviceFiles(name).hmacKey;
  }
  // The keys derived from one HMAC key (`--kp_hmac_inputkey`): the summary names it.
  return enc !== undefined && "keys" in enc ? run.summary?.keyFile : undefined;
}

/** The key file the summary names for a device. */
export function keyFileOf(run: BatchRun, name: string): string | undefined {
  const enc = run.encryption;
  if (hasKeyFiles(enc)) return hmacKeyOf(run, name) ?? deviceFiles(name).keys;
  if (enc !== undefined) return run.flash?.sharedKeys ?? run.summary?.keyFile;
  return undefined;
}

/**
 * A device's flash parts, from its files (with a partition table): its image and its
 * key partition (its own, or the shared one `sharedKeys`).
 */
export function partsOf(
  run: BatchRun,
  name: string,
  files: readonly ManifestFile[],
  sharedKeys: Uint8Array | undefined,
): FlashPart[] | undefined {
  const flash = run.flash;
  if (!flash) return undefined;
  const names = deviceFiles(name);
  const image = files.find((f) => f.path === names.bin);
  if (!image) return undefined;
  const parts: FlashPart[] = [{
    partition: flash.plan.nvs.name,
    offset: flash.plan.nvs.offset,
    size: image.bytes,
    path: image.path,
    sha256: image.sha256,
    encrypt: false,
  }];
  if (flash.plan.keys) {
    const keys = flash.sharedKeys !== undefined && sharedKeys
      ? manifestFile(flash.sharedKeys, sharedKeys)
      : files.find((f) => f.path === names.keys);
    if (keys) {
      parts.push({
        partition: flash.plan.keys.name,
        offset: flash.plan.keys.offset,
        size: keys.bytes,
        path: keys.path,
        sha256: keys.sha256,
        encrypt: true,
      });
    }
  }
  return parts;
}

/**
 * The summary's columns: `--summary-columns` by name, or the master file's metadata
 * columns (those that are not configuration keys). Returns an error message for an
 * unknown name.
 */
export function summaryColumnsOf(
  layout: MasterLayout,
  names: readonly string[] | undefined,
  file: string,
): number[] | string {
  if (names === undefined) {
    const keys = new Set(layout.keyColumns);
    return layout.header.map((_, i) => i).filter((i) => !keys.has(i));
  }
  const out: number[] = [];
  for (const n of names) {
    const i = layout.header.indexOf(n);
    if (i < 0) {
      return `--summary-columns: "${n}" is not a column of ${file} (it has ${
        layout.header.map((h) => `"${h}"`).join(", ")
      })`;
    }
    out.push(i);
  }
  return out;
}

/**
 * Reading key files, in one place for every command and the batch run: an NVS key
 * partition (`--inputkey`, a key partition file to decrypt with, a device's
 * `keys-<name>.bin` when a run is resumed) or an HMAC key (`--kp_hmac_inputkey`, a
 * device's `hmac-keys-<name>.bin`). Each is a regular file of at most 4096 bytes; one
 * that cannot be read is an input error with one wording, `cannot read key file: …`,
 * naming the file.
 *
 * @module
 */

import { deriveKeysFromHmacKey, parseKeyFile } from "./crypto/mod.ts";
import { describeSystemError as describe, InputError } from "./errors.ts";
import type { Warning } from "./errors.ts";
import * as rt from "./runtime/mod.ts";
import { KEY_FILE_MAX_BYTES } from "./value_files.ts";

/** What a key file holds: a key partition's XTS keys, or an HMAC key (and the keys derived). */
export type KeyFileKind = "key-partition" | "hmac-key";

/** Key material read from a key file. */
export interface KeyMaterial {
  /** The XTS keys: 64 bytes (two 32-byte keys). */
  keys64: Uint8Array;
  /** The HMAC key they were derived from (an HMAC key file). */
  hmacKey?: Uint8Array;
}

/**
 * Reads a key file's bytes: a regular file of at most {@linkcode KEY_FILE_MAX_BYTES}.
 *
 * @throws {InputError} "invalid-key", `cannot read key file: …` with the file named.
 */
export function readKeyBytes(file: string): Uint8Array {
  try {
    return rt.readRegularFile(file, KEY_FILE_MAX_BYTES);
  } catch (e) {
    throw new InputError("invalid-key", `cannot read key file: ${describe(e)}`, { file });
  }
}

/**
 * Reads a key file and returns its key material: a key partition (CRC checked, or a
 * file whose first 64 bytes are the keys; an unusual size is a warning for
 * `onWarning`), or an HMAC key (32 bytes) with the XTS keys derived from it.
 *
 * @example
 * ```ts
 * import { readKeyFile } from "./key_files.ts";
 * let code = "";
 * try {
 *   readKeyFile("no such key.bin", "key-partition");
 * } catch (e) {
 *   code = (e as { code: string }).code;
 * }
 * if (code !== "invalid-key") throw new Error(code);
 * ```
 * @throws {InputError} "invalid-key" when the file cannot be read or holds no key.
 */
export function readKeyFile(
  file: string,
  kind: KeyFileKind,
  onWarning?: (w: Warning) => void,
): KeyMaterial {
  const bytes = readKeyBytes(file);
  if (kind === "hmac-key") return { keys64: deriveKeysFromHmacKey(bytes, file), hmacKey: bytes };
  return { keys64: parseKeyFile(bytes, file, onWarning) };
}

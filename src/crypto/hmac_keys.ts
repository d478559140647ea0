/**
 * HMAC-based NVS key protection (ESP-IDF's `CONFIG_NVS_SEC_KEY_PROTECT_USING_HMAC`):
 * the XTS keys are not stored in flash but derived on the device from a 32-byte key
 * held in an eFuse block by the HMAC peripheral:
 *
 *     data key  = HMAC-SHA256(hmacKey, 5A 5A BE AE × 8)
 *     tweak key = HMAC-SHA256(hmacKey, A5 A5 DE CE × 8)
 *
 * `nvs_partition_gen.py generate-key --key_protect_hmac` writes these into the usual
 * key-partition layout (`buildKeyPartition` in `key_partition.ts`).
 *
 * This module imports nothing from `node:*` or `Deno.*`: it runs in a browser too.
 *
 * @module
 */

import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { NvsforgeError } from "../errors.ts";

/**
 * Size of an HMAC key: one 256-bit eFuse key block.
 *
 * @example
 * ```ts
 * import { generateHmacKey, HMAC_KEY_SIZE } from "@nvsforge/nvsforge/crypto";
 *
 * if (generateHmacKey().length !== HMAC_KEY_SIZE || HMAC_KEY_SIZE !== 32) {
 *   throw new Error("unexpected HMAC key size");
 * }
 * ```
 */
export const HMAC_KEY_SIZE = 32;

/** The 4-byte seed element of the data (encryption) key, repeated 8 times. */
const DATA_KEY_SEED_ELEMENT = [0x5a, 0x5a, 0xbe, 0xae] as const;
/** The 4-byte seed element of the tweak key, repeated 8 times. */
const TWEAK_KEY_SEED_ELEMENT = [0xa5, 0xa5, 0xde, 0xce] as const;

function seed(element: readonly number[]): Uint8Array {
  const s = new Uint8Array(32);
  for (let i = 0; i < s.length; i++) s[i] = element[i % element.length];
  return s;
}

/**
 * Derives the 64 bytes of XTS key material (data key then tweak key) from a 32-byte
 * HMAC key, as ESP-IDF's HMAC-based key protection scheme does on the device.
 *
 * @example
 * ```ts
 * import { deriveKeysFromHmacKey, generateHmacKey } from "@nvsforge/nvsforge/crypto";
 *
 * const hmacKey = generateHmacKey();
 * const keys = deriveKeysFromHmacKey(hmacKey);
 * // The data key is HMAC-SHA256(hmacKey, 5A 5A BE AE × 8): check it with Web Crypto.
 * const seed = new Uint8Array(32).map((_, i) => [0x5a, 0x5a, 0xbe, 0xae][i % 4]);
 * const key = await crypto.subtle.importKey(
 *   "raw",
 *   new Uint8Array(hmacKey),
 *   { name: "HMAC", hash: "SHA-256" },
 *   false,
 *   ["sign"],
 * );
 * const dataKey = new Uint8Array(await crypto.subtle.sign("HMAC", key, seed));
 * if (keys.length !== 64 || !dataKey.every((b, i) => b === keys[i])) {
 *   throw new Error("not the device's data key");
 * }
 * ```
 *
 * @param hmacKey exactly 32 bytes.
 * @param source the file the key was read from, for messages.
 * @returns a new 64-byte array: data key then tweak key.
 * @throws {NvsforgeError} code "invalid-key" when the key is not 32 bytes.
 */
export function deriveKeysFromHmacKey(
  hmacKey: Uint8Array,
  source?: string,
): Uint8Array<ArrayBuffer> {
  if (!(hmacKey instanceof Uint8Array) || hmacKey.length !== HMAC_KEY_SIZE) {
    throw new NvsforgeError(
      "invalid-key",
      `HMAC key is ${
        hmacKey instanceof Uint8Array ? hmacKey.length : 0
      } bytes: expected exactly ${HMAC_KEY_SIZE} bytes (a 256-bit eFuse HMAC key)`,
      source !== undefined ? { file: source } : undefined,
    );
  }
  const out = new Uint8Array(64);
  out.set(hmac(sha256, hmacKey, seed(DATA_KEY_SEED_ELEMENT)), 0);
  out.set(hmac(sha256, hmacKey, seed(TWEAK_KEY_SEED_ELEMENT)), 32);
  return out;
}

/**
 * Generates a random 32-byte HMAC key with `crypto.getRandomValues`.
 *
 * @example
 * ```ts
 * import {
 *   buildKeyPartition,
 *   deriveKeysFromHmacKey,
 *   generateHmacKey,
 * } from "@nvsforge/nvsforge/crypto";
 *
 * // What `generate-key --key_protect_hmac --kp_hmac_keygen` writes: the HMAC key (burnt
 * // into an eFuse block) and the key partition of the keys derived from it.
 * const hmacKey = generateHmacKey();
 * const keyPartition = buildKeyPartition(deriveKeysFromHmacKey(hmacKey));
 * if (hmacKey.length !== 32 || keyPartition.length !== 4096) throw new Error("unexpected sizes");
 * ```
 *
 * @returns a new 32-byte array.
 */
export function generateHmacKey(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(HMAC_KEY_SIZE));
}

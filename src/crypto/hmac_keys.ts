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

/** Size of an HMAC key: one 256-bit eFuse key block. */
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
 * @param hmacKey exactly 32 bytes.
 * @param source the file the key was read from, for messages.
 * @throws {NvsforgeError} code "invalid-key" when the key is not 32 bytes.
 */
export function deriveKeysFromHmacKey(hmacKey: Uint8Array, source?: string): Uint8Array {
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

/** Generates a random 32-byte HMAC key with `crypto.getRandomValues`. */
export function generateHmacKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(HMAC_KEY_SIZE));
}

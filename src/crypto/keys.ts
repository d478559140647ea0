/**
 * The one shape of the `keys` option: every function of the library that encrypts or
 * decrypts takes `{ keys }`, and `keys` is one of three things, said once here.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import { deriveKeysFromHmacKey } from "./hmac_keys.ts";
import { KEY_MATERIAL_SIZE, KEY_PARTITION_SIZE, parseKeyFile } from "./key_partition.ts";

/**
 * The XTS keys of an encrypted NVS image, as any of:
 *
 * - the 64 key bytes themselves (data key then tweak key), as {@linkcode generateKeys}
 *   makes them;
 * - a whole 4096-byte NVS key partition (`nvs_keys`), as `buildKeyPartition` or
 *   `nvsforge nvs generate-key` writes it: its CRC is checked;
 * - `{ hmacKey }`: a 32-byte eFuse HMAC key, from which the device derives the keys (the
 *   derivation is ESP-IDF's, see `deriveKeysFromHmacKey`).
 *
 * @example
 * ```ts
 * import {
 *   buildKeyPartition,
 *   generateHmacKey,
 *   generateKeys,
 *   NvsDocument,
 *   type NvsKeys,
 * } from "@nvsforge/nvsforge";
 *
 * const doc = new NvsDocument([
 *   { kind: "namespace", name: "wifi" },
 *   { kind: "entry", key: "pass", type: "string", value: "hunter2" },
 * ]);
 * const keys = generateKeys();
 * const hmacKey = generateHmacKey();
 * const forms: [NvsKeys, NvsKeys][] = [
 *   [keys, buildKeyPartition(keys)], // 64 bytes, or the key partition holding them
 *   [{ hmacKey }, { hmacKey }],
 * ];
 * for (const [encryptWith, readWith] of forms) {
 *   const { image } = doc.toImage({ size: 0x3000, keys: encryptWith });
 *   const back = NvsDocument.fromImage(image, { keys: readWith });
 *   const [, pass] = back.records;
 *   if (pass.kind !== "entry" || pass.value !== "hunter2") throw new Error("not decrypted");
 * }
 * ```
 */
export type NvsKeys = Uint8Array | { readonly hmacKey: Uint8Array };

/**
 * The 64 XTS key bytes (data key then tweak key) that `keys` stands for.
 *
 * @param keys the keys, in any of the forms of {@linkcode NvsKeys}.
 * @param option the option's name, for messages.
 * @returns a 64-byte array (a new one, or `keys` itself when it is 64 bytes).
 * @throws {NvsforgeError} code `invalid-key`, naming the option: bytes that are neither
 *   64 nor 4096 long, a key partition whose CRC is wrong or whose keys are erased, an
 *   HMAC key that is not 32 bytes, or a value of none of these forms.
 */
export function resolveKeys(keys: NvsKeys, option = "keys"): Uint8Array {
  const where = { option };
  const fail = (detail: string): never => {
    throw new NvsforgeError("invalid-key", detail, where);
  };
  try {
    if (keys instanceof Uint8Array) {
      if (keys.length === KEY_MATERIAL_SIZE) return keys;
      if (keys.length === KEY_PARTITION_SIZE) return parseKeyFile(keys);
      return fail(
        `${keys.length} bytes are neither the ${KEY_MATERIAL_SIZE} XTS key bytes (data key then tweak key) nor a ${KEY_PARTITION_SIZE}-byte NVS key partition`,
      );
    }
    if (typeof keys === "object" && keys !== null && "hmacKey" in keys) {
      const extra = Object.keys(keys).filter((k) => k !== "hmacKey");
      if (extra.length > 0) {
        return fail(`unknown field "${extra[0]}": expected { hmacKey: <32 bytes> }`);
      }
      return deriveKeysFromHmacKey(keys.hmacKey);
    }
  } catch (e) {
    if (e instanceof NvsforgeError && e.location?.option === undefined) {
      throw new NvsforgeError(e.code, e.detail, { ...e.location, ...where }, e.kind);
    }
    throw e;
  }
  return fail(
    `expected the ${KEY_MATERIAL_SIZE} key bytes, a ${KEY_PARTITION_SIZE}-byte key partition (Uint8Array) or { hmacKey: <32 bytes> }`,
  );
}

/**
 * The options of a function that takes only keys: `encryptPartition`, `decryptPartition`
 * and `PartitionCipher`.
 *
 * @example
 * ```ts
 * import { encryptPartition, generateKeys, type KeysOptions } from "@nvsforge/nvsforge/crypto";
 *
 * const options: KeysOptions = { keys: generateKeys() };
 * const image = encryptPartition(new Uint8Array(0x3000).fill(0xff), options);
 * if (image.length !== 0x3000) throw new Error("wrong size");
 * ```
 */
export interface KeysOptions {
  /** The keys, in any of the forms of {@linkcode NvsKeys}. */
  readonly keys: NvsKeys;
}

/**
 * The 64 key bytes of a `{ keys }` options object, after checking that it names no
 * other option.
 *
 * @param options what the caller passed.
 * @param fn the function's name, for messages.
 * @returns the 64 XTS key bytes.
 * @throws {NvsforgeError} code `unknown-option` for options that are not an object or
 *   name another option; code `invalid-key` for missing keys or keys of none of the
 *   forms of {@linkcode NvsKeys}.
 */
export function keysOf(options: KeysOptions, fn: string): Uint8Array {
  if (typeof options !== "object" || options === null || options instanceof Uint8Array) {
    throw new NvsforgeError(
      "unknown-option",
      `${fn} takes { keys }: pass the keys (64 key bytes, a key partition or { hmacKey }) as the keys option`,
      { option: "keys" },
    );
  }
  const unknown = Object.keys(options).filter((k) => k !== "keys");
  if (unknown.length > 0) {
    throw new NvsforgeError(
      "unknown-option",
      `unknown option "${unknown[0]}": ${fn} takes "keys"`,
      { option: unknown[0] },
    );
  }
  if (options.keys === undefined) {
    throw new NvsforgeError("invalid-key", `${fn}: the keys option is missing`, {
      option: "keys",
    });
  }
  return resolveKeys(options.keys);
}

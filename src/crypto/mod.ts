/**
 * NVS encryption for nvsforge: XTS-AES-256 over whole images, the NVS key partition,
 * and HMAC-based key derivation. Everything here is pure TypeScript (AES-256 of its own,
 * HMAC from `@noble/hashes`, random bytes from `crypto.getRandomValues`):
 * no `node:*`, no `Deno.*`, so it runs in Deno, Bun, Node and browsers alike.
 *
 * Typical use:
 *
 * ```ts
 * import {
 *   buildKeyPartition,
 *   decryptPartition,
 *   encryptPartition,
 *   generateKeys,
 * } from "@nvsforge/nvsforge/crypto";
 * import { encodePartition } from "@nvsforge/nvsforge/format";
 *
 * const plainImage = encodePartition([{ kind: "namespace", name: "ns" }], { size: 0x3000 });
 * const keys = generateKeys(); // 64 bytes: data key, tweak key
 * const encrypted = encryptPartition(plainImage, { keys });
 * const keyFile = buildKeyPartition(keys); // 4096-byte nvs_keys partition
 * if (keyFile.length !== 4096) throw new Error(`key partition is ${keyFile.length} bytes`);
 * const decrypted = decryptPartition(encrypted, { keys: keyFile }); // or { keys }
 * if (!decrypted.every((b, i) => b === plainImage[i])) throw new Error("round trip failed");
 * ```
 *
 * @module
 */

/**
 * Reading an image that may be encrypted: {@link parseImage} decrypts with the keys given
 * and reads the plain image with the format reader; {@link checkImage} gives its findings.
 */
export { checkImage, parseImage } from "./parse.ts";
export type { ImageParseOptions } from "./parse.ts";
/** The reader's result and finding types, which {@link parseImage} and {@link checkImage} return. */
export type * from "../format/reader.ts";
export type * from "../format/findings.ts";
export type * from "../format/items.ts";
export type { FloatType, IntegerType } from "../format/layout.ts";
export type { FloatValue } from "../format/float.ts";

/**
 * Whole-image transforms: {@link encryptPartition} encrypts the written entries of a
 * plain image; {@link decryptPartition} decrypts every non-0xFF entry, as ESP-IDF's
 * `nvs_partition_gen.py decrypt` does. {@link PAGES_PER_BATCH} pages go through the
 * cipher per batch. Both take `{ keys }` ({@link NvsKeys}: 64 key bytes, a key
 * partition, or `{ hmacKey }`), as every function of the library that takes keys does.
 */
export type { KeysOptions, NvsKeys } from "./keys.ts";
export {
  decryptPartition,
  encryptPartition,
  PAGES_PER_BATCH,
  PartitionCipher,
} from "./partition.ts";

/**
 * The NVS key partition: {@link buildKeyPartition} writes it (keys, CRC32, 0xFF fill),
 * {@link parseKeyFile} reads the 64 key bytes from a key partition (CRC checked) or any
 * file of at least 64 bytes, {@link generateKeys} makes 64 random key bytes.
 */
export {
  buildKeyPartition,
  generateKeys,
  KEY_MATERIAL_SIZE,
  KEY_PARTITION_SIZE,
  parseKeyFile,
} from "./key_partition.ts";

/**
 * Types of the diagnostics this module reports: the warning {@link parseKeyFile} gives
 * for a key file of an unusual size, with its code and location. Errors are thrown as
 * `NvsforgeError` (codes "invalid-key" and "invalid-size") from `../errors.ts`.
 */
export type { ErrorCode, SourceLocation, Warning } from "../errors.ts";

/**
 * HMAC-based key protection: {@link deriveKeysFromHmacKey} derives the XTS keys from a
 * 32-byte HMAC key as the device does; {@link generateHmacKey} makes a random one.
 */
export { deriveKeysFromHmacKey, generateHmacKey, HMAC_KEY_SIZE } from "./hmac_keys.ts";

/**
 * XTS-AES-256 itself (IEEE 1619, whole blocks only): {@link xtsEncrypt} and
 * {@link xtsDecrypt} for one data unit, {@link XtsCipher} for many units with one key.
 */
export {
  NVS_UNIT_SIZE,
  XTS_BLOCK_SIZE,
  XTS_KEY_SIZE,
  XTS_MAX_UNIT_BYTES,
  XTS_TWEAK_SIZE,
  XtsCipher,
  xtsDecrypt,
  xtsEncrypt,
} from "./xts.ts";

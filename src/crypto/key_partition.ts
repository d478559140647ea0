/**
 * The NVS key partition (`nvs_keys`): one 4096-byte page holding the XTS key pair,
 * data key (32 bytes) then tweak key (32 bytes), the CRC32 of those 64 bytes at
 * offset 64, and 0xFF everywhere else. Layout: `KEY_PARTITION` in `format/layout.ts`.
 *
 * Which key files are accepted ({@link parseKeyFile}):
 *
 * - ESP-IDF's `nvs_partition_gen.py` reads the first 64 bytes of any `--inputkey` file
 *   and checks nothing else.
 * - nvsforge accepts the same files, with these checks on top:
 *   - fewer than 64 bytes: rejected (there is no key to read);
 *   - 64 key bytes all 0xFF: rejected, "not initialised" (erased flash, as a freshly
 *     erased `nvs_keys` partition reads; ESP-IDF's NVS library reports
 *     ESP_ERR_NVS_KEYS_NOT_INITIALIZED for it);
 *   - exactly 4096 bytes: taken as a key partition, and its CRC32 must match (the
 *     device refuses a key partition with a wrong CRC, ESP_ERR_NVS_CORRUPT_KEY_PART, so
 *     encrypting with such a file would give an image the device cannot read with the
 *     partition it is flashed with); the bytes after the CRC are not checked, as the
 *     device does not check them;
 *   - exactly 64 bytes: a bare key file, used as it is;
 *   - any other size (65..4095, or more than 4096 bytes): its first 64 bytes are used,
 *     as the reference does, with a warning: such a file is probably not what the user
 *     meant to pass.
 *
 * This module imports nothing from `node:*` or `Deno.*`: it runs in a browser too.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { bytesOf, computeCrc, KEY_PARTITION, readNumber, sealCrc } from "../format/layout.ts";

/**
 * Bytes of XTS key material: data key (32) then tweak key (32).
 *
 * @example
 * ```ts
 * import { generateKeys, KEY_MATERIAL_SIZE } from "@nvsforge/nvsforge/crypto";
 *
 * const keys = generateKeys();
 * const dataKey = keys.subarray(0, KEY_MATERIAL_SIZE / 2);
 * const tweakKey = keys.subarray(KEY_MATERIAL_SIZE / 2);
 * if (keys.length !== KEY_MATERIAL_SIZE || dataKey.length !== 32 || tweakKey.length !== 32) {
 *   throw new Error("unexpected key sizes");
 * }
 * ```
 */
export const KEY_MATERIAL_SIZE = 64;
/**
 * Size of an NVS key partition file.
 *
 * @example
 * ```ts
 * import { buildKeyPartition, generateKeys, KEY_PARTITION_SIZE } from "@nvsforge/nvsforge/crypto";
 *
 * // One flash page: the `nvs_keys` partition in the partition table is at least this big.
 * const keyPartition = buildKeyPartition(generateKeys());
 * if (keyPartition.length !== KEY_PARTITION_SIZE || KEY_PARTITION_SIZE !== 4096) {
 *   throw new Error(`${keyPartition.length} bytes`);
 * }
 * ```
 */
export const KEY_PARTITION_SIZE: number = KEY_PARTITION.size;

const CRC_OFFSET = KEY_PARTITION.fields.crc32.offset;

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}

function allFF(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0xff) return false;
  return true;
}

/**
 * Rejects key material that is not exactly 64 bytes.
 * @throws {NvsforgeError} code "invalid-key".
 */
export function checkKeyMaterial(keys64: Uint8Array, source?: string): void {
  if (!(keys64 instanceof Uint8Array) || keys64.length !== KEY_MATERIAL_SIZE) {
    throw new NvsforgeError(
      "invalid-key",
      `XTS key material must be ${KEY_MATERIAL_SIZE} bytes (data key then tweak key), got ${
        keys64 instanceof Uint8Array ? keys64.length : 0
      }`,
      source !== undefined ? { file: source } : undefined,
    );
  }
}

/**
 * Builds the 4096-byte NVS key partition for 64 bytes of key material: data key,
 * tweak key, CRC32 of the 64 key bytes (ESP-IDF's seed, little-endian), then 0xFF.
 * This is byte for byte what `nvs_partition_gen.py generate-key` writes.
 *
 * @example
 * ```ts
 * import { crc32 } from "@nvsforge/nvsforge/format";
 * import { buildKeyPartition, generateKeys } from "@nvsforge/nvsforge/crypto";
 *
 * const keys = generateKeys();
 * const part = buildKeyPartition(keys);
 * if (!part.subarray(0, 64).every((b, i) => b === keys[i])) throw new Error("keys not first");
 * if (new DataView(part.buffer).getUint32(64, true) !== crc32(keys)) throw new Error("CRC");
 * if (!part.subarray(68).every((b) => b === 0xff)) throw new Error("not 0xFF after the CRC");
 * ```
 *
 * @param keys64 data key then tweak key, 64 bytes.
 * @returns the key partition, 4096 bytes.
 * @throws {NvsforgeError} code "invalid-key" when `keys64` is not 64 bytes.
 */
export function buildKeyPartition(keys64: Uint8Array): Uint8Array<ArrayBuffer> {
  checkKeyMaterial(keys64);
  const out = new Uint8Array(KEY_PARTITION.size).fill(0xff);
  bytesOf(out, 0, KEY_PARTITION.fields.dataKey).set(keys64.subarray(0, 32));
  bytesOf(out, 0, KEY_PARTITION.fields.tweakKey).set(keys64.subarray(32, 64));
  sealCrc(KEY_PARTITION, new DataView(out.buffer), out, 0);
  return out;
}

/**
 * Reads the 64 bytes of XTS key material from the contents of a key file: a 4096-byte
 * NVS key partition (CRC checked) or any other file of at least 64 bytes (its first 64
 * bytes, as ESP-IDF's tool reads them). See the module documentation for exactly which
 * inputs are accepted.
 *
 * @example
 * ```ts
 * import { buildKeyPartition, generateKeys, parseKeyFile } from "@nvsforge/nvsforge/crypto";
 * import { NvsforgeError, type Warning } from "@nvsforge/nvsforge";
 *
 * const keys = generateKeys();
 * const keyFile = buildKeyPartition(keys);
 * if (!parseKeyFile(keyFile, "keys.bin").every((b, i) => b === keys[i])) throw new Error("keys");
 *
 * const warnings: Warning[] = [];
 * parseKeyFile(new Uint8Array(100).fill(1), "odd.bin", (w) => warnings.push(w));
 * if (warnings.length !== 1) throw new Error("no warning for a 100-byte key file");
 *
 * keyFile[64] ^= 1; // a wrong CRC: the device would refuse this key partition
 * try {
 *   parseKeyFile(keyFile, "keys.bin");
 *   throw new Error("a wrong CRC was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "invalid-key") throw e;
 * }
 * ```
 *
 * @param bytes the file's contents.
 * @param source the file name as the user gave it, for messages.
 * @param onWarning receives a warning when the file is neither 64 nor 4096 bytes long.
 * @returns a new 64-byte array: data key then tweak key.
 * @throws {NvsforgeError} code "invalid-key" for a file shorter than 64 bytes, key
 *   bytes that are all 0xFF (not initialised), or a key partition whose CRC is wrong.
 */
export function parseKeyFile(
  bytes: Uint8Array,
  source?: string,
  onWarning?: (warning: Warning) => void,
): Uint8Array<ArrayBuffer> {
  const location = source !== undefined ? { file: source } : undefined;
  const fail = (detail: string): never => {
    throw new NvsforgeError("invalid-key", detail, location);
  };
  if (bytes.length < KEY_MATERIAL_SIZE) {
    fail(
      `key file is ${bytes.length} bytes: expected a ${KEY_PARTITION.size}-byte NVS key ` +
        `partition or a file of at least ${KEY_MATERIAL_SIZE} bytes (data key then tweak key)`,
    );
  }
  const keys = bytes.slice(0, KEY_MATERIAL_SIZE);
  if (allFF(keys)) {
    fail(
      `key partition is not initialised: its ${KEY_MATERIAL_SIZE} key bytes are all 0xFF ` +
        `(erased flash); expected a data key and a tweak key`,
    );
  }
  if (bytes.length === KEY_PARTITION.size) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const found = readNumber(view, 0, KEY_PARTITION.fields.crc32);
    const expected = computeCrc(KEY_PARTITION, bytes, 0);
    if (found !== expected) {
      fail(
        `key partition CRC32 is wrong: expected ${hex32(expected)} (the CRC of the ` +
          `${KEY_MATERIAL_SIZE} key bytes), found ${hex32(found)} at offset ${CRC_OFFSET}`,
      );
    }
  } else if (bytes.length !== KEY_MATERIAL_SIZE) {
    onWarning?.({
      code: "invalid-key",
      message: `key file is ${bytes.length} bytes, neither a ${KEY_PARTITION.size}-byte NVS ` +
        `key partition nor a bare ${KEY_MATERIAL_SIZE}-byte key file: using its first ` +
        `${KEY_MATERIAL_SIZE} bytes as data key and tweak key, as ESP-IDF's tool does`,
      location,
    });
  }
  return keys;
}

/**
 * Generates 64 bytes of random XTS key material (data key then tweak key) with the
 * platform's cryptographic random generator (`crypto.getRandomValues`).
 *
 * @example
 * ```ts
 * import { generateKeys } from "@nvsforge/nvsforge/crypto";
 *
 * const a = generateKeys();
 * const b = generateKeys();
 * if (a.length !== 64 || a.every((x, i) => x === b[i])) throw new Error("not random keys");
 * ```
 *
 * @returns a new 64-byte array: data key then tweak key.
 */
export function generateKeys(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(KEY_MATERIAL_SIZE));
}

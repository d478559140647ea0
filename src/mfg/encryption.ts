/**
 * How the devices of a batch are encrypted: one option type for every caller (the
 * library's `generateBatch`, the command line's `nvsforge generate` and its worker
 * threads), and {@linkcode BatchEncryptor}, which gives each device its keys and
 * encrypts its image.
 *
 * @module
 */

import { deriveKeysFromHmacKey, generateHmacKey } from "../crypto/hmac_keys.ts";
import { buildKeyPartition, generateKeys } from "../crypto/key_partition.ts";
import { resolveKeys } from "../crypto/keys.ts";
import type { NvsKeys } from "../crypto/keys.ts";
import { encryptPartitionInPlace, PartitionCipher } from "../crypto/partition.ts";
import { NvsforgeError } from "../errors.ts";

/**
 * How the devices of a batch are encrypted, as one of:
 *
 * - `{ keys }`: one key for every device (`--inputkey`): 64 key bytes, a key partition
 *   or `{ hmacKey }` (see `NvsKeys`). With `keyFiles: true` each device carries the key
 *   partition too (what `--keygen --kp_hmac_inputkey` writes as each device's key file).
 * - `{ generate: true }`: a fresh random key per device (`--keygen`); each device
 *   carries its key partition.
 * - `{ generate: true, hmac: true }`: a fresh 32-byte HMAC key per device, its XTS keys
 *   derived from it as the device's HMAC peripheral does (`--keygen --key_protect_hmac
 *   --kp_hmac_keygen`); each device carries its HMAC key (for its eFuse) and the key
 *   partition of the derived keys.
 *
 * Every device built with encryption carries its 64 key bytes as `keys`.
 *
 * @example
 * ```ts
 * import { parseImage } from "@nvsforge/nvsforge/crypto";
 * import { type BatchEncryption, generateBatch } from "@nvsforge/nvsforge/mfg";
 *
 * const config = "dev,namespace,\nserial,data,string\n";
 * const encryption: BatchEncryption = { generate: true, hmac: true }; // an HMAC key per device
 * const options = { prefix: "d", size: 0x3000, fileid: "serial", encryption };
 * for await (const device of generateBatch(config, "serial\nA\nB\n", options)) {
 *   // Each device decrypts with the keys derived from its own HMAC key.
 *   const parsed = parseImage(device.image, { keys: { hmacKey: device.hmacKey! } });
 *   if (parsed.items[0].value !== device.id || device.keys?.length !== 64) {
 *     throw new Error(`${device.name} does not decrypt with its own key`);
 *   }
 * }
 * ```
 */
export type BatchEncryption = SharedKeyEncryption | GeneratedKeyEncryption;

/**
 * One key for every device of a batch (see {@linkcode BatchEncryption}).
 *
 * @example
 * ```ts
 * import { generateHmacKey } from "@nvsforge/nvsforge/crypto";
 * import type { SharedKeyEncryption } from "@nvsforge/nvsforge/mfg";
 *
 * // The keys derived from one HMAC key, each device with its key partition.
 * const encryption: SharedKeyEncryption = { keys: { hmacKey: generateHmacKey() }, keyFiles: true };
 * if (!encryption.keyFiles) throw new Error("unreachable");
 * ```
 */
export interface SharedKeyEncryption {
  /** The keys: 64 key bytes, a key partition, or `{ hmacKey }`. */
  readonly keys: NvsKeys;
  /** Each device carries the key partition of these keys too (default false). */
  readonly keyFiles?: boolean;
}

/**
 * A fresh key per device (see {@linkcode BatchEncryption}).
 *
 * @example
 * ```ts
 * import type { GeneratedKeyEncryption } from "@nvsforge/nvsforge/mfg";
 *
 * const random: GeneratedKeyEncryption = { generate: true };
 * const fromHmac: GeneratedKeyEncryption = { generate: true, hmac: true };
 * if (random.hmac || !fromHmac.hmac) throw new Error("unreachable");
 * ```
 */
export interface GeneratedKeyEncryption {
  /** Generate each device's keys. */
  readonly generate: true;
  /** Generate an HMAC key per device and derive its XTS keys from it (default false). */
  readonly hmac?: boolean;
}

/** The keys of one device of an encrypted batch. */
export interface DeviceKeys {
  /** The 64 XTS key bytes (data key then tweak key). */
  keys: Uint8Array;
  /** Its NVS key partition (`keys/keys-<name>.bin`), when it has one. */
  keyPartition?: Uint8Array;
  /** Its HMAC key (`keys/hmac-keys-<name>.bin`), with generated HMAC keys. */
  hmacKey?: Uint8Array;
}

/** Keys a device had already (resuming a run: read back from its key files). */
export interface ExistingKeys {
  /** Its 64 key bytes (from its key partition). */
  keys?: Uint8Array;
  /** Its HMAC key. */
  hmacKey?: Uint8Array;
  /** The file they were read from, for messages. */
  source?: string;
}

const SHARED = ["keys", "keyFiles"];
const GENERATED = ["generate", "hmac"];

/**
 * Checks an encryption option as given: one of the forms of {@linkcode BatchEncryption},
 * no unknown field.
 *
 * @param encryption the option.
 * @param option its name, for messages.
 * @throws {NvsforgeError} code `unknown-option` for another shape or an unknown field,
 *   code `invalid-key` for keys of none of the forms of `NvsKeys`.
 */
export function checkEncryption(encryption: BatchEncryption, option = "encryption"): void {
  const fail = (detail: string, at = option): never => {
    throw new NvsforgeError("unknown-option", detail, { option: at });
  };
  if (typeof encryption !== "object" || encryption === null) {
    fail(`${option} must be { keys }, { generate: true } or { generate: true, hmac: true }`);
  }
  const known = "keys" in encryption ? SHARED : "generate" in encryption ? GENERATED : undefined;
  if (!known || ("generate" in encryption && encryption.generate !== true)) {
    fail(`${option} must be { keys }, { generate: true } or { generate: true, hmac: true }`);
  }
  const extra = Object.keys(encryption).find((k) => !known!.includes(k));
  if (extra !== undefined) {
    fail(
      `unknown option "${option}.${extra}": ${option} takes ${
        known!.map((k) => `"${k}"`).join(", ")
      }`,
      `${option}.${extra}`,
    );
  }
  if ("keys" in encryption) resolveKeys(encryption.keys, `${option}.keys`);
}

/** Whether every device of a batch carries a key partition (its key file). */
export function hasKeyFiles(encryption: BatchEncryption | undefined): boolean {
  if (encryption === undefined) return false;
  return "generate" in encryption || encryption.keyFiles === true;
}

/** Whether every device of a batch has an HMAC key of its own. */
export function hasHmacKeys(encryption: BatchEncryption | undefined): boolean {
  return encryption !== undefined && "generate" in encryption && encryption.hmac === true;
}

/**
 * The 64 key bytes every device of a batch shares, if it shares one key.
 *
 * @throws {NvsforgeError} code `invalid-key` as `resolveKeys` does.
 */
export function sharedKeys(encryption: BatchEncryption | undefined): Uint8Array | undefined {
  if (encryption === undefined || !("keys" in encryption)) return undefined;
  return resolveKeys(encryption.keys, "encryption.keys");
}

/**
 * Gives each device of a batch its keys and encrypts its image: the one place that
 * decides what {@linkcode BatchEncryption} means. A shared key is prepared once.
 *
 * @example
 * ```ts
 * import { decryptPartition, encryptPartition, generateKeys } from "@nvsforge/nvsforge/crypto";
 * import { encodePartition } from "@nvsforge/nvsforge/format";
 * import { BatchEncryptor } from "@nvsforge/nvsforge/mfg";
 *
 * const plain = encodePartition([{ kind: "namespace", name: "n" }], { size: 0x3000 });
 * const encryptor = new BatchEncryptor({ generate: true });
 * const device = encryptor.deviceKeys();
 * const image = encryptor.encryptInPlace(plain.slice(), device);
 * const same = encryptPartition(plain, { keys: device.keys });
 * if (!image.every((b, i) => b === same[i]) || device.keyPartition?.length !== 4096) {
 *   throw new Error("not encrypted with the device's key");
 * }
 * if (decryptPartition(image, { keys: device.keyPartition! })[64] !== plain[64]) {
 *   throw new Error("the key partition does not hold the device's key");
 * }
 * encryptor.destroy();
 * ```
 */
export class BatchEncryptor {
  /** The encryption, as given. */
  readonly encryption: BatchEncryption;
  /** Every device carries a key partition. */
  readonly keyFiles: boolean;
  /** Every device has an HMAC key of its own. */
  readonly hmacKeys: boolean;
  readonly #shared?: Uint8Array;
  #cipher?: PartitionCipher;

  /**
   * Checks the encryption option and prepares a shared key.
   *
   * @throws {NvsforgeError} as {@linkcode checkEncryption}.
   */
  constructor(encryption: BatchEncryption) {
    checkEncryption(encryption);
    this.encryption = encryption;
    this.keyFiles = hasKeyFiles(encryption);
    this.hmacKeys = hasHmacKeys(encryption);
    this.#shared = sharedKeys(encryption);
  }

  /** The 64 key bytes every device shares, if one key serves them all. */
  get shared(): Uint8Array | undefined {
    return this.#shared;
  }

  /**
   * The next device's keys: the shared ones, new ones, or (resuming) those it has.
   *
   * @param existing the keys read back from its key files, if any.
   * @throws {NvsforgeError} code `invalid-key` for an existing HMAC key that is not 32
   *   bytes.
   */
  deviceKeys(existing?: ExistingKeys): DeviceKeys {
    if (this.#shared) {
      const keys = this.#shared;
      return this.keyFiles ? { keys, keyPartition: buildKeyPartition(keys) } : { keys };
    }
    if (this.hmacKeys) {
      const hmacKey = existing?.hmacKey ?? generateHmacKey();
      const keys = deriveKeysFromHmacKey(hmacKey, existing?.source);
      return { keys, keyPartition: buildKeyPartition(keys), hmacKey };
    }
    const keys = existing?.keys ?? generateKeys();
    return { keys, keyPartition: buildKeyPartition(keys) };
  }

  /**
   * Encrypts a device's plain image itself (no copy), with its keys.
   *
   * @returns `image`, encrypted.
   */
  encryptInPlace(image: Uint8Array, device: DeviceKeys): Uint8Array {
    if (this.#shared && device.keys === this.#shared) {
      this.#cipher ??= new PartitionCipher({ keys: this.#shared });
      return this.#cipher.encryptInPlace(image);
    }
    return encryptPartitionInPlace(image, device.keys);
  }

  /** Overwrites the prepared shared key; the encryptor is unusable after. */
  destroy(): void {
    this.#cipher?.destroy();
    this.#cipher = undefined;
  }
}

/**
 * One device of a batch as the library gives it: names, intermediate CSV and image,
 * and, when the batch is encrypted, its keys. {@linkcode deviceImage} is the last step
 * of building a device — its keys, its image encrypted with them — shared by
 * `generateBatch`, `generateBatchStream` and the command line's device writer.
 *
 * @module
 */

import type { BatchEncryptor, ExistingKeys } from "./encryption.ts";

/**
 * One device of a batch, built in memory.
 *
 * @example
 * ```ts
 * import { type DeviceImage, generateBatch } from "./mod.ts";
 *
 * const config = "dev,namespace,\nserial,data,string\n";
 * const [device]: DeviceImage[] = [...generateBatch(config, "serial\nSN-1\n", {
 *   prefix: "dev",
 *   size: 0x3000,
 *   fileid: "serial",
 * })];
 * const csv = "key,type,encoding,value\r\ndev,namespace,,\r\nserial,data,string,SN-1\r\n";
 * if (device.index !== 1 || device.line !== 2 || device.id !== "SN-1" || device.name !== "dev-SN-1") {
 *   throw new Error(JSON.stringify(device));
 * }
 * if (device.csvText !== csv || device.image.length !== 0x3000 || device.keyPartition) {
 *   throw new Error("unexpected contents");
 * }
 * ```
 */
export interface DeviceImage {
  /** 1-based device number (its row among the master file's data rows). */
  index: number;
  /** The line of the master file where its row starts. */
  line: number;
  /** Its id: the `--fileid` value, or its number. */
  id: string;
  /** The base name of its files: `<prefix>[-<counter>]-<id>`. */
  name: string;
  /** Its intermediate CSV (`csv/<name>.csv`), as mfg_gen writes it. */
  csvText: string;
  /** Its partition image (`bin/<name>.bin`), encrypted when asked. */
  image: Uint8Array;
  /** Encrypted: its 64 XTS key bytes (data key then tweak key). */
  keys?: Uint8Array;
  /** With a key file per device: its NVS key partition (`keys/keys-<name>.bin`). */
  keyPartition?: Uint8Array;
  /** With generated HMAC keys: its HMAC key (`keys/hmac-keys-<name>.bin`, for its eFuse). */
  hmacKey?: Uint8Array;
}

/**
 * A built device's last step: gives it its keys (when the batch is encrypted) and
 * encrypts its plain image with them, in place.
 *
 * @param device the device's row number, line, id, name and intermediate CSV.
 * @param image its plain image (encrypted in place: not a copy).
 * @param encryptor the batch's encryption, if it is encrypted.
 * @param existing the keys it had already (resuming a run), if any.
 * @returns the device, its image encrypted when asked.
 * @throws {NvsforgeError} code `invalid-key` when an existing HMAC key is not 32 bytes.
 * @example
 * ```ts
 * import { deviceImage } from "./device_image.ts";
 * import { BatchEncryptor } from "./encryption.ts";
 * import { decryptPartition } from "../crypto/mod.ts";
 * import { encodePartition } from "../format/mod.ts";
 *
 * const plain = encodePartition([{ kind: "namespace", name: "n" }], { size: 0x3000 });
 * const encryptor = new BatchEncryptor({ generate: true });
 * const at = { index: 1, line: 2, id: "1", name: "dev-1", csvText: "" };
 * const device = deviceImage(at, plain.slice(), encryptor);
 * if (!device.keyPartition || device.image.every((b, i) => b === plain[i])) {
 *   throw new Error("not encrypted");
 * }
 * const back = decryptPartition(device.image, { keys: device.keyPartition });
 * if (!back.every((b, i) => b === plain[i])) throw new Error("not with its own key");
 * if (deviceImage(at, plain, undefined).image !== plain) throw new Error("plain: not as built");
 * encryptor.destroy();
 * ```
 */
export function deviceImage(
  device: Pick<DeviceImage, "index" | "line" | "id" | "name" | "csvText">,
  image: Uint8Array,
  encryptor: BatchEncryptor | undefined,
  existing?: ExistingKeys,
): DeviceImage {
  const keys = encryptor?.deviceKeys(existing);
  return {
    index: device.index,
    line: device.line,
    id: device.id,
    name: device.name,
    csvText: device.csvText,
    image: keys ? encryptor!.encryptInPlace(image, keys) : image,
    ...keys,
  };
}

/**
 * Reading an image that may be encrypted: decryption composed with the format reader.
 * The reader itself (`src/format/reader.ts`) reads plain bytes only; this module, a
 * layer above it, decrypts first when keys are given.
 *
 * @module
 */

import type { Finding } from "../format/findings.ts";
import { parsePartition } from "../format/reader.ts";
import type { ParsedPartition } from "../format/reader.ts";
import type { NvsKeys } from "./keys.ts";
import { decryptPartition } from "./partition.ts";

/**
 * Options of {@linkcode parseImage}.
 *
 * @example
 * ```ts
 * import { encodePartition } from "@nvsforge/nvsforge/format";
 * import { encryptPartition, generateKeys } from "@nvsforge/nvsforge/crypto";
 * import { type ImageParseOptions, parseImage } from "@nvsforge/nvsforge/crypto";
 *
 * const keys = generateKeys();
 * const plain = encodePartition([
 *   { kind: "namespace", name: "secret" },
 *   { kind: "entry", key: "token", type: "string", value: "s3cr3t" },
 * ], { size: 0x3000 });
 * const options: ImageParseOptions = { keys };
 * const parsed = parseImage(encryptPartition(plain, { keys }), options);
 * if (!parsed.decrypted || parsed.items[0].value !== "s3cr3t") throw new Error("not decrypted");
 * ```
 */
export interface ImageParseOptions {
  /**
   * The keys ({@linkcode NvsKeys}: 64 key bytes, a key partition or `{ hmacKey }`): the
   * image is decrypted first, as `nvs decrypt` does. Without them the image is read as
   * plain.
   */
  keys?: NvsKeys;
}

/**
 * Reads an NVS partition image, decrypting it first when `keys` are given: what
 * `parsePartition` of the format reader gives for the plain image.
 *
 * @example
 * ```ts
 * import { encodePartition } from "@nvsforge/nvsforge/format";
 * import { encryptPartition, generateKeys } from "@nvsforge/nvsforge/crypto";
 * import { parseImage } from "@nvsforge/nvsforge/crypto";
 *
 * const keys = generateKeys();
 * const plain = encodePartition([
 *   { kind: "namespace", name: "wifi" },
 *   { kind: "entry", key: "pass", type: "string", value: "hunter2" },
 * ], { size: 0x3000 });
 * const encrypted = encryptPartition(plain, { keys });
 * if (parseImage(encrypted, { keys }).items[0]?.value !== "hunter2") throw new Error("read");
 * // Without the key no entry CRC matches: the reader says the image looks encrypted.
 * const codes = parseImage(encrypted).findings.map((f) => f.code);
 * if (!codes.includes("entries-unreadable")) throw new Error(codes.join());
 * ```
 *
 * @param image the partition bytes: a non-zero multiple of 4096 bytes. Not modified.
 * @param options `keys`: decrypt with these keys first.
 * @returns the parsed partition (`decrypted` tells whether keys were used).
 * @throws {NvsforgeError} code `invalid-size` for an input that is not a whole number of
 *   pages; code `invalid-key` for keys of none of the forms of `NvsKeys`.
 */
export function parseImage(image: Uint8Array, options: ImageParseOptions = {}): ParsedPartition {
  if (options.keys === undefined) return parsePartition(image);
  return parsePartition(decryptPartition(image, { keys: options.keys }), { decrypted: true });
}

/**
 * The findings of {@linkcode parseImage}: the integrity check of a plain or encrypted
 * image.
 *
 * @example
 * ```ts
 * import { encodePartition } from "@nvsforge/nvsforge/format";
 * import { encryptPartition, generateKeys } from "@nvsforge/nvsforge/crypto";
 * import { checkImage } from "@nvsforge/nvsforge/crypto";
 *
 * const keys = generateKeys();
 * const image = encryptPartition(encodePartition([{ kind: "namespace", name: "n" }], {
 *   size: 0x3000,
 * }), { keys });
 * if (checkImage(image, { keys }).some((f) => f.severity !== "info")) throw new Error("unclean");
 * ```
 *
 * @param image the partition bytes: a non-zero multiple of 4096 bytes. Not modified.
 * @param options `keys`: decrypt with these keys first.
 * @returns the findings: partition-wide first, then by page and entry.
 * @throws {NvsforgeError} as {@linkcode parseImage}.
 */
export function checkImage(image: Uint8Array, options: ImageParseOptions = {}): Finding[] {
  return parseImage(image, options).findings;
}

/**
 * NVS encryption as a transform over a whole image: plain image in, encrypted image out,
 * and back. XTS-AES-256 with one 32-byte entry as the data unit and the entry's byte
 * offset in the partition (page × 4096 + 64 + entry × 32) as its 128-bit little-endian
 * tweak. Page headers and entry-state bitmaps stay in clear.
 *
 * The work is batched: all entries of up to {@link PAGES_PER_BATCH} pages go through
 * the cipher together, transformed where they lie in the image (no per-entry copies).
 * An image with a key of its own (a device of a `--keygen` batch) reuses the memory of
 * the previous one's key schedules: no allocation per image.
 *
 * This module imports nothing from `node:*` or `Deno.*`: it runs in a browser too.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import {
  ENTRIES_PER_PAGE,
  ENTRY_SIZE,
  entryOffset,
  EntryState,
  getEntryState,
  PAGE_HEADER,
  PAGE_SIZE,
} from "../format/layout.ts";
import { checkKeyMaterial } from "./key_partition.ts";
import { keysOf } from "./keys.ts";
import type { KeysOptions } from "./keys.ts";
import { XtsUnits } from "./_xts_units.ts";

/**
 * Pages whose entries are encrypted or decrypted in one batch.
 *
 * @example
 * ```ts
 * import { encryptPartition, generateKeys, PAGES_PER_BATCH } from "./mod.ts";
 *
 * // An image of more pages than one batch holds is encrypted in several batches.
 * const image = new Uint8Array((PAGES_PER_BATCH + 1) * 4096).fill(0xff);
 * if (encryptPartition(image, { keys: generateKeys() }).length !== image.length) throw new Error("size");
 * ```
 */
export const PAGES_PER_BATCH = 64;

function checkImage(image: Uint8Array): void {
  if (!(image instanceof Uint8Array) || image.length === 0 || image.length % PAGE_SIZE !== 0) {
    throw new NvsforgeError(
      "invalid-size",
      `NVS image is ${
        image instanceof Uint8Array ? image.length : 0
      } bytes: expected a non-zero multiple of ${PAGE_SIZE} (whole pages)`,
    );
  }
}

/** A key schedule left by the last one-off key, to be reused by the next. */
let spare: XtsUnits | undefined;

/** The cipher of a one-off key: the spare one rekeyed, or a new one. */
function cipherFor(keys64: Uint8Array): XtsUnits {
  checkKeyMaterial(keys64);
  const xts = spare;
  spare = undefined;
  if (!xts) return new XtsUnits(keys64);
  xts.rekey(keys64);
  return xts;
}

/** Zeroes a one-off key's cipher and keeps it for the next. */
function release(xts: XtsUnits): void {
  xts.destroy();
  spare = xts;
}

/** Whether `len` bytes of `buf` from `start` are all 0xFF. */
function isErased(buf: Uint8Array, start: number, len: number): boolean {
  for (let i = start, end = start + len; i < end; i++) if (buf[i] !== 0xff) return false;
  return true;
}

/**
 * Runs `select` over every page to list the entries to transform, and transforms them
 * in batches of {@link PAGES_PER_BATCH} pages. `select` appends the offsets of the
 * chosen entries of the page at `base` to `offsets` from index `n` and returns the new
 * count.
 */
/** The entry offsets of a batch, kept between calls. */
let batchOffsets = new Float64Array(0);

function transform(
  out: Uint8Array,
  xts: XtsUnits,
  encrypt: boolean,
  select: (base: number, offsets: Float64Array, n: number) => number,
): void {
  const pages = out.length / PAGE_SIZE;
  const need = Math.min(pages, PAGES_PER_BATCH) * ENTRIES_PER_PAGE;
  if (batchOffsets.length < need) batchOffsets = new Float64Array(need);
  const offsets = batchOffsets;
  for (let first = 0; first < pages; first += PAGES_PER_BATCH) {
    let n = 0;
    const last = Math.min(pages, first + PAGES_PER_BATCH);
    for (let p = first; p < last; p++) n = select(p * PAGE_SIZE, offsets, n);
    // The tweak of an entry is its offset in the partition.
    const batch = offsets.subarray(0, n);
    xts.units(out, batch, batch, ENTRY_SIZE, encrypt);
  }
}

/** The entries `encryptPartition` encrypts: those not EMPTY, on pages in use. */
function writtenEntries(out: Uint8Array) {
  return (base: number, offsets: Float64Array, n: number): number => {
    if (isErased(out, base, PAGE_HEADER.size)) return n;
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      if (getEntryState(out, base, i) !== EntryState.EMPTY) offsets[n++] = base + entryOffset(i);
    }
    return n;
  };
}

/** The entries `decryptPartition` decrypts: those not all 0xFF. */
function nonErasedEntries(out: Uint8Array) {
  return (base: number, offsets: Float64Array, n: number): number => {
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      const at = base + entryOffset(i);
      if (!isErased(out, at, ENTRY_SIZE)) offsets[n++] = at;
    }
    return n;
  };
}

/** Entries whose encrypted tweaks a {@linkcode PartitionCipher} remembers: 1 MiB of them. */
const CACHED_TWEAKS = (1024 * 1024) / ENTRY_SIZE;

/**
 * One key for many images: {@linkcode encryptPartition} and {@linkcode decryptPartition}
 * with the key prepared once and the encrypted tweak of every entry remembered, so each
 * further image of the same size costs about a third less AES work (what a
 * manufacturing batch with one key for every device does).
 *
 * @example
 * ```ts
 * import { encodePartition } from "@nvsforge/nvsforge/format";
 * import { encryptPartition, generateKeys, PartitionCipher } from "@nvsforge/nvsforge/crypto";
 *
 * const keys = generateKeys();
 * const cipher = new PartitionCipher({ keys });
 * for (const serial of ["SN-1", "SN-2"]) {
 *   const plain = encodePartition([
 *     { kind: "namespace", name: "factory" },
 *     { kind: "entry", key: "serial", type: "string", value: serial },
 *   ], { size: 0x3000 });
 *   const encrypted = cipher.encrypt(plain);
 *   const once = encryptPartition(plain, { keys });
 *   if (!encrypted.every((b, i) => b === once[i])) throw new Error("not the same bytes");
 *   if (!cipher.decrypt(encrypted).every((b, i) => b === plain[i])) throw new Error("round");
 * }
 * cipher.destroy();
 * ```
 */
export class PartitionCipher {
  readonly #cipher: XtsUnits;

  /**
   * Prepares the key.
   *
   * @param options `keys`: 64 key bytes, a key partition or `{ hmacKey }` (see
   *   `NvsKeys`; copied).
   * @throws {NvsforgeError} code `invalid-key` for keys of none of those forms, code
   *   `unknown-option` for another option.
   */
  constructor(options: KeysOptions) {
    const keys64 = keysOf(options, "PartitionCipher");
    checkKeyMaterial(keys64);
    this.#cipher = new XtsUnits(keys64, CACHED_TWEAKS);
  }

  /** As {@linkcode encryptPartition}, with this cipher's key. */
  encrypt(image: Uint8Array): Uint8Array<ArrayBuffer> {
    return this.encryptInPlace(image.slice());
  }

  /**
   * As {@linkcode PartitionCipher.encrypt}, but encrypts `image` itself (no copy is
   * made): for an image that is not needed in plain text afterwards.
   *
   * @returns `image`, encrypted.
   */
  encryptInPlace<B extends ArrayBufferLike>(image: Uint8Array<B>): Uint8Array<B> {
    checkImage(image);
    transform(image, this.#cipher, true, writtenEntries(image));
    return image;
  }

  /** As {@linkcode decryptPartition}, with this cipher's key. */
  decrypt(image: Uint8Array): Uint8Array<ArrayBuffer> {
    checkImage(image);
    const out = image.slice();
    transform(out, this.#cipher, false, nonErasedEntries(out));
    return out;
  }

  /** Overwrites the key and the remembered tweaks; the cipher is unusable after. */
  destroy(): void {
    this.#cipher.destroy();
  }
}

/**
 * Encrypts a plain NVS image, as ESP-IDF's `nvs_partition_gen.py encrypt` does when it
 * writes the entries: on every page whose 32-byte header is not all 0xFF (an erased,
 * unused page), every entry whose state in the page's bitmap is not EMPTY (written or
 * erased) is encrypted; empty entries stay as they are (0xFF), and headers and bitmaps
 * stay in clear.
 *
 * @example
 * ```ts
 * import { encodePartition } from "@nvsforge/nvsforge/format";
 * import { encryptPartition, generateKeys } from "@nvsforge/nvsforge/crypto";
 *
 * const plain = encodePartition([
 *   { kind: "namespace", name: "wifi" },
 *   { kind: "entry", key: "pass", type: "string", value: "hunter2" },
 * ], { size: 0x3000 });
 * const encrypted = encryptPartition(plain, { keys: generateKeys() });
 * const same = (from: number, to: number) =>
 *   encrypted.subarray(from, to).every((b, i) => b === plain[from + i]);
 * // Header and bitmap (the first 64 bytes) stay in clear; written entries do not.
 * if (!same(0, 64) || same(64, 96)) throw new Error("wrong bytes encrypted");
 * // Entry 4 and later are empty: still all 0xFF.
 * if (!encrypted.subarray(64 + 4 * 32, 4096).every((b) => b === 0xff)) {
 *   throw new Error("an empty entry was encrypted");
 * }
 * ```
 *
 * @param image the plain image: a non-zero multiple of 4096 bytes. Not modified.
 * @param options `keys`: 64 key bytes (data key then tweak key), a 4096-byte key
 *   partition, or `{ hmacKey }` (see `NvsKeys`).
 * @returns the encrypted image, a new array.
 * @throws {NvsforgeError} code `invalid-size` for an image that is not whole pages,
 *   code `invalid-key` for keys of none of those forms, code `unknown-option` for an
 *   option other than `keys`.
 */
export function encryptPartition(image: Uint8Array, options: KeysOptions): Uint8Array<ArrayBuffer> {
  const keys64 = keysOf(options, "encryptPartition");
  checkImage(image);
  return encryptPartitionInPlace(image.slice(), keys64);
}

/**
 * As {@linkcode encryptPartition}, but encrypts `image` itself (no copy is made): for a
 * batch that encrypts each device's image with its own key and needs no plain copy.
 * Internal: takes the 64 key bytes themselves.
 *
 * @returns `image`, encrypted.
 */
export function encryptPartitionInPlace<B extends ArrayBufferLike>(
  image: Uint8Array<B>,
  keys64: Uint8Array,
): Uint8Array<B> {
  checkImage(image);
  const cipher = cipherFor(keys64);
  try {
    transform(image, cipher, true, writtenEntries(image));
  } finally {
    release(cipher);
  }
  return image;
}

/**
 * Decrypts an encrypted NVS image as ESP-IDF's `nvs_partition_gen.py decrypt` does:
 * on every page, every 32-byte entry that is not all 0xFF is decrypted; all-0xFF entries,
 * page headers and bitmaps are copied unchanged. No bitmap or header is consulted, so
 * this also works on images whose bitmaps do not match their entries.
 *
 * One difference from the reference, on inputs it never produces: the reference numbers
 * the tweak of an entry by counting the non-0xFF entries of the page before it, so an
 * all-0xFF entry followed by a written one on the same page would shift the tweaks of
 * the rest of the page. nvsforge uses the entry's true offset, which is what the device
 * does. Both agree on every image the generator or the device writes (entries are
 * written in order, so unused all-0xFF entries only follow the used ones).
 *
 * @example
 * ```ts
 * import { encodePartition, parsePartition } from "@nvsforge/nvsforge/format";
 * import {
 *   buildKeyPartition,
 *   decryptPartition,
 *   encryptPartition,
 *   generateKeys,
 * } from "@nvsforge/nvsforge/crypto";
 *
 * const keys = generateKeys();
 * const encrypted = encryptPartition(
 *   encodePartition([
 *     { kind: "namespace", name: "wifi" },
 *     { kind: "entry", key: "pass", type: "string", value: "hunter2" },
 *   ], { size: 0x3000 }),
 *   { keys },
 * );
 * // The 64 key bytes, or the key partition that holds them.
 * const { items } = parsePartition(decryptPartition(encrypted, { keys: buildKeyPartition(keys) }));
 * if (items[0]?.value !== "hunter2") throw new Error("not decrypted");
 * // With the wrong key, no entry CRC matches.
 * const wrong = parsePartition(decryptPartition(encrypted, { keys: generateKeys() }));
 * if (!wrong.findings.some((f) => f.code === "entries-unreadable")) throw new Error("read");
 * ```
 *
 * @param image the encrypted image: a non-zero multiple of 4096 bytes. Not modified.
 * @param options `keys`: as for {@linkcode encryptPartition}.
 * @returns the plain image, a new array.
 * @throws {NvsforgeError} code `invalid-size` for an image that is not whole pages,
 *   code `invalid-key` for keys of none of the forms of `NvsKeys`, code
 *   `unknown-option` for an option other than `keys`.
 */
export function decryptPartition(image: Uint8Array, options: KeysOptions): Uint8Array<ArrayBuffer> {
  const keys64 = keysOf(options, "decryptPartition");
  checkImage(image);
  const cipher = cipherFor(keys64);
  const out = image.slice();
  try {
    transform(out, cipher, false, nonErasedEntries(out));
  } finally {
    release(cipher);
  }
  return out;
}

/**
 * Partition sizes: parsing as the reference does (Python's `int(text, 0)`: decimal,
 * `0x` hex, `0o` octal, `0b` binary, `_` between digits) and the read-only rule.
 *
 * @module
 */

import { NvsforgeError, quote } from "../errors.ts";
import { LIMITS, PAGE_SIZE } from "./layout.ts";

/**
 * A checked partition size.
 *
 * @example
 * ```ts
 * import {
 *   checkPartitionSize,
 *   encodePartition,
 *   type PartitionSize,
 * } from "@nvsforge/nvsforge/format";
 *
 * const size: PartitionSize = checkPartitionSize("0x6000");
 * if (size.bytes !== 0x6000 || size.readOnly || size.dataPages !== 5) throw new Error("wrong size");
 * const image = encodePartition([{ kind: "namespace", name: "cfg" }], { size });
 * if (image.length !== size.bytes) throw new Error(`image is ${image.length} bytes`);
 * ```
 */
export interface PartitionSize {
  /** Size in bytes, a multiple of 4096. */
  bytes: number;
  /**
   * Sizes 0x1000 and 0x2000 are only valid for partitions flagged `readonly`: they have
   * no reserved page, and the image file holds only the pages actually written.
   */
  readOnly: boolean;
  /** Pages that may hold data: all of them when read-only, all but the reserved one otherwise. */
  dataPages: number;
}

const PREFIXED = /^([+-]?)0([xob])(_?[0-9a-f]+(?:_[0-9a-f]+)*)$/i;
const DECIMAL = /^([+-]?)((?:[1-9](?:_?[0-9])*)|(?:0(?:_?0)*))$/;
const RADIX: Record<string, number> = { x: 16, o: 8, b: 2 };

/**
 * Parses an integer literal the way Python's `int(text, 0)` does, or returns undefined.
 * Surrounding whitespace is ignored.
 */
export function parsePythonIntLiteral(text: string): bigint | undefined {
  const s = text.trim();
  const p = PREFIXED.exec(s);
  if (p) {
    const radix = RADIX[p[2].toLowerCase()];
    const digits = p[3].replaceAll("_", "");
    let v = 0n;
    for (const ch of digits.toLowerCase()) {
      const d = parseInt(ch, 36);
      if (d >= radix) return undefined;
      v = v * BigInt(radix) + BigInt(d);
    }
    return p[1] === "-" ? -v : v;
  }
  const d = DECIMAL.exec(s);
  if (d) {
    const v = BigInt(d[2].replaceAll("_", ""));
    return d[1] === "-" ? -v : v;
  }
  return undefined;
}

/** Formats a byte count as `0x…` hex. */
export function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase()}`;
}

/**
 * Checks a partition size given as text (`"0x6000"`, `"24576"`) or as a number.
 *
 * @example
 * ```ts
 * import { checkPartitionSize, NvsforgeError } from "@nvsforge/nvsforge/format";
 *
 * if (checkPartitionSize("24_576").bytes !== 0x6000) throw new Error("wrong size");
 * if (!checkPartitionSize(0x2000).readOnly) throw new Error("0x2000 must be read-only");
 * try {
 *   checkPartitionSize("0x6001");
 *   throw new Error("0x6001 was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "invalid-size") throw e;
 * }
 * ```
 *
 * @param size bytes, or a literal as Python's `int(text, 0)` reads it (`0x`, `0o`, `0b`,
 *   `_` between digits).
 * @returns the size, whether it is read-only, and the pages that may hold data.
 * @throws {NvsforgeError} `invalid-size` when the text is not a number,
 * not a multiple of 4096, or below 0x1000.
 */
export function checkPartitionSize(size: string | number): PartitionSize {
  let bytes: bigint | undefined;
  if (typeof size === "number") {
    bytes = Number.isSafeInteger(size) ? BigInt(size) : undefined;
  } else {
    bytes = parsePythonIntLiteral(size);
  }
  const shown = typeof size === "string" ? quote(size) : String(size);
  if (bytes === undefined) {
    throw new NvsforgeError(
      "invalid-size",
      `Cannot parse ${shown} as a partition size: expected a number of bytes in decimal or 0x-hex, such as 0x6000`,
    );
  }
  if (bytes % BigInt(PAGE_SIZE) !== 0n) {
    const below = bytes - (bytes % BigInt(PAGE_SIZE));
    const near = [below, below + BigInt(PAGE_SIZE)]
      .filter((b) => b >= BigInt(LIMITS.minPartitionSize) && b <= 0x7fff_f000n)
      .map((b) => `0x${b.toString(16).toUpperCase()}`);
    throw new NvsforgeError(
      "invalid-size",
      `Partition size ${shown} is not a multiple of 4096 (0x1000)${
        near.length
          ? `: the nearest valid size${near.length > 1 ? "s are" : " is"} ${near.join(" and ")}`
          : ""
      }`,
    );
  }
  if (bytes < BigInt(LIMITS.minPartitionSize)) {
    throw new NvsforgeError(
      "invalid-size",
      `Partition size ${shown} is too small: the minimum is 0x3000 for a read/write partition and 0x1000 for a read-only one`,
    );
  }
  if (bytes > 0x7fff_f000n) {
    throw new NvsforgeError(
      "invalid-size",
      `Partition size ${shown} is too large: ESP32 flash holds at most 2 GiB`,
    );
  }
  const n = Number(bytes);
  const readOnly = n < LIMITS.minReadWriteSize;
  return { bytes: n, readOnly, dataPages: n / PAGE_SIZE - (readOnly ? 0 : 1) };
}

/** The reference's notice for read-only sizes, printed when one is used. */
export const READ_ONLY_NOTICE =
  'Minimum partition size for read/write NVS is 0x3000 bytes. Partitions smaller than this must be flagged as "readonly" in the partition table CSV.';

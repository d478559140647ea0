/**
 * Sparse Intel HEX: the parts of a device at their flash addresses and nothing else,
 * for programmers that take HEX and write only the ranges it holds (so a padded merged
 * image never wipes the flash around NVS). Records: 04 (extended linear address: the
 * upper 16 bits) whenever they change, 00 (data, 16 bytes each, never across a 64 KiB
 * boundary), 01 (end of file). Lines end in `\n`.
 *
 * @module
 */

/** Bytes at an address. */
export interface HexSegment {
  /** Flash address of the first byte. */
  address: number;
  /** The bytes. */
  data: Uint8Array;
}

const RECORD_BYTES = 16;

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

function record(type: number, offset: number, data: Uint8Array, from = 0, to = data.length) {
  const n = to - from;
  let sum = n + (offset >> 8) + (offset & 0xff) + type;
  let s = `:${hex2(n)}${hex2(offset >> 8)}${hex2(offset & 0xff)}${hex2(type)}`;
  for (let i = from; i < to; i++) {
    sum += data[i];
    s += hex2(data[i]);
  }
  return `${s}${hex2((0x100 - (sum & 0xff)) & 0xff)}\n`;
}

/**
 * Writes segments as Intel HEX, in address order.
 *
 * @example
 * ```ts
 * import { intelHex } from "@nvsforge/nvsforge/flash";
 *
 * const text = intelHex([{ address: 0x9000, data: new Uint8Array([0xfe, 0xff]) }]);
 * if (text !== ":020000040000FA\n:02900000FEFF71\n:00000001FF\n") throw new Error(text);
 * ```
 *
 * @param segments the parts; they must not overlap or pass 4 GiB.
 * @returns the HEX text.
 * @throws {RangeError} on overlapping segments or addresses past 4 GiB.
 */
export function intelHex(segments: readonly HexSegment[]): string {
  const sorted = [...segments].sort((a, b) => a.address - b.address);
  const lines: string[] = [];
  let upper = -1;
  let end = 0;
  for (const { address, data } of sorted) {
    if (!Number.isInteger(address) || address < end || address + data.length > 2 ** 32) {
      throw new RangeError(
        `segment at 0x${address.toString(16)} overlaps another one or passes 4 GiB`,
      );
    }
    let i = 0;
    while (i < data.length) {
      const at = address + i;
      if (at >>> 16 !== upper) {
        upper = at >>> 16;
        lines.push(record(0x04, 0, new Uint8Array([upper >> 8, upper & 0xff])));
      }
      const low = at & 0xffff;
      const n = Math.min(RECORD_BYTES, data.length - i, 0x10000 - low);
      lines.push(record(0x00, low, data, i, i + n));
      i += n;
    }
    end = address + data.length;
  }
  lines.push(":00000001FF\n");
  return lines.join("");
}

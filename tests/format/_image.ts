/**
 * Helpers of the format tests that poke into images: where an entry is, and a
 * little-endian view of bytes.
 *
 * @module
 */

import { entryOffset, PAGE_SIZE } from "../../src/format/layout.ts";

/** The byte offset in an image of entry `entry` of page `page`. */
export const at = (page: number, entry: number): number => page * PAGE_SIZE + entryOffset(entry);

/** A DataView over exactly these bytes. */
export const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/**
 * The image being read, as the read steps share it: its bytes with a `DataView` over
 * them (fields are read through the layout tables of `layout.ts`), and the small helpers
 * they use to look at bytes and to quote values in findings.
 *
 * @module
 */

/** The bytes of a (plain) partition image and a `DataView` over the same bytes. */
export interface ImageBytes {
  /** The bytes, a whole number of pages. */
  readonly buf: Uint8Array;
  /** A view over `buf`, for the little-endian fields of the layout tables. */
  readonly view: DataView;
}

/** Wraps image bytes for reading (no copy). */
export function imageBytes(buf: Uint8Array): ImageBytes {
  return { buf, view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength) };
}

/**
 * Decodes UTF-8 and throws on bytes that are not UTF-8. A leading U+FEFF is kept: it is
 * a character of the string (an image rewritten from what was read has the same bytes).
 */
export const utf8Fatal: TextDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes UTF-8, showing bytes that are not UTF-8 as U+FFFD (a leading U+FEFF kept). */
export const utf8Lenient: TextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** A 32-bit value as `0x` and 8 hex digits, as findings quote CRCs and states. */
export const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, "0")}`;

/** A byte as `0x` and 2 hex digits, as findings quote types and chunk indexes. */
export const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, "0")}`;

/** Whether `length` bytes from `start` are all 0xff: erased flash. */
export function isBlank(buf: Uint8Array, start: number, length: number): boolean {
  for (let i = start, end = start + length; i < end; i++) if (buf[i] !== 0xff) return false;
  return true;
}

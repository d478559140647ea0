/**
 * The physical lines of a master values file, streamed: read in chunks, decoded as
 * UTF-8 (strictly), split with Python's universal newlines (see `lines.ts`). Memory
 * stays bounded whatever the file's size.
 *
 * @module
 */

import { describeSystemError as describe, NvsforgeError } from "../errors.ts";
import { readChunks } from "../runtime/stream.ts";
import { LineSplitter } from "./lines.ts";

/**
 * Streams the physical lines of a file with their numbers (from 1).
 *
 * @param file the values file.
 * @param onBytes receives the size of each chunk read (for progress).
 * @throws {NvsforgeError} "invalid-utf8" naming the line, or "file-unreadable".
 */
export function* fileLines(
  file: string,
  onBytes?: (n: number) => void,
): Generator<[string, number]> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const splitter = new LineSplitter();
  let n = 0;
  const decode = (chunk: Uint8Array | undefined) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      // The decoder does not say where; the file is read again to name the line.
      throw new NvsforgeError(
        "invalid-utf8",
        "the values file is not UTF-8 text: save it as UTF-8",
        { file, line: invalidUtf8Line(file) ?? n + 1 },
      );
    }
  };
  try {
    for (const chunk of readChunks(file)) {
      onBytes?.(chunk.length);
      for (const l of splitter.lines(decode(chunk))) yield [l, ++n];
    }
  } catch (e) {
    if (e instanceof NvsforgeError) throw e;
    throw new NvsforgeError("file-unreadable", `cannot read the values file: ${describe(e)}`, {
      file,
    });
  }
  for (const l of splitter.push(decode(undefined))) yield [l, ++n];
  for (const l of splitter.end()) yield [l, ++n];
}

/**
 * Where in `bytes` UTF-8 stops being valid: `bad`, the index of the first byte of an
 * invalid sequence (or -1), and `tail`, where an incomplete sequence at the end starts
 * (`bytes.length` when the bytes end on a whole character).
 */
function utf8Scan(bytes: Uint8Array): { bad: number; tail: number } {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf
      ? 1
      : c >= 0xe0 && c <= 0xef
      ? 2
      : c >= 0xf0 && c <= 0xf4
      ? 3
      : 0;
    if (need === 0) return { bad: i, tail: bytes.length };
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return { bad: -1, tail: i };
      // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
      const lo = k === 1 && c === 0xe0 ? 0xa0 : k === 1 && c === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && c === 0xed ? 0x9f : k === 1 && c === 0xf4 ? 0x8f : 0xbf;
      if (bytes[i + k] < lo || bytes[i + k] > hi) return { bad: i, tail: bytes.length };
    }
    i += need + 1;
  }
  return { bad: -1, tail: bytes.length };
}

/**
 * The line (from 1, universal newlines) of a file's first byte that is not UTF-8, or
 * undefined when the file cannot be read again. Line ends are ASCII, which never occurs
 * inside a multi-byte character, so they are counted on the bytes.
 */
export function invalidUtf8Line(file: string): number | undefined {
  let line = 1;
  let afterCr = false;
  let carry = new Uint8Array(0);
  const count = (bytes: Uint8Array, end: number) => {
    for (let i = 0; i < end; i++) {
      const b = bytes[i];
      if (b === 0x0a) {
        if (!afterCr) line++;
        afterCr = false;
      } else {
        if (b === 0x0d) line++;
        afterCr = b === 0x0d;
      }
    }
  };
  try {
    for (const chunk of readChunks(file)) {
      const bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
      const { bad, tail } = utf8Scan(bytes);
      if (bad >= 0) {
        count(bytes, bad);
        return line;
      }
      count(bytes, tail);
      carry = bytes.slice(tail);
    }
  } catch {
    return undefined;
  }
  // What is left is a character cut off by the end of the file.
  return line;
}

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
      throw new NvsforgeError(
        "invalid-utf8",
        "the values file is not UTF-8 text: save it as UTF-8",
        { file, line: n + 1 },
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

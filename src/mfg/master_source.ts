/**
 * A master values file as it arrives ({@linkcode MasterSource}: text, chunks of text or
 * UTF-8 bytes, a `ReadableStream`), read as numbered physical lines
 * ({@linkcode masterLines}) for `generateBatchStream`.
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import { LineSplitter } from "./lines.ts";

/**
 * A master values file as `generateBatchStream` takes it: the whole text, or
 * its chunks (text, or UTF-8 bytes cut anywhere) from an iterable, an async iterable or
 * a `ReadableStream` (such as `(await fetch(url)).body` or `file.stream()`).
 */
export type MasterSource =
  | string
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>
  | ReadableStream<string | Uint8Array>;

/** The chunks of a master source, as they come. */
async function* chunksOf(source: MasterSource): AsyncGenerator<unknown> {
  if (typeof source === "string") {
    yield source;
  } else if (typeof (source as ReadableStream).getReader === "function") {
    const reader = (source as ReadableStream<string | Uint8Array>).getReader();
    let done = false;
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) {
          done = true;
          return;
        }
        yield r.value;
      }
    } finally {
      if (!done) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else if (
    source !== null && typeof source === "object" &&
    (Symbol.asyncIterator in source || Symbol.iterator in source)
  ) {
    yield* source as AsyncIterable<unknown>;
  } else {
    throw new NvsforgeError(
      "usage",
      `the master values file must be text, an iterable of text or bytes, or a ReadableStream; got ${
        source === null ? "null" : typeof source
      }`,
    );
  }
}

/** The lines a line count `n` is followed by in `text`, up to `end` (universal newlines). */
function lineAt(text: string, end: number, n: number): number {
  return n + 1 + (text.slice(0, end).match(/\r\n?|\n/g)?.length ?? 0);
}

/** The physical lines of a master source with their numbers (from 1). */
export async function* masterLines(
  source: MasterSource,
  file: string,
): AsyncGenerator<[string, number]> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const splitter = new LineSplitter();
  let n = 0;
  let bytes = false;
  for await (const chunk of chunksOf(source)) {
    let text: string;
    if (typeof chunk === "string") text = chunk;
    else if (chunk instanceof Uint8Array) {
      bytes = true;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const loose = new TextDecoder().decode(chunk);
        throw new NvsforgeError(
          "invalid-utf8",
          "the values file is not UTF-8 text: save it as UTF-8",
          { file, line: lineAt(loose, Math.max(0, loose.indexOf("\ufffd")), n) },
        );
      }
    } else {
      throw new NvsforgeError(
        "usage",
        `a chunk of the master values file must be text or bytes (Uint8Array); got ${
          chunk === null ? "null" : typeof chunk
        }`,
        { file },
      );
    }
    for (const l of splitter.lines(text)) yield [l, ++n];
  }
  if (bytes) {
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw new NvsforgeError(
        "invalid-utf8",
        "the values file is not UTF-8 text (it ends inside a character): save it as UTF-8",
        { file, line: n + 1 },
      );
    }
    for (const l of splitter.lines(rest)) yield [l, ++n];
  }
  for (const l of splitter.end()) yield [l, ++n];
}

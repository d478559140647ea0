/**
 * Text written to a progressive output file (the manifest, the summary, the created
 * values file) in many small pieces, buffered into writes of some 32 KiB.
 *
 * @module
 */

import type { ProgressiveFile } from "../file_protocol.ts";

const encoder = new TextEncoder();
/** Characters buffered before a write. */
const FLUSH_AT = 32 * 1024;

/**
 * Buffers small writes to a progressive file into larger ones. Without a file (none
 * opened: the run writes nothing), the text is dropped.
 *
 * @example
 * ```ts
 * import { BufferedText } from "./buffered_text.ts";
 * const got: string[] = [];
 * const file = { tmp: "", write: (b: Uint8Array) => got.push(new TextDecoder().decode(b)), commit() {}, discard() {} };
 * const text = new BufferedText(file);
 * text.write("a,");
 * text.write("b\n");
 * text.flush();
 * if (got.join("|") !== "a,b\n") throw new Error(got.join("|"));
 * ```
 */
export class BufferedText {
  #parts: string[] = [];
  #size = 0;

  /** @param file where the text goes (none yet: it is dropped). */
  constructor(public file: ProgressiveFile | undefined) {}

  /** Appends text (written once enough is buffered). */
  write(s: string): void {
    if (!this.file) return;
    this.#parts.push(s);
    this.#size += s.length;
    if (this.#size >= FLUSH_AT) this.flush();
  }

  /** Writes what is buffered. @throws {OutputError} when it cannot be written. */
  flush(): void {
    if (!this.file || this.#parts.length === 0) return;
    this.file.write(encoder.encode(this.#parts.join("")));
    this.#parts = [];
    this.#size = 0;
  }
}

/**
 * The resume comparison of the crash-safe file protocol: whether what is on disk is
 * what a run would write.
 *
 * @module
 */

import * as rt from "../runtime/mod.ts";
import { readChunks } from "../runtime/stream.ts";

/** Whether `file` holds exactly `data`. */
export function sameContent(file: string, data: Uint8Array): boolean {
  const have = rt.readFile(file);
  if (have.length !== data.length) return false;
  for (let i = 0; i < have.length; i++) if (have[i] !== data[i]) return false;
  return true;
}

/**
 * Compares bytes produced piece by piece with a file's content, reading the file as it
 * goes: nothing is held but one chunk of each.
 */
export class FileComparer {
  readonly #chunks: Iterator<Uint8Array>;
  #chunk: Uint8Array = new Uint8Array(0);
  #at = 0;
  #equal = true;

  /** Opens the file. Throws the file system's error when it cannot be read. */
  constructor(file: string) {
    this.#chunks = readChunks(file);
  }

  /** Compares the next bytes. */
  feed(data: Uint8Array): void {
    let i = 0;
    while (this.#equal && i < data.length) {
      if (this.#at === this.#chunk.length) {
        const next = this.#chunks.next();
        if (next.done) {
          this.#equal = false;
          return;
        }
        this.#chunk = next.value;
        this.#at = 0;
      }
      const n = Math.min(data.length - i, this.#chunk.length - this.#at);
      for (let k = 0; k < n; k++) {
        if (data[i + k] !== this.#chunk[this.#at + k]) {
          this.#equal = false;
          return;
        }
      }
      i += n;
      this.#at += n;
    }
  }

  /** Whether the file held exactly the bytes fed; closes it. */
  end(): boolean {
    if (this.#equal && this.#at === this.#chunk.length) {
      this.#equal = this.#chunks.next().done === true;
    } else if (this.#equal) {
      this.#equal = false;
    }
    this.#chunks.return?.();
    return this.#equal;
  }
}

/**
 * The files a batch reads for its `file` values, each read once: {@linkcode ReadOnce}
 * for a streamed batch (an async reader; what was read is kept while it fits a budget),
 * {@linkcode HeldFiles} for `generateBatch` (checked, then built: what the checking
 * pass read is held for the building pass, and let go after its last device).
 *
 * @module
 */

import type { NvsCsvRow } from "../csv/nvs_csv.ts";
import type { ReadFile, ReadFileSync as FileReader } from "../csv/records.ts";
import { STA_TRIGGER_KEYS } from "../csv/wifi.ts";

/**
 * Budget of the files a streamed batch keeps, in bytes: a file read again after more
 * than this was read since is read again.
 *
 * @example
 * ```ts
 * import { STREAM_FILE_CACHE_BYTES } from "@nvsforge/nvsforge/mfg";
 *
 * if (STREAM_FILE_CACHE_BYTES !== 8 * 1024 * 1024) throw new Error("not 8 MiB");
 * ```
 */
export const STREAM_FILE_CACHE_BYTES = 8 * 1024 * 1024;

type Read = { bytes: Uint8Array } | { error: unknown };

/** Files read once each, kept while they fit (least recently used dropped first). */
export class ReadOnce {
  readonly #read: ReadFile;
  readonly #kept = new Map<string, Read>();
  #bytes = 0;

  constructor(read: ReadFile) {
    this.#read = read;
  }

  /** Reads (or recalls) every path; returns a synchronous reader over them. */
  async reader(paths: Iterable<string>): Promise<FileReader> {
    const mine = new Map<string, Read>();
    for (const path of paths) {
      if (mine.has(path)) continue;
      let r = this.#kept.get(path);
      if (r) {
        this.#kept.delete(path); // to the most recent end
        this.#kept.set(path, r);
        mine.set(path, r);
        continue;
      }
      r = await this.#load(path);
      mine.set(path, r);
      this.#kept.set(path, r);
      if (!("bytes" in r)) continue;
      this.#bytes += r.bytes.length;
      for (const [p, old] of this.#kept) {
        if (this.#bytes <= STREAM_FILE_CACHE_BYTES || p === path) break;
        this.#kept.delete(p);
        if ("bytes" in old) this.#bytes -= old.bytes.length;
      }
    }
    return (path) => {
      const r = mine.get(path);
      if (!r) throw new Error("the file was not read");
      if ("error" in r) throw r.error;
      return r.bytes;
    };
  }

  async #load(path: string): Promise<Read> {
    try {
      const bytes: unknown = await this.#read(path);
      if (bytes instanceof Uint8Array) return { bytes };
      if (bytes instanceof ArrayBuffer) return { bytes: new Uint8Array(bytes) };
      return {
        error: new Error(`readFile gave ${bytes === null ? "null" : typeof bytes}, not bytes`),
      };
    } catch (error) {
      return { error };
    }
  }
}

/** The paths a device's rows read as `file` values. */
export function filePaths(rows: readonly NvsCsvRow[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    if (row.type === "file" && row.value && !STA_TRIGGER_KEYS.has(row.key ?? "")) {
      out.push(row.value);
    }
  }
  return out;
}

/** What reading one file gave: its bytes (and how many devices use them) or what it threw. */
type Held = { bytes: Uint8Array; uses: number } | { error: unknown };

/**
 * The files a batch reads, each read once: while its devices are checked each file is
 * read and held (and how many devices use it counted); while they are built, each
 * device takes what was held, and a file is let go after its last device.
 */
export class HeldFiles {
  readonly #read: FileReader;
  readonly #held = new Map<string, Held>();

  constructor(read: FileReader) {
    this.#read = read;
  }

  /** The reader of the checking pass: reads a file the first time it is asked for. */
  readonly check: FileReader = (path) => {
    let r = this.#held.get(path);
    if (!r) {
      try {
        r = { bytes: this.#read(path), uses: 0 };
      } catch (error) {
        r = { error };
      }
      this.#held.set(path, r);
    }
    if ("error" in r) throw r.error;
    r.uses++;
    return r.bytes;
  };

  /** The reader of the building pass: what the checking pass read, used up. */
  readonly build: FileReader = (path) => {
    const r = this.#held.get(path);
    if (!r || "error" in r) return this.#read(path); // (the same devices: never)
    if (--r.uses <= 0) this.#held.delete(path);
    return r.bytes;
  };
}

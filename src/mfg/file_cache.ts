/**
 * A small cache for `file`-type values: a configuration often names the same file for
 * every device (a CA certificate), which is then read once, not once per device and
 * pass. A file is cached from its second read on (per-device files, read once per pass,
 * are never held, so a big batch does not churn them through memory). Bounded in bytes:
 * two generations, each up to half the budget; when the young one is full it becomes
 * the old one and the old one is dropped (a file used again moves back to the young
 * one). Every operation is O(1).
 *
 * @module
 */

import type { ReadFileSync as FileReader } from "../csv/records.ts";

/** Budget of the cache, in bytes. */
export const FILE_CACHE_BYTES = 8 * 1024 * 1024;
/** Paths remembered (once read, not cached yet), per generation. */
const SEEN_PATHS = 4096;
/** Files larger than this are never cached. */
const MAX_CACHED_FILE = 1024 * 1024;

/**
 * Wraps a file reader with a cache. Errors are not cached.
 *
 * @example
 * ```ts
 * import { cachedReader } from "./file_cache.ts";
 * let reads = 0;
 * const read = cachedReader(() => (reads++, new Uint8Array(3)));
 * read("a"); read("a"); read("a"); read("b");
 * if (reads !== 3) throw new Error(`${reads} reads`);
 * ```
 */
export function cachedReader(read: FileReader, budget = FILE_CACHE_BYTES): FileReader {
  let young = new Map<string, Uint8Array>();
  let old = new Map<string, Uint8Array>();
  let youngBytes = 0;
  let seen = new Set<string>();
  let seenBefore = new Set<string>();
  const keep = (path: string, data: Uint8Array) => {
    if (data.length > MAX_CACHED_FILE) return;
    if (youngBytes + data.length > budget / 2) {
      old = young;
      young = new Map();
      youngBytes = 0;
    }
    young.set(path, data);
    youngBytes += data.length;
  };
  return (path: string) => {
    const hit = young.get(path);
    if (hit) return hit;
    const older = old.get(path);
    if (older) {
      old.delete(path);
      keep(path, older);
      return older;
    }
    const data = read(path);
    if (seen.has(path) || seenBefore.has(path)) keep(path, data);
    else {
      if (seen.size >= SEEN_PATHS) {
        seenBefore = seen;
        seen = new Set();
      }
      seen.add(path);
    }
    return data;
  };
}

/**
 * Finds repeated device ids (`--fileid` values) in a batch of any size with little
 * memory: each id is kept as a 64-bit hash (two independent 32-bit hashes) and the row
 * where it was first seen, 12 bytes per id in an open-addressing table — 24 MB for a
 * million devices, where a `Set` of the strings takes several times that.
 *
 * Two different ids are taken for the same one only when both hashes collide: about
 * one chance in 10^8 for a batch of a million devices.
 *
 * @module
 */

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function murmurish(s: string): number {
  let h = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * A set of ids that remembers where each was first seen.
 *
 * @example
 * ```ts
 * import { IdSet } from "@nvsforge/nvsforge/mfg";
 * const ids = new IdSet();
 * if (ids.add("SN-1", 1) !== undefined || ids.add("SN-2", 2) !== undefined) {
 *   throw new Error("a new id was seen before");
 * }
 * if (ids.add("SN-1", 3) !== 1) throw new Error("SN-1 was first seen at 1");
 * ```
 */
export class IdSet {
  #table = new Uint32Array(3 * 1024);
  #size = 0;

  /** Ids held. */
  get size(): number {
    return this.#size;
  }

  /**
   * Adds an id first seen at `row` (a positive integer below 2^32). Returns the row
   * where it was seen before, or undefined when it is new.
   */
  add(id: string, row: number): number | undefined {
    const a = fnv1a(id);
    const b = murmurish(id);
    const found = this.#find(a, b);
    if (found >= 0) return this.#table[found * 3 + 2] - 1;
    if ((this.#size + 1) * 2 > this.#table.length / 3) this.#grow();
    this.#insert(a, b, row + 1);
    this.#size++;
    return undefined;
  }

  #find(a: number, b: number): number {
    const t = this.#table;
    const slots = t.length / 3;
    for (let i = (a ^ b) & (slots - 1);; i = (i + 1) & (slots - 1)) {
      const row = t[i * 3 + 2];
      if (row === 0) return -1;
      if (t[i * 3] === a && t[i * 3 + 1] === b) return i;
    }
  }

  #insert(a: number, b: number, rowPlusOne: number): void {
    const t = this.#table;
    const slots = t.length / 3;
    let i = (a ^ b) & (slots - 1);
    while (t[i * 3 + 2] !== 0) i = (i + 1) & (slots - 1);
    t[i * 3] = a;
    t[i * 3 + 1] = b;
    t[i * 3 + 2] = rowPlusOne;
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] !== 0) this.#insert(old[i], old[i + 1], old[i + 2]);
    }
  }
}

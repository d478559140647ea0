/**
 * Reads the picked Folder's files when a device needs them, not up front. Browsers
 * answer each file read slowly (headless Chromium: about 3 ms a file read alone, about
 * 1.2 ms a file when many are read as one blob), so a read also reads ahead: the files
 * that follow the asked one in the folder's order, as one blob, kept until asked for.
 * Batches usually name their files in the folder's order (`certs/0001.pem`, then
 * `0002`...), so most reads are then answered from what was read ahead. The read-ahead
 * doubles while the files are asked for in order (up to 64 files) and halves when they
 * are not, and what it holds is bounded (8 MB; the oldest is dropped first and read
 * again if asked for), so the page never holds more than a few megabytes of the folder.
 *
 * @module
 */

/** The most files one read takes. */
const MAX_AHEAD = 64;

/** The most bytes read ahead and not yet asked for. */
const MAX_HELD = 8 << 20;

/** Counts of what a {@linkcode FolderReader} did, for tests and benchmarks. */
export interface FolderReadStats {
  /** Blob reads made. */
  reads: number;
  /** Files read (each read takes one or more). */
  filesRead: number;
  /** Reads answered from what was read ahead. */
  hits: number;
}

/** Lazy, read-ahead access to a picked folder's files by their path inside it. */
export class FolderReader {
  readonly #files: ReadonlyMap<string, File>;
  readonly #order: string[];
  readonly #index = new Map<string, number>();
  /** Read ahead, not asked for yet (insertion order: oldest first). */
  readonly #held = new Map<string, Uint8Array>();
  /** Files read, being read, or held (by their index): not read ahead again. */
  readonly #taken: Uint8Array;
  #heldBytes = 0;
  #ahead = 1;
  /** What was done so far. */
  readonly stats: FolderReadStats = { reads: 0, filesRead: 0, hits: 0 };

  /** @param files the folder's files, by their path inside it, in the folder's order. */
  constructor(files: ReadonlyMap<string, File>) {
    this.#files = files;
    this.#order = [...files.keys()];
    this.#order.forEach((p, i) => this.#index.set(p, i));
    this.#taken = new Uint8Array(this.#order.length);
  }

  /** Bytes read ahead and not asked for yet. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /** Whether the folder has a file at `path`. */
  has(path: string): boolean {
    return this.#files.has(path);
  }

  /**
   * The bytes of the file at `path`.
   *
   * @throws {Error} when the folder has no such file, or the browser cannot read it.
   */
  async read(path: string): Promise<Uint8Array> {
    const held = this.#held.get(path);
    if (held) {
      this.#held.delete(path);
      this.#heldBytes -= held.length;
      this.stats.hits++;
      this.#ahead = Math.min(MAX_AHEAD, this.#ahead * 2);
      return held;
    }
    const at = this.#index.get(path);
    if (at === undefined) throw new Error(`"${path}" is not in the picked Folder`);
    // Reading on from a file already read is reading in order: read further ahead.
    this.#ahead = this.#taken[at - 1]
      ? Math.min(MAX_AHEAD, this.#ahead * 2)
      : Math.max(1, this.#ahead >> 1);
    this.#taken[at] = 1;
    const group = [at];
    let bytes = this.#files.get(path)!.size;
    for (let i = at + 1; i < this.#order.length && group.length < this.#ahead; i++) {
      if (this.#taken[i]) continue;
      const size = this.#files.get(this.#order[i])!.size;
      if (bytes + size > MAX_HELD / 2) break;
      this.#taken[i] = 1; // reserved: no other read reads it ahead meanwhile
      group.push(i);
      bytes += size;
    }
    const all = new Uint8Array(
      await new Blob(group.map((i) => this.#files.get(this.#order[i])!)).arrayBuffer(),
    );
    this.stats.reads++;
    this.stats.filesRead += group.length;
    const own = all.subarray(0, this.#files.get(path)!.size);
    let offset = own.length;
    for (const i of group.slice(1)) {
      const p = this.#order[i];
      // A copy: a held file must not keep its whole read's buffer alive.
      const part = all.slice(offset, offset + this.#files.get(p)!.size);
      offset += part.length;
      this.#held.set(p, part);
      this.#heldBytes += part.length;
    }
    this.#evict();
    return own;
  }

  /** Drops the oldest read-ahead files beyond the bound (read again if asked for). */
  #evict(): void {
    for (const [p, bytes] of this.#held) {
      if (this.#heldBytes <= MAX_HELD) break;
      this.#held.delete(p);
      this.#heldBytes -= bytes.length;
      this.#taken[this.#index.get(p)!] = 0;
    }
  }
}

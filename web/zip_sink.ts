/**
 * Where a batch's zip goes while it is produced. In Chromium, a file the user picks up
 * front (the File System Access API's `showSaveFilePicker`): the zip is written to disk
 * as it is made, a slice at a time. Elsewhere, the browser's blob store: the zip's bytes
 * are handed over every few megabytes (browsers keep large blobs on disk, not in the
 * page's memory) and offered as a download at the end. Either way the page holds only
 * the bytes produced since the last hand-over.
 *
 * @module
 */
/// <reference lib="dom" />

/** A destination for a zip's bytes, as fflate produces them. */
export interface ZipSink {
  /** Where the zip goes, for the status line ("the picked file x.zip"). */
  readonly where: string;
  /** Whether the zip is on disk when done (a picked file), rather than to be downloaded. */
  readonly saved: boolean;
  /** Takes a chunk of the zip (synchronously: fflate's callback). */
  push(chunk: Uint8Array): void;
  /** Hands the chunks pushed so far on (to disk or to the blob store). */
  drain(): Promise<void>;
  /** Hands the rest on and finishes: returns the whole zip (a picked file reads from disk). */
  finish(): Promise<Blob>;
  /** Discards everything: nothing of the zip remains. */
  discard(): Promise<void>;
}

/** Chunks collected into blobs of a few megabytes each (the blob store keeps their bytes). */
export class BlobParts {
  #blobs: Blob[] = [];
  #parts: Uint8Array<ArrayBuffer>[] = [];
  #pending = 0;
  readonly #type: string;
  readonly #limit: number;

  /**
   * @param type the MIME type of the result.
   * @param limit bytes held in the page before they go to the blob store.
   */
  constructor(type: string, limit = 8 << 20) {
    this.#type = type;
    this.#limit = limit;
  }

  /** Bytes not yet handed to the blob store. */
  get pending(): number {
    return this.#pending;
  }

  /** Adds bytes (handed to the blob store once `limit` bytes are pending). */
  push(chunk: Uint8Array): void {
    this.#parts.push(chunk as Uint8Array<ArrayBuffer>);
    this.#pending += chunk.length;
    if (this.#pending >= this.#limit) this.flush();
  }

  /** Hands the pending bytes to the blob store. */
  flush(): void {
    if (this.#parts.length === 0) return;
    this.#blobs.push(new Blob(this.#parts));
    this.#parts = [];
    this.#pending = 0;
  }

  /** Everything pushed, as one blob. */
  blob(): Blob {
    this.flush();
    return new Blob(this.#blobs, { type: this.#type });
  }

  /** Forgets everything pushed. */
  clear(): void {
    this.#blobs = [];
    this.#parts = [];
    this.#pending = 0;
  }
}

/** The zip in the browser's blob store, downloaded at the end. */
export function blobSink(): ZipSink {
  const parts = new BlobParts("application/zip");
  return {
    where: "the zip (offered as a download when done)",
    saved: false,
    push: (chunk) => parts.push(chunk),
    drain: () => Promise.resolve(),
    finish: () => Promise.resolve(parts.blob()),
    discard: () => {
      parts.clear();
      return Promise.resolve();
    },
  };
}

/** The parts of the File System Access API the page uses (not all in TypeScript's DOM lib). */
export interface SaveHandle {
  /** The file's name. */
  readonly name: string;
  /** Opens the file for writing (into a swap file, moved in place on `close`). */
  createWritable(): Promise<SaveWritable>;
  /** The file as written. */
  getFile(): Promise<File>;
  /** Removes the file (Chromium 110 and later). */
  remove?(): Promise<void>;
}

/** A writable stream of a {@linkcode SaveHandle}. */
export interface SaveWritable {
  /** Writes bytes at the current position. */
  write(data: Uint8Array<ArrayBuffer>): Promise<void>;
  /** Finishes: the written bytes replace the file's. */
  close(): Promise<void>;
  /** Drops what was written: the file keeps its former contents. */
  abort(): Promise<void>;
}

type SavePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<SaveHandle>;

/** The File System Access API's save picker, where the browser has one (Chromium). */
function savePicker(): SavePicker | undefined {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  return typeof picker === "function" ? picker : undefined;
}

/** Whether the zip can be written to a picked file as it is made. */
export function canSaveAsMade(): boolean {
  return savePicker() !== undefined;
}

/**
 * Asks where to save the zip (must run in the click's user activation). Returns
 * undefined when the browser has no save picker, `"cancelled"` when the user closed it.
 */
export async function pickZipFile(name: string): Promise<SaveHandle | "cancelled" | undefined> {
  const picker = savePicker();
  if (!picker) return undefined;
  try {
    return await picker({
      suggestedName: name,
      types: [{ description: "Zip archive", accept: { "application/zip": [".zip"] } }],
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") return "cancelled";
    throw e;
  }
}

/**
 * The zip written to a picked file as it is made: the chunks of each slice of work are
 * joined into one write (each write is a call into the browser).
 */
export async function fileSink(handle: SaveHandle): Promise<ZipSink> {
  const writable = await handle.createWritable();
  let parts: Uint8Array[] = [];
  let pending = 0;
  const write = async () => {
    if (pending === 0) return;
    const data = new Uint8Array(pending);
    let at = 0;
    for (const p of parts) {
      data.set(p, at);
      at += p.length;
    }
    parts = [];
    pending = 0;
    await writable.write(data);
  };
  return {
    where: `the picked file ${handle.name}`,
    saved: true,
    push: (chunk) => {
      parts.push(chunk);
      pending += chunk.length;
    },
    drain: write,
    finish: async () => {
      await write();
      await writable.close();
      return await handle.getFile();
    },
    discard: async () => {
      parts = [];
      pending = 0;
      await writable.abort();
      // The picker created the (empty) file; remove it where the browser can.
      await handle.remove?.();
    },
  };
}

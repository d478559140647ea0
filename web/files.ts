/**
 * Files in and out of the page: reading picked or dropped files, reading a dropped
 * folder, and saving bytes as a download (a `blob:` link, so it works from `file://`).
 *
 * @module
 */
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/** The bytes of a picked or dropped file. */
export async function readBytes(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await file.arrayBuffer());
}

/** Files read with one read: the browser answers each read separately, and slowly. */
const FILES_PER_READ = 512;

/**
 * The files of a folder, read into memory, by their path: a few hundred files at a time
 * are joined into one blob and read at once, then cut apart.
 */
export async function readFolderBytes(
  folder: ReadonlyMap<string, File>,
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const all = [...folder];
  for (let i = 0; i < all.length; i += FILES_PER_READ) {
    const group = all.slice(i, i + FILES_PER_READ);
    const bytes = await readBytes(new Blob(group.map(([, f]) => f)));
    let at = 0;
    for (const [path, f] of group) {
      files.set(path, bytes.subarray(at, at + f.size));
      at += f.size;
    }
  }
  return files;
}

/** Offers data as a download named `name`. */
export function download(name: string, data: Blob | Uint8Array | string): void {
  // The library's bytes are never backed by a SharedArrayBuffer.
  const part = data as Blob | Uint8Array<ArrayBuffer> | string;
  const blob = part instanceof Blob ? part : new Blob([part], {
    type: typeof data === "string" ? "text/csv" : "application/octet-stream",
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started once click() returns; the URL can go after this task.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file with its path relative to the folder the user picked or dropped. */
export interface FolderFile {
  /** The path inside the folder, with `/`, without the folder's own name. */
  path: string;
  /** The file. */
  file: File;
}

/** Strips the first path component (the picked folder's own name). */
function insideFolder(path: string): string {
  const i = path.indexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

/** The files of a `webkitdirectory` input, with their paths inside the folder. */
export function folderFromInput(files: FileList): FolderFile[] {
  return [...files].map((file) => ({
    path: insideFolder(file.webkitRelativePath || file.name),
    file,
  }));
}

/** The files of a dropped folder (or of several dropped files), with their paths. */
export async function folderFromDrop(items: DataTransferItemList): Promise<FolderFile[]> {
  const out: FolderFile[] = [];
  const entries = [...items].map((i) => i.webkitGetAsEntry()).filter((e) => e !== null);
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject)
      );
      out.push({ path: prefix + entry.name, file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
          reader.readEntries(resolve, reject)
        );
        if (batch.length === 0) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, "");
  // One dropped folder: its own name is not part of the paths the CSVs give.
  if (entries.length === 1 && entries[0].isDirectory) {
    for (const f of out) f.path = insideFolder(f.path);
  }
  return out;
}

/** Lets an element take dropped files: `onFiles` gets the drop's data. */
export function dropTarget(el: HTMLElement, onDrop: (data: DataTransfer) => void): void {
  el.addEventListener("dragover", (e) => {
    e.preventDefault();
    el.classList.add("dragging");
  });
  el.addEventListener("dragleave", () => el.classList.remove("dragging"));
  el.addEventListener("drop", (e) => {
    e.preventDefault();
    el.classList.remove("dragging");
    if (e.dataTransfer) onDrop(e.dataTransfer);
  });
}

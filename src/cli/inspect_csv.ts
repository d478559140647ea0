/**
 * `inspect --format csv`: the generator CSV that regenerates the image. A string value a
 * data row cannot carry (a carriage return; a line starting with `#`) goes to a file of
 * its own in the files directory (`--files-dir`, default: a folder named after the image
 * in the current directory), and its row becomes a `file` row naming that file relative
 * to the current directory, so that `nvs generate` run there reads it back.
 *
 * @module
 */

import { OutputError, quotePath } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { stringifyCsv } from "../csv/stringify.ts";
import type { BlobEncoding } from "../csv/stringify.ts";
import type { NvsRecord } from "../format/items.ts";
import { writeError, writeNew } from "../file_protocol/write.ts";
import * as rt from "../runtime/mod.ts";

/** The default files directory of an image: its name without the extension, in `cwd`. */
export function defaultFilesDir(image: string): string {
  const base = rt.paths.basename(image);
  const ext = rt.paths.extname(base);
  const name = ext ? base.slice(0, -ext.length) : `${base}.files`;
  return name === "" || name === "." || name === ".." ? "inspect.files" : name;
}

/** A file name for a value: its namespace and key, unsafe characters replaced. */
function fileNameFor(namespace: string, key: string, taken: Set<string>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  const stem = `${safe(namespace)}.${safe(key)}`;
  let name = `${stem}.txt`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}-${n}.txt`;
  taken.add(name.toLowerCase());
  return name;
}

/** The CSV text of the records and the side files it names (path → bytes). */
export function csvWithFiles(
  records: readonly NvsRecord[],
  filesDir: string,
  options: { blobEncoding?: BlobEncoding; onWarning?: (w: Warning) => void },
): { text: string; files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const taken = new Set<string>();
  const cwd = rt.cwd();
  const text = stringifyCsv(records, {
    ...options,
    valueFile: (value, key, namespace) => {
      const path = rt.paths.join(filesDir, fileNameFor(namespace, key, taken));
      const rel = rt.paths.relative(cwd, rt.paths.resolve(cwd, path));
      const shown = rt.paths.isAbsolute(rel) ? rel : rel.split(rt.paths.sep).join("/");
      files.set(path, new TextEncoder().encode(value));
      return shown;
    },
  });
  return { text, files };
}

/**
 * Writes the side files: each one new, or already holding exactly these bytes (a second
 * run over the same image). A file holding other bytes is an error before anything is
 * written; a failed write removes what this run wrote.
 *
 * @throws {OutputError} exit status 3.
 */
export function writeSideFiles(files: Map<string, Uint8Array>): void {
  const todo: [string, Uint8Array][] = [];
  for (const [path, bytes] of files) {
    if (!rt.exists(path)) {
      todo.push([path, bytes]);
      continue;
    }
    let same = false;
    try {
      const have = rt.readFile(path);
      same = have.length === bytes.length && have.every((b, k) => b === bytes[k]);
    } catch {
      same = false;
    }
    if (!same) {
      throw new OutputError(
        "output-exists",
        `cannot write ${
          quotePath(path)
        }: it exists with other contents (choose another --files-dir, or remove it)`,
      );
    }
  }
  if (todo.length === 0) return;
  const written: string[] = [];
  let created: string | undefined;
  try {
    created = rt.makeDirectory(rt.paths.dirname(todo[0][0]));
    for (const [path, bytes] of todo) {
      writeNew(path, bytes);
      written.push(path);
    }
  } catch (e) {
    for (const f of written) rt.removeFile(f);
    if (created !== undefined) rt.removeTree(created);
    throw writeError(todo[written.length]?.[0] ?? todo[0][0], e);
  }
}

/**
 * A batch streamed: {@linkcode generateBatchStream} reads the master values file as it
 * arrives (a string, an iterable of chunks, or a `ReadableStream`), reads each device's
 * `file` values through an async `readFile` (once per distinct file), and yields each
 * device as soon as it is built, in master file order. Same bytes as
 * `generateBatch` and `nvsforge generate`.
 *
 * It is a separate function, not a form of `generateBatch`, because its contract
 * differs: `generateBatch` yields nothing until the whole master file is checked, this
 * one yields valid devices at once and throws every problem at the end.
 *
 * @module
 */

import { readNvsCsv } from "../csv/nvs_csv.ts";
import type { NvsCsvRow } from "../csv/nvs_csv.ts";
import type { ReadFile, ReadFileSync } from "../csv/records.ts";
import { STA_TRIGGER_KEYS } from "../csv/wifi.ts";
import { Diagnostics, NvsforgeError } from "../errors.ts";
import { MfgBatch } from "./batch.ts";
import type { LaidOutBatch } from "./laid_out_batch.ts";
import { BatchChecker } from "./batch_checker.ts";
import { deviceImage } from "./device_image.ts";
import type { DeviceImage } from "./device_image.ts";
import { BatchEncryptor, hasKeyFiles } from "./encryption.ts";
import { ErrorList, WarningDigest } from "./findings.ts";
import type { GenerateBatchOptions } from "./generate_batch.ts";
import { LineSplitter } from "./lines.ts";
import type { DeviceRow } from "./master.ts";

/**
 * A master values file as {@linkcode generateBatchStream} takes it: the whole text, or
 * its chunks (text, or UTF-8 bytes cut anywhere) from an iterable, an async iterable or
 * a `ReadableStream` (such as `(await fetch(url)).body` or `file.stream()`).
 */
export type MasterSource =
  | string
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>
  | ReadableStream<string | Uint8Array>;

/**
 * Options of {@linkcode generateBatchStream}: those of {@linkcode generateBatch}, with a
 * `readFile` that may be async.
 */
export interface GenerateBatchStreamOptions extends Omit<GenerateBatchOptions, "readFile"> {
  /**
   * Reads `file`-type values (bytes, or a promise of them); without it, `file` rows are
   * errors. Called at most once per distinct file name while what was read fits the
   * batch's cache (8 MiB, least recently used dropped first): a file every device names
   * is read once; a per-device file once, then let go.
   */
  readFile?: ReadFile;
}

/** Budget of the files a streamed batch keeps, in bytes. */
export const STREAM_FILE_CACHE_BYTES = 8 * 1024 * 1024;

type Read = { bytes: Uint8Array } | { error: unknown };

/** Files read once each, kept while they fit (least recently used dropped first). */
class ReadOnce {
  readonly #read: ReadFile;
  readonly #kept = new Map<string, Read>();
  #bytes = 0;

  constructor(read: ReadFile) {
    this.#read = read;
  }

  /** Reads (or recalls) every path; returns a synchronous reader over them. */
  async reader(paths: Iterable<string>): Promise<ReadFileSync> {
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
function filePaths(rows: readonly NvsCsvRow[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    if (row.type === "file" && row.value && !STA_TRIGGER_KEYS.has(row.key ?? "")) {
      out.push(row.value);
    }
  }
  return out;
}

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
async function* masterLines(source: MasterSource, file: string): AsyncGenerator<[string, number]> {
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

/**
 * Generates a batch in memory, streamed: reads the master values file as it comes and
 * yields each valid device (intermediate CSV and image, byte for byte mfg_gen's) as soon
 * as it is built, in master file order; the first device comes before the file is read
 * to its end.
 *
 * Errors: a device row with a problem is not yielded; every problem of every row (and of
 * the file: a bad header, no rows) is collected, and when the master file is read to its
 * end the generator throws them all at once, as {@linkcode generateBatch} does: one
 * error as itself, several as one `NvsforgeErrors` (code `many`, itself an
 * `NvsforgeError`). So a caller that needs all-or-nothing output discards what it got
 * when the loop throws. A bad size and the configuration's errors are reported the same
 * way, with the master file's: no device is built then, but the master file is still
 * read and checked (against the configuration's rows without errors), so that every
 * problem is thrown at once. A bad prefix or encryption option is thrown before any
 * input is read. Warnings go to `onWarning` as they are found (a few per kind; the rest
 * summarised at the end).
 *
 * @param configText the configuration CSV.
 * @param values the master values CSV: text, or its chunks (see {@linkcode MasterSource}).
 * @param options prefix, size, naming, an async file reader, encryption.
 * @returns the valid devices, one at a time.
 * @throws {NvsforgeError} at the end, every problem found (code `many` for several).
 * @example
 * ```ts
 * import { generateBatchStream, NvsforgeError } from "@nvsforge/nvsforge/mfg";
 *
 * const config = "dev,namespace,\nserial,data,string\ncert,file,binary\n";
 * // The master file, streamed as bytes (e.g. `(await fetch(url)).body` or `file.stream()`).
 * const values = new Blob(["serial,cert\nSN-1,ca.pem\n", "SN-2,ca.pem\n"]).stream();
 * let reads = 0;
 * const readFile = async (path: string) => (reads++, new TextEncoder().encode(`<${path}>`));
 * const names: string[] = [];
 * for await (const d of generateBatchStream(config, values, {
 *   prefix: "dev",
 *   size: 0x3000,
 *   fileid: "serial",
 *   readFile,
 * })) {
 *   if (d.image.length !== 0x3000) throw new Error(`${d.name}: wrong size`);
 *   names.push(d.name);
 * }
 * if (names.join() !== "dev-SN-1,dev-SN-2" || reads !== 1) throw new Error(`${names} ${reads}`);
 *
 * // Valid devices come out; every problem is thrown at the end.
 * const got: string[] = [];
 * try {
 *   const bad = "serial,cert\nSN-1,ca.pem\nSN-1,ca.pem\nSN-3\n";
 *   for await (const d of generateBatchStream(config, bad, { prefix: "dev", size: 0x3000, fileid: "serial", readFile })) {
 *     got.push(d.name);
 *   }
 *   throw new Error("no error");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "many") throw e;
 * }
 * if (got.join() !== "dev-SN-1") throw new Error(got.join());
 * ```
 */
export async function* generateBatchStream(
  configText: string,
  values: MasterSource,
  options: GenerateBatchStreamOptions,
): AsyncGenerator<DeviceImage> {
  const { readFile, ...rest } = options;
  // A bad size and the configuration's errors are reported with the master file's.
  const errors = new ErrorList();
  const warnings = new WarningDigest();
  const batch = new MfgBatch(configText, {
    ...rest,
    withKeyFiles: hasKeyFiles(options.encryption),
  }, errors);
  // Without a valid size and configuration no device is built: they are only checked.
  const buildable = errors.count === 0;
  const files = readFile && new ReadOnce(readFile);
  let checker: BatchChecker | undefined;
  const d = new Diagnostics(options.strict ?? false);
  const reader = batch.reader(d);
  const encryptor = options.encryption && new BatchEncryptor(options.encryption);
  let seenErrors = 0;
  let seenWarnings = 0;
  let shown = 0;
  const flush = () => {
    while (seenErrors < d.errors.length) errors.add(d.errors[seenErrors++]);
    while (seenWarnings < d.warnings.length) warnings.add(d.warnings[seenWarnings++]);
    const s = warnings.shown;
    // (not `onWarning?.(s[shown++])`: without a callback its argument is never evaluated)
    for (; shown < s.length; shown++) options.onWarning?.(s[shown]);
  };
  const build = async (row: DeviceRow): Promise<DeviceImage | undefined> => {
    // A row comes only after the header it is read by.
    checker ??= new BatchChecker(batch.withLayout(reader.layout!), errors, warnings);
    const laid: LaidOutBatch = checker.batch;
    const device = laid.plan(row);
    if (!checker.checkName(device)) return undefined;
    const rows = laid.csvRows(device.fields, device.csvName);
    let settings = laid.settings;
    if (files) {
      // The device's own reading of its CSV reports any problem of it; this one only finds files.
      const all = rows ?? readNvsCsv(device.csvText, device.csvName, new Diagnostics());
      settings = { ...settings, readFile: await files.reader(filePaths(all)) };
    }
    if (!buildable) {
      checker.checkContent(device, settings.readFile);
      return undefined;
    }
    const built = laid.build(device, settings, rows);
    checker.take(built.errors, built.warnings);
    if (!built.image || built.errors.length > 0) return undefined;
    return deviceImage(device, built.image, encryptor);
  };
  try {
    for await (const [text, line] of masterLines(values, batch.valuesName)) {
      for (const row of reader.push(text, line)) {
        const device = await build(row);
        flush();
        if (device) yield device;
      }
    }
    for (const row of reader.end()) {
      const device = await build(row);
      flush();
      if (device) yield device;
    }
  } catch (e) {
    if (!(e instanceof NvsforgeError)) throw e;
    errors.add(e);
  } finally {
    encryptor?.destroy();
  }
  flush();
  for (const w of warnings.summaries()) options.onWarning?.(w);
  errors.throwIfAny();
}

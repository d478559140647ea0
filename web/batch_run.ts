/**
 * A batch in the browser, as `nvsforge generate` (mfg_gen) writes it on disk, but into
 * one zip: `csv/`, `bin/`, `keys/` (with a new key per device), the created values file
 * (with REPEAT keys) and `manifest.jsonl`. The zip is streamed with fflate: each device's
 * files are compressed as soon as it is built and the zip's bytes go to a
 * {@linkcode ZipSink} (a picked file on disk, or the browser's blob store) once per slice
 * of work, so the page holds one slice's devices, never the batch.
 *
 * @module
 */

import { Zip, ZipDeflate } from "fflate";
import { createdValuesCsv, deviceFiles, generateBatchStream, manifestLine } from "./nvs.ts";
import type { BatchEncryption, FormatVersion, ManifestFile, PrefixNum, Warning } from "./nvs.ts";
import { FolderReader } from "./folder_reader.ts";
import { hex } from "./show.ts";
import { BlobParts } from "./zip_sink.ts";
import type { ZipSink } from "./zip_sink.ts";

/** A text input of the batch: its file name and contents. */
export interface NamedText {
  /** The file name, for messages. */
  name: string;
  /** Its text. */
  text: string;
}

/** What a batch is made from. */
export interface BatchInput {
  /** The configuration CSV. */
  config: NamedText;
  /** The master values CSV. */
  values: NamedText;
  /** The files of the picked folder (not read yet), by their path inside it. */
  files: ReadonlyMap<string, File>;
  /** The file name prefix. */
  prefix: string;
  /** Partition size, as the command line takes it. */
  size: string;
  /** Page format version. */
  version: FormatVersion;
  /** `--fileid`: the column naming each device's files. */
  fileid?: string;
  /** `--prefix_num START DIGITS`. */
  prefixNum?: PrefixNum;
  /** Accept nvsforge's own `float` and `double` encodings (`--float`). */
  float?: boolean;
  /** Encryption: one key for every device, or a new key per device. */
  encryption?: BatchEncryption;
  /**
   * Key partition written as every device's `keys/keys-<name>.bin` (HMAC-derived keys:
   * `--keygen --key_protect_hmac --kp_hmac_inputkey`).
   */
  sharedKeyPartition?: Uint8Array;
}

/** How far a batch is. */
export interface BatchProgress {
  /** Devices written to the zip. */
  devices: number;
  /** The fraction of the master file read (0 to 1). */
  fraction: number;
}

/** The finished batch. */
export interface BatchResult {
  /** The zip (a picked file: read back from disk). */
  zip: Blob;
  /** Devices in it. */
  devices: number;
  /** The warnings, as the command line prints them. */
  warnings: Warning[];
}

/** The path of a `file` value inside the picked folder (`./a` and `a` are the same). */
function folderPath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
}

/** Reads a `file` value from the picked folder, when it is asked for. */
function inFolder(folder: FolderReader, path: string): Promise<Uint8Array> {
  const at = folderPath(path);
  if (!folder.has(at)) throw new Error(`"${path}" is not in the picked Folder`);
  return folder.read(at);
}

/** A file of the manifest, hashed by the browser's own SHA-256 (many times faster than JS). */
async function manifestFile(path: string, data: Uint8Array): Promise<ManifestFile> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return { path, bytes: data.length, sha256: hex(new Uint8Array(digest)) };
}

/**
 * fflate's deflate level: 9 is the fastest on NVS images (long runs of 0xFF), level 1 is
 * six times slower on them.
 */
const DEFLATE_LEVEL = 9;

/** Yields to the page's event loop (progress bar, cancel button). */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Time a slice of work may take before the page gets the event loop back, in ms. */
const SLICE_MS = 40;

/** Options of {@linkcode runBatch}. */
export interface RunOptions {
  /** Receives progress once per slice of work. */
  onProgress: (p: BatchProgress) => void;
  /** Aborts the batch. */
  signal: AbortSignal;
  /** Where the zip goes. */
  sink: ZipSink;
  /**
   * A test seam: called after each device (its bytes handed to the sink, progress
   * reported); a returned promise holds the batch there until it settles or `signal`
   * aborts. The view passes `globalThis.nvsforgeBatchPause`, which only tests set.
   */
  pause?: (devices: number) => Promise<void> | void;
}

/** Settles when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/**
 * Generates the devices into a zip, streamed into `sink` as they are built, reporting
 * progress and stopping when `signal` aborts. Every input problem is thrown at once when
 * the master file is read to its end (configuration problems before any device). On
 * failure or abort the sink is left to the caller to discard.
 *
 * @throws {NvsforgeError|NvsforgeErrors} every input error; the signal's reason when cancelled.
 */
export async function runBatch(input: BatchInput, options: RunOptions): Promise<BatchResult> {
  const { onProgress, signal, sink, pause } = options;
  const warnings: Warning[] = [];
  // The folder's files are read as devices ask for them (with read-ahead), once each.
  const folder = new FolderReader(input.files);
  const devices = generateBatchStream(input.config.text, input.values.text, {
    prefix: input.prefix,
    size: input.size,
    version: input.version,
    fileid: input.fileid,
    prefixNum: input.prefixNum,
    readFile: (path) => inFolder(folder, path),
    configName: input.config.name,
    valuesName: input.values.name,
    encryption: input.encryption,
    float: input.float,
    onWarning: (w) => warnings.push(w),
  });
  let failed: unknown;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else sink.push(chunk);
  });
  const add = (path: string, data: Uint8Array) => {
    const entry = new ZipDeflate(path, { level: DEFLATE_LEVEL });
    zip.add(entry);
    entry.push(data, true);
    if (failed) throw failed;
  };
  const encoder = new TextEncoder();
  const lines = input.values.text.split("\n").length;
  // The manifest waits in the blob store until the devices are written.
  const manifest = new BlobParts("application/jsonl", 1 << 20);
  const pending: Promise<string>[] = [];
  const collect = async () => {
    for (const line of await Promise.all(pending.splice(0))) manifest.push(encoder.encode(line));
  };
  let count = 0;
  let sliceStart = performance.now();
  const stop = aborted(signal);
  for await (const device of devices) {
    const names = deviceFiles(device.name);
    const csv = encoder.encode(device.csvText);
    const files = [manifestFile(names.csv, csv)];
    add(names.csv, csv);
    const keyPartition = device.keyPartition ?? input.sharedKeyPartition;
    if (keyPartition) {
      add(names.keys, keyPartition);
      files.push(manifestFile(names.keys, keyPartition));
    }
    add(names.bin, device.image);
    files.push(manifestFile(names.bin, device.image));
    // Hashes are computed off the page's thread; their lines are collected once per slice.
    pending.push(
      Promise.all(files).then((files) =>
        manifestLine({
          id: device.id,
          row: device.index,
          line: device.line,
          name: device.name,
          files,
        })
      ),
    );
    count++;
    const held = pause?.(count);
    if (held || performance.now() - sliceStart > SLICE_MS) {
      await collect();
      await sink.drain();
      onProgress({ devices: count, fraction: Math.min(1, device.line / lines) });
      if (held) await Promise.race([held, stop]);
      await breathe();
      signal.throwIfAborted();
      sliceStart = performance.now();
    }
  }
  // createdValuesCsv reads the configuration again, so it needs `float` too.
  const again = {
    configName: input.config.name,
    valuesName: input.values.name,
    float: input.float,
  };
  const created = createdValuesCsv(input.config.text, input.values.text, again);
  if (created !== undefined) {
    add(`${input.values.name.replace(/\.csv$/i, "")}_tmp_created.csv`, encoder.encode(created));
  }
  await collect();
  await addBlob(zip, "manifest.jsonl", manifest.blob(), sink);
  if (failed) throw failed;
  zip.end();
  if (failed) throw failed;
  signal.throwIfAborted();
  const result = await sink.finish();
  onProgress({ devices: count, fraction: 1 });
  return { zip: result, devices: count, warnings };
}

/** Adds a blob to the zip a piece at a time (the sink drained after each piece). */
async function addBlob(zip: Zip, path: string, blob: Blob, sink: ZipSink): Promise<void> {
  const entry = new ZipDeflate(path, { level: DEFLATE_LEVEL });
  zip.add(entry);
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    entry.push(value);
    await sink.drain();
  }
  entry.push(new Uint8Array(0), true);
}

/**
 * A batch in the browser, as `nvsforge generate` (mfg_gen) writes it on disk, but into
 * one zip: `csv/`, `bin/`, `keys/` (with a new key per device), the created values file
 * (with REPEAT keys) and `manifest.jsonl`. The zip is streamed with fflate: each device's
 * files are compressed as they are built and the output is handed, a few megabytes at a
 * time, to the browser's blob store (which keeps large blobs on disk, not in the page's
 * memory), so a batch of any size holds only one device in memory.
 *
 * @module
 */

import { Zip, ZipDeflate } from "fflate";
import { createdValuesCsv, deviceFiles, generateBatch, manifestLine } from "./nvs.ts";
import type { BatchEncryption, FormatVersion, ManifestFile, PrefixNum, Warning } from "./nvs.ts";
import { hex } from "./show.ts";

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
  /** The files `file`-type values name, by their path inside the picked folder. */
  files: ReadonlyMap<string, Uint8Array>;
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
  /** The zip. */
  zip: Blob;
  /** Devices in it. */
  devices: number;
  /** The warnings, as the command line prints them. */
  warnings: Warning[];
}

/** Output collected into a blob a few megabytes at a time (the rest lives in the blob store). */
class BlobSink {
  #blob = new Blob([]);
  #parts: Uint8Array<ArrayBuffer>[] = [];
  #pending = 0;

  push(chunk: Uint8Array): void {
    this.#parts.push(chunk as Uint8Array<ArrayBuffer>);
    this.#pending += chunk.length;
    if (this.#pending >= 8 << 20) this.flush();
  }

  flush(): void {
    this.#blob = new Blob([this.#blob, ...this.#parts], { type: "application/zip" });
    this.#parts = [];
    this.#pending = 0;
  }

  get blob(): Blob {
    this.flush();
    return this.#blob;
  }
}

/** Looks a `file` value up among the picked folder's files (`./a` and `a` are the same). */
function fileReader(files: ReadonlyMap<string, Uint8Array>): (path: string) => Uint8Array {
  return (path) => {
    const p = path.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
    const bytes = files.get(p);
    if (!bytes) throw new Error(`"${path}" is not in the picked Folder`);
    return bytes;
  };
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

/**
 * Checks the inputs (every problem thrown at once, before any output), then generates
 * the devices into a zip, reporting progress and stopping when `signal` aborts.
 *
 * @throws {NvsforgeError|NvsforgeErrors} every input error; the signal's reason when cancelled.
 */
export async function runBatch(
  input: BatchInput,
  onProgress: (p: BatchProgress) => void,
  signal: AbortSignal,
): Promise<BatchResult> {
  const warnings: Warning[] = [];
  const devices = generateBatch(input.config.text, input.values.text, {
    prefix: input.prefix,
    size: input.size,
    version: input.version,
    fileid: input.fileid,
    prefixNum: input.prefixNum,
    readFile: fileReader(input.files),
    configName: input.config.name,
    valuesName: input.values.name,
    encryption: input.encryption,
    float: input.float,
    onWarning: (w) => warnings.push(w),
  });
  const sink = new BlobSink();
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
  let manifest = "";
  const pending: Promise<string>[] = [];
  let count = 0;
  let sliceStart = performance.now();
  for (const device of devices) {
    const names = deviceFiles(device.name);
    const csv = encoder.encode(device.csvText);
    const files = [manifestFile(names.csv, csv)];
    add(names.csv, csv);
    if (device.keyPartition) {
      add(names.keys, device.keyPartition);
      files.push(manifestFile(names.keys, device.keyPartition));
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
    if (performance.now() - sliceStart > SLICE_MS) {
      manifest += (await Promise.all(pending.splice(0))).join("");
      onProgress({ devices: count, fraction: Math.min(1, device.line / lines) });
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
  manifest += (await Promise.all(pending.splice(0))).join("");
  add("manifest.jsonl", encoder.encode(manifest));
  zip.end();
  if (failed) throw failed;
  onProgress({ devices: count, fraction: 1 });
  return { zip: sink.blob, devices: count, warnings };
}

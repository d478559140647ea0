/**
 * The files a batch run writes once for the whole batch, as pass 1 goes: the created
 * values file (REPEAT values filled in, compared with the one there), the manifest,
 * the summary and the shared key partition. Each is written progressively under its
 * temporary name and committed by pass 2.
 *
 * @module
 */

import { describeSystemError as describe, OutputError, UsageError } from "../../errors.ts";
import type { ErrorList } from "../findings.ts";
import * as rt from "../../runtime/mod.ts";
import * as fp from "../../file_protocol.ts";
import { buildKeyPartition } from "../../crypto/key_partition.ts";
import { summaryHeader, summaryLine as summaryCsvLine } from "../../flash/summary.ts";
import type { PlannedDevice } from "../laid_out_batch.ts";
import { BufferedText } from "../buffered_text.ts";
import { hasKeyFiles, sharedKeys } from "../encryption.ts";
import { existsError, writeError } from "../device_writer.ts";
import type { MasterLayout } from "../master.ts";
import { manifestFile, manifestHeaderLine, manifestLine, manifestTotalsLine } from "../manifest.ts";
import type { ManifestFile } from "../manifest.ts";
import { deviceFiles } from "../naming.ts";
import { hmacKeyOf, keyFileOf, partsOf, summaryColumnsOf } from "./device_outputs.ts";
import { makeDirectories } from "./plan.ts";
import type { RunLayout } from "./plan.ts";
import type { BatchRun } from "./settings.ts";
import type { RunState } from "./state.ts";

const encoder = new TextEncoder();

/** A device as its manifest line and summary row describe it. */
export type DescribedDevice = Pick<PlannedDevice, "id" | "index" | "line" | "name"> & {
  fields?: string[];
};

/** The batch-wide files of pass 1, handed to pass 2 to commit (absent: none to write). */
export interface BatchFilesWritten {
  /** The created values file (absent: not needed, or the same one exists). */
  created?: fp.ProgressiveFile;
  manifest?: fp.ProgressiveFile;
  summary?: fp.ProgressiveFile;
  /** The shared key partition (`--inputkey` with a table). */
  sharedKeys?: fp.ProgressiveFile;
}

/** The batch-wide files of a run, written as pass 1 reads the rows. */
export class BatchFiles {
  readonly #run: BatchRun;
  readonly #layout: RunLayout;
  readonly #state: RunState;
  readonly #created = new BufferedText(undefined);
  readonly #manifest = new BufferedText(undefined);
  readonly #summary = new BufferedText(undefined);
  readonly #sharedKeys = new BufferedText(undefined);
  #createdSame?: fp.FileComparer;
  #sharedKeysData?: Uint8Array;
  #summaryColumns?: number[];
  readonly #totals = { files: 0, bytes: 0 };

  constructor(run: BatchRun, layout: RunLayout, state: RunState) {
    this.#run = run;
    this.#layout = layout;
    this.#state = state;
  }

  /** The batch files to look for. */
  #single(): (string | undefined)[] {
    return [this.#run.manifest, this.#run.summary?.path, this.#layout.sharedKeys];
  }

  /**
   * Checks the files there already: each batch file is an error unless `--force` or
   * `--resume`; the created values file is compared as it is written.
   *
   * @throws {OutputError} when the created values file exists and cannot be read.
   */
  checkExisting(errors: ErrorList): void {
    const created = this.#layout.created;
    if (created && rt.exists(created)) {
      try {
        this.#createdSame = new fp.FileComparer(created);
      } catch (e) {
        throw new OutputError(
          "output-exists",
          `"${created}" exists and cannot be read: ${describe(e)}`,
        );
      }
    }
    const run = this.#run;
    for (const file of this.#single()) {
      if (file !== undefined && rt.exists(file) && !run.force && !run.resume) {
        errors.add(existsError(file, "", run.resume ?? false));
      }
    }
  }

  /** Removes the temporaries a killed run left beside the batch files. */
  removeLeftovers(): void {
    for (const file of [this.#layout.created, ...this.#single()]) {
      if (file) fp.removeLeftoversOf(file);
    }
  }

  /**
   * Opens every batch file under its temporary name.
   *
   * @param attempt runs a step on a target; false when it failed (staging stops).
   */
  open(attempt: (target: string, step: () => void) => boolean): void {
    const run = this.#run;
    const tag = this.#layout.tag;
    const state = this.#state;
    const created = this.#layout.created;
    const opened = (target: string, replace: boolean, mode?: number) =>
      state.keep(fp.openProgressive(target, tag, replace, mode));
    const makeDir = (target: string) =>
      state.made.push(...makeDirectories(rt.paths.dirname(target)));
    if (created) {
      const replace = this.#createdSame !== undefined; // checked at the end: the same, or --force
      if (!attempt(created, () => this.#created.file = opened(created, replace))) return;
    }
    if (run.manifest !== undefined) {
      const manifest = run.manifest;
      const ok = attempt(manifest, () => {
        makeDir(manifest);
        // An error above unless --force or --resume.
        this.#manifest.file = opened(manifest, rt.exists(manifest));
      });
      if (run.manifestHeader) this.#manifest.write(manifestHeaderLine(run.manifestHeader));
      if (!ok) return;
    }
    if (run.summary !== undefined) {
      const summary = run.summary.path;
      if (
        !attempt(summary, () => {
          makeDir(summary);
          this.#summary.file = opened(summary, rt.exists(summary));
        })
      ) return;
    }
    const shared = this.#layout.sharedKeys;
    const sharedKey = hasKeyFiles(run.encryption) ? undefined : sharedKeys(run.encryption);
    if (shared !== undefined && sharedKey) {
      this.#sharedKeysData = buildKeyPartition(sharedKey);
      attempt(shared, () => {
        makeDir(shared);
        this.#sharedKeys.file = opened(shared, rt.exists(shared), fp.KEY_MODE);
      });
      this.#sharedKeys.file?.write(this.#sharedKeysData);
    }
  }

  /**
   * The master file's header is known: the created values file starts, the summary's
   * columns are chosen. Returns false (an error added) for an unknown summary column.
   */
  header(layout: MasterLayout, createdHeader: string, errors: ErrorList): boolean {
    this.createdText(createdHeader);
    const run = this.#run;
    if (!run.summary) return true;
    const found = summaryColumnsOf(layout, run.summary.columns, run.values);
    if (typeof found === "string") {
      errors.add(new UsageError("usage", found));
      return false;
    }
    this.#summaryColumns = found;
    this.#summary.write(summaryHeader(found.map((i) => layout.header[i])));
    return true;
  }

  /** Text of the created values file: written, and compared with the one there. */
  createdText(text: string): void {
    this.#createdSame?.feed(encoder.encode(text));
    this.#created.write(text);
  }

  /** Whether a device's files are to be described (manifest or summary asked for). */
  get describes(): boolean {
    return this.#run.manifest !== undefined || this.#run.summary !== undefined;
  }

  /** Whether the summary wants the devices' row fields. */
  get wantsFields(): boolean {
    return this.#summaryColumns !== undefined;
  }

  /** A device's manifest line and summary row, from its files. */
  describe(device: DescribedDevice, files: readonly ManifestFile[]): void {
    const run = this.#run;
    const parts = partsOf(run, device.name, files, this.#sharedKeysData);
    const hmacKey = hmacKeyOf(run, device.name);
    this.#manifest.write(manifestLine({
      id: device.id,
      row: device.index,
      line: device.line,
      name: device.name,
      files: [...files],
      ...(parts ? { parts } : {}),
      ...(hmacKey !== undefined ? { hmacKey } : {}),
    }));
    for (const f of files) {
      this.#totals.files++;
      this.#totals.bytes += f.bytes;
    }
    const image = files.find((f) => f.path === deviceFiles(device.name).bin);
    if (image && this.#summaryColumns) {
      this.#summary.write(summaryCsvLine({
        index: device.index,
        fileId: device.id,
        columns: this.#summaryColumns.map((i) => device.fields?.[i] ?? ""),
        image: image.path,
        imageSha256: image.sha256,
        imageSize: image.bytes,
        partitionOffset: run.flash?.plan.nvs.offset,
        keyFile: keyFileOf(run, device.name),
      }));
    }
  }

  /**
   * Whether a created values file there already differs from this run's (an error
   * unless `--force`). Closes the comparison.
   */
  createdDiffers(): boolean {
    const same = this.#createdSame?.end() ?? false;
    this.#sameCreated = same;
    return this.#createdSame !== undefined && !same;
  }
  #sameCreated = false;

  /**
   * Ends the files: the manifest's totals line, everything buffered written.
   *
   * @param kept devices complete already (`--resume`).
   * @throws {OutputError} when they cannot be written.
   */
  finish(devices: number, kept: number): BatchFilesWritten {
    const run = this.#run;
    if (run.manifestHeader) {
      const batchFiles = [];
      if (this.#sharedKeysData && this.#layout.sharedKeys) {
        batchFiles.push(
          manifestFile(this.#layout.relative(this.#layout.sharedKeys), this.#sharedKeysData),
        );
      }
      this.#manifest.write(manifestTotalsLine({
        kind: "totals",
        devices,
        written: devices - kept,
        kept,
        files: this.#totals.files,
        bytes: this.#totals.bytes,
        batchFiles,
        finishedAt: new Date().toISOString(),
      }));
    }
    try {
      this.#created.flush();
      this.#manifest.flush();
      this.#summary.flush();
    } catch (e) {
      throw writeError(this.#layout.created ?? run.manifest ?? run.outdir, e);
    }
    return {
      created: this.#sameCreated ? undefined : this.#created.file,
      manifest: this.#manifest.file,
      summary: this.#summary.file,
      sharedKeys: this.#sharedKeys.file,
    };
  }
}

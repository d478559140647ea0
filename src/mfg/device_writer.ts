/**
 * A device's output files and how they are checked, staged, committed and resumed: the
 * work one device costs in a batch run, done the same way in the main thread and in
 * worker threads. A device is built once: its files are staged while the batch is
 * checked, and moved into place in a fixed order — intermediate CSV, key files, image —
 * once the whole batch is known to be good. A file whose output directory exists is
 * staged beside its target (`.<name>.<run tag>.tmp`) and moved on its own; an output
 * directory that does not exist yet is staged whole, in a staging directory of its own
 * that is moved into place in one step (see {@linkcode Staging}).
 *
 * @module
 */

import { buildKeyPartition } from "../crypto/key_partition.ts";
import {
  errorFromData as fromErrorData,
  errorToData as errorData,
  NvsforgeError,
  OutputError,
} from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import * as fp from "../file_protocol.ts";
import { readKeyFile } from "../key_files.ts";
import { BatchEncryptor, sharedKeys } from "./encryption.ts";
import type { ExistingKeys } from "./encryption.ts";
import type { LaidOutBatch } from "./laid_out_batch.ts";
import { buildDevice, checkDevice } from "./device.ts";
import { deviceImage } from "./device_image.ts";
import type { DeviceImage } from "./device_image.ts";
import { manifestFile } from "./manifest.ts";
import { deviceFiles } from "./naming.ts";
import {
  DeviceState,
  existsError,
  flashFiles,
  flashOutputs,
  topDirectory,
  writeError,
} from "./device_files.ts";
import type {
  CheckFinding,
  DeviceJob,
  OutFile,
  Prepared,
  Staging,
  WriterSettings,
} from "./device_files.ts";

export { DeviceState, existsError, flashFiles, writeError } from "./device_files.ts";
export type {
  CheckFinding,
  CommitOutcome,
  DeviceJob,
  FlashSettings,
  OutFile,
  Prepared,
  RunEncryption,
  Staging,
  WriterSettings,
} from "./device_files.ts";

const KEY_MODE = fp.KEY_MODE;
const encoder = new TextEncoder();

/** Builds, checks and writes the devices of one batch. */
export class DeviceWriter {
  readonly #batch: LaidOutBatch;
  readonly #s: WriterSettings;
  readonly #encryptor?: BatchEncryptor;
  /**
   * The buffer each plain image is laid out in: a device's files are written (or
   * compared) before the next device is built, so one serves them all.
   */
  #imageBuffer?: Uint8Array;
  /** The key partition of `--inputkey`, for the flash outputs. */
  #sharedKeyPartition?: Uint8Array;

  constructor(batch: LaidOutBatch, settings: WriterSettings) {
    this.#batch = batch;
    this.#s = settings;
    this.#encryptor = settings.encryption && new BatchEncryptor(settings.encryption);
  }

  #abs(rel: string): string {
    return fp.pathUnder(this.#s.outdir, rel);
  }

  #hmacRel(name: string): string {
    const file = this.#s.hmacKeyfile;
    return file !== undefined ? `keys/${file}` : deviceFiles(name).hmacKey;
  }

  /** The device's files relative to the output directory, in commit order. */
  rels(name: string): string[] {
    const names = deviceFiles(name);
    const rels = [names.csv];
    if (this.#encryptor?.hmacKeys) rels.push(this.#hmacRel(name));
    if (this.#encryptor?.keyFiles) rels.push(names.keys);
    rels.push(names.bin);
    const flash = this.#s.flash;
    if (flash) {
      rels.push(flashFiles(name).args);
      if (flash.hex) rels.push(flashFiles(name).hex);
    }
    return rels;
  }

  /** Checks a device's contents (pass 1): values convert, data fits. */
  check(device: DeviceJob): CheckFinding {
    const batch = this.#batch;
    const csvName = deviceFiles(device.name).csv;
    const r = checkDevice(
      batch.csvText(device.fields),
      csvName,
      batch.settings,
      batch.where(device),
      batch.csvRows(device.fields, csvName),
    );
    return { index: device.index, errors: r.errors.map(errorData), warnings: r.warnings };
  }

  /**
   * The keys an encrypted device has already (resuming: read from its key files), if
   * any; without them it gets shared or new ones.
   *
   * @throws {NvsforgeError} when an existing key file cannot be read or used.
   */
  #existingKeys(device: DeviceJob, reuse: boolean): ExistingKeys | undefined {
    const encryptor = this.#encryptor!;
    if (!reuse || encryptor.shared) return undefined;
    if (encryptor.hmacKeys) {
      const hmacPath = this.#abs(this.#hmacRel(device.name));
      if (!rt.exists(hmacPath)) return undefined;
      return { hmacKey: readKeyFile(hmacPath, "hmac-key").hmacKey };
    }
    const keysPath = this.#abs(deviceFiles(device.name).keys);
    if (!rt.exists(keysPath)) return undefined;
    return { keys: readKeyFile(keysPath, "key-partition").keys64 };
  }

  /**
   * Builds a device's files in commit order: intermediate CSV, key files, image.
   *
   * @returns the files, or the input errors that prevent them (with the warnings in
   *   both cases), or `keyError` when an existing key file cannot be reused.
   */
  #build(
    device: DeviceJob,
    reuseKeys: boolean,
  ): { report: CheckFinding; files?: OutFile[]; keyError?: NvsforgeError } {
    const batch = this.#batch;
    const names = deviceFiles(device.name);
    const csvText = batch.csvText(device.fields);
    this.#imageBuffer ??= new Uint8Array(batch.settings.size!.bytes);
    const built = buildDevice(
      csvText,
      names.csv,
      batch.settings,
      batch.where(device),
      batch.csvRows(device.fields, names.csv),
      this.#imageBuffer,
    );
    const report = {
      index: device.index,
      errors: built.errors.map(errorData),
      warnings: built.warnings,
    };
    if (!built.image) return { report };
    const out: OutFile[] = [
      { rel: names.csv, abs: this.#abs(names.csv), data: encoder.encode(csvText) },
    ];
    const encryptor = this.#encryptor;
    // The plain image is laid out in the writer's buffer: encrypted there.
    let d: DeviceImage;
    try {
      const existing = encryptor && this.#existingKeys(device, reuseKeys);
      d = deviceImage({ ...device, csvText }, built.image, encryptor, existing);
    } catch (e) {
      if (e instanceof NvsforgeError) return { report, keyError: e };
      throw e;
    }
    if (d.hmacKey) {
      const rel = this.#hmacRel(device.name);
      out.push({ rel, abs: this.#abs(rel), data: d.hmacKey, mode: KEY_MODE });
    }
    if (d.keyPartition) {
      const rel = names.keys;
      out.push({ rel, abs: this.#abs(rel), data: d.keyPartition, mode: KEY_MODE });
    }
    const image = d.image;
    out.push({ rel: names.bin, abs: this.#abs(names.bin), data: image });
    const flash = this.#s.flash;
    if (flash) {
      out.push(...flashOutputs(flash, device.name, image, out, (r) => this.#abs(r), () => {
        // The shared key partition of `--inputkey` (no key file per device).
        const shared = this.#encryptor?.keyFiles ? undefined : sharedKeys(this.#s.encryption);
        if (!shared) return undefined;
        return this.#sharedKeyPartition ??= buildKeyPartition(shared);
      }));
    }
    return { report, files: out };
  }

  /**
   * A device's files in commit order: intermediate CSV, key files, image. A plain
   * image is a view of the writer's image buffer: use it before the next device.
   *
   * @param reuseKeys with `--keygen`, take the keys from existing key files (resume).
   * @throws {NvsforgeError} when the device cannot be built or an existing key file
   *   cannot be used.
   */
  files(device: DeviceJob, reuseKeys: boolean): OutFile[] {
    const b = this.#build(device, reuseKeys);
    if (b.keyError) throw b.keyError;
    if (!b.files) throw fromErrorData(b.report.errors[0]);
    return b.files;
  }

  /**
   * The device's files that exist already; none is looked for in the directories
   * `whole` names (they did not exist).
   */
  #present(device: DeviceJob, whole: Staging["whole"] = {}): string[] {
    return this.rels(device.name).filter((r) =>
      whole[topDirectory(r)] === undefined && rt.exists(this.#abs(r))
    );
  }

  /**
   * The state of a device whose files `present` exist already. Without `--resume`,
   * each is an error unless `--force`; with it, they are compared with `expected`, what
   * this run would write (built lazily; it throws when the existing key files cannot be
   * reused).
   */
  #stateOf(
    device: DeviceJob,
    present: readonly string[],
    resume: boolean,
    expected: () => OutFile[],
  ): { state: number; errors: NvsforgeError[] } {
    const at = this.#batch.where(device);
    const fresh = { state: DeviceState.Fresh, errors: [] as NvsforgeError[] };
    if (present.length === 0) return fresh;
    const force = this.#s.force;
    const exists = (file: string, how: string) => existsError(file, how, resume, at);
    if (!resume) {
      if (force) return fresh;
      return { state: DeviceState.Fresh, errors: present.map((r) => exists(this.#abs(r), "")) };
    }
    let files: OutFile[];
    try {
      files = expected();
    } catch (e) {
      if (!(e instanceof NvsforgeError)) throw e;
      if (force) return fresh;
      return {
        state: DeviceState.Fresh,
        errors: [
          new OutputError(
            "output-exists",
            `the existing files of "${device.name}" cannot be resumed: ${e.detail} (use --force to replace them)`,
            at,
          ),
        ],
      };
    }
    const differ = files.filter((f) => present.includes(f.rel) && !fp.sameContent(f.abs, f.data));
    if (differ.length > 0) {
      if (force) return fresh;
      return {
        state: DeviceState.Fresh,
        errors: differ.map((f) => exists(f.abs, " with other content than this run would write")),
      };
    }
    return {
      state: present.length === files.length ? DeviceState.Complete : DeviceState.Partial,
      errors: [],
    };
  }

  /**
   * Which of a device's files exist already (when the output directories do). Without
   * `--resume`, each existing file is an error unless `--force`; with it, they are
   * compared with what this run would write.
   *
   * @returns the device's state, and the errors found.
   */
  existing(device: DeviceJob, resume: boolean): { state: number; errors: NvsforgeError[] } {
    return this.#stateOf(device, this.#present(device), resume, () => this.files(device, true));
  }

  /**
   * Prepares a device (pass 1): checks it and, with `how.stage`, builds its files and
   * stages each one that must be written (see {@linkcode Staging}), for
   * {@linkcode DeviceWriter.commit} to move into place. Without `how.stage` (the batch
   * has errors already: nothing will be written), it is only checked.
   *
   * @param how `existing`: the output directories exist (look for the device's files);
   *   `resume`: compare them with what would be written; `describe`: return the
   *   device's files for the manifest.
   */
  prepare(
    device: DeviceJob,
    how: { existing: boolean; resume: boolean; stage?: Staging; describe: boolean },
  ): Prepared {
    if (how.stage === undefined) {
      const f = this.check(device);
      // Without a valid size, what this run would write is unknown: not compared.
      const unknown = how.resume && !this.#batch.settings.size;
      if (!how.existing || f.errors.length > 0 || unknown) {
        return { ...f, state: DeviceState.Fresh, outputErrors: [] };
      }
      const ex = this.existing(device, how.resume);
      return { ...f, state: ex.state, outputErrors: ex.errors.map(errorData) };
    }
    const whole = how.stage.whole;
    const present = how.existing ? this.#present(device, whole) : [];
    const reuse = how.resume && present.length > 0;
    const b = this.#build(device, reuse);
    const none = { ...b.report, state: DeviceState.Fresh, outputErrors: [] };
    if (b.report.errors.length > 0) return none;
    const ex = this.#stateOf(device, present, how.resume, () => {
      if (b.keyError) throw b.keyError;
      return b.files!;
    });
    if (ex.errors.length > 0) return { ...none, outputErrors: ex.errors.map(errorData) };
    if (b.keyError) throw b.keyError; // not resuming: key files are never read
    const files = b.files!;
    const listed = how.describe ? files.map((f) => manifestFile(f.rel, f.data)) : undefined;
    let stagedWhole = 0;
    if (ex.state !== DeviceState.Complete) {
      for (const f of files) {
        if (ex.state === DeviceState.Partial && present.includes(f.rel)) continue;
        const top = topDirectory(f.rel);
        const staging = whole[top];
        try {
          if (staging === undefined) fp.stageFile(f.abs, f.data, how.stage.tag, f.mode);
          else {
            fp.writeNew(fp.pathUnder(staging, f.rel.slice(top.length + 1)), f.data, f.mode, f.abs);
            stagedWhole++;
          }
        } catch (e) {
          return { ...none, outputErrors: [errorData(writeError(f.abs, e))] };
        }
      }
    }
    return { ...b.report, state: ex.state, outputErrors: [], files: listed, stagedWhole };
  }

  /**
   * Moves a prepared device's staged files into place (pass 2), in commit order, except
   * those of the directories staged whole (they are moved with their directory).
   *
   * @returns the number of files moved.
   * @throws {NvsforgeError} an output error naming the file that could not be moved.
   */
  commit(device: Pick<DeviceJob, "name">, state: number, stage: Staging): number {
    if (state === DeviceState.Complete) return 0;
    let moved = 0;
    for (const rel of this.rels(device.name)) {
      if (stage.whole[topDirectory(rel)] !== undefined) continue;
      const abs = this.#abs(rel);
      let done: boolean;
      try {
        // Create-only unless --force: a file another run wrote since it was checked is
        // reported, never replaced.
        done = fp.commitStaged(abs, stage.tag, this.#s.force);
      } catch (e) {
        throw writeError(abs, e);
      }
      if (done) moved++;
      else if (state !== DeviceState.Partial) {
        throw writeError(abs, "its staged temporary file is gone");
      }
    }
    return moved;
  }
}

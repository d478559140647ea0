/**
 * A device's output files and how they are written, checked and resumed: the work one
 * device costs in a batch run, done the same way in the main thread and in worker
 * threads. Its files are committed in a fixed order — intermediate CSV, key files,
 * image — each atomically (temporary name, then moved into place).
 *
 * @module
 */

import {
  buildKeyPartition,
  deriveKeysFromHmacKey,
  encryptPartition,
  generateHmacKey,
  generateKeys,
  parseKeyFile,
} from "../crypto/mod.ts";
import { describeSystemError, NvsforgeError } from "../errors.ts";
import type { ErrorKind, SourceLocation, Warning } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import * as st from "../runtime/stream.ts";
import type { MfgBatch, PlannedDevice } from "./batch.ts";
import { buildDevice, checkDevice } from "./device.ts";
import { manifestFile } from "./manifest.ts";
import type { ManifestFile } from "./manifest.ts";
import { deviceFiles } from "./naming.ts";

/** How the images of a run are encrypted. */
export type RunEncryption =
  /** `--inputkey`: one key (64 bytes) for every device; no key file is written. */
  | { kind: "inputkey"; keys64: Uint8Array }
  /**
   * `--keygen`: a key partition per device in `keys/keys-<name>.bin`. Its keys are
   * random, or derived from one HMAC key (`derived`, from `--kp_hmac_inputkey`), or
   * derived from a random HMAC key per device (`hmacKeygen`), written beside it as
   * `keys/hmac-keys-<name>.bin` (or `hmacKeyfile` for a batch of one device).
   */
  | { kind: "keygen"; derived?: Uint8Array; hmacKeygen?: boolean; hmacKeyfile?: string };

/** What the device writer needs besides the batch. */
export interface WriterSettings {
  /** The output directory, absolute. */
  outdir: string;
  /** Encryption, if any. */
  encryption?: RunEncryption;
  /** Replace existing files. */
  force: boolean;
}

/** A device's state between the passes. */
export const DeviceState = {
  /** Nothing of it exists: write every file. */
  Fresh: 0,
  /** Every file exists with the expected bytes: skip it. */
  Complete: 1,
  /** Some files exist with the expected bytes: write the others. */
  Partial: 2,
} as const;

/** One output file of a device. */
export interface OutFile {
  /** Relative to the output directory, with `/`. */
  rel: string;
  /** Absolute path. */
  abs: string;
  /** Content. */
  data: Uint8Array;
  /** Mode for a new file (key files: 0600). */
  mode?: number;
}

/** A device as the writer gets it: its row's values, id and name. */
export type DeviceJob = Pick<PlannedDevice, "index" | "line" | "id" | "name" | "fields">;

/** An error as plain data, to cross a worker boundary. */
export interface ErrorData {
  code: NvsforgeError["code"];
  detail: string;
  location?: SourceLocation;
  kind: ErrorKind;
}

/** Error → plain data. */
export function errorData(e: NvsforgeError): ErrorData {
  return { code: e.code, detail: e.detail, location: e.location, kind: e.kind };
}

/** Plain data → error. */
export function fromErrorData(e: ErrorData): NvsforgeError {
  return new NvsforgeError(e.code, e.detail, e.location, e.kind);
}

/** What checking one device found (pass 1). */
export interface CheckFinding {
  index: number;
  errors: ErrorData[];
  warnings: Warning[];
}

/** What writing one device did (pass 2). */
export interface WriteOutcome {
  index: number;
  /** Files written by this run. */
  written: number;
  /** The device's files, when a manifest is asked for. */
  files?: ManifestFile[];
}

const KEY_MODE = 0o600;
const encoder = new TextEncoder();

function describe(e: unknown): string {
  const code = (e as { code?: string })?.code;
  if (code === "EEXIST") return "it already exists (another run writing to the same place?)";
  return describeSystemError(e);
}

/** An output error for a file that could not be written. */
export function writeError(target: string, e: unknown): NvsforgeError {
  return new NvsforgeError(
    "write-failed",
    `cannot write "${target}": ${describe(e)}`,
    undefined,
    "output",
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Builds, checks and writes the devices of one batch. */
export class DeviceWriter {
  readonly #batch: MfgBatch;
  readonly #s: WriterSettings;
  readonly #keygen?: Extract<RunEncryption, { kind: "keygen" }>;

  constructor(batch: MfgBatch, settings: WriterSettings) {
    this.#batch = batch;
    this.#s = settings;
    this.#keygen = settings.encryption?.kind === "keygen" ? settings.encryption : undefined;
  }

  #abs(rel: string): string {
    return rt.paths.join(this.#s.outdir, ...rel.split("/"));
  }

  #hmacRel(name: string): string {
    const file = this.#keygen?.hmacKeyfile;
    return file !== undefined ? `keys/${file}` : deviceFiles(name).hmacKey;
  }

  /** The device's files relative to the output directory, in commit order. */
  rels(name: string): string[] {
    const names = deviceFiles(name);
    const rels = [names.csv];
    if (this.#keygen?.hmacKeygen) rels.push(this.#hmacRel(name));
    if (this.#keygen) rels.push(names.keys);
    rels.push(names.bin);
    return rels;
  }

  /** Checks a device's contents (pass 1): values convert, data fits. */
  check(device: DeviceJob): CheckFinding {
    const csvText = this.#batch.csvText(device.fields);
    const r = checkDevice(csvText, deviceFiles(device.name).csv, this.#batch.settings, {
      file: this.#batch.valuesName,
      line: device.line,
      device: device.index,
    });
    return { index: device.index, errors: r.errors.map(errorData), warnings: r.warnings };
  }

  /** The key material of a keygen device: new, or (resuming) read from its key files. */
  #keyMaterial(device: DeviceJob, reuse: boolean): { keys64: Uint8Array; hmacKey?: Uint8Array } {
    const keygen = this.#keygen!;
    if (keygen.hmacKeygen) {
      const hmacPath = this.#abs(this.#hmacRel(device.name));
      if (reuse && rt.exists(hmacPath)) {
        const hmacKey = rt.readFile(hmacPath);
        return { keys64: deriveKeysFromHmacKey(hmacKey, hmacPath), hmacKey };
      }
      const hmacKey = generateHmacKey();
      return { keys64: deriveKeysFromHmacKey(hmacKey), hmacKey };
    }
    if (keygen.derived) return { keys64: keygen.derived };
    const keysPath = this.#abs(deviceFiles(device.name).keys);
    if (reuse && rt.exists(keysPath)) {
      return { keys64: parseKeyFile(rt.readFile(keysPath), keysPath) };
    }
    return { keys64: generateKeys() };
  }

  /**
   * A device's files in commit order: intermediate CSV, key files, image.
   *
   * @param reuseKeys with `--keygen`, take the keys from existing key files (resume).
   * @throws {NvsforgeError} when the device cannot be built (its inputs changed since
   *   they were checked) or an existing key file cannot be used.
   */
  files(device: DeviceJob, reuseKeys: boolean): OutFile[] {
    const batch = this.#batch;
    const names = deviceFiles(device.name);
    const csvText = batch.csvText(device.fields);
    const built = buildDevice(csvText, names.csv, batch.settings, {
      file: batch.valuesName,
      line: device.line,
      device: device.index,
    });
    if (!built.image) throw built.errors[0];
    const out: OutFile[] = [
      { rel: names.csv, abs: this.#abs(names.csv), data: encoder.encode(csvText) },
    ];
    let image = built.image;
    const enc = this.#s.encryption;
    if (enc?.kind === "inputkey") image = encryptPartition(image, enc.keys64);
    else if (enc?.kind === "keygen") {
      const m = this.#keyMaterial(device, reuseKeys);
      if (m.hmacKey) {
        const rel = this.#hmacRel(device.name);
        out.push({ rel, abs: this.#abs(rel), data: m.hmacKey, mode: KEY_MODE });
      }
      out.push({
        rel: names.keys,
        abs: this.#abs(names.keys),
        data: buildKeyPartition(m.keys64),
        mode: KEY_MODE,
      });
      image = encryptPartition(image, m.keys64);
    }
    out.push({ rel: names.bin, abs: this.#abs(names.bin), data: image });
    return out;
  }

  /**
   * Which of a device's files exist already (pass 1, when the output directories do).
   * Without `--resume`, each existing file is an error unless `--force`; with it, they
   * are compared with what this run would write.
   *
   * @returns the device's state, and the errors found.
   */
  existing(device: DeviceJob, resume: boolean): { state: number; errors: NvsforgeError[] } {
    const at = { file: this.#batch.valuesName, line: device.line, device: device.index };
    const present = this.rels(device.name).filter((r) => rt.exists(this.#abs(r)));
    const fresh = { state: DeviceState.Fresh, errors: [] as NvsforgeError[] };
    if (present.length === 0) return fresh;
    const force = this.#s.force;
    const exists = (file: string, how: string) =>
      new NvsforgeError(
        "output-exists",
        `"${file}" already exists${how}: not overwritten (use --force to replace it${
          resume ? "" : ", or --resume to finish an interrupted run"
        })`,
        at,
        "output",
      );
    if (!resume) {
      if (force) return fresh;
      return { state: DeviceState.Fresh, errors: present.map((r) => exists(this.#abs(r), "")) };
    }
    let expected: OutFile[];
    try {
      expected = this.files(device, true);
    } catch (e) {
      if (!(e instanceof NvsforgeError)) throw e;
      if (force) return fresh;
      return {
        state: DeviceState.Fresh,
        errors: [
          new NvsforgeError(
            "output-exists",
            `the existing files of "${device.name}" cannot be resumed: ${e.detail} (use --force to replace them)`,
            at,
            "output",
          ),
        ],
      };
    }
    const differ = expected.filter((f) =>
      rt.exists(f.abs) && !sameBytes(rt.readFile(f.abs), f.data)
    );
    if (differ.length > 0) {
      if (force) return fresh;
      return {
        state: DeviceState.Fresh,
        errors: differ.map((f) => exists(f.abs, " with other content than this run would write")),
      };
    }
    return {
      state: expected.every((f) => rt.exists(f.abs)) ? DeviceState.Complete : DeviceState.Partial,
      errors: [],
    };
  }

  /**
   * Writes a device (pass 2): every file, or with `partial` only the missing ones
   * (resume). With `describe`, returns the device's files for the manifest.
   *
   * @throws {NvsforgeError} an output error naming the file that could not be written.
   */
  write(device: DeviceJob, state: number, describe: boolean): WriteOutcome {
    if (state === DeviceState.Complete) {
      return {
        index: device.index,
        written: 0,
        files: describe
          ? this.rels(device.name).map((r) => manifestFile(r, rt.readFile(this.#abs(r))))
          : undefined,
      };
    }
    const partial = state === DeviceState.Partial;
    const listed: ManifestFile[] | undefined = describe ? [] : undefined;
    let written = 0;
    for (const f of this.files(device, partial)) {
      if (!(partial && rt.exists(f.abs))) {
        try {
          st.writeAtomic(f.abs, f.data, { mode: f.mode, overwrite: this.#s.force });
        } catch (e) {
          throw writeError(f.abs, e);
        }
        written++;
      }
      listed?.push(manifestFile(f.rel, f.data));
    }
    return { index: device.index, written, files: listed };
  }
}

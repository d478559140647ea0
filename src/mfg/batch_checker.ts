/**
 * The checking of a batch's device rows, in master file order: names (usable, not
 * repeated) and contents (every value converts, the data fits). Every problem is
 * collected, none thrown: the checking pass of every batch run reports them together.
 *
 * @module
 */

import { NvsforgeError, quote } from "../errors.ts";
import type { Warning } from "../errors.ts";
import type { LaidOutBatch, PlannedDevice } from "./laid_out_batch.ts";
import { ErrorList, WarningDigest } from "./findings.ts";
import { IdSet } from "./id_set.ts";
import type { DeviceRow } from "./master.ts";
import { deviceFiles, nameProblem } from "./naming.ts";

/**
 * Checks device rows in order: names (usable, not repeated) and contents (every value
 * converts, the data fits). Used by the checking pass of every batch run.
 *
 * @example
 * ```ts
 * import { BatchChecker } from "./batch_checker.ts";
 * import { MfgBatch } from "./batch.ts";
 * import { Diagnostics } from "../errors.ts";
 *
 * const batch = new MfgBatch("dev,namespace,\nn,data,u8\n", { prefix: "p", size: 0x3000 });
 * const reader = batch.reader(new Diagnostics());
 * const rows = ["n", "7", "300"].flatMap((l, i) => reader.push(l, i + 1));
 * const laid = batch.withLayout(reader.layout!);
 * const checker = new BatchChecker(laid);
 * const fine = rows.map((row) => checker.checkContent(laid.plan(row)));
 * if (fine.join() !== "true,false" || checker.errors.count !== 1) throw new Error(fine.join());
 * ```
 */
export class BatchChecker {
  /** The errors found so far. */
  readonly errors: ErrorList;
  /** The warnings found so far. */
  readonly warnings: WarningDigest;
  readonly #batch: LaidOutBatch;
  readonly #ids = new IdSet();
  readonly #checkIds: boolean;
  readonly #withKeys: boolean;
  readonly #emptyIdWarned = { done: false };

  /**
   * Creates a checker for one batch.
   *
   * @param batch the batch whose devices are checked, laid out by its master file's header.
   * @param errors where errors go (default: a new list).
   * @param warnings where warnings go (default: a new digest).
   */
  constructor(batch: LaidOutBatch, errors = new ErrorList(), warnings = new WarningDigest()) {
    this.#batch = batch;
    this.errors = errors;
    this.warnings = warnings;
    const options = batch.batch.options;
    // Names built from a counter are unique by construction.
    this.#checkIds = options.fileid !== undefined && options.prefixNum === undefined;
    this.#withKeys = options.withKeyFiles ?? false;
  }

  /** The batch whose devices are checked. */
  get batch(): LaidOutBatch {
    return this.#batch;
  }

  /**
   * Checks a device's name. Returns false (and records why) when its files cannot be
   * written under that name.
   */
  checkName(device: Pick<PlannedDevice, "index" | "line" | "id" | "name">): boolean {
    const fields = (device as Partial<DeviceRow>).fields;
    const at = fields
      ? this.#batch.where({ ...device, fields })
      : { ...this.#batch.where({ ...device, fields: [] }), deviceId: device.id };
    const options = this.#batch.batch.options;
    const col = options.fileid;
    const problem = nameProblem(device.name, this.#withKeys, options.windowsNames ?? false);
    if (problem) {
      this.errors.add(
        new NvsforgeError(
          "invalid-output",
          `${problem}: ${col ? `its --fileid value` : "its name"} cannot name files`,
          {
            ...at,
            column: col,
          },
        ),
      );
      return false;
    }
    if (col !== undefined && device.id === "" && !this.#emptyIdWarned.done) {
      this.#emptyIdWarned.done = true;
      this.warnings.add({
        code: "quirk",
        message: `the --fileid column ${
          quote(col)
        } is empty: the files are named "${device.name}.*"`,
        location: { ...at, column: col },
      });
    }
    if (this.#checkIds) {
      const before = this.#ids.add(device.id, device.index);
      if (before !== undefined) {
        this.errors.add(
          new NvsforgeError(
            "output-exists",
            `--fileid value ${
              quote(device.id)
            } is also the value of device row ${before}: both devices would be written to ${
              deviceFiles(device.name).bin
            }`,
            { ...at, column: col },
          ),
        );
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a device's values and size; records its problems. Returns whether it is fine.
   *
   * @param device the device, planned (see `LaidOutBatch.plan`).
   * @param readFile reads its `file` values (default: the batch's reader).
   */
  checkContent(
    device: PlannedDevice,
    readFile = this.#batch.settings.readFile,
  ): boolean {
    const settings = this.#batch.settings;
    const r = this.#batch.check(
      device,
      readFile === settings.readFile ? settings : { ...settings, readFile },
    );
    this.take(r.errors, r.warnings);
    return r.errors.length === 0;
  }

  /** Records a device's findings (errors and warnings). */
  take(errors: readonly NvsforgeError[], warnings: readonly Warning[]): void {
    for (const e of errors) this.errors.add(e); // never spread: input-sized
    for (const w of warnings) this.warnings.add(w);
  }
}

/**
 * Pass 1 of a batch run: reads every row of the master file and checks everything —
 * names, values, referenced files, sizes, files already there — and, while nothing is
 * wrong, builds each device once and stages its files (see `device_writer.ts`). All
 * problems are reported together; after the first one, devices are only checked. A
 * signal stops it after the devices in flight: those staged are kept, for pass 2.
 *
 * @module
 */

import {
  Diagnostics,
  errorFromData as fromErrorData,
  NvsforgeError,
  UsageError,
} from "../../errors.ts";
import * as rt from "../../runtime/mod.ts";
import { fileStamp } from "../../runtime/stream.ts";
import type { FileStamp } from "../../runtime/stream.ts";
import * as fp from "../../file_protocol.ts";
import { BatchChecker } from "../batch_checker.ts";
import { formatCsvRow } from "../csv_writer.ts";
import { DeviceState, existsError, writeError } from "../device_writer.ts";
import type { DeviceJob } from "../device_writer.ts";
import { hasHmacKeys } from "../encryption.ts";
import { fileLines } from "../file_lines.ts";
import type { DeviceRow } from "../master.ts";
import type { DevicePool, PoolJob, PoolResult } from "../pool.ts";
import { BatchFiles } from "./batch_files.ts";
import type { BatchFilesWritten, DescribedDevice } from "./batch_files.ts";
import type { RunContext } from "./context.ts";
import { JOB_DEVICES, makeDirectories } from "./plan.ts";
import { passHooks } from "./settings.ts";

/** What pass 1 hands to pass 2. */
export interface Validated extends BatchFilesWritten {
  /** Per device (index - 1), its state when not fresh. */
  states?: Uint8Array;
  /** The values file as it was read. */
  stamp: FileStamp;
  /**
   * Set when a signal stopped the pass: the devices staged (rows up to this one) are to
   * be committed, then the run ends (0: none is kept). No batch file is committed then.
   */
  stoppedAt?: number;
}

/** Per device, its state when not fresh: grown as devices come. */
class DeviceStates {
  states?: Uint8Array;
  set(index: number, state: number): void {
    if (state === DeviceState.Fresh) return;
    if (!this.states || this.states.length < index) {
      const bigger = new Uint8Array(Math.max(1024, index * 2));
      if (this.states) bigger.set(this.states);
      this.states = bigger;
    }
    this.states[index - 1] = state;
  }
  /** Devices complete already. */
  complete(): number {
    return this.states ? this.states.filter((x) => x === DeviceState.Complete).length : 0;
  }
}

function jobOf(row: DeviceRow, who: { id: string; name: string }): DeviceJob {
  return { index: row.index, line: row.line, id: who.id, name: who.name, fields: row.fields };
}

/**
 * Runs pass 1.
 *
 * @throws {NvsforgeError|NvsforgeErrors} every problem found (nothing is committed then).
 */
export async function validatePass(ctx: RunContext): Promise<Validated> {
  const { run, batch, layout, state, out, errors } = ctx;
  const d = new Diagnostics(run.batch.strict ?? false);
  const stamp = fileStamp(run.values);
  if (!stamp) {
    errors.add(
      new NvsforgeError("file-unreadable", "cannot read the values file: no such file", {
        file: run.values,
      }),
    );
    errors.throwIfAny();
    throw new Error("unreachable");
  }
  const existing = layout.outDirs.some((dir) => rt.isDirectory(layout.target(dir)));
  layout.planStaging(run.batch.prefix);
  const files = new BatchFiles(run, layout, state);
  files.checkExisting(errors);
  if (run.resume || run.force) {
    // What a killed run (no chance to clean up) may have left.
    const dirs = layout.outDirs.map((dir) => layout.target(dir));
    fp.removeBatchLeftovers(layout.outdir, dirs, run.batch.prefix);
    files.removeLeftovers();
  }
  const hmacKeyfile = hasHmacKeys(run.encryption) ? run.hmacKeyfile : undefined;
  // Files are staged while nothing is wrong; after the first problem, devices are only
  // checked (everything staged is removed at the end).
  let staging = errors.count === 0;
  /** Runs `step` on `target`; a failure is an output error, and staging stops. */
  const attempt = (target: string, step: () => void): boolean => {
    try {
      step();
      return true;
    } catch (e) {
      errors.add(writeError(target, e));
      staging = false;
      return false;
    }
  };
  // The batch files are written as the rows go by; the output directories are made
  // when the first device is staged.
  if (staging) files.open(attempt);
  const states = new DeviceStates();
  // The devices in flight, for their manifest lines.
  const inFlight = new Map<number, DescribedDevice>();
  const onResult = (r: PoolResult) => {
    if (r.kind !== "prepare") return;
    for (const p of r.prepared) {
      // One by one: a device's errors are input-sized (never spread into a call).
      for (const e of p.errors) errors.add(fromErrorData(e));
      for (const e of p.outputErrors) errors.add(fromErrorData(e));
      for (const w of p.warnings) out.warnings.add(w);
      states.set(p.index, p.state);
      state.stagedWhole += p.stagedWhole ?? 0;
      const device = inFlight.get(p.index);
      inFlight.delete(p.index);
      if (p.files && device) files.describe(device, p.files);
    }
    if (errors.count > 0) staging = false;
    out.flush();
  };
  let bytesRead = 0;
  out.progress.phase("generating");
  const reader = batch.reader(d);
  const drain = () => {
    for (const w of d.warnings.splice(0)) out.warnings.add(w);
    if (d.errors.length) {
      for (const e of d.errors) errors.add(e);
      d.errors.length = 0;
      staging = false;
    }
  };
  let pool: DevicePool | undefined;
  let group: DeviceJob[] = [];
  let dirsMade = false;
  const submit = async () => {
    if (group.length === 0) return;
    if (staging && !dirsMade) {
      dirsMade = true;
      for (const dir of layout.outDirs) {
        const target = layout.whole[dir] ?? layout.target(dir);
        if (!attempt(target, () => state.made.push(...makeDirectories(target)))) break;
      }
    }
    const job: PoolJob = {
      kind: "prepare",
      devices: group,
      existing,
      resume: run.resume ?? false,
      stage: staging ? { tag: layout.tag, whole: layout.whole } : undefined,
      describe: files.describes && staging,
    };
    group = [];
    await pool!.submit(job, onResult);
  };
  let checked = 0;
  let checker: BatchChecker | undefined;
  for (const [text, n] of fileLines(run.values, (b) => bytesRead += b)) {
    const rows = reader.push(text, n);
    if (!checker && reader.layout) {
      checker = new BatchChecker(batch.withLayout(reader.layout), errors, out.warnings);
      const header = formatCsvRow(reader.layout.header);
      if (!files.header(reader.layout, header, errors)) staging = false;
    }
    drain();
    for (const row of rows) {
      // A row comes only after the header it is read by (the checker is made there).
      const rowChecker = checker!;
      files.createdText(batch.createdRow(row));
      const who = rowChecker.batch.identify(row);
      pool ??= ctx.pool(rowChecker.batch, stamp.size);
      // One HMAC key file for several devices is an error reported below.
      if (hmacKeyfile !== undefined && row.index > 1) staging = false;
      if (rowChecker.checkName({ ...who, index: row.index, line: row.line })) {
        if (files.describes) {
          inFlight.set(row.index, {
            ...who,
            index: row.index,
            line: row.line,
            fields: files.wantsFields ? row.fields : undefined,
          });
        }
        group.push(jobOf(row, who));
        if (group.length >= JOB_DEVICES) {
          await submit();
          await passHooks.afterGroup?.("generating", row.index);
        }
      } else staging = false;
      out.flush();
      checked = row.index;
      out.progress.update(checked, bytesRead / Math.max(1, stamp.size));
      await state.pause();
      if (state.stop) break;
    }
    if (state.stop) break;
  }
  await submit();
  await pool?.drain();
  if (state.stop) {
    state.devices = checked;
    out.flush();
    // Devices up to `checked` are staged, unless a problem stopped the staging.
    return {
      states: states.states,
      stamp,
      stoppedAt: errors.count === 0 && staging ? checked : 0,
    };
  }
  reader.end();
  drain();
  state.devices = reader.rowCount;
  out.flush();
  out.print(out.warnings.summaries());

  if (errors.count === 0 && hmacKeyfile !== undefined && state.devices > 1) {
    throw new UsageError(
      "usage",
      `--kp_hmac_keyfile names one file, but each of the ${state.devices} devices gets its own HMAC key: leave it out (the keys are written as keys/hmac-keys-<name>.bin)`,
    );
  }
  const created = layout.created;
  if (files.createdDiffers() && created && !run.force && errors.count === 0) {
    errors.add(existsError(created, " with other content", run.resume ?? false));
  }
  errors.throwIfAny();
  return { ...files.finish(state.devices, states.complete()), states: states.states, stamp };
}

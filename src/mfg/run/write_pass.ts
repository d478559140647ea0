/**
 * Pass 2 of a batch run: moves the staged files into place in a fixed order — the
 * shared key partition, then directory by directory CSV, key files, image (flash
 * files after) — a staging directory with one rename, files staged one by one with one
 * rename each, device by device in a second pass over the master file; then the batch
 * files. An interrupted or failed commit leaves complete files only, and says how many
 * devices are complete.
 *
 * @module
 */

import {
  Diagnostics,
  errorFromData as fromErrorData,
  NvsforgeError,
  OutputError,
} from "../../errors.ts";
import { fileStamp } from "../../runtime/stream.ts";
import * as fp from "../../file_protocol.ts";
import { DeviceState, writeError } from "../device_writer.ts";
import type { LaidOutBatch } from "../laid_out_batch.ts";
import type { DeviceJob, Staging } from "../device_writer.ts";
import { fileLines } from "../file_lines.ts";
import type { DevicePool, PoolJob, PoolResult } from "../pool.ts";
import type { RunContext } from "./context.ts";
import { COMMIT_DEVICES } from "./plan.ts";
import { BatchInterrupted, passHooks } from "./settings.ts";
import type { Validated } from "./validate_pass.ts";

/**
 * Runs pass 2 on what pass 1 staged.
 *
 * @throws {NvsforgeError} the output error that stopped it (or the values file changed).
 * @throws {BatchInterrupted} when a signal stopped it (not after an interrupted pass 1:
 *   its devices are committed whatever signal arrives, moving files is quick).
 */
export async function writePass(ctx: RunContext, validated: Validated): Promise<void> {
  const { run, layout, state } = ctx;
  const after = fileStamp(run.values);
  const before = validated.stamp;
  if (!after || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new NvsforgeError(
      "file-unreadable",
      "the values file changed while it was being checked: run the command again",
      { file: run.values },
    );
  }
  // The shared key partition first: every argument file names it.
  if (validated.sharedKeys) {
    try {
      validated.sharedKeys.commit();
      state.files++;
    } catch (e) {
      throw writeError(layout.sharedKeys!, e);
    }
  }
  // The commit order (CSV, key files, image) holds directory by directory.
  for (const dir of layout.plan.before) commitWhole(ctx, dir);
  if (layout.plan.perFile.length > 0) await commitFiles(ctx, validated);
  else state.written = state.devices;
  for (const dir of layout.plan.after) commitWhole(ctx, dir);
  state.files += state.stagedWhole;
  for (
    const [file, name] of [
      [validated.created, layout.created],
      [validated.summary, run.summary?.path],
      [validated.manifest, run.manifest],
    ] as const
  ) {
    if (!file) continue;
    try {
      file.commit();
      state.files++;
    } catch (e) {
      throw writeError(name ?? run.outdir, e);
    }
  }
}

/** Moves an output directory staged whole into place. */
function commitWhole(ctx: RunContext, dir: string): void {
  const { layout, state } = ctx;
  const target = layout.target(dir);
  try {
    fp.commitStagingDirectory(layout.whole[dir], target);
  } catch (e) {
    const err = writeError(target, e);
    if (!state.committedAny) throw err;
    throw new OutputError(
      err.code,
      `${err.detail} (fix the problem and run the same command with --resume to finish)`,
      err.location,
    );
  }
  state.wholeDone.add(dir);
  state.committedAny = true;
}

/** Moves the files staged one by one into place, device by device. */
async function commitFiles(ctx: RunContext, validated: Validated): Promise<void> {
  const { run, batch, layout, state, out } = ctx;
  const stage: Staging = { tag: layout.tag, whole: layout.whole };
  const quiet = new Diagnostics();
  const reader = batch.reader(quiet);
  // Keeping the devices of a run interrupted in its first pass: commit those staged,
  // whatever signal arrives meanwhile (moving files is quick).
  const last = validated.stoppedAt ?? Infinity;
  const stopping = () => validated.stoppedAt === undefined && state.stop !== undefined;
  let early = false;
  let failure: NvsforgeError | undefined;
  const onResult = (r: PoolResult) => {
    if (r.kind !== "commit") return;
    for (const o of r.outcomes) {
      if (validated.states?.[o.index - 1] === DeviceState.Complete) state.skipped++;
      else state.written++;
      state.files += o.written;
      if (o.written > 0) state.committedAny = true;
    }
    if (r.error && !failure) failure = fromErrorData(r.error);
    out.progress.update(state.written + state.skipped);
  };
  // Started by pass 1 at its first device (the batch laid out by the same header).
  let laid: LaidOutBatch | undefined;
  let pool: DevicePool | undefined;
  let group: (Pick<DeviceJob, "index" | "name"> & { state: number })[] = [];
  const submit = async () => {
    if (group.length === 0) return;
    const job: PoolJob = { kind: "commit", devices: group, stage };
    group = [];
    pool ??= ctx.pool(laid!, 0);
    await pool.submit(job, onResult);
  };
  out.progress.phase("committing", state.devices);
  outer: for (const [text, n] of fileLines(run.values)) {
    for (const row of reader.push(text, n)) {
      if (row.index > last) {
        early = true;
        break outer;
      }
      // A row comes only after the header it is read by.
      laid ??= batch.withLayout(reader.layout!);
      const { name } = laid.identify(row);
      group.push({ index: row.index, name, state: validated.states?.[row.index - 1] ?? 0 });
      if (group.length >= COMMIT_DEVICES) {
        await submit();
        await passHooks.afterGroup?.("committing", row.index);
      }
      await state.pause();
      if (stopping() || failure) break outer;
    }
  }
  if (!stopping() && !failure) await submit();
  await pool?.drain();
  if (failure) {
    const done = state.written + state.skipped;
    throw new NvsforgeError(
      failure.code,
      `${failure.detail}${
        done > 0
          ? ` (${done} device${
            done === 1 ? " is" : "s are"
          } complete: fix the problem and run the same command with --resume to finish)`
          : ""
      }`,
      failure.location,
      failure.kind,
    );
  }
  if (stopping()) throw new BatchInterrupted(state.stop!, state.summary(run.outdir));
  if (early) return;
  reader.end();
  if (quiet.errors.length > 0) throw quiet.errors[0];
}

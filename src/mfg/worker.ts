/**
 * The worker thread of a batch run, in one of two roles:
 *
 * - a device worker (`init`, then `job` messages): builds its own device writer from the
 *   settings it is sent, then checks or writes the groups of devices it is given (see
 *   `pool.ts`);
 * - the coordinator (`run`, then perhaps `stop`): runs the whole batch (see `run.ts`),
 *   sending its output, warnings and outcome to the main thread.
 *
 * @module
 */

import * as st from "../runtime/stream.ts";
import { valueFileReader } from "../value_files.ts";
import { MfgBatch } from "./batch.ts";
import { DeviceWriter } from "./device_writer.ts";
import { cachedReader } from "./file_cache.ts";
import { runJob } from "./pool.ts";
import type { PoolJob, PoolResult, WorkerInit, WorkerReply } from "./pool.ts";
import { BatchRunner, serializeFailure } from "./run.ts";
import type { CoordinatorReply, ThreadRun } from "./run.ts";

type Inbound =
  | { type: "init"; init: WorkerInit }
  | { type: "job"; seq: number; job: string }
  | { type: "run"; run: ThreadRun }
  | { type: "stop"; signal: "SIGINT" | "SIGTERM" };

const port = st.parentThread();
let writer: DeviceWriter | undefined;
let runner: BatchRunner | undefined;

function reply(msg: WorkerReply | CoordinatorReply): void {
  port!.post(msg);
}

function init(w: WorkerInit): void {
  const read = cachedReader(valueFileReader(w.files));
  // The main thread reports the batch's problems; a worker only checks devices.
  const batch = new MfgBatch(w.configText, { ...w.options, readFile: read }, { add() {} });
  writer = new DeviceWriter(batch.withLayout(w.layout), w.settings);
}

async function coordinate(run: ThreadRun): Promise<void> {
  try {
    runner = new BatchRunner(
      {
        ...run,
        batch: { ...run.batch, readFile: valueFileReader(run.files ?? { cwd: "." }) },
        onWarnings: (warnings) => reply({ type: "warnings", warnings: [...warnings] }),
      },
      run.progress,
      (text) => reply({ type: "stderr", text }),
    );
    reply({ type: "done", summary: await runner.run() });
  } catch (e) {
    reply({ type: "failed", error: serializeFailure(e) });
  }
}

port?.listen((m) => {
  const msg = m as Inbound;
  switch (msg.type) {
    case "run":
      coordinate(msg.run);
      return;
    case "stop":
      runner?.requestStop(msg.signal);
      return;
    case "init":
      try {
        init(msg.init);
        reply({ type: "ready" });
      } catch (e) {
        reply({ type: "failed", message: e instanceof Error ? e.message : String(e) });
      }
      return;
    case "job": {
      let result: PoolResult;
      try {
        result = runJob(writer!, JSON.parse(msg.job) as PoolJob);
      } catch (e) {
        result = { kind: "crash", message: e instanceof Error ? e.stack ?? e.message : String(e) };
      }
      reply({ type: "result", seq: msg.seq, result: JSON.stringify(result) });
    }
  }
});

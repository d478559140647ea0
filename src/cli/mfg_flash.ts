/**
 * The factory outputs of `nvsforge generate`: with `--partition-table`, each device's
 * esptool argument file (and `--hex` Intel HEX) and the batch summary; with
 * `--manifest`, the manifest's header line (what the batch was made from).
 *
 * @module
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { describeSystemError as describe, InputError } from "../errors.ts";
import type { Warning } from "../errors.ts";
import type { PartitionSize } from "../format/size.ts";
import { planFlash } from "../flash/layout.ts";
import type { FlashSettings, RunEncryption } from "../mfg/device_writer.ts";
import { MANIFEST_SCHEMA, newBatchId, toHex } from "../mfg/manifest.ts";
import type { ManifestHeader, ManifestInput } from "../mfg/manifest.ts";
import type { SummarySettings } from "../mfg/run.ts";
import * as rt from "../runtime/mod.ts";
import * as st from "../runtime/stream.ts";
import { VERSION } from "../version.ts";
import type { TableChoice } from "./table_options.ts";

/** The options this module reads. */
export interface FactoryOptions {
  /** `--hex`. */
  hex?: boolean;
  /** `--summary`. */
  summary?: boolean;
  /** `--summary-columns a,b`. */
  summaryColumns?: string;
  /** `--manifest FILE`. */
  manifest?: string;
  /** `--inputkey F`. */
  inputkey?: string;
  /** `--kp_hmac_inputkey F`. */
  kpHmacInputkey?: string;
  /** `--version`. */
  version?: string;
  /** `--resume`. */
  resume?: boolean;
}

function encryptionMode(e: RunEncryption | undefined): string {
  if (!e) return "none";
  if ("keys" in e) return e.keyFiles ? "hmac-inputkey" : "inputkey";
  return e.hmac ? "hmac-keygen" : "keygen";
}

function inputOf(role: string, path: string): ManifestInput {
  const h = sha256.create();
  let bytes = 0;
  try {
    for (const chunk of st.readChunks(path)) {
      h.update(chunk);
      bytes += chunk.length;
    }
  } catch (e) {
    throw new InputError("file-unreadable", `cannot read ${role} file: ${describe(e)}`, {
      file: path,
    });
  }
  return { role, path, bytes, sha256: toHex(h.digest()) };
}

/** What `generate` passes to the batch run for the factory outputs. */
export interface FactoryRun {
  /** Each device's flash outputs. */
  flash?: FlashSettings;
  /** The summary. */
  summary?: SummarySettings;
  /** The manifest's header. */
  manifestHeader?: ManifestHeader;
}

/** Works out the factory outputs of a run from its options. */
export function factoryRun(
  o: FactoryOptions,
  run: {
    conf: string;
    values: string;
    prefix: string;
    outdir: string;
    size: PartitionSize;
    choice?: TableChoice;
    encryption?: RunEncryption;
  },
  onWarning: (w: Warning) => void,
): FactoryRun {
  const { choice, encryption } = run;
  // A key partition of its own in flash: one key for all (`--inputkey`), or random keys.
  const inputkey = encryption !== undefined && "keys" in encryption && !encryption.keyFiles;
  const keyPartition = inputkey ||
    (encryption !== undefined && "generate" in encryption && !encryption.hmac);
  const plan = choice &&
    planFlash(choice.table, {
      partition: choice.nvs.name,
      keyPartition,
      file: choice.file,
      onWarning,
    });
  const flash: FlashSettings | undefined = plan && {
    plan,
    hex: o.hex ?? false,
    sharedKeys: inputkey && plan.keys ? `keys/keys-${run.prefix}.bin` : undefined,
  };
  const wantSummary = choice !== undefined || o.summary || o.summaryColumns !== undefined;
  const summary: SummarySettings | undefined = wantSummary
    ? {
      path: rt.paths.join(run.outdir, `summary-${run.prefix}.csv`),
      columns: o.summaryColumns?.split(",").map((c) => c.trim()).filter((c) => c !== ""),
      keyFile: o.inputkey ?? o.kpHmacInputkey,
    }
    : undefined;
  let manifestHeader: ManifestHeader | undefined;
  if (o.manifest !== undefined) {
    const inputs = [inputOf("config", run.conf), inputOf("values", run.values)];
    if (choice) inputs.push({ role: "partition-table", ...fileOf(choice.file, choice.bytes) });
    if (o.inputkey !== undefined) inputs.push(inputOf("inputkey", o.inputkey));
    if (o.kpHmacInputkey !== undefined) inputs.push(inputOf("hmac-inputkey", o.kpHmacInputkey));
    const part = (p: { name: string; offset: number; size: number; encrypted: boolean }) => ({
      name: p.name,
      offset: p.offset,
      size: p.size,
      encrypted: p.encrypted,
    });
    manifestHeader = {
      kind: "batch",
      schema: MANIFEST_SCHEMA,
      tool: "nvsforge",
      version: VERSION,
      commandLine: rt.args(),
      batchId: newBatchId(),
      startedAt: new Date().toISOString(),
      resume: o.resume ?? false,
      prefix: run.prefix,
      size: run.size.bytes,
      nvsVersion: o.version === "1" ? 1 : 2,
      encryption: encryptionMode(encryption),
      inputs,
      ...(choice && plan
        ? {
          partitionTable: {
            path: choice.file,
            format: choice.table.format,
            nvs: part(plan.nvs),
            ...(plan.keys ? { keys: part(plan.keys) } : {}),
          },
        }
        : {}),
    };
  }
  return { flash, summary, manifestHeader };
}

function fileOf(path: string, data: Uint8Array) {
  return { path, bytes: data.length, sha256: toHex(sha256(data)) };
}

/**
 * The "Batch" view: the configuration CSV, the master values CSV and the folder with the
 * files they reference (a directory input, or dropped), a prefix and the options of
 * `nvsforge generate`; every input error at once; then the batch generated into a
 * streamed zip, with a progress bar and a cancel button.
 *
 * @module
 */
/// <reference lib="dom" />

import { field, h, replace } from "./dom.ts";
import { download, dropTarget, folderFromDrop, folderFromInput, readBytes } from "./files.ts";
import type { FolderFile } from "./files.ts";
import { runBatch } from "./batch_run.ts";
import type { BatchInput } from "./batch_run.ts";
import {
  buildKeyPartition,
  errorLines,
  formatWarning,
  keysOf,
  nvsErrors,
  parsePrefixNum,
} from "./nvs.ts";
import type { BatchEncryption, FormatVersion, PrefixNum, Warning } from "./nvs.ts";
import { messageList, showSize } from "./show.ts";
import { blobSink, fileSink, pickZipFile } from "./zip_sink.ts";
import type { ZipSink } from "./zip_sink.ts";

/** The test seam of {@linkcode runBatch}: set only by the browser tests. */
function testPause(): ((devices: number) => Promise<void> | void) | undefined {
  return (globalThis as { nvsforgeBatchPause?: (devices: number) => Promise<void> | void })
    .nvsforgeBatchPause;
}

/** Builds the view. */
export function batchView(): HTMLElement {
  const configInput = h("input", { type: "file", accept: ".csv,text/csv" });
  const valuesInput = h("input", { type: "file", accept: ".csv,text/csv" });
  const folderInput = h("input", { type: "file", webkitdirectory: true, multiple: true });
  const prefix = h("input", { type: "text", value: "dev", spellcheck: "false" });
  const size = h("input", { type: "text", value: "0x6000", spellcheck: "false" });
  const version = h(
    "select",
    {},
    h("option", { value: "2", selected: true }, "2"),
    h("option", { value: "1" }, "1"),
  );
  const fileid = h("input", { type: "text", spellcheck: "false" });
  const prefixStart = h("input", { type: "text", inputmode: "numeric" });
  const prefixDigits = h("input", { type: "text", inputmode: "numeric" });
  const encryption = h(
    "select",
    {},
    h("option", { value: "none" }, "No encryption"),
    h("option", { value: "keyfile" }, "One Key file for every device (--inputkey)"),
    h("option", { value: "keygen" }, "A new key per device, in keys/ (--keygen)"),
    h(
      "option",
      { value: "hmac" },
      "Keys derived from one HMAC Key file, in keys/ (--keygen --key_protect_hmac --kp_hmac_inputkey)",
    ),
  );
  const float = h("input", { type: "checkbox" });
  const keyInput = h("input", { type: "file" });
  const keyField = field("Key file (NVS key partition or 64 key bytes)", keyInput);
  keyField.hidden = true;
  const hmacInput = h("input", { type: "file" });
  const hmacField = field("HMAC Key file (32 bytes, as --kp_hmac_inputkey)", hmacInput);
  hmacField.hidden = true;
  encryption.addEventListener("change", () => {
    keyField.hidden = encryption.value !== "keyfile";
    hmacField.hidden = encryption.value !== "hmac";
  });

  const folderNote = h("small", { "aria-live": "polite" }, "No folder picked");
  let folder = new Map<string, File>();
  const setFolder = (files: FolderFile[]) => {
    folder = new Map(files.map((f) => [f.path, f.file]));
    folderNote.textContent = `${files.length} file${files.length === 1 ? "" : "s"} in the folder`;
  };
  folderInput.addEventListener("change", () => setFolder(folderFromInput(folderInput.files!)));
  const folderBox = h(
    "div",
    { class: "drop" },
    field("Folder with the files the CSVs name (pick it, or drop it on this box)", folderInput),
    folderNote,
  );
  dropTarget(folderBox, async (data) => setFolder(await folderFromDrop(data.items)));

  const progress = h("progress", { max: 1, value: 0, "aria-label": "Batch progress" });
  const progressText = h("p", { role: "status", "aria-live": "polite" });
  const report = h("div", { role: "region", "aria-label": "Batch report" });
  const generateButton = h("button", { type: "button" }, "Generate the batch (zip)");
  const cancelButton = h("button", { type: "button", disabled: true }, "Cancel");
  const downloadButton = h("button", { type: "button", disabled: true }, "Download the zip");
  let controller: AbortController | undefined;
  let zip: Blob | undefined;

  /** The inputs, or every problem with them (all at once). */
  const gather = async (): Promise<BatchInput | string[]> => {
    const problems: string[] = [];
    const config = configInput.files?.[0];
    const values = valuesInput.files?.[0];
    if (!config) problems.push("error: pick the Config CSV");
    if (!values) problems.push("error: pick the Values CSV");
    if (prefix.value === "") problems.push("error: give a Prefix for the file names");
    let prefixNum: PrefixNum | undefined;
    if (prefixStart.value !== "" || prefixDigits.value !== "") {
      const p = parsePrefixNum(prefixStart.value, prefixDigits.value || "0");
      if (typeof p === "string") problems.push(`error: counter: ${p}`);
      else prefixNum = p;
    }
    let enc: BatchEncryption | undefined;
    let sharedKeyPartition: Uint8Array | undefined;
    const warnings: Warning[] = [];
    if (encryption.value === "keygen") enc = { generate: true };
    if (encryption.value === "keyfile" || encryption.value === "hmac") {
      const hmac = encryption.value === "hmac";
      const file = (hmac ? hmacInput : keyInput).files?.[0];
      if (!file) {
        problems.push(`error: pick the ${hmac ? "HMAC Key file" : "Key file"} to encrypt with`);
      } else {
        try {
          const bytes = await readBytes(file);
          const keys64 = keysOf(
            { kind: hmac ? "hmac" : "keys", file: { name: file.name, bytes } },
            warnings,
          );
          enc = { keys: keys64 };
          // As the command line: each device gets the derived keys' key partition.
          if (hmac) sharedKeyPartition = buildKeyPartition(keys64);
        } catch (e) {
          for (const l of errorLines(e)) problems.push(`error: ${l}`);
        }
      }
    }
    if (problems.length) return problems;
    return {
      config: { name: config!.name, text: await config!.text() },
      values: { name: values!.name, text: await values!.text() },
      files: folder,
      prefix: prefix.value,
      size: size.value.trim(),
      version: Number(version.value) as FormatVersion,
      fileid: fileid.value.trim() || undefined,
      prefixNum,
      float: float.checked,
      encryption: enc,
      sharedKeyPartition,
    };
  };

  const zipName = () => `${prefix.value || "batch"}.zip`;

  const done = () => {
    generateButton.disabled = false;
    cancelButton.disabled = true;
    controller = undefined;
  };

  generateButton.addEventListener("click", async () => {
    zip = undefined;
    downloadButton.disabled = true;
    replace(report);
    progress.value = 0;
    generateButton.disabled = true;
    controller = new AbortController();
    const signal = controller.signal;
    const input = await gather();
    if (Array.isArray(input)) {
      progressText.textContent = `Not generated: ${input.length} problem${
        input.length > 1 ? "s" : ""
      } with the inputs`;
      replace(report, messageList(input.map((text) => ({ level: "error", text }))));
      done();
      return;
    }
    // Where the zip goes: a file picked now (Chromium), while the click still counts.
    let sink: ZipSink;
    try {
      const handle = await pickZipFile(zipName());
      if (handle === "cancelled") {
        progressText.textContent = "Cancelled: no zip was made";
        done();
        return;
      }
      sink = handle ? await fileSink(handle) : blobSink();
    } catch (e) {
      progressText.textContent = `Not generated: the zip cannot be saved there: ${
        errorLines(e)[0]
      }`;
      done();
      return;
    }
    cancelButton.disabled = false;
    progressText.textContent = "Checking every device row…";
    const started = performance.now();
    try {
      const result = await runBatch(input, {
        onProgress: (p) => {
          progress.value = p.fraction;
          progressText.textContent = `${p.devices} devices written to ${sink.where}`;
        },
        signal,
        sink,
        pause: testPause(),
      });
      zip = result.zip;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      progressText.textContent = `Done: ${result.devices} devices in ${seconds} s; zip ${
        showSize(zip.size)
      }${sink.saved ? `, saved to ${sink.where}` : ""}`;
      downloadButton.disabled = false;
      replace(
        report,
        result.warnings.length
          ? messageList(result.warnings.map((w) => ({ level: "warning", text: formatWarning(w) })))
          : null,
      );
      if (!sink.saved) download(zipName(), zip);
    } catch (e) {
      let left = "";
      try {
        await sink.discard();
      } catch (d) {
        left = ` (${sink.where} could not be removed: ${errorLines(d)[0]})`;
      }
      progress.value = 0;
      if (signal.aborted) {
        progressText.textContent = `Cancelled: no zip was made${left}`;
      } else {
        const lines = errorLines(e);
        progressText.textContent = nvsErrors(e).length
          ? `Not generated: ${lines.length} error${
            lines.length > 1 ? "s" : ""
          } in the inputs${left}`
          : `Not generated: ${lines[0]}${left}`;
        replace(report, messageList(lines.map((text) => ({ level: "error", text }))));
      }
    } finally {
      done();
    }
  });
  cancelButton.addEventListener("click", () => controller?.abort());
  downloadButton.addEventListener("click", () => zip && download(zipName(), zip));

  return h(
    "section",
    {},
    h("h2", {}, "Batch"),
    h(
      "p",
      {},
      "As mfg_gen.py generate: one image per row of the values CSV, with csv/, bin/, keys/ and a manifest, in one zip.",
    ),
    h(
      "div",
      { class: "row" },
      field("Config CSV (namespaces and keys)", configInput),
      field("Values CSV (one row per device)", valuesInput),
    ),
    folderBox,
    h(
      "div",
      { class: "row" },
      field("Prefix of the file names", prefix),
      field("Size (bytes: 0x6000, 24576)", size),
      field("Format version", version),
      field("File id column (optional)", fileid, "--fileid: the column that names the files"),
      field("Counter start (optional)", prefixStart, "--prefix_num START"),
      field("Counter digits", prefixDigits, "--prefix_num DIGITS"),
    ),
    h("div", { class: "row" }, field("Encryption", encryption), keyField, hmacField),
    h(
      "label",
      { class: "check-option" },
      float,
      " Accept float and double (nvsforge's own encodings, --float: mfg_gen refuses them)",
    ),
    h("div", { class: "row" }, generateButton, cancelButton, downloadButton),
    progress,
    progressText,
    report,
  );
}

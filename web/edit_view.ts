/**
 * The "Edit" view: a table over the generator CSV's rows (add, remove, reorder
 * namespaces and keys; every encoding; file values picked from disk), checked on every
 * change as `nvsforge nvs generate` checks it, with its messages beside the rows. Import
 * and export the CSV; generate the image (size, version, optionally encrypted with a
 * picked key file or a new key, which is downloaded and never shown), then download it.
 *
 * @module
 */
/// <reference lib="dom" />

import { field, h, replace } from "./dom.ts";
import { download, readBytes } from "./files.ts";
import { fromCsv, toCsv } from "./csv_rows.ts";
import type { EditRow } from "./csv_rows.ts";
import {
  buildKeyPartition,
  errorLines,
  FLOAT_ENCODINGS,
  formatWarning,
  generateImage,
  generateKeys,
  keysOf,
  MFG_ENCODINGS,
  nvsErrors,
} from "./nvs.ts";
import type { FormatVersion, Generated, Warning } from "./nvs.ts";
import { messageList, showSize } from "./show.ts";
import type { Level } from "./show.ts";

const TYPES = ["namespace", "data", "file"];

/** The editor's state: the rows, the picked files (by the path a row gives) and a name. */
interface EditState {
  rows: EditRow[];
  files: Map<string, Uint8Array>;
  name: string;
}

type Line = { level: Level; text: string };

/** Splits the messages of a check by the row whose line they name. */
function byRow(
  errors: { message: string; line?: number }[],
  warnings: Warning[],
  lines: number[],
): { rows: Line[][]; general: Line[] } {
  const rows: Line[][] = lines.map(() => []);
  const general: Line[] = [];
  const place = (line: number | undefined, l: Line) => {
    // The row whose text holds the line: the last one starting at or before it.
    let i = -1;
    if (line !== undefined) lines.forEach((start, k) => start <= line && (i = k));
    (i >= 0 ? rows[i] : general).push(l);
  };
  for (const e of errors) place(e.line, { level: "error", text: e.message });
  for (const w of warnings) place(w.location?.line, { level: "warning", text: formatWarning(w) });
  return { rows, general };
}

/** Builds the view. */
export function editView(): HTMLElement {
  const state: EditState = {
    rows: [
      { key: "storage", type: "namespace", encoding: "", value: "" },
      { key: "serial", type: "data", encoding: "string", value: "NF-000001" },
    ],
    files: new Map(),
    name: "nvs.csv",
  };
  const importInput = h("input", { type: "file", accept: ".csv,text/csv" });
  const size = h("input", { type: "text", value: "0x6000", spellcheck: "false" });
  const version = h(
    "select",
    {},
    h("option", { value: "2", selected: true }, "2 (multipage blobs, ESP-IDF v4+)"),
    h("option", { value: "1" }, "1 (ESP-IDF before v4)"),
  );
  const encryption = h(
    "select",
    {},
    h("option", { value: "none" }, "No encryption"),
    h("option", { value: "keyfile" }, "Encrypt with a picked Key file"),
    h("option", { value: "new" }, "Encrypt with a new key (the key file is downloaded)"),
  );
  const float = h("input", { type: "checkbox" });
  const keyInput = h("input", { type: "file" });
  const keyField = field("Key file (NVS key partition or 64 key bytes)", keyInput);
  keyField.hidden = true;
  const body = h("tbody");
  const general = h("div", { role: "region", "aria-label": "Check of the CSV" });
  const status = h("p", { role: "status", "aria-live": "polite" });
  const downloadButton = h("button", { type: "button", disabled: true }, "Download image (.bin)");
  let generated: Generated | undefined;

  const ids = { next: 0 };
  const label = (what: string, i: number) => `${what}, row ${i + 1}`;

  const check = (): boolean => {
    const { text, lines } = toCsv(state.rows);
    let errors: { message: string; line?: number }[] = [];
    let warnings: Warning[] = [];
    try {
      warnings = generateImage(state.name, text, options()).warnings;
    } catch (e) {
      const list = nvsErrors(e);
      errors = list.length
        ? list.map((x) => ({ message: x.message, line: x.location?.line }))
        : errorLines(e).map((message) => ({ message }));
    }
    const placed = byRow(errors, warnings, lines);
    body.querySelectorAll<HTMLTableCellElement>("td.check").forEach((td, i) =>
      replace(td, placed.rows[i]?.length ? messageList(placed.rows[i]) : "ok")
    );
    replace(
      general,
      errors.length
        ? h("p", {}, `The CSV has ${errors.length} error${errors.length > 1 ? "s" : ""}.`)
        : h("p", {}, "The CSV is valid for this size and version."),
      placed.general.length ? messageList(placed.general) : null,
    );
    return errors.length === 0;
  };

  const options = (keys?: Uint8Array) => ({
    size: size.value.trim(),
    version: Number(version.value) as FormatVersion,
    files: state.files,
    keys,
    float: float.checked,
  });

  const changed = () => {
    generated = undefined;
    downloadButton.disabled = true;
    check();
  };

  const move = (i: number, to: number) => {
    if (to < 0 || to >= state.rows.length) return;
    const [r] = state.rows.splice(i, 1);
    state.rows.splice(to, 0, r);
    render(to);
  };

  const rowElement = (r: EditRow, i: number): HTMLTableRowElement => {
    const key = h("input", { type: "text", value: r.key, "aria-label": label("Key", i) });
    key.addEventListener("input", () => {
      r.key = key.value;
      changed();
    });
    const type = h(
      "select",
      { "aria-label": label("Type", i) },
      TYPES.map((t) => h("option", { value: t, selected: t === r.type }, t)),
    );
    type.addEventListener("change", () => {
      r.type = type.value;
      if (r.type === "namespace") r.encoding = r.value = "";
      else if (r.encoding === "") r.encoding = r.type === "file" ? "binary" : "string";
      render(i);
    });
    const listId = `encodings-${++ids.next}`;
    const encoding = h("input", {
      type: "text",
      value: r.encoding,
      list: listId,
      "aria-label": label("Encoding", i),
      disabled: r.type === "namespace",
    });
    encoding.addEventListener("input", () => {
      r.encoding = encoding.value;
      changed();
    });
    const value = h("input", {
      type: "text",
      value: r.value,
      "aria-label": label(r.type === "file" ? "File path" : "Value", i),
      disabled: r.type === "namespace",
    });
    value.addEventListener("input", () => {
      r.value = value.value;
      changed();
    });
    const cells: Node[] = [value];
    if (r.type === "file") {
      const pick = h("input", { type: "file", "aria-label": label("Pick the file", i) });
      pick.addEventListener("change", async () => {
        const file = pick.files?.[0];
        if (!file) return;
        if (r.value === "") value.value = r.value = file.name;
        state.files.set(r.value, await readBytes(file));
        render(i);
      });
      cells.push(
        pick,
        h(
          "small",
          {},
          state.files.has(r.value)
            ? `picked: ${showSize(state.files.get(r.value)!.length)}`
            : "not picked yet",
        ),
      );
    }
    const button = (text: string, what: string, onclick: () => void) =>
      h("button", { type: "button", "aria-label": label(what, i), onclick }, text);
    return h(
      "tr",
      {},
      h("td", {}, String(i + 1)),
      h("td", {}, key),
      h("td", {}, type),
      h(
        "td",
        {},
        encoding,
        h(
          "datalist",
          { id: listId },
          [...MFG_ENCODINGS, ...FLOAT_ENCODINGS].map((e) => h("option", { value: e })),
        ),
      ),
      h("td", {}, cells),
      h(
        "td",
        { class: "actions" },
        button("↑", "Move up", () => move(i, i - 1)),
        button("↓", "Move down", () => move(i, i + 1)),
        button("✕", "Remove", () => {
          state.rows.splice(i, 1);
          render(Math.min(i, state.rows.length - 1));
        }),
      ),
      h("td", { class: "check" }),
    );
  };

  /** Redraws the rows; `focusRow` keeps the keyboard on the row that moved. */
  const render = (focusRow?: number) => {
    const active = document.activeElement?.getAttribute("aria-label") ?? "";
    replace(body, state.rows.map(rowElement));
    changed();
    if (focusRow !== undefined && focusRow >= 0) {
      const what = active.replace(/, row \d+$/, "");
      const el = body.querySelector<HTMLElement>(`[aria-label="${what}, row ${focusRow + 1}"]`) ??
        body.querySelector<HTMLElement>(`[aria-label="Key, row ${focusRow + 1}"]`);
      el?.focus();
    }
  };

  const add = (type: "namespace" | "data") => {
    state.rows.push(
      type === "namespace"
        ? { key: "", type, encoding: "", value: "" }
        : { key: "", type, encoding: "string", value: "" },
    );
    render();
    body.querySelector<HTMLElement>(`[aria-label="Key, row ${state.rows.length}"]`)?.focus();
  };

  importInput.addEventListener("change", async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    try {
      state.rows = fromCsv(await file.text(), file.name);
      state.name = file.name;
      status.textContent = `Imported ${state.rows.length} rows from ${file.name}`;
      render();
    } catch (e) {
      status.textContent = `Cannot import ${file.name}: ${errorLines(e).join("; ")}`;
    }
  });
  encryption.addEventListener("change", () => {
    keyField.hidden = encryption.value !== "keyfile";
    changed();
  });
  size.addEventListener("input", changed);
  float.addEventListener("change", changed);
  version.addEventListener("change", changed);

  const generate = async () => {
    if (!check()) {
      status.textContent = "Not generated: fix the errors listed beside the rows first";
      return;
    }
    try {
      let keys: Uint8Array | undefined;
      const warnings: Warning[] = [];
      if (encryption.value === "keyfile") {
        const file = keyInput.files?.[0];
        if (!file) {
          status.textContent = "Not generated: pick the Key file to encrypt with";
          return;
        }
        keys = keysOf(
          { kind: "keys", file: { name: file.name, bytes: await readBytes(file) } },
          warnings,
        );
      } else if (encryption.value === "new") {
        keys = generateKeys();
      }
      generated = generateImage(state.name, toCsv(state.rows).text, options(keys));
      if (encryption.value === "new") download("nvs_keys.bin", buildKeyPartition(keys!));
      downloadButton.disabled = false;
      status.textContent = `Generated ${showSize(generated.image.length)}${
        keys ? ", encrypted" : ""
      }${
        encryption.value === "new" ? "; the new key partition was downloaded as nvs_keys.bin" : ""
      }${warnings.length ? `; ${warnings.map(formatWarning).join("; ")}` : ""}`;
    } catch (e) {
      status.textContent = `Not generated: ${errorLines(e).join("; ")}`;
    }
  };
  downloadButton.addEventListener("click", () => {
    if (generated) {
      download(state.name.replace(/\.csv$/i, "") + ".bin", generated.image);
    }
  });

  render();
  return h(
    "section",
    {},
    h("h2", {}, "Edit"),
    h(
      "div",
      { class: "row" },
      field("Import CSV (key,type,encoding,value)", importInput),
      h("button", {
        type: "button",
        onclick: () => download(state.name, toCsv(state.rows).text),
      }, "Export CSV"),
    ),
    h(
      "table",
      { class: "editor" },
      h("caption", {}, "Rows of the CSV"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["#", "Key", "Type", "Encoding", "Value", "Move / remove", "Check"].map((c) =>
            h("th", { scope: "col" }, c)
          ),
        ),
      ),
      body,
    ),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", onclick: () => add("namespace") }, "Add namespace"),
      h("button", { type: "button", onclick: () => add("data") }, "Add key"),
    ),
    general,
    h(
      "fieldset",
      {},
      h("legend", {}, "Generate"),
      h(
        "div",
        { class: "row" },
        field("Size (bytes: 0x6000, 24576)", size),
        field("Format version", version),
        field("Encryption", encryption),
        keyField,
      ),
      h(
        "label",
        { class: "check-option" },
        float,
        " Accept float and double (nvsforge's own encodings, --float: ESP-IDF's tools refuse them)",
      ),
      h(
        "div",
        { class: "row" },
        h("button", { type: "button", onclick: generate }, "Generate"),
        downloadButton,
      ),
      status,
    ),
  );
}

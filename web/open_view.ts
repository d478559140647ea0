/**
 * The "Open image" view: pick or drop an image, optionally a key file or an HMAC key
 * file, and see what `nvsforge inspect` shows: a summary, the items and the findings in
 * the same words.
 *
 * @module
 */
/// <reference lib="dom" />

import { field, h, replace } from "./dom.ts";
import { dropTarget, readBytes } from "./files.ts";
import { errorLines, formatFinding, formatWarning, openImage } from "./nvs.ts";
import type { KeySource, NamedBytes, ParsedPartition } from "./nvs.ts";
import { messageList, showBytes, showSize, table } from "./show.ts";
import type { Level } from "./show.ts";

/** Bytes of one entry: free space is counted in entries. */
const ENTRY_BYTES = 32;

type Item = ParsedPartition["items"][number];

function showValue(item: Item): string {
  const v = item.value;
  if (v instanceof Uint8Array) return showBytes(v);
  return typeof v === "string" ? v : String(v);
}

function summary(name: string, p: ParsedPartition): HTMLElement {
  const inUse = p.pages.filter((x) => x.order !== undefined).length;
  const free = p.pages.reduce((n, x) => n + x.empty, 0);
  const rows: [string, string][] = [
    ["Image", name],
    ["Size", showSize(p.size)],
    ["Pages", `${p.pages.length} (${inUse} in use)`],
    ["Format version", p.version ? String(p.version) : "unknown"],
    ["Decrypted", p.decrypted ? "yes" : "no"],
    ["Namespaces", String(p.namespaces.length)],
    ["Items", String(p.items.length)],
    ["Free space", `${free} entries (${showSize(free * ENTRY_BYTES)})`],
  ];
  return h(
    "dl",
    { class: "summary", "aria-label": "Summary" },
    rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
  );
}

/** The line that says a key is wrong or missing, when no entry could be read. */
function keyVerdict(p: ParsedPartition): string | undefined {
  if (!p.findings.some((f) => f.code === "entries-unreadable")) return undefined;
  return p.decrypted
    ? "Wrong key: no entry's CRC matches after decrypting with this key file"
    : "No entry's CRC matches: the image may be encrypted; give its Key file";
}

function findingLines(name: string, p: ParsedPartition): { level: Level; text: string }[] {
  return p.findings.map((f) => ({
    level: f.severity === "info" ? "note" : f.severity,
    text: formatFinding(f, name),
  }));
}

/** Builds the view. */
export function openView(): HTMLElement {
  const imageInput = h("input", { type: "file", accept: ".bin,application/octet-stream" });
  const keyInput = h("input", { type: "file" });
  const hmacInput = h("input", { type: "file" });
  const out = h("div", { class: "result", role: "region", "aria-label": "Image contents" });
  const status = h("p", { role: "status", "aria-live": "polite" });
  let image: NamedBytes | undefined;
  let key: KeySource | undefined;

  const show = () => {
    if (!image) return;
    try {
      const { parsed, warnings } = openImage(image.bytes, key);
      const verdict = keyVerdict(parsed);
      const clean = parsed.findings.every((f) => f.severity === "info");
      status.textContent = verdict ??
        (clean
          ? `Opened ${image.name}: the check found nothing`
          : `Opened ${image.name}: the check found problems (listed below)`);
      replace(
        out,
        verdict ? messageList([{ level: "error", text: verdict }]) : null,
        warnings.length
          ? messageList(warnings.map((w) => ({ level: "warning", text: formatWarning(w) })))
          : null,
        summary(image.name, parsed),
        table(
          "Items",
          ["Namespace", "Key", "Type", "Value"],
          parsed.items.map((i) => [
            i.namespace ?? `(index ${i.namespaceIndex})`,
            i.key,
            i.type,
            showValue(i),
          ]),
        ),
        h("h3", {}, "Findings"),
        parsed.findings.length
          ? messageList(findingLines(image.name, parsed))
          : h("p", {}, "None: the image is clean."),
      );
    } catch (e) {
      status.textContent = `Cannot open ${image.name}`;
      replace(out, messageList(errorLines(e).map((text) => ({ level: "error", text }))));
    }
  };

  const pick = async (file: File | undefined) => {
    if (!file) return;
    image = { name: file.name, bytes: await readBytes(file) };
    show();
  };
  const pickKey = async (input: HTMLInputElement, kind: KeySource["kind"]) => {
    const file = input.files?.[0];
    const other = kind === "keys" ? hmacInput : keyInput;
    other.value = "";
    key = file ? { kind, file: { name: file.name, bytes: await readBytes(file) } } : undefined;
    show();
  };
  imageInput.addEventListener("change", () => pick(imageInput.files?.[0]));
  keyInput.addEventListener("change", () => pickKey(keyInput, "keys"));
  hmacInput.addEventListener("change", () => pickKey(hmacInput, "hmac"));
  const forget = h("button", {
    type: "button",
    onclick: () => {
      keyInput.value = hmacInput.value = "";
      key = undefined;
      show();
    },
  }, "Forget the key");

  const drop = h(
    "div",
    { class: "drop" },
    field("Open image (.bin), or drop it on this box", imageInput),
  );
  dropTarget(drop, (data) => pick(data.files[0]));

  return h(
    "section",
    {},
    h("h2", {}, "Open image"),
    drop,
    h(
      "fieldset",
      {},
      h("legend", {}, "Encrypted image"),
      field("Key file (NVS key partition or 64 key bytes)", keyInput),
      field("HMAC key file (32 bytes; keys derived as ESP-IDF does)", hmacInput),
      forget,
    ),
    status,
    out,
  );
}

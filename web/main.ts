/**
 * The page: three views behind tabs (Open image, Edit, Batch). Tabs follow the WAI-ARIA
 * tabs pattern: arrow keys, Home and End move between them; Tab goes into the view.
 *
 * @module
 */
/// <reference lib="dom" />

import { h } from "./dom.ts";
import { batchView } from "./batch_view.ts";
import { editView } from "./edit_view.ts";
import { openView } from "./open_view.ts";

/** A view: its tab's name and its contents. */
interface View {
  name: string;
  build: () => HTMLElement;
}

const VIEWS: View[] = [
  { name: "Open image", build: openView },
  { name: "Edit", build: editView },
  { name: "Batch", build: batchView },
];

function tabs(views: View[]): HTMLElement {
  const list = h("div", { role: "tablist", "aria-label": "Views" });
  const panels = views.map((v, i) =>
    h("div", {
      role: "tabpanel",
      id: `panel-${i}`,
      "aria-labelledby": `tab-${i}`,
      hidden: i !== 0,
    }, v.build())
  );
  const buttons = views.map((v, i) =>
    h("button", {
      type: "button",
      role: "tab",
      id: `tab-${i}`,
      "aria-controls": `panel-${i}`,
      "aria-selected": i === 0 ? "true" : "false",
      tabindex: i === 0 ? 0 : -1,
    }, v.name)
  );
  const select = (n: number) => {
    buttons.forEach((b, i) => {
      b.setAttribute("aria-selected", i === n ? "true" : "false");
      b.tabIndex = i === n ? 0 : -1;
      panels[i].hidden = i !== n;
    });
    buttons[n].focus();
  };
  buttons.forEach((b, i) => {
    b.addEventListener("click", () => select(i));
    b.addEventListener("keydown", (e) => {
      const n = buttons.length;
      const to = e.key === "ArrowRight"
        ? (i + 1) % n
        : e.key === "ArrowLeft"
        ? (i + n - 1) % n
        : e.key === "Home"
        ? 0
        : e.key === "End"
        ? n - 1
        : -1;
      if (to >= 0) {
        e.preventDefault();
        select(to);
      }
    });
    list.appendChild(b);
  });
  return h("main", {}, list, panels);
}

document.body.append(
  h(
    "header",
    {},
    h("h1", {}, "nvsforge"),
    h(
      "p",
      {},
      "ESP32 NVS partition images, byte for byte as ESP-IDF's tools write them. Everything runs in this page: no file leaves your computer.",
    ),
  ),
  tabs(VIEWS),
);

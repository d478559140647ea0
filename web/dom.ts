/**
 * A small typed helper to build DOM elements: `h("button", { type: "button" }, "Generate")`.
 * Attributes are set as attributes (`for`, `aria-*`, `role`), except `on*` functions,
 * which become event listeners.
 *
 * @module
 */
/// <reference lib="dom" />

/** What an element may hold: nodes, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes of {@linkcode h}: strings, booleans (present when true) or listeners. */
export type Attrs = Record<string, string | number | boolean | undefined | EventListener>;

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays flattened, empty ones skipped). */
export function append(el: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replace(el: Node, ...children: (Child | Child[])[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

let counter = 0;

/** A fresh element id, for `<label for>`. */
export function uid(prefix: string): string {
  return `${prefix}-${++counter}`;
}

/** A labelled control: `<label for=id>text</label>` then the control, in one `<div>`. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLDivElement {
  if (!control.id) control.id = uid("f");
  const hintEl = hint ? h("small", { id: `${control.id}-hint` }, hint) : undefined;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintEl);
}

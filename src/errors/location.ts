/**
 * Where a problem is, and how a message shows it: locations, quoted values and file
 * names (one line, never longer than a short line), file-system errors in words.
 *
 * @module
 */

/**
 * Where in the inputs a problem was found. Every field is optional.
 *
 * @example
 * ```ts
 * import { NvsforgeError, type SourceLocation } from "@nvsforge/nvsforge";
 *
 * const where: SourceLocation = { file: "nvs.csv", line: 4, key: "serial" };
 * const error = new NvsforgeError("value-too-long", "the value is 4001 bytes", where);
 * if (error.message !== 'nvs.csv:4: key "serial": the value is 4001 bytes') {
 *   throw new Error(`unexpected message: ${error.message}`);
 * }
 * ```
 */
export interface SourceLocation {
  /** Input file, as the user named it. */
  file?: string;
  /** 1-based line of the file where the row starts. */
  line?: number;
  /** Column name (for CSV input). */
  column?: string;
  /** The NVS key the row writes. */
  key?: string;
  /** 1-based device row of a master values file (mass manufacturing). */
  device?: number;
  /** The device's id on that row: its `--fileid` value, or its first column. */
  deviceId?: string;
  /** 0-based index of the record, in a list of records given to the library. */
  record?: number;
  /** The name of an option given to the library (`size`, `keys`, …). */
  option?: string;
}

/** Characters of a value or key that a message quotes at most. */
export const QUOTE_MAX = 40;
/** Characters of a file name that a location shows at most (its end: the name itself). */
const PATH_MAX_SHOWN = 100;

/**
 * A value, key or file name as a message shows it: at most `max` characters, control
 * characters escaped (an error stays one line), quoted; a longer text is cut, with its
 * length in characters, so that a 5 MB value never makes a 5 MB line.
 *
 * @example
 * ```ts
 * import { quote } from "../errors.ts";
 *
 * if (quote("NF-0001") !== '"NF-0001"') throw new Error(quote("NF-0001"));
 * const long = quote("x".repeat(5_000_000));
 * if (long !== `"${"x".repeat(40)}…" (5000000 characters)`) throw new Error(long);
 * if (quote("a\nb") !== '"a\\nb"') throw new Error(quote("a\nb"));
 * ```
 *
 * @param text the text to quote.
 * @param max how many characters are shown at most.
 * @returns the text in double quotes, shortened when longer than `max`.
 */
export function quote(text: string, max: number = QUOTE_MAX): string {
  return `"${shorten(text, max, '"')}`;
}

/**
 * `text` with control characters escaped, cut after `max` characters when longer (then
 * `close`, an ellipsis and its length in characters follow); otherwise `text` and `close`.
 */
function shorten(text: string, max: number, close = ""): string {
  if (text.length <= max) return `${escapeControls(text)}${close}`;
  let cut = max;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // never split a surrogate pair
  return `${escapeControls(text.slice(0, cut))}…${close} (${characterCount(text)} characters)`;
}

/**
 * A file name as a message quotes it: at most 100 characters, its start cut off when
 * longer (the end names the file), with its length; control characters escaped.
 *
 * @example
 * ```ts
 * import { quotePath } from "../errors.ts";
 *
 * const long = quotePath("d/".repeat(100) + "values.csv");
 * if (!long.startsWith('"…') || !long.endsWith('d/values.csv" (210 characters)')) {
 *   throw new Error(long);
 * }
 * ```
 *
 * @param file the file name.
 * @returns the name in double quotes, shortened when longer than 100 characters.
 */
export function quotePath(file: string): string {
  return `"${shortenPath(file, '"')}`;
}

/** A file name for a location (unquoted), shortened as {@linkcode quotePath} does. */
function shortenPath(file: string, close = ""): string {
  if (file.length <= PATH_MAX_SHOWN) return `${escapeControls(file)}${close}`;
  let from = file.length - PATH_MAX_SHOWN;
  const first = file.charCodeAt(from);
  if (first >= 0xdc00 && first <= 0xdfff) from++; // never split a surrogate pair
  return `…${escapeControls(file.slice(from))}${close} (${characterCount(file)} characters)`;
}

/** Characters (code points) of a text. */
function characterCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) n++;
    else {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      n++;
    }
  }
  return n;
}

// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/g;
const CONTROL_NAMES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeControls(s: string): string {
  return s.replace(
    CONTROL,
    (c) => CONTROL_NAMES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

/** Formats a location as `file:line: column "c": key "k": device row n` (parts omitted when unknown). */
export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return "";
  const parts: string[] = [];
  if (loc.file !== undefined) {
    const file = shortenPath(loc.file);
    parts.push(loc.line !== undefined ? `${file}:${loc.line}` : file);
  } else if (loc.line !== undefined) {
    parts.push(`line ${loc.line}`);
  }
  if (loc.device !== undefined) {
    const id = loc.deviceId;
    const shown = id === undefined || id === ""
      ? ""
      : /^[\w.:@+-]{1,40}$/.test(id)
      ? ` (${id})`
      : ` (${quote(id)})`;
    parts.push(`device row ${loc.device}${shown}`);
  }
  if (loc.record !== undefined) parts.push(`records[${loc.record}]`);
  if (loc.option !== undefined) parts.push(`option ${quote(loc.option)}`);
  if (loc.column !== undefined) parts.push(`column ${quote(loc.column)}`);
  if (loc.key !== undefined) parts.push(`key ${quote(loc.key)}`);
  return parts.join(": ");
}

/**
 * A one-line description of a file-system error (node:fs codes), for messages such as
 * `cannot read "x": no such file`.
 */
export function describeSystemError(e: unknown): string {
  const code = (e as { code?: string })?.code;
  if (code === "ENOENT") {
    // A reader that knows where it looked says so (`file`-type values).
    const dir = (e as { directory?: unknown }).directory;
    return typeof dir === "string" ? `no such file in ${quotePath(dir)}` : "no such file";
  }
  if (code === "EEXIST") return "it already exists";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOSPC") return "no space left on the device";
  if (code === "ENOTDIR") return "a parent path is not a directory";
  const line = e instanceof Error ? e.message.split("\n")[0] : String(e);
  // The host's message repeats the path: never more than a short line of it.
  return line.length > 3 * QUOTE_MAX ? shorten(line, 3 * QUOTE_MAX) : line;
}

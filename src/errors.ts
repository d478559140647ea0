/**
 * Typed errors and warnings: every failure nvsforge reports carries a code, a location
 * (file, line, column or key, device row) and a one-line message.
 *
 * The mapping from error kind to exit status lives here and nowhere else.
 *
 * @module
 */

/**
 * Where in the inputs a problem was found. Every field is optional.
 *
 * @example
 * ```ts
 * import { NvsforgeError, type SourceLocation } from "../mod.ts";
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
}

/**
 * What went wrong, as a stable machine-readable code.
 *
 * @example
 * ```ts
 * import { type ErrorCode, generateFromCsv, NvsforgeError } from "../mod.ts";
 *
 * let code: ErrorCode | undefined;
 * try {
 *   const text = "key,type,encoding,value\nns,namespace,,\nretries,data,u8,300\n";
 *   generateFromCsv([{ name: "nvs.csv", text }], { size: 0x3000 });
 * } catch (e) {
 *   if (e instanceof NvsforgeError) code = e.code;
 * }
 * if (code !== "integer-out-of-range") throw new Error(`unexpected code: ${code}`);
 * ```
 */
export type ErrorCode =
  | "csv-header"
  | "csv-row"
  | "key-too-long"
  | "key-empty"
  | "unknown-encoding"
  | "unknown-type"
  | "invalid-integer"
  | "integer-out-of-range"
  | "invalid-float"
  | "invalid-hex"
  | "invalid-base64"
  | "invalid-utf8"
  | "nul-in-string"
  | "invalid-fill"
  | "file-unreadable"
  | "value-too-long"
  | "too-many-namespaces"
  | "no-namespace"
  | "partition-too-small"
  | "invalid-size"
  | "invalid-output"
  | "invalid-key"
  | "output-exists"
  | "write-failed"
  | "usage"
  | "check-failed"
  | "partition-table"
  | "partition-not-found"
  | "flash-dump"
  | "quirk";

/**
 * The kind of failure: decides the process exit status (see {@linkcode ExitCode}).
 *
 * @example
 * ```ts
 * import { checkPartitionSize, type ErrorKind, NvsforgeError } from "../mod.ts";
 *
 * let kind: ErrorKind | undefined;
 * try {
 *   checkPartitionSize("0x1234"); // not a multiple of 4096
 * } catch (e) {
 *   if (e instanceof NvsforgeError) kind = e.kind;
 * }
 * if (kind !== "usage") throw new Error(`unexpected kind: ${kind}`);
 * ```
 */
export type ErrorKind = "input" | "usage" | "output";

/**
 * Exit statuses of the command line, documented in the README.
 * 0 success; 1 invalid input; 2 invalid command line; 3 output could not be written;
 * 4 internal error (a bug: please report it).
 *
 * @example
 * ```ts
 * import { ExitCode, NvsforgeError } from "../mod.ts";
 *
 * const error = new NvsforgeError("write-failed", "no space left", undefined, "output");
 * if (error.exitCode !== ExitCode.OUTPUT) throw new Error(`exit status ${error.exitCode}`);
 * ```
 */
export const ExitCode = {
  OK: 0,
  INPUT: 1,
  USAGE: 2,
  OUTPUT: 3,
  INTERNAL: 4,
} as const;

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
 * import { quote } from "./errors.ts";
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
 * import { quotePath } from "./errors.ts";
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
  if (loc.device !== undefined) parts.push(`device row ${loc.device}`);
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
  if (code === "ENOENT") return "no such file";
  if (code === "EEXIST") return "it already exists";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOSPC") return "no space left on the device";
  if (code === "ENOTDIR") return "a parent path is not a directory";
  const line = e instanceof Error ? e.message.split("\n")[0] : String(e);
  // The host's message repeats the path: never more than a short line of it.
  return line.length > 3 * QUOTE_MAX ? shorten(line, 3 * QUOTE_MAX) : line;
}

/**
 * An error nvsforge reports to its user: never a bug, never shown with a stack trace.
 *
 * @example
 * ```ts
 * import { encodePartition, NvsforgeError } from "../mod.ts";
 *
 * try {
 *   encodePartition([
 *     { kind: "namespace", name: "cfg" },
 *     { kind: "entry", key: "a_key_of_16_byte", type: "u8", value: 1 },
 *   ], { size: 0x3000 });
 *   throw new Error("a 16-byte key was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "key-too-long") throw e;
 *   if (e.location?.key !== "a_key_of_16_byte" || e.exitCode !== 1) throw e;
 * }
 * ```
 */
export class NvsforgeError extends Error {
  /** Stable code of the problem. */
  readonly code: ErrorCode;
  /** Where the problem is, when it comes from an input. */
  readonly location?: SourceLocation;
  /** Input, usage or output problem: decides the exit status. */
  readonly kind: ErrorKind;
  /** The message without its location prefix. */
  readonly detail: string;

  /**
   * Creates an error; its message is the location (when given) then the detail.
   *
   * @param code stable code of the problem.
   * @param detail what is wrong, without the location.
   * @param location where the problem is.
   * @param kind input (the default), usage or output problem.
   */
  constructor(
    code: ErrorCode,
    detail: string,
    location?: SourceLocation,
    kind: ErrorKind = "input",
  ) {
    const where = formatLocation(location);
    super(where ? `${where}: ${detail}` : detail);
    this.name = "NvsforgeError";
    this.code = code;
    this.detail = detail;
    this.location = location;
    this.kind = kind;
  }

  /** The process exit status for this error. */
  get exitCode(): number {
    return this.kind === "usage"
      ? ExitCode.USAGE
      : this.kind === "output"
      ? ExitCode.OUTPUT
      : ExitCode.INPUT;
  }
}

/**
 * Several input errors found in one pass, reported together.
 *
 * @example
 * ```ts
 * import { generateFromCsv, NvsforgeErrors } from "../mod.ts";
 *
 * const text = "key,type,encoding,value\nns,namespace,,\na,data,u8,300\nb,data,hex2bin,0g\n";
 * try {
 *   generateFromCsv([{ name: "nvs.csv", text }], { size: 0x3000 });
 *   throw new Error("the CSV was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeErrors)) throw e;
 *   const codes = e.errors.map((error) => error.code).join(" ");
 *   if (codes !== "integer-out-of-range invalid-hex") throw new Error(codes);
 * }
 * ```
 */
export class NvsforgeErrors extends Error {
  /** Every error, in input order. */
  readonly errors: readonly NvsforgeError[];

  /**
   * Creates the error; its message is every error's message, one per line.
   *
   * @param errors the errors, in input order (at least two).
   */
  constructor(errors: readonly NvsforgeError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "NvsforgeErrors";
    this.errors = errors;
  }

  /** The exit status: that of the first error. */
  get exitCode(): number {
    return this.errors[0]?.exitCode ?? ExitCode.INPUT;
  }
}

/**
 * A warning: the input is accepted (as the reference accepts it) but is probably a mistake.
 *
 * @example
 * ```ts
 * import { formatWarning, type Warning } from "../mod.ts";
 *
 * const warning: Warning = {
 *   code: "quirk",
 *   message: "the value ends with a space",
 *   location: { file: "nvs.csv", line: 3, key: "ssid" },
 * };
 * const line = formatWarning(warning);
 * if (line !== 'warning: nvs.csv:3: key "ssid": the value ends with a space') throw new Error(line);
 * ```
 */
export interface Warning {
  /** Stable code of the warning. */
  code: ErrorCode;
  /** What happens and what the user probably meant. */
  message: string;
  /** Where the input is. */
  location?: SourceLocation;
}

/**
 * Formats a warning as one line: `warning: <location>: <message>`.
 *
 * @example
 * ```ts
 * import { formatWarning } from "../mod.ts";
 *
 * const line = formatWarning({ code: "invalid-key", message: "key file is 100 bytes" });
 * if (line !== "warning: key file is 100 bytes") throw new Error(line);
 * ```
 *
 * @param w the warning.
 * @returns the line, without a line break.
 */
export function formatWarning(w: Warning): string {
  const where = formatLocation(w.location);
  return `warning: ${where ? `${where}: ` : ""}${w.message}`;
}

/**
 * Collects errors and warnings while a whole input is checked, so that every problem is
 * reported at once. With `strict`, warnings are recorded as errors.
 *
 * @example
 * ```ts
 * import { Diagnostics, NvsforgeError } from "../mod.ts";
 *
 * const d = new Diagnostics();
 * d.warn("quirk", "the value ends with a space", { file: "nvs.csv", line: 2 });
 * d.error("invalid-hex", "odd number of hex digits", { file: "nvs.csv", line: 3 });
 * if (d.warnings.length !== 1 || d.errors.length !== 1) throw new Error("not recorded");
 * try {
 *   d.throwIfAny();
 *   throw new Error("nothing thrown");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "invalid-hex") throw e;
 * }
 *
 * const strict = new Diagnostics(true);
 * strict.warn("quirk", "the value ends with a space");
 * if (strict.errors.length !== 1 || strict.warnings.length !== 0) throw new Error("not strict");
 * ```
 */
export class Diagnostics {
  /** The errors recorded so far, in the order they were found. */
  readonly errors: NvsforgeError[] = [];
  /** The warnings recorded so far (none under `strict`). */
  readonly warnings: Warning[] = [];

  /**
   * Creates an empty collector.
   *
   * @param strict record warnings as errors.
   */
  constructor(readonly strict = false) {}

  /** Records an error. */
  error(code: ErrorCode, detail: string, location?: SourceLocation): void {
    this.errors.push(new NvsforgeError(code, detail, location));
  }

  /** Records a warning, or an error under `strict` (the message then says how to accept it). */
  warn(code: ErrorCode, message: string, location?: SourceLocation): void {
    if (this.strict) {
      this.errors.push(
        new NvsforgeError(code, `${message} (an error under --strict)`, location),
      );
    } else {
      this.warnings.push({ code, message, location });
    }
  }

  /**
   * Throws every recorded error at once, if there is any, in input order: by file (in
   * the order files first appear), then by line.
   */
  throwIfAny(): void {
    if (this.errors.length === 1) throw this.errors[0];
    if (this.errors.length > 1) throw new NvsforgeErrors(inInputOrder(this.errors));
  }
}

function inInputOrder(errors: readonly NvsforgeError[]): NvsforgeError[] {
  const fileRank = new Map<string | undefined, number>();
  for (const e of errors) {
    if (!fileRank.has(e.location?.file)) fileRank.set(e.location?.file, fileRank.size);
  }
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) =>
      fileRank.get(a.e.location?.file)! - fileRank.get(b.e.location?.file)! ||
      (a.e.location?.device ?? 0) - (b.e.location?.device ?? 0) ||
      (a.e.location?.line ?? 0) - (b.e.location?.line ?? 0) ||
      a.i - b.i
    )
    .map((x) => x.e);
}

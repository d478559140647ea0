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
  /** 0-based index of the record, in a list of records given to the library. */
  record?: number;
  /** The name of an option given to the library (`size`, `keys`, …). */
  option?: string;
}

/**
 * What went wrong, as a stable machine-readable code.
 *
 * @example
 * ```ts
 * import { type ErrorCode, NvsDocument, NvsforgeError } from "@nvsforge/nvsforge";
 *
 * let code: ErrorCode | undefined;
 * try {
 *   const text = "key,type,encoding,value\nns,namespace,,\nretries,data,u8,300\n";
 *   (await NvsDocument.fromCsv(text)).toImage({ size: 0x3000 });
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
  | "key-not-found"
  | "partition-table"
  | "partition-not-found"
  | "flash-dump"
  | "interrupted"
  | "internal"
  | "quirk"
  | "invalid-record"
  | "unknown-option"
  | "many";

/**
 * The kind of failure: decides the process exit status (see {@linkcode ExitCode}). Each
 * kind has its class: {@linkcode InputError}, {@linkcode UsageError},
 * {@linkcode OutputError}, {@linkcode InterruptedError}, {@linkcode InternalError}.
 *
 * @example
 * ```ts
 * import { type ErrorKind, NvsDocument, NvsforgeError } from "@nvsforge/nvsforge";
 *
 * let kind: ErrorKind | undefined;
 * try {
 *   new NvsDocument([]).toImage({ size: "0x1234" }); // not a multiple of 4096
 * } catch (e) {
 *   if (e instanceof NvsforgeError) kind = e.kind;
 * }
 * if (kind !== "input") throw new Error(`unexpected kind: ${kind}`);
 * ```
 */
export type ErrorKind = "input" | "usage" | "output" | "interrupted" | "internal";

/**
 * The signals that interrupt a run (the command line stops cleanly on them).
 *
 * @example
 * ```ts
 * import { InterruptedError, type StopSignal } from "@nvsforge/nvsforge";
 *
 * const signal: StopSignal = "SIGINT";
 * if (new InterruptedError(signal).exitCode !== 130) throw new Error("not 128 + 2");
 * ```
 */
export type StopSignal = "SIGINT" | "SIGTERM";

/**
 * Exit statuses of the command line, documented in the README: the one table from a
 * kind of failure to a status.
 * 0 success; 1 invalid input; 2 invalid command line; 3 output could not be written;
 * 4 internal error (a bug: please report it); 130 and 143 stopped by SIGINT or SIGTERM
 * (128 + the signal's number).
 *
 * @example
 * ```ts
 * import { ExitCode, exitStatus, OutputError } from "@nvsforge/nvsforge";
 *
 * const error = new OutputError("write-failed", "no space left");
 * if (exitStatus(error) !== ExitCode.OUTPUT) throw new Error(`exit status ${error.exitCode}`);
 * if (exitStatus(new TypeError("a bug")) !== ExitCode.INTERNAL) throw new Error("not internal");
 * ```
 */
export const ExitCode = {
  OK: 0,
  INPUT: 1,
  USAGE: 2,
  OUTPUT: 3,
  INTERNAL: 4,
  SIGINT: 130,
  SIGTERM: 143,
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

/**
 * The exit status of a failure: its kind's entry of {@linkcode ExitCode} (an interrupt:
 * its signal's), and {@linkcode ExitCode.INTERNAL} for anything that is not an
 * {@linkcode NvsforgeError} (a bug).
 *
 * @example
 * ```ts
 * import { exitStatus, InputError, UsageError } from "@nvsforge/nvsforge";
 *
 * if (exitStatus(new InputError("invalid-hex", "odd number of digits")) !== 1) throw new Error();
 * if (exitStatus(new UsageError("usage", "missing <size>")) !== 2) throw new Error();
 * if (exitStatus(new RangeError("a bug")) !== 4) throw new Error("a bug is internal");
 * ```
 */
export function exitStatus(e: unknown): number {
  if (e instanceof InterruptedError) return ExitCode[e.signal];
  if (e instanceof NvsforgeErrors) return e.errors[0] ? exitStatus(e.errors[0]) : ExitCode.INPUT;
  if (!(e instanceof NvsforgeError)) return ExitCode.INTERNAL;
  switch (e.kind) {
    case "input":
      return ExitCode.INPUT;
    case "usage":
      return ExitCode.USAGE;
    case "output":
      return ExitCode.OUTPUT;
    default:
      return ExitCode.INTERNAL;
  }
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
 * import { NvsDocument, NvsforgeError } from "@nvsforge/nvsforge";
 *
 * try {
 *   new NvsDocument([
 *     { kind: "namespace", name: "cfg" },
 *     { kind: "entry", key: "a_key_of_16_byte", type: "u8", value: 1 },
 *   ]).toImage({ size: 0x3000 });
 *   throw new Error("a 16-byte key was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "key-too-long") throw e;
 *   if (e.location?.key !== "a_key_of_16_byte" || e.location.record !== 1) throw e;
 *   if (e.exitCode !== 1) throw e;
 * }
 * ```
 */
export class NvsforgeError extends Error {
  /** Stable code of the problem. */
  readonly code: ErrorCode;
  /** Where the problem is, when it comes from an input. */
  readonly location?: SourceLocation;
  /** Input, usage, output, interrupted or internal: decides the exit status. */
  readonly kind: ErrorKind;
  /** The message without its location prefix. */
  readonly detail: string;

  /**
   * Creates an error; its message is the location (when given) then the detail.
   *
   * @param code stable code of the problem.
   * @param detail what is wrong, without the location.
   * @param location where the problem is.
   * @param kind input (the default), usage, output...: prefer the subclass of the kind
   *   ({@linkcode InputError}, {@linkcode UsageError}, {@linkcode OutputError}).
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

  /** The process exit status for this error (see {@linkcode exitStatus}). */
  get exitCode(): number {
    return exitStatus(this);
  }
}

/**
 * Invalid input: a CSV row, a value, a referenced file, data that does not fit, or an
 * option of a library call (exit status 1).
 *
 * @example
 * ```ts
 * import { InputError, NvsforgeError } from "@nvsforge/nvsforge";
 *
 * const e = new InputError("invalid-hex", "odd number of hex digits", { file: "a.csv", line: 3 });
 * if (!(e instanceof NvsforgeError) || e.kind !== "input" || e.exitCode !== 1) throw e;
 * ```
 */
export class InputError extends NvsforgeError {
  /**
   * Creates the error.
   *
   * @param code stable code of the problem.
   * @param detail what is wrong, without the location.
   * @param location where the problem is.
   */
  constructor(code: ErrorCode, detail: string, location?: SourceLocation) {
    super(code, detail, location, "input");
    this.name = "InputError";
  }
}

/**
 * An invalid command line: unknown option, missing argument, bad size (exit status 2).
 * Only the command line throws it; it maps the library's input errors about the
 * values it was given (see {@linkcode UsageError.from}).
 *
 * @example
 * ```ts
 * import { NvsforgeError, UsageError } from "@nvsforge/nvsforge";
 * import { checkPartitionSize } from "@nvsforge/nvsforge/format";
 *
 * try {
 *   checkPartitionSize("0x1234");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError)) throw e;
 *   const usage = UsageError.from(e);
 *   if (usage.exitCode !== 2 || usage.message !== e.message) throw usage;
 * }
 * ```
 */
export class UsageError extends NvsforgeError {
  /**
   * Creates the error.
   *
   * @param code stable code of the problem (default `usage`).
   * @param detail what is wrong.
   * @param location where the problem is.
   */
  constructor(code: ErrorCode, detail: string, location?: SourceLocation) {
    super(code, detail, location, "usage");
    this.name = "UsageError";
  }

  /** The same error, as a usage error: for a value the command line was given. */
  static from(e: NvsforgeError): UsageError {
    return new UsageError(e.code, e.detail, e.location);
  }
}

/**
 * An output that could not be written, or that exists and may not be replaced (exit
 * status 3).
 *
 * @example
 * ```ts
 * import { ExitCode, OutputError } from "@nvsforge/nvsforge";
 *
 * const e = new OutputError("write-failed", 'cannot write "bin/a.bin": no space left on the device');
 * if (e.exitCode !== ExitCode.OUTPUT) throw e;
 * ```
 */
export class OutputError extends NvsforgeError {
  /**
   * Creates the error.
   *
   * @param code stable code of the problem.
   * @param detail what is wrong.
   * @param location where the problem is (a device row, for an existing file).
   */
  constructor(code: ErrorCode, detail: string, location?: SourceLocation) {
    super(code, detail, location, "output");
    this.name = "OutputError";
  }
}

/**
 * The work was stopped by a signal; what is on disk is complete files only (exit
 * status 128 + the signal's number).
 *
 * @example
 * ```ts
 * import { ExitCode, InterruptedError } from "@nvsforge/nvsforge";
 *
 * const e = new InterruptedError("SIGTERM");
 * if (e.exitCode !== ExitCode.SIGTERM || e.message !== "interrupted by SIGTERM") throw e;
 * ```
 */
export class InterruptedError extends NvsforgeError {
  /**
   * Creates the error.
   *
   * @param signal the signal that stopped the work.
   * @param detail what was kept (default: `interrupted by <signal>`).
   */
  constructor(readonly signal: StopSignal, detail = `interrupted by ${signal}`) {
    super("interrupted", detail, undefined, "interrupted");
    this.name = "InterruptedError";
  }
}

/**
 * A bug in nvsforge, seen where it can be named (a worker thread that failed): exit
 * status 4, shown with its stack trace.
 *
 * @example
 * ```ts
 * import { ExitCode, InternalError } from "@nvsforge/nvsforge";
 *
 * const e = new InternalError("a worker thread failed: TypeError: x is undefined");
 * if (e.exitCode !== ExitCode.INTERNAL || e.kind !== "internal") throw e;
 * ```
 */
export class InternalError extends NvsforgeError {
  /**
   * Creates the error.
   *
   * @param detail what failed, with the stack trace where there is one.
   */
  constructor(detail: string) {
    super("internal", detail, undefined, "internal");
    this.name = "InternalError";
  }
}

/** An error as plain data (JSON-safe), to cross a thread boundary. */
export interface ErrorData {
  /** Its code. */
  code: ErrorCode;
  /** Its message without the location. */
  detail: string;
  /** Its location. */
  location?: SourceLocation;
  /** Its kind: which class it is rebuilt as. */
  kind: ErrorKind;
  /** The signal of an interrupt. */
  signal?: StopSignal;
}

/** Any failure as plain data: one error, or a list of them. */
export type FailureData = ErrorData | { many: ErrorData[]; total: number };

/** An error → plain data (see {@linkcode errorFromData}). */
export function errorToData(e: NvsforgeError): ErrorData {
  const d: ErrorData = { code: e.code, detail: e.detail, kind: e.kind };
  if (e.location !== undefined) d.location = e.location;
  if (e instanceof InterruptedError) d.signal = e.signal;
  return d;
}

/** Plain data → the error it was made from, of the class of its kind. */
export function errorFromData(d: ErrorData): NvsforgeError {
  switch (d.kind) {
    case "usage":
      return new UsageError(d.code, d.detail, d.location);
    case "output":
      return new OutputError(d.code, d.detail, d.location);
    case "interrupted":
      return new InterruptedError(d.signal ?? "SIGINT", d.detail);
    case "internal":
      return new InternalError(d.detail);
    default:
      return new InputError(d.code, d.detail, d.location);
  }
}

/**
 * Any failure → plain data: a list of errors, one error, or (not an nvsforge error: a
 * bug) an internal error with the stack trace.
 *
 * @example
 * ```ts
 * import { failureFromData, failureToData, OutputError } from "./errors.ts";
 *
 * const data = JSON.parse(JSON.stringify(failureToData(new OutputError("write-failed", "x"))));
 * const back = failureFromData(data);
 * if (!(back instanceof OutputError) || back.exitCode !== 3) throw back;
 * if (failureFromData(failureToData(new TypeError("bug"))).exitCode !== 4) throw new Error("bug");
 * ```
 */
export function failureToData(e: unknown): FailureData {
  if (e instanceof NvsforgeErrors) return { many: e.errors.map(errorToData), total: e.total };
  if (e instanceof NvsforgeError) return errorToData(e);
  return {
    code: "internal",
    detail: e instanceof Error ? e.stack ?? e.message : String(e),
    kind: "internal",
  };
}

/** Plain data → the failure it was made from. */
export function failureFromData(f: FailureData): NvsforgeError | NvsforgeErrors {
  return "many" in f ? new NvsforgeErrors(f.many.map(errorFromData), f.total) : errorFromData(f);
}

/**
 * Several errors found in one pass, reported together. The list is itself an
 * {@linkcode NvsforgeError} (code `many`, the kind of its first error), so one `catch`
 * branch handles one error and many; `errors` holds each of them, with its own code
 * and location.
 *
 * @example
 * ```ts
 * import { NvsDocument, NvsforgeError, NvsforgeErrors } from "@nvsforge/nvsforge";
 *
 * const text = "key,type,encoding,value\nns,namespace,,\na,data,u8,300\nb,data,hex2bin,0g\n";
 * try {
 *   (await NvsDocument.fromCsv(text)).toImage({ size: 0x3000 });
 *   throw new Error("the CSV was accepted");
 * } catch (e) {
 *   if (!(e instanceof NvsforgeError) || e.code !== "many") throw e;
 *   if (!(e instanceof NvsforgeErrors)) throw e;
 *   const codes = e.errors.map((error) => error.code).join(" ");
 *   if (codes !== "integer-out-of-range invalid-hex") throw new Error(codes);
 * }
 * ```
 */
export class NvsforgeErrors extends NvsforgeError {
  /** Every error, in input order (the first ones only, when there were many). */
  readonly errors: readonly NvsforgeError[];
  /** How many errors were found: `errors.length`, or more when only the first are kept. */
  readonly total: number;

  /**
   * Creates the error; its message is every error's message, one per line, then how many
   * more were found when `total` says so.
   *
   * @param errors the errors, in input order (at least two).
   * @param total how many errors were found (default: as many as given).
   */
  constructor(errors: readonly NvsforgeError[], total: number = errors.length) {
    const more = total - errors.length;
    super(
      "many",
      [...errors.map((e) => e.message), ...(more > 0 ? [moreErrorsLine(more)] : [])].join("\n"),
      undefined,
      errors[0]?.kind ?? "input",
    );
    this.name = "NvsforgeErrors";
    this.errors = errors;
    this.total = Math.max(total, errors.length);
  }

  /** The exit status: that of the first error. */
  override get exitCode(): number {
    return exitStatus(this);
  }
}

/**
 * The line that ends a list of errors of which only the first are shown.
 *
 * @example
 * ```ts
 * import { moreErrorsLine } from "./errors.ts";
 *
 * if (moreErrorsLine(39950) !== "… and 39950 more errors") throw new Error(moreErrorsLine(39950));
 * ```
 */
export function moreErrorsLine(more: number): string {
  return `… and ${more} more error${more === 1 ? "" : "s"}`;
}

/**
 * Orders errors as their inputs hold them: by file (in the order files first appear),
 * then device row, then line; an error without a device row or line after those with
 * one. One order for every collector of errors.
 */
export class InputOrder {
  readonly #files = new Map<string | undefined, number>();

  /** Notes an error's file (a file seen first sorts first). */
  see(e: NvsforgeError): void {
    const f = e.location?.file;
    if (!this.#files.has(f)) this.#files.set(f, this.#files.size);
  }

  /** Negative when `a` comes first (both must have been seen). */
  compare(a: NvsforgeError, b: NvsforgeError): number {
    return this.#files.get(a.location?.file)! - this.#files.get(b.location?.file)! ||
      // A library call's options before its records.
      (a.location?.option === undefined ? 1 : 0) - (b.location?.option === undefined ? 1 : 0) ||
      (a.location?.device ?? Infinity) - (b.location?.device ?? Infinity) ||
      (a.location?.line ?? Infinity) - (b.location?.line ?? Infinity) ||
      (a.location?.record ?? Infinity) - (b.location?.record ?? Infinity);
  }
}

/**
 * A warning: the input is accepted (as the reference accepts it) but is probably a mistake.
 *
 * @example
 * ```ts
 * import { formatWarning, type Warning } from "@nvsforge/nvsforge";
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
 * import { formatWarning } from "@nvsforge/nvsforge";
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
 * import { Diagnostics, NvsforgeError } from "@nvsforge/nvsforge/format";
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
    this.errors.push(new InputError(code, detail, location));
  }

  /** Records a warning, or an error under `strict` (the message then says how to accept it). */
  warn(code: ErrorCode, message: string, location?: SourceLocation): void {
    if (this.strict) {
      this.errors.push(
        new InputError(code, `${message} (an error under --strict)`, location),
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
  const order = new InputOrder();
  for (const e of errors) order.see(e);
  // Array.prototype.sort is stable: errors at the same place keep the order found.
  return [...errors].sort((a, b) => order.compare(a, b));
}

/**
 * The error hierarchy: {@linkcode NvsforgeError} and one class per kind of failure
 * (input, usage, output, interrupted, internal), the list of several errors
 * ({@linkcode NvsforgeErrors}, itself an error), and the exit status of any failure.
 *
 * @module
 */

import { type ErrorCode, type ErrorKind, ExitCode, listKind, type StopSignal } from "./codes.ts";
import { formatLocation, type SourceLocation } from "./location.ts";

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
  if (!(e instanceof NvsforgeError)) return ExitCode.INTERNAL;
  // A list: its kind is the most fundamental of its errors' (see KIND_ORDER).
  switch (e.kind) {
    case "input":
      return ExitCode.INPUT;
    case "usage":
      return ExitCode.USAGE;
    case "output":
      return ExitCode.OUTPUT;
    case "interrupted":
      return ExitCode.SIGINT;
    default:
      return ExitCode.INTERNAL;
  }
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

/**
 * Several errors found in one pass, reported together. The list is itself an
 * {@linkcode NvsforgeError} (code `many`, the most fundamental kind of its errors': a
 * usage error before an input error before an output error), so one `catch`
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
   * @param kind the list's kind, which decides its exit status (default: the most
   *   fundamental of the errors', see `KIND_ORDER`; give it when errors not
   *   kept were of another kind).
   */
  constructor(
    errors: readonly NvsforgeError[],
    total: number = errors.length,
    kind: ErrorKind = listKind(errors.map((e) => e.kind)),
  ) {
    const more = total - errors.length;
    super(
      "many",
      [...errors.map((e) => e.message), ...(more > 0 ? [moreErrorsLine(more)] : [])].join("\n"),
      undefined,
      kind,
    );
    this.name = "NvsforgeErrors";
    this.errors = errors;
    this.total = Math.max(total, errors.length);
  }

  /** The exit status: that of its kind, the most fundamental of its errors'. */
  override get exitCode(): number {
    return exitStatus(this);
  }
}

/**
 * The line that ends a list of errors of which only the first are shown.
 *
 * @example
 * ```ts
 * import { moreErrorsLine } from "../errors.ts";
 *
 * if (moreErrorsLine(39950) !== "… and 39950 more errors") throw new Error(moreErrorsLine(39950));
 * ```
 */
export function moreErrorsLine(more: number): string {
  return `… and ${more} more error${more === 1 ? "" : "s"}`;
}

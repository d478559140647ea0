/**
 * Errors as plain data (JSON-safe) and back, to cross a thread boundary: the one place
 * that (de)serialises failures.
 *
 * @module
 */

import type { ErrorCode, ErrorKind, StopSignal } from "./codes.ts";
import {
  InputError,
  InternalError,
  InterruptedError,
  NvsforgeError,
  NvsforgeErrors,
  OutputError,
  UsageError,
} from "./hierarchy.ts";
import type { SourceLocation } from "./location.ts";

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
export type FailureData = ErrorData | { many: ErrorData[]; total: number; kind?: ErrorKind };

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
 * import { failureFromData, failureToData, OutputError } from "../errors.ts";
 *
 * const data = JSON.parse(JSON.stringify(failureToData(new OutputError("write-failed", "x"))));
 * const back = failureFromData(data);
 * if (!(back instanceof OutputError) || back.exitCode !== 3) throw back;
 * if (failureFromData(failureToData(new TypeError("bug"))).exitCode !== 4) throw new Error("bug");
 * ```
 */
export function failureToData(e: unknown): FailureData {
  if (e instanceof NvsforgeErrors) {
    return { many: e.errors.map(errorToData), total: e.total, kind: e.kind };
  }
  if (e instanceof NvsforgeError) return errorToData(e);
  return {
    code: "internal",
    detail: e instanceof Error ? e.stack ?? e.message : String(e),
    kind: "internal",
  };
}

/** Plain data → the failure it was made from. */
export function failureFromData(f: FailureData): NvsforgeError | NvsforgeErrors {
  return "many" in f
    ? new NvsforgeErrors(f.many.map(errorFromData), f.total, f.kind)
    : errorFromData(f);
}

/**
 * Typed errors and warnings: every failure nvsforge reports carries a code, a location
 * (file, line, column or key, device row) and a one-line message. The pieces live in
 * `src/errors/` by concept; this module gathers them, so that importers need one path:
 *
 * - `codes.ts`: error codes, kinds of failure and the exit-status table ({@linkcode ExitCode});
 * - `location.ts`: locations and how messages quote values and file names;
 * - `hierarchy.ts`: {@linkcode NvsforgeError}, one class per kind, the error list
 *   {@linkcode NvsforgeErrors} and {@linkcode exitStatus};
 * - `diagnostics.ts`: warnings and the {@linkcode Diagnostics} collector;
 * - `thread_data.ts`: failures as plain data, to cross a thread boundary.
 *
 * @module
 */

export { type ErrorCode, type ErrorKind, ExitCode, type StopSignal } from "./errors/codes.ts";
export {
  describeSystemError,
  formatLocation,
  quote,
  QUOTE_MAX,
  quotePath,
  type SourceLocation,
} from "./errors/location.ts";
export {
  exitStatus,
  InputError,
  InternalError,
  InterruptedError,
  moreErrorsLine,
  NvsforgeError,
  NvsforgeErrors,
  OutputError,
  UsageError,
} from "./errors/hierarchy.ts";
export { Diagnostics, formatWarning, InputOrder, type Warning } from "./errors/diagnostics.ts";
export {
  type ErrorData,
  errorFromData,
  errorToData,
  type FailureData,
  failureFromData,
  failureToData,
} from "./errors/thread_data.ts";

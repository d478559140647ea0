/**
 * What a command's failure prints and the exit status it ends with, shared by the
 * commander program (main.ts) and the fast path (fast_path.ts): nvsforge's own errors as
 * one line each, anything else as a bug report.
 *
 * @module
 */

import { InternalError, NvsforgeError, NvsforgeErrors } from "../errors.ts";
import { ExitCode } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import { printError } from "./report.ts";

/** Prints a command's failure; returns its exit status. */
export function failureStatus(e: unknown): number {
  if (e instanceof InternalError) return internalError(e.detail);
  if (e instanceof NvsforgeError || e instanceof NvsforgeErrors) return printError(e);
  return internalError(e instanceof Error ? e.stack ?? e.message : String(e));
}

/** Prints a bug report (the only output with a stack trace); returns its exit status. */
function internalError(detail: string): number {
  rt.writeStderr(`internal error (a bug in nvsforge, please report it): ${detail}\n`);
  return ExitCode.INTERNAL;
}

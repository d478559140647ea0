/**
 * Terminal output of the commands: warnings and errors as one line each on standard
 * error, results on standard output.
 *
 * @module
 */

import { formatWarning, NvsforgeError, NvsforgeErrors } from "../errors.ts";
import type { Warning } from "../errors.ts";
import * as rt from "../runtime/mod.ts";

/** Prints warnings, one line each. */
export function printWarnings(warnings: readonly Warning[]): void {
  for (const w of warnings) rt.writeStderr(formatWarning(w) + "\n");
}

/** Prints a user-facing error (or several), one line each. Returns the exit status. */
export function printError(e: NvsforgeError | NvsforgeErrors): number {
  const list = e instanceof NvsforgeErrors ? e.errors : [e];
  for (const x of list) rt.writeStderr(`error: ${x.message}\n`);
  if (list.length > 1) rt.writeStderr(`${list.length} errors: nothing was written\n`);
  return e.exitCode;
}

/** Prints a result line. */
export function printResult(line: string): void {
  rt.writeStdout(line + "\n");
}

/** Prints a note (not a warning) on standard error. */
export function printNote(line: string): void {
  rt.writeStderr(`note: ${line}\n`);
}

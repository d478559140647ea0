/**
 * Command-line values checked by the library: the library reports a bad value as an
 * input error, and the command line, which took the value from its arguments, reports
 * it as a usage error (exit status 2). The mapping is here, not in the library.
 *
 * @module
 */

import { NvsforgeError, UsageError } from "../errors.ts";
import { checkPartitionSize } from "../format/size.ts";
import type { PartitionSize } from "../format/size.ts";

/** A usage error (code `usage`). */
export function usage(detail: string): UsageError {
  return new UsageError("usage", detail);
}

/** Runs a check of a command-line value; its error becomes a usage error. */
export function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw e instanceof NvsforgeError ? UsageError.from(e) : e;
  }
}

/**
 * Runs a library call whose options came from the command line: an error about one of
 * them (its location names the library's option) becomes a usage error that names the
 * command-line option instead, e.g. option `partition` → `--partition`.
 *
 * @param flags the library's option names and the command-line options they came from.
 * @param call the library call.
 */
export function withFlags<T>(flags: Readonly<Record<string, string>>, call: () => T): T {
  try {
    return call();
  } catch (e) {
    const option = e instanceof NvsforgeError ? e.location?.option : undefined;
    if (option === undefined || !Object.hasOwn(flags, option)) throw e;
    const error = e as NvsforgeError;
    throw new UsageError(error.code, error.detail, { ...error.location, option: flags[option] });
  }
}

/** The `<size>` argument, checked. */
export function sizeArgument(size: string | number): PartitionSize {
  return asUsage(() => checkPartitionSize(size));
}

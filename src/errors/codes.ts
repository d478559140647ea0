/**
 * The codes of problems, the kinds of failure and the one table from a kind to the
 * command line's exit status.
 *
 * @module
 */

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
 * The kinds of failure, most fundamental first: a list of errors of several kinds (a run
 * with a bad size, configuration errors and values errors) has the first of its kinds
 * here, and so its exit status. A bug first, then an interrupt; then the command line
 * (2: fix it first, the rest may follow from it), the input (1), the outputs (3).
 *
 * @example
 * ```ts
 * import { KIND_ORDER } from "./codes.ts";
 *
 * if (KIND_ORDER.indexOf("usage") > KIND_ORDER.indexOf("input")) throw new Error("order");
 * ```
 */
export const KIND_ORDER: readonly ErrorKind[] = [
  "internal",
  "interrupted",
  "usage",
  "input",
  "output",
];

/**
 * The kind of a list of errors: the most fundamental of theirs (see {@linkcode KIND_ORDER}),
 * input for none.
 *
 * @example
 * ```ts
 * import { listKind } from "./codes.ts";
 *
 * if (listKind(["input", "output", "usage"]) !== "usage") throw new Error("not usage");
 * if (listKind(["output", "input"]) !== "input") throw new Error("not input");
 * ```
 */
export function listKind(kinds: Iterable<ErrorKind>): ErrorKind {
  let best = KIND_ORDER.length;
  for (const k of kinds) best = Math.min(best, KIND_ORDER.indexOf(k));
  return KIND_ORDER[best] ?? "input";
}

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

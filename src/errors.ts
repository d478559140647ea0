/**
 * Typed errors and warnings: every failure nvsforge reports carries a code, a location
 * (file, line, column or key, device row) and a one-line message.
 *
 * The mapping from error kind to exit status lives here and nowhere else.
 *
 * @module
 */

/** Where in the inputs a problem was found. Every field is optional. */
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

/** What went wrong, as a stable machine-readable code. */
export type ErrorCode =
  | "csv-header"
  | "csv-row"
  | "key-too-long"
  | "key-empty"
  | "unknown-encoding"
  | "unknown-type"
  | "invalid-integer"
  | "integer-out-of-range"
  | "invalid-hex"
  | "invalid-base64"
  | "invalid-utf8"
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
  | "quirk";

/** The kind of failure: decides the process exit status. */
export type ErrorKind = "input" | "usage" | "output";

/**
 * Exit statuses of the command line, documented in the README.
 * 0 success; 1 invalid input; 2 invalid command line; 3 output could not be written;
 * 4 internal error (a bug: please report it).
 */
export const ExitCode = {
  OK: 0,
  INPUT: 1,
  USAGE: 2,
  OUTPUT: 3,
  INTERNAL: 4,
} as const;

/** Formats a location as `file:line: column "c": key "k": device row n` (parts omitted when unknown). */
export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return "";
  const parts: string[] = [];
  if (loc.file !== undefined) {
    parts.push(loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file);
  } else if (loc.line !== undefined) {
    parts.push(`line ${loc.line}`);
  }
  if (loc.device !== undefined) parts.push(`device row ${loc.device}`);
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  if (loc.key !== undefined) parts.push(`key "${loc.key}"`);
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
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

/** An error nvsforge reports to its user: never a bug, never shown with a stack trace. */
export class NvsforgeError extends Error {
  /** Stable code of the problem. */
  readonly code: ErrorCode;
  /** Where the problem is, when it comes from an input. */
  readonly location?: SourceLocation;
  /** Input, usage or output problem: decides the exit status. */
  readonly kind: ErrorKind;
  /** The message without its location prefix. */
  readonly detail: string;

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

/** Several input errors found in one pass, reported together. */
export class NvsforgeErrors extends Error {
  /** Every error, in input order. */
  readonly errors: readonly NvsforgeError[];

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

/** A warning: the input is accepted (as the reference accepts it) but is probably a mistake. */
export interface Warning {
  /** Stable code of the warning. */
  code: ErrorCode;
  /** What happens and what the user probably meant. */
  message: string;
  /** Where the input is. */
  location?: SourceLocation;
}

/** Formats a warning as one line. */
export function formatWarning(w: Warning): string {
  const where = formatLocation(w.location);
  return `warning: ${where ? `${where}: ` : ""}${w.message}`;
}

/**
 * Collects errors and warnings while a whole input is checked, so that every problem is
 * reported at once. With `strict`, warnings are recorded as errors.
 */
export class Diagnostics {
  readonly errors: NvsforgeError[] = [];
  readonly warnings: Warning[] = [];

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

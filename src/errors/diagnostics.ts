/**
 * Warnings, and the collector of every error and warning found in one pass over an
 * input, reported at once in input order.
 *
 * @module
 */

import type { ErrorCode } from "./codes.ts";
import { InputError, type NvsforgeError, NvsforgeErrors } from "./hierarchy.ts";
import { formatLocation, type SourceLocation } from "./location.ts";

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
        new InputError(code, `${message} (strict: a warning is an error)`, location),
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

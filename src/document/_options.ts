/**
 * Options objects of the library's functions: unknown names are refused, each with its
 * own error naming the option, instead of being silently ignored.
 *
 * @module
 */

import { NvsforgeError, NvsforgeErrors } from "../errors.ts";

/**
 * The errors for `options`' fields that are not in `known`: code `unknown-option`,
 * location `{ option }`.
 *
 * @param options the options object as given (may be undefined).
 * @param known the names the function takes.
 * @param fn the function's name, for messages.
 */
export function unknownOptions(
  options: object | undefined,
  known: readonly string[],
  fn: string,
): NvsforgeError[] {
  if (options === undefined) return [];
  if (typeof options !== "object" || options === null) {
    return [
      new NvsforgeError(
        "unknown-option",
        `the options of ${fn} must be an object, got ${options === null ? "null" : typeof options}`,
      ),
    ];
  }
  return Object.keys(options).filter((name) => !known.includes(name)).map((name) =>
    new NvsforgeError(
      "unknown-option",
      `unknown option${nearest(name, known)}: ${fn} takes ${known.map((k) => `"${k}"`).join(", ")}`,
      { option: name },
    )
  );
}

/**
 * Throws the errors of {@linkcode unknownOptions}, if any.
 *
 * @throws {NvsforgeError} one unknown option; an `NvsforgeErrors` for several.
 */
export function checkOptions(
  options: object | undefined,
  known: readonly string[],
  fn: string,
): void {
  const errors = unknownOptions(options, known, fn);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new NvsforgeErrors(errors);
}

function nearest(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase().replace(/[_-]/g, "");
  const hit = known.find((k) => k.toLowerCase() === lower) ??
    known.find((k) => distance(k.toLowerCase(), lower) <= 2);
  return hit ? ` (did you mean "${hit}"?)` : "";
}

/** Levenshtein distance of two short strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

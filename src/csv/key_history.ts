/**
 * The warnings the CSV path and the records path give alike: an empty key, and a key
 * written again in its namespace.
 *
 * @module
 */

import { formatLocation, quote } from "../errors.ts";
import type { Diagnostics, SourceLocation } from "../errors.ts";

/** Warns that a key is empty (code `key-empty`): the CSV path and the records path say it alike. */
export function warnEmptyKey(where: SourceLocation | undefined, d: Diagnostics): void {
  d.warn(
    "key-empty",
    "the key is empty: ESP-IDF's generator writes it, but firmware cannot read it back by name",
    where,
  );
}

/** Where a record is, in a message: `file:line`, or `records[i]`. */
function place(at: SourceLocation): string {
  if (at.file !== undefined || at.line !== undefined) {
    return formatLocation({ file: at.file, line: at.line });
  }
  return at.record !== undefined ? `records[${at.record}]` : "an earlier record";
}

/**
 * The keys written so far, per namespace: a key written again gets a warning (code
 * `quirk`) naming where it was first written. The CSV path and the records path share it.
 */
export class KeyHistory {
  readonly #seen = new Map<string, Map<string, SourceLocation>>();

  /** Records that `key` is written in `namespace` at `at`, warning when it was before. */
  see(namespace: string, key: string, at: SourceLocation | undefined, d: Diagnostics): void {
    let keys = this.#seen.get(namespace);
    if (!keys) this.#seen.set(namespace, keys = new Map());
    const before = keys.get(key);
    if (before) {
      d.warn(
        "quirk",
        `key ${quote(key)} is written again in namespace ${quote(namespace)} (first at ${
          place(before)
        }): the device keeps only the last value`,
        at,
      );
    } else keys.set(key, at ?? {});
  }
}

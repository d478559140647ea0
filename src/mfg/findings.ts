/**
 * Problems of a whole batch, kept readable when a master file has a million rows: the
 * first errors are kept (and all counted), and a warning that repeats on many devices
 * (the same key, the same kind) is shown a few times and then summarised.
 *
 * @module
 */

import { InputOrder, NvsforgeError, NvsforgeErrors } from "../errors.ts";
import type { ErrorKind } from "../errors.ts";
import { listKind } from "../errors/codes.ts";
import type { Warning } from "../errors.ts";

/** Errors shown at most, by default. */
export const MAX_ERRORS_SHOWN = 50;
/** Warnings shown per (kind, column), by default. */
export const MAX_WARNINGS_SHOWN = 3;

/**
 * Errors of a batch: all counted, the first ones in input order kept (errors arrive out
 * of order when devices are checked in worker threads).
 */
export class ErrorList {
  readonly #kept: NvsforgeError[] = [];
  readonly #order = new InputOrder();
  #count = 0;
  /** The kinds of every error counted (kept or not): they decide the exit status. */
  readonly #kinds = new Set<ErrorKind>();

  /**
   * Creates an empty list.
   *
   * @param limit how many errors are kept (all are counted).
   */
  constructor(readonly limit: number = MAX_ERRORS_SHOWN) {}

  /** Records errors. */
  add(...errors: NvsforgeError[]): void {
    for (const e of errors) {
      this.#count++;
      this.#kinds.add(e.kind);
      this.#order.see(e);
      let at = this.#kept.length;
      while (at > 0 && this.#order.compare(this.#kept[at - 1], e) > 0) at--;
      if (at >= this.limit) continue;
      this.#kept.splice(at, 0, e);
      if (this.#kept.length > this.limit) this.#kept.pop();
    }
  }

  /** How many errors were recorded. */
  get count(): number {
    return this.#count;
  }

  /**
   * Throws the errors when there is any: one error as itself, several together (the
   * last line saying how many more were found when some are not shown).
   */
  throwIfAny(): void {
    if (this.#count === 0) return;
    if (this.#count === 1) throw this.#kept[0];
    throw new NvsforgeErrors([...this.#kept], this.#count, listKind(this.#kinds));
  }
}

/** Warnings of a batch: a few of each kind shown, the rest counted. */
export class WarningDigest {
  readonly #shown: Warning[] = [];
  readonly #groups = new Map<string, { first: Warning; count: number }>();

  /**
   * Creates an empty digest.
   *
   * @param perGroup how many warnings of one kind and column are shown.
   */
  constructor(readonly perGroup: number = MAX_WARNINGS_SHOWN) {}

  /** Records a warning; returns it when it is to be shown now, else undefined. */
  add(w: Warning): Warning | undefined {
    const key = `${w.code}\u0000${w.location?.column ?? w.location?.key ?? ""}`;
    let g = this.#groups.get(key);
    if (!g) this.#groups.set(key, g = { first: w, count: 0 });
    g.count++;
    if (g.count <= this.perGroup) {
      this.#shown.push(w);
      return w;
    }
    return undefined;
  }

  /** The warnings shown so far. */
  get shown(): readonly Warning[] {
    return this.#shown;
  }

  /** One summary warning per group that had more than were shown. */
  summaries(): Warning[] {
    const out: Warning[] = [];
    for (const g of this.#groups.values()) {
      const more = g.count - this.perGroup;
      if (more <= 0) continue;
      const where = g.first.location?.column ?? g.first.location?.key;
      out.push({
        code: g.first.code,
        message: `the same kind of warning (${g.first.code}${
          where !== undefined ? `, column "${where}"` : ""
        }) for ${more} more device row${more === 1 ? "" : "s"}`,
        location: g.first.location?.file !== undefined
          ? { file: g.first.location.file }
          : undefined,
      });
    }
    return out;
  }
}

/**
 * Physical lines of mfg_gen's input CSVs, as the reference sees them before parsing:
 * Python's universal newlines (`\r\n`, `\r` and `\n` all end a line and become `\n`)
 * and the removal of every whitespace-only line (Python's `str.isspace()`), even one
 * inside a quoted multi-line value. Improvement: a UTF-8 byte-order mark at the start
 * is ignored (spreadsheets write one).
 *
 * The splitter is incremental, so a master file of any size can be read in chunks.
 *
 * @module
 */

// Python's str.isspace(): whitespace (bidirectional WS, B, S) and Zs characters; the
// information separators U+001C..U+001F are among them, on purpose.
// deno-lint-ignore no-control-regex
const PY_SPACE_ONLY = new RegExp(
  "^[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+$",
);

/**
 * Whether mfg_gen drops this line before parsing: Python's `line.isspace()`.
 *
 * @param line a physical line, with its `\n` when it has one.
 * @example
 * ```ts
 * import { isBlankLine } from "@nvsforge/nvsforge/mfg";
 * if (!isBlankLine(" \t\n") || !isBlankLine("\n") || isBlankLine("a\n")) throw new Error("blank?");
 * ```
 */
export function isBlankLine(line: string): boolean {
  return PY_SPACE_ONLY.test(line);
}

/**
 * Splits text fed in chunks into physical lines with Python's universal newlines. Each
 * line keeps its `\n`; the last line of the input may have none. A byte-order mark at
 * the very start is removed.
 *
 * @example
 * ```ts
 * import { LineSplitter } from "@nvsforge/nvsforge/mfg";
 * const s = new LineSplitter();
 * const lines = [...s.push("\uFEFFa,b\r"), ...s.push("\n1,2\r3"), ...s.end()];
 * if (lines.join("|") !== "a,b\n|1,2\n|3") throw new Error(JSON.stringify(lines));
 * ```
 */
export class LineSplitter {
  #rest = "";
  #start = true;

  /** Feeds a chunk of text; returns the lines it completes. */
  push(chunk: string): string[] {
    return [...this.lines(chunk)];
  }

  /**
   * Feeds a chunk of text; yields the lines it completes one at a time (no array of
   * them is built: a big chunk's lines die young).
   */
  *lines(chunk: string): Generator<string> {
    let text = this.#rest + chunk;
    if (this.#start && text.length > 0) {
      this.#start = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A trailing \r may be the first half of \r\n: keep it for the next chunk.
    let held = "";
    if (text.endsWith("\r")) {
      held = "\r";
      text = text.slice(0, -1);
    }
    if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
    let from = 0;
    for (;;) {
      const nl = text.indexOf("\n", from);
      if (nl < 0) break;
      yield text.slice(from, nl + 1);
      from = nl + 1;
    }
    this.#rest = text.slice(from) + held;
  }

  /** Ends the input; returns the last line (without `\n`), if any. */
  end(): string[] {
    let rest = this.#rest;
    this.#rest = "";
    if (rest.endsWith("\r")) rest = rest.slice(0, -1) + "\n";
    return rest === "" ? [] : [rest];
  }
}

/**
 * The physical lines of a whole text, numbered from 1, with whitespace-only lines
 * dropped (their numbers are kept by the others), as mfg_gen's working copies hold them.
 *
 * @example
 * ```ts
 * import { keptLines } from "@nvsforge/nvsforge/mfg";
 * const lines = keptLines("a\n\n  \nb");
 * const shown = lines.map((l) => `${l.line}:${l.text}`).join("|");
 * if (shown !== "1:a\n|4:b") throw new Error(JSON.stringify(shown));
 * ```
 */
export function keptLines(text: string): { text: string; line: number }[] {
  const s = new LineSplitter();
  const all = [...s.push(text), ...s.end()];
  const out: { text: string; line: number }[] = [];
  all.forEach((t, i) => {
    if (!isBlankLine(t)) out.push({ text: t, line: i + 1 });
  });
  return out;
}

/**
 * Findings as text: one line per finding, and keys quoted and escaped so that a hostile
 * key cannot rewrite a terminal line.
 *
 * @module
 */

import type { Finding, FindingPlace } from "./findings.ts";

/**
 * Quotes a key or namespace name for a message: JSON-style, with control characters,
 * bidirectional overrides and other invisible characters escaped, so that a hostile
 * key cannot rewrite a terminal line.
 *
 * @example
 * ```ts
 * import { quoteText } from "@nvsforge/nvsforge/format";
 *
 * if (quoteText('a"b\n') !== '"a\\"b\\n"') throw new Error(quoteText('a"b\n'));
 * ```
 */
export function quoteText(s: string): string {
  return `"${escapeText(s)}"`;
}

// Control characters are what this pattern is for.
const UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\\"\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]/g;

/**
 * Escapes a text for a terminal: backslash, double quote, C0 and C1 control characters,
 * line and paragraph separators, bidirectional and other invisible format characters
 * and lone surrogates become `\n`, `\t`, `\xNN` or `\u{NNNN}` escapes. Printable text,
 * including non-ASCII letters and emoji, is kept as it is.
 *
 * @example
 * ```ts
 * import { escapeText } from "@nvsforge/nvsforge/format";
 *
 * const escaped = escapeText("Grüße\t\u202e");
 * if (escaped !== "Grüße\\t\\u{202e}") throw new Error(escaped);
 * ```
 */
export function escapeText(s: string): string {
  return s.replace(UNSAFE, (c, offset: number) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      case "\0":
        return "\\0";
    }
    const code = c.charCodeAt(0);
    // A valid surrogate pair is printable text: keep it.
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = s.charCodeAt(offset + 1);
      if (next >= 0xdc00 && next <= 0xdfff) return c;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      const prev = s.charCodeAt(offset - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) return c;
    }
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u{${code.toString(16).padStart(4, "0")}}`;
  });
}

/** Where a finding is, as text: `page 2 entry 5: namespace "cfg": key "serial"`. */
export function formatPlace(f: FindingPlace): string {
  const parts: string[] = [];
  if (f.page !== undefined) {
    parts.push(f.entry !== undefined ? `page ${f.page} entry ${f.entry}` : `page ${f.page}`);
  }
  if (f.namespace !== undefined) parts.push(`namespace ${quoteText(f.namespace)}`);
  if (f.key !== undefined) parts.push(`key ${quoteText(f.key)}`);
  return parts.join(": ");
}

/**
 * Formats a finding as one line: `<severity>: <file>: <page/entry>: <key>: <message>`
 * (severity `info` is printed as `note`).
 *
 * @example
 * ```ts
 * import { formatFinding } from "@nvsforge/nvsforge/format";
 *
 * const line = formatFinding({
 *   code: "entry-crc",
 *   severity: "error",
 *   page: 1,
 *   entry: 7,
 *   key: "serial",
 *   message: "entry CRC does not match",
 * }, "nvs.bin");
 * if (line !== 'error: nvs.bin: page 1 entry 7: key "serial": entry CRC does not match') {
 *   throw new Error(line);
 * }
 * ```
 *
 * @param f the finding.
 * @param file the image's file name, printed after the severity when given.
 * @returns the line, without a line break.
 */
export function formatFinding(f: Finding, file?: string): string {
  const level = f.severity === "info" ? "note" : f.severity;
  const where = [file, formatPlace(f)].filter((x) => x).join(": ");
  return `${level}: ${where ? `${where}: ` : ""}${f.message}`;
}

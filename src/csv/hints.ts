/**
 * Hints for the commonest spreadsheet mistakes in a CSV, appended to the message of the
 * error they cause: a file separated by semicolons (a spreadsheet's CSV in a European
 * locale), and a header written with spaces after the commas.
 *
 * @module
 */

/**
 * `: …` saying the row is separated by semicolons, when its fields look so (fewer
 * fields than expected, a semicolon in one of them); else "".
 *
 * @example
 * ```ts
 * import { semicolonHint } from "./hints.ts";
 * if (!semicolonHint(["key;type;encoding;value"], 4).includes("semicolons")) throw new Error();
 * if (semicolonHint(["key", "type", "encoding", "value"], 4) !== "") throw new Error();
 * ```
 */
export function semicolonHint(fields: readonly string[], expected: number): string {
  if (fields.length >= expected || !fields.some((f) => f.includes(";"))) return "";
  return ": the file is separated by semicolons (as a spreadsheet saves CSV in some locales); the format separates columns with commas";
}

/**
 * `: …` saying the header's column for `name` has a leading (or trailing) space, when it
 * has one; else "".
 *
 * @example
 * ```ts
 * import { spacedColumnHint } from "./hints.ts";
 * const hint = spacedColumnHint(["serial", " dev_no"], "dev_no");
 * if (!hint.includes('" dev_no" has a leading space')) throw new Error(hint);
 * ```
 */
export function spacedColumnHint(header: readonly string[], name: string): string {
  const column = header.find((h) => h !== name && h.trim() === name);
  if (column === undefined) return "";
  const where = column.startsWith(" ") || column.startsWith("\t") ? "leading" : "trailing";
  return `: the header's column "${column}" has a ${where} space${
    where === "leading" ? " (a space after the comma)" : ""
  }: remove the spaces around the commas of the header`;
}

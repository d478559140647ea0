/**
 * Option spellings: ESP-IDF's tools use snake_case long options (`--prefix_num`,
 * `--key_protect_hmac`); nvsforge accepts those and kebab-case ones (`--prefix-num`).
 * Snake-case option names are rewritten to kebab-case before parsing; values and
 * positional arguments are left alone.
 *
 * @module
 */

/** Rewrites `--snake_case[=value]` option names to `--kebab-case[=value]`. */
export function normalizeOptionSpelling(argv: readonly string[]): string[] {
  const out: string[] = [];
  let afterDoubleDash = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (afterDoubleDash || !a.startsWith("--") || a === "--") {
      if (a === "--") afterDoubleDash = true;
      out.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    const rest = eq < 0 ? "" : a.slice(eq);
    out.push("--" + name.slice(2).replaceAll("_", "-") + rest);
  }
  return out;
}

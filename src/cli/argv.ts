/**
 * Option spellings: ESP-IDF's tools use snake_case long options (`--prefix_num`,
 * `--key_protect_hmac`); nvsforge accepts those and kebab-case ones (`--prefix-num`).
 * Snake-case option names are rewritten to kebab-case before parsing; values and
 * positional arguments are left alone.
 *
 * @module
 */

/** The root program's options that take a value, accepted anywhere on the command line. */
export const GLOBAL_OPTIONS = ["--file-root", "--error-format"] as const;

/**
 * Moves the global options (`--file-root DIR`, `--error-format FORMAT`, also written
 * with `=`) to the front, so that they are accepted after the command too
 * (`nvsforge generate … --file-root .`). Arguments after `--` stay where they are.
 * Expects kebab-case names ({@linkcode normalizeOptionSpelling} first).
 *
 * @example
 * ```ts
 * import { hoistGlobalOptions } from "./argv.ts";
 * const argv = hoistGlobalOptions(["nvs", "generate", "a.csv", "--file-root", ".", "a.bin"]);
 * if (argv.join(" ") !== "--file-root . nvs generate a.csv a.bin") throw new Error(argv.join(" "));
 * ```
 */
export function hoistGlobalOptions(argv: readonly string[]): string[] {
  const front: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const name = (GLOBAL_OPTIONS as readonly string[]).find((o) =>
      a === o || a.startsWith(o + "=")
    );
    if (name === undefined) rest.push(a);
    else if (a === name && i + 1 < argv.length) front.push(a, argv[++i]);
    else front.push(a);
  }
  return [...front, ...rest];
}

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

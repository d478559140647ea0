/**
 * Which command a command line names, found before parsing it, so that the program
 * defines (and loads the modules of) only that command: `nvsforge nvs generate …` loads
 * neither the reader nor encryption nor mass manufacturing.
 *
 * @module
 */

/** The root program's options that take a value (`--error-format github`). */
const ROOT_OPTIONS_WITH_VALUE = new Set(["--error-format", "--file-root"]);

/** The command words of a command line: `nvs generate` is `{ command: "nvs", sub: "generate" }`. */
export interface CommandPath {
  /** The first word after the root options; undefined when there is none. */
  command?: string;
  /** The word right after the command, when it is not an option. */
  sub?: string;
}

/**
 * The command words of `argv` (option names already normalised to kebab-case). Root
 * options come before the command (the program uses positional options), so the first
 * word that is neither an option nor an option's value is the command.
 */
export function commandPath(argv: readonly string[]): CommandPath {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") return {};
    if (ROOT_OPTIONS_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith("-")) continue;
    const next = argv[i + 1];
    return { command: a, sub: next === undefined || next.startsWith("-") ? undefined : next };
  }
  return {};
}

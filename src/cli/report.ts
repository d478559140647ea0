/**
 * Terminal output of the commands: warnings and errors as one line each on standard
 * error, results on standard output. With `--error-format github` (or
 * `NVSFORGE_ERROR_FORMAT=github`) errors and warnings are GitHub Actions workflow
 * commands (`::error file=…,line=…::…`), which the runner turns into annotations.
 *
 * @module
 */

import {
  exitStatus,
  formatWarning,
  moreErrorsLine,
  NvsforgeError,
  NvsforgeErrors,
} from "../errors.ts";
import type { SourceLocation, Warning } from "../errors.ts";
import * as rt from "../runtime/mod.ts";

/** How errors and warnings are printed. */
export type ErrorFormat = "text" | "github";

let format: ErrorFormat = rt.env("NVSFORGE_ERROR_FORMAT") === "github" ? "github" : "text";

/** Chooses how errors and warnings are printed. */
export function setErrorFormat(f: ErrorFormat): void {
  format = f;
}

const escapeData = (s: string) =>
  s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
const escapeProperty = (s: string) => escapeData(s).replaceAll(":", "%3A").replaceAll(",", "%2C");

/**
 * The path GitHub places an annotation on: relative to the workspace (`GITHUB_WORKSPACE`)
 * when the file is inside it, with `/` separators; else as given.
 */
export function annotationPath(
  file: string,
  workspace = rt.env("GITHUB_WORKSPACE"),
  cwd = rt.cwd(),
): string {
  if (!workspace) return file;
  const rel = rt.paths.relative(rt.paths.resolve(workspace), rt.paths.resolve(cwd, file));
  if (
    rel === "" || rel === ".." || rel.startsWith(".." + rt.paths.sep) || rt.paths.isAbsolute(rel)
  ) {
    return file;
  }
  return rel.split(rt.paths.sep).join("/");
}

/** A GitHub Actions workflow command for one finding. */
export function githubCommand(
  level: "error" | "warning",
  message: string,
  location?: SourceLocation,
): string {
  const props: string[] = [];
  if (location?.file !== undefined) {
    props.push(`file=${escapeProperty(annotationPath(location.file))}`);
  }
  if (location?.line !== undefined) props.push(`line=${location.line}`);
  props.push(`title=${escapeProperty(`nvsforge ${level}`)}`);
  return `::${level} ${props.join(",")}::${escapeData(message)}`;
}

/** Prints warnings, one line each. */
export function printWarnings(warnings: readonly Warning[]): void {
  for (const w of warnings) {
    rt.writeStderr(
      (format === "github"
        ? githubCommand("warning", formatWarning(w), w.location)
        : formatWarning(w)) +
        "\n",
    );
  }
}

/** Prints a user-facing error (or several), one line each. Returns the exit status. */
export function printError(e: NvsforgeError | NvsforgeErrors): number {
  const list = e instanceof NvsforgeErrors ? e.errors : [e];
  for (const x of list) {
    rt.writeStderr(
      (format === "github"
        ? githubCommand("error", x.message, x.location)
        : `error: ${x.message}`) +
        "\n",
    );
  }
  const total = e instanceof NvsforgeErrors ? e.total : 1;
  if (total > list.length) {
    const more = moreErrorsLine(total - list.length);
    rt.writeStderr((format === "github" ? githubCommand("error", more) : `error: ${more}`) + "\n");
  }
  if (total > 1) rt.writeStderr(`${total} errors: nothing was written\n`);
  return exitStatus(e);
}

/**
 * Prints one problem found by a check (`verify`): `<label>: <message>` as text, an error
 * annotation on the location's file and line with `--error-format github`.
 */
export function printProblem(label: string, message: string, location?: SourceLocation): void {
  rt.writeStderr(
    (format === "github" ? githubCommand("error", message, location) : `${label}: ${message}`) +
      "\n",
  );
}

/** Prints a result line. */
export function printResult(line: string): void {
  rt.writeStdout(line + "\n");
}

/** Prints a note (not a warning) on standard error. */
export function printNote(line: string): void {
  rt.writeStderr(`note: ${line}\n`);
}

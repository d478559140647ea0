/**
 * Path functions with one platform's rules, without loading `node:path` (whose first
 * load costs Deno some 15 ms): on POSIX, Node's own `path.posix` as published for
 * browsers (`path-browserify`); on Windows, `node:path`'s `win32` (see the hosts).
 *
 * @module
 */

import posixPath from "@bundled-es-modules/path-browserify";

/**
 * The path functions nvsforge uses, with the rules of one platform: node:path's `win32`
 * or `posix` object fits (tests pass `win32` to check the Windows rules on any host).
 */
export interface PathFlavour {
  /** Joins parts with the separator and normalizes (`..` applied). */
  join(...parts: string[]): string;
  /** An absolute path, each part resolved against the ones before it. */
  resolve(...parts: string[]): string;
  /** The directory part. */
  dirname(p: string): string;
  /** The last part. */
  basename(p: string, suffix?: string): string;
  /** The extension of the last part, with its dot, or "". */
  extname(p: string): string;
  /** Whether the path is absolute (on Windows also `\x`, rooted on the current drive). */
  isAbsolute(p: string): boolean;
  /** The path from one to the other ("" when the same; case-insensitive on Windows). */
  relative(from: string, to: string): string;
  /** The separator: "/" or "\\". */
  readonly sep: string;
}

/**
 * POSIX path functions; `resolve` and `relative` resolve against `cwd()` (the
 * browser build has no current directory of its own).
 */
export function posixPaths(cwd: () => string): PathFlavour {
  const p = posixPath as PathFlavour;
  return {
    join: p.join,
    resolve: (...parts) => p.resolve(cwd(), ...parts),
    dirname: p.dirname,
    basename: p.basename,
    extname: p.extname,
    isAbsolute: p.isAbsolute,
    relative: (from, to) => p.relative(p.resolve(cwd(), from), p.resolve(cwd(), to)),
    sep: "/",
  };
}

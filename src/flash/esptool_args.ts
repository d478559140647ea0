/**
 * esptool argument files: the text esptool reads for an `@file` argument, as ESP-IDF's
 * build writes `flash_args`. esptool (4.x and 5.x) replaces `@file` with the file's
 * lines, each split as a POSIX shell splits words (Python's `shlex.split`), and opens the
 * paths relative to its current directory. So the file holds plain
 * `ADDRESS PATH` lines for the parts written as they are and, last, one
 * `--encrypt-files ADDRESS PATH` line for the parts written with flash encryption (last,
 * because the option takes every pair after it). It has no comments: `#` would reach
 * esptool as an argument.
 *
 * Run it from the output directory: `esptool write-flash @flash/<name>.args` (esptool 5)
 * or `esptool.py write_flash @flash/<name>.args` (esptool 4, where `--encrypt-files`
 * already exists with this spelling). Both refuse `--encrypt-files` on a chip without
 * flash encryption enabled unless `--ignore-flash-encryption-efuse-setting` is given.
 *
 * @module
 */

import type { FlashPart } from "./layout.ts";

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes a word as Python's `shlex.quote` does, so that `shlex.split` gives it back.
 *
 * @example
 * ```ts
 * import { shellQuote } from "@nvsforge/nvsforge/flash";
 * if (shellQuote("bin/dev-1.bin") !== "bin/dev-1.bin") throw new Error("quoted a plain path");
 * if (shellQuote("bin/it's here.bin") !== `'bin/it'"'"'s here.bin'`) throw new Error("quote");
 * ```
 */
export function shellQuote(word: string): string {
  if (word !== "" && SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** An address as esptool reads it: `0x` and lower-case hex. */
function address(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * The text of a device's esptool argument file.
 *
 * @example
 * ```ts
 * import { esptoolArgs } from "@nvsforge/nvsforge/flash";
 *
 * const text = esptoolArgs([
 *   { partition: "nvs", offset: 0x9000, size: 0x6000, path: "bin/dev-7.bin", sha256: "", encrypt: false },
 *   { partition: "nvs_keys", offset: 0x10000, size: 0x1000, path: "keys/keys-dev-7.bin", sha256: "", encrypt: true },
 * ]);
 * if (text !== "0x9000 bin/dev-7.bin\n--encrypt-files 0x10000 keys/keys-dev-7.bin\n") {
 *   throw new Error(text);
 * }
 * ```
 *
 * @param parts the device's parts, paths relative to the directory esptool runs in.
 * @returns the file's text: one line per plain part, then the encrypted ones.
 */
export function esptoolArgs(parts: readonly FlashPart[]): string {
  const byOffset = [...parts].sort((a, b) => a.offset - b.offset);
  const plain = byOffset.filter((p) => !p.encrypt);
  const encrypted = byOffset.filter((p) => p.encrypt);
  let text = "";
  for (const p of plain) text += `${address(p.offset)} ${shellQuote(p.path)}\n`;
  if (encrypted.length) {
    text += `--encrypt-files ${
      encrypted.map((p) => `${address(p.offset)} ${shellQuote(p.path)}`).join(" ")
    }\n`;
  }
  return text;
}

/**
 * The names of a device's files, as mfg_gen builds them: `<prefix>-<id>` where `<id>`
 * is the `--fileid` column's value or the device's number (1, 2, 3...), and with
 * `--prefix_num START DIGITS` a counter between them, `<prefix>-<counter>-<id>`, zero
 * padded to DIGITS (it simply grows wider once it outgrows them).
 *
 * The files: `csv/<name>.csv`, `bin/<name>.bin` and, with `--keygen`,
 * `keys/keys-<name>.bin` (and `keys/hmac-keys-<name>.bin` with `--kp_hmac_keygen`).
 *
 * @module
 */

import { quote } from "../errors.ts";
import { utf8Length } from "../format/writer.ts";

/**
 * `--prefix_num START DIGITS`: a counter in each device's name.
 *
 * @example
 * ```ts
 * import { generateBatch, type PrefixNum } from "@nvsforge/nvsforge/mfg";
 *
 * const prefixNum: PrefixNum = { start: 7n, digits: 3 };
 * const config = "n,namespace,\nk,data,u8\n";
 * const devices = [...generateBatch(config, "k\n1\n2\n", { prefix: "p", size: 0x3000, prefixNum })];
 * const names = devices.map((d) => d.name).join();
 * if (names !== "p-007-1,p-008-2") throw new Error(names);
 * ```
 */
export interface PrefixNum {
  /** The first device's counter. */
  start: bigint;
  /** The counter's minimum width; shorter counters get leading zeros. */
  digits: number;
}

/**
 * Parses the two values of `--prefix_num`: non-negative decimal integers.
 *
 * @returns the counter settings, or a message saying what is wrong.
 * @example
 * ```ts
 * import { parsePrefixNum } from "@nvsforge/nvsforge/mfg";
 * const p = parsePrefixNum("7", "4");
 * if (typeof p !== "object" || p.start !== 7n || p.digits !== 4) throw new Error(String(p));
 * if (typeof parsePrefixNum("-1", "4") !== "string") throw new Error("-1 was accepted");
 * ```
 */
export function parsePrefixNum(start: string, digits: string): PrefixNum | string {
  const s = start.trim();
  const w = digits.trim();
  if (!/^\d+$/.test(s)) return `START must be a non-negative integer, got "${start}"`;
  if (!/^\d+$/.test(w) || Number(w) > 64) {
    return `DIGITS must be an integer from 0 to 64, got "${digits}"`;
  }
  return { start: BigInt(s), digits: Number(w) };
}

/** The longest file name most file systems accept, in bytes. */
const NAME_MAX = 255;
/** What a temporary name adds: `.` before, `.xxxxxxxx.tmp` after. */
const TEMP_OVERHEAD = 14;

/** Names devices and their files. */
export class DeviceNamer {
  readonly #prefix: string;
  readonly #prefixNum?: PrefixNum;

  /**
   * Creates a namer for one batch.
   *
   * @param prefix the file name prefix (the `prefix` argument).
   * @param prefixNum the counter of `--prefix_num`, if given.
   */
  constructor(prefix: string, prefixNum?: PrefixNum) {
    this.#prefix = prefix;
    this.#prefixNum = prefixNum;
  }

  /**
   * The device's id: the `--fileid` value, or its 1-based number among the rows.
   */
  id(index: number, fileidValue: string | undefined): string {
    return fileidValue ?? String(index);
  }

  /**
   * The base name of the device's files.
   *
   * @param index 1-based device number.
   * @param id the device's id (see {@linkcode DeviceNamer.id}).
   * @example
   * ```ts
   * import { DeviceNamer } from "@nvsforge/nvsforge/mfg";
   * const n = new DeviceNamer("unit", { start: 98n, digits: 2 });
   * if (n.name(3, "mac3") !== "unit-100-mac3") throw new Error(n.name(3, "mac3"));
   * if (new DeviceNamer("dev").name(2, "2") !== "dev-2") throw new Error("wrong name");
   * ```
   */
  name(index: number, id: string): string {
    if (!this.#prefixNum) return `${this.#prefix}-${id}`;
    const counter = (this.#prefixNum.start + BigInt(index - 1)).toString()
      .padStart(this.#prefixNum.digits, "0");
    return `${this.#prefix}-${counter}-${id}`;
  }
}

/** The files of one device, relative to the output directory (with `/`). */
export interface DeviceFileNames {
  /** `csv/<name>.csv`. */
  csv: string;
  /** `bin/<name>.bin`. */
  bin: string;
  /** `keys/keys-<name>.bin`. */
  keys: string;
  /** `keys/hmac-keys-<name>.bin`. */
  hmacKey: string;
}

/** The relative paths of a device's files. */
export function deviceFiles(name: string): DeviceFileNames {
  return {
    csv: `csv/${name}.csv`,
    bin: `bin/${name}.bin`,
    keys: `keys/keys-${name}.bin`,
    hmacKey: `keys/hmac-keys-${name}.bin`,
  };
}

/**
 * Why `name` cannot name a device's files, or undefined when it can: no path
 * separator, no control character (NUL, newline, tab...), and short enough for the
 * longest file name built from it (`withKeys`: key files are written too) with its
 * temporary suffix. With `windows`, none of the characters Windows refuses in file
 * names either (`<>:"|?*`: a MAC address as `--fileid` would otherwise fail midway, or
 * write an NTFS alternate data stream).
 *
 * @example
 * ```ts
 * import { nameProblem } from "@nvsforge/nvsforge/mfg";
 * if (nameProblem("dev-AA:BB:CC", false) !== undefined) throw new Error("fine on POSIX");
 * if (!nameProblem("dev-AA:BB:CC", false, true)?.includes('":"')) throw new Error("Windows");
 * ```
 */
export function nameProblem(
  name: string,
  withKeys: boolean,
  windows = false,
): string | undefined {
  if (/[/\\]/.test(name)) return `the file name ${quote(name)} would contain a path separator`;
  const refused = windows ? /[<>:"|?*]/.exec(name) : null;
  if (refused) {
    return `the file name ${quote(name)} would contain "${
      refused[0]
    }", which Windows does not allow in file names`;
  }
  // deno-lint-ignore no-control-regex
  const control = /[\x00-\x1f\x7f]/.exec(name);
  if (control) {
    return `the file name ${quote(name)} would contain the control character ${
      JSON.stringify(control[0])
    }`;
  }
  const longest = utf8Length(name) + (withKeys ? "hmac-keys-".length : 0) + ".bin".length;
  if (longest + TEMP_OVERHEAD > NAME_MAX) {
    return `the file name ${
      quote(name)
    } is too long: file systems accept names of at most ${NAME_MAX} bytes`;
  }
  return undefined;
}

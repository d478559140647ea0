/**
 * mfg_gen's configuration CSV: one row per namespace (`name,namespace,`) and per key
 * (`key,type,encoding` with an optional fourth column `REPEAT`), no header. Read as
 * the reference reads it (whitespace-only lines dropped, Python's CSV parsing), checked
 * once for the whole batch: every problem is recorded, with its line.
 *
 * Differences from mfg_gen: `i16` is accepted (mfg_gen's list omits it, though the
 * generator supports it); encodings are case-insensitive, as in `nvs generate`; a UTF-8
 * byte-order mark is ignored. Rejected where mfg_gen writes images the device cannot
 * use: keys and namespace names longer than 15 bytes, key rows before the first
 * namespace row, more than 254 namespaces.
 *
 * @module
 */

import type { Diagnostics, SourceLocation } from "../errors.ts";
import { quote } from "../errors.ts";
import { PythonCsvParser } from "../csv/python_csv.ts";
import { floatNotEnabled, isFloatEncoding } from "../csv/records.ts";
import { LIMITS } from "../format/layout.ts";
import { utf8Length } from "../format/writer.ts";
import { keptLines } from "./lines.ts";
import { semicolonHint } from "../csv/hints.ts";

/** The encodings a configuration row may name (mfg_gen's list, plus `i16`). */
export const MFG_ENCODINGS = [
  "u8",
  "i8",
  "u16",
  "i16",
  "u32",
  "i32",
  "u64",
  "i64",
  "string",
  "hex2bin",
  "base64",
  "binary",
] as const;

/** The row types of a configuration row. */
export const MFG_TYPES = ["data", "file", "namespace"] as const;

/** The marker of a key whose value is the same on every device. */
export const REPEAT = "REPEAT";

/**
 * One row of the configuration.
 *
 * @example
 * ```ts
 * import { type ConfigEntry, Diagnostics, parseConfig } from "@nvsforge/nvsforge/mfg";
 *
 * const text = "dev,namespace,\nhw_rev,data,u8,REPEAT\n";
 * const [ns, rev]: ConfigEntry[] = parseConfig(text, "config.csv", new Diagnostics()).entries;
 * if (ns.kind !== "namespace" || ns.key !== "dev" || ns.line !== 1) throw new Error("namespace");
 * if (rev.kind !== "key" || rev.encoding !== "u8" || !rev.repeat || rev.line !== 2) {
 *   throw new Error("key row");
 * }
 * if (rev.fields.join() !== "hw_rev,data,u8") throw new Error(rev.fields.join());
 * ```
 */
export interface ConfigEntry {
  /** A namespace row or a key row. */
  kind: "namespace" | "key";
  /** The key, or the namespace's name. */
  key: string;
  /** `data`, `file` or `namespace`, as written. */
  type: string;
  /** The encoding as written (for a namespace row: its third column, normally empty). */
  encoding: string;
  /** The key's value is taken from the first device row for every device. */
  repeat: boolean;
  /** 1-based line of the configuration file. */
  line: number;
  /** The columns a device CSV repeats before the value: the row without `REPEAT`. */
  fields: string[];
}

/**
 * A checked configuration.
 *
 * @example
 * ```ts
 * import { Diagnostics, type MfgConfig, parseConfig } from "@nvsforge/nvsforge/mfg";
 *
 * const text = "dev,namespace,\nserial,data,string\nwifi,namespace,\nssid,data,string\n";
 * const config: MfgConfig = parseConfig(text, "config.csv", new Diagnostics());
 * // The master values file needs one column per key row: serial and ssid.
 * if (config.entries.length !== 4 || config.keys.map((k) => k.key).join() !== "serial,ssid") {
 *   throw new Error("unexpected configuration");
 * }
 * ```
 */
export interface MfgConfig {
  /** The file name, for messages. */
  file: string;
  /** Every row, in order. */
  entries: ConfigEntry[];
  /** The key rows, in order (each needs a column of the master values file). */
  keys: ConfigEntry[];
}

/** Levenshtein distance, for "did you mean" hints on short words. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/**
 * ` (did you mean "x"?)` for a near miss among `choices`, a note on the space for a
 * choice with spaces around it, else "".
 */
export function didYouMean(word: string, choices: readonly string[]): string {
  const w = word.trim().toLowerCase();
  if (w !== word.toLowerCase() && choices.some((c) => c.toLowerCase() === w)) {
    // A spreadsheet's "a, b, c": the word is right but for the spaces around it.
    const where = word !== word.trimStart() ? "leading" : "trailing";
    return ` (it has a ${where} space: the columns are separated by commas alone, write "${word.trim()}")`;
  }
  let best: string | undefined;
  let bestD = 3;
  for (const c of choices) {
    const dd = distance(w, c.toLowerCase());
    if (dd < bestD) {
      bestD = dd;
      best = c;
    }
  }
  return best !== undefined && best !== word ? ` (did you mean "${best}"?)` : "";
}

/**
 * Reads and checks a configuration CSV. Problems go to `diagnostics`; the returned
 * configuration holds the rows that could be read.
 *
 * @param text the file's content, decoded as UTF-8.
 * @param file the file's name, for messages.
 * @param diagnostics where errors and warnings go.
 * @param options `float`: accept nvsforge's own `float` and `double` encodings, which
 *   mfg_gen rejects (refused by default).
 * @returns the configuration.
 * @example
 * ```ts
 * import { Diagnostics, parseConfig } from "@nvsforge/nvsforge/mfg";
 *
 * const d = new Diagnostics();
 * const c = parseConfig("dev,namespace,\nserial,data,string\nrev,data,u8,REPEAT\n", "c.csv", d);
 * if (d.errors.length !== 0 || c.keys.length !== 2 || !c.keys[1].repeat) {
 *   throw new Error("unexpected configuration");
 * }
 *
 * // Problems are recorded, with their line, not thrown.
 * const bad = new Diagnostics();
 * parseConfig("dev,namespace,\nrev,data,u9\n", "c.csv", bad);
 * const [error] = bad.errors;
 * if (error?.code !== "unknown-encoding" || error.location?.line !== 2) {
 *   throw new Error(error?.message);
 * }
 * ```
 */
export function parseConfig(
  text: string,
  file: string,
  diagnostics: Diagnostics,
  options: { float?: boolean } = {},
): MfgConfig {
  const d = diagnostics;
  const parser = new PythonCsvParser();
  const records: { fields: string[]; line: number }[] = [];
  const lines = keptLines(text);
  for (const l of lines) {
    const r = parser.feedLine(l.text, l.line);
    if (r) records.push(r);
  }
  const end = parser.end(lines.at(-1)?.line ?? 0);
  if (end.record) {
    d.error("csv-row", "a quoted field is never closed: it runs to the end of the file", {
      file,
      line: end.record.line,
    });
  }

  const config: MfgConfig = { file, entries: [], keys: [] };
  if (records.length === 0) {
    d.error(
      "csv-row",
      "the configuration file is empty: expected rows such as `name,namespace,` and `key,data,u8`",
      { file },
    );
    return config;
  }
  const namespaces = new Set<string>();
  let reportedNoNamespace = false;
  for (const r of records) {
    const at: SourceLocation = { file, line: r.line };
    const f = r.fields;
    const key = f[0] ?? "";
    if (f.length < 3) {
      const hint = key.startsWith("#")
        ? ": mfg_gen configuration files have no comment lines"
        : f[1] === "namespace"
        ? ": a namespace row is `name,namespace,` (with the trailing comma)"
        : semicolonHint(f, 3);
      d.error(
        "csv-row",
        `the row has ${f.length} column${
          f.length === 1 ? "" : "s"
        }: expected key,type,encoding (or name,namespace,)${hint}`,
        at,
      );
      continue;
    }
    let repeat = false;
    if (f.length === 4) {
      if (f[3] === REPEAT) repeat = true;
      else {
        const hint = f[3].trim().toUpperCase() === REPEAT ? ` (write it exactly "${REPEAT}")` : "";
        d.error(
          "csv-row",
          `the fourth column is ${quote(f[3])}: it may only be ${REPEAT}${hint}`,
          { ...at, key },
        );
        continue;
      }
    } else if (f.length > 4) {
      d.error(
        "csv-row",
        `the row has ${f.length} columns: expected key,type,encoding with an optional fourth column ${REPEAT}`,
        { ...at, key },
      );
      continue;
    }
    const type = f[1];
    if (!(MFG_TYPES as readonly string[]).includes(type)) {
      d.error(
        "unknown-type",
        `type ${quote(type)} is not one of ${MFG_TYPES.join(", ")}${didYouMean(type, MFG_TYPES)}`,
        { ...at, key },
      );
      continue;
    }
    if (type === "namespace") {
      if (repeat) {
        d.error("csv-row", `${REPEAT} applies to keys, not to a namespace row`, { ...at, key });
        continue;
      }
      checkName(key, "namespace name", at, d);
      if (!namespaces.has(key)) {
        namespaces.add(key);
        if (namespaces.size === LIMITS.namespaceMax + 1) {
          d.error(
            "too-many-namespaces",
            `namespace ${
              quote(key)
            } is namespace number ${namespaces.size}: an NVS partition holds at most ${LIMITS.namespaceMax} namespaces`,
            { ...at, key },
          );
        }
      }
      config.entries.push({
        kind: "namespace",
        key,
        type,
        encoding: f[2],
        repeat: false,
        line: r.line,
        fields: f.slice(0, 3),
      });
      continue;
    }
    const encoding = f[2];
    if (isFloatEncoding(encoding.toLowerCase()) && !options.float) {
      d.error("unknown-encoding", floatNotEnabled(encoding), { ...at, key });
      continue;
    }
    if (
      !(MFG_ENCODINGS as readonly string[]).includes(encoding.toLowerCase()) &&
      !isFloatEncoding(encoding.toLowerCase())
    ) {
      const fill = /^blob(_sz)?_fill/i.test(encoding.trim())
        ? ": the blob_fill encodings are for nvs generate CSVs, mfg_gen does not accept them"
        : didYouMean(encoding, MFG_ENCODINGS);
      d.error(
        "unknown-encoding",
        `encoding ${quote(encoding)} is not one of ${MFG_ENCODINGS.join(", ")}${fill}`,
        { ...at, key },
      );
      continue;
    }
    checkName(key, "key", at, d);
    if (namespaces.size === 0 && !reportedNoNamespace) {
      reportedNoNamespace = true;
      d.error(
        "no-namespace",
        "key row before the first namespace row: start the file with a row `<name>,namespace,` (ESP-IDF cannot find keys that belong to no namespace)",
        { ...at, key },
      );
    }
    const entry: ConfigEntry = {
      kind: "key",
      key,
      type,
      encoding,
      repeat,
      line: r.line,
      fields: f.slice(0, 3),
    };
    config.entries.push(entry);
    config.keys.push(entry);
  }
  return config;
}

function checkName(name: string, what: string, at: SourceLocation, d: Diagnostics): void {
  if (name === "") {
    d.error("key-empty", `the ${what} is empty`, at);
    return;
  }
  const n = utf8Length(name);
  if (n > LIMITS.keyMaxBytes) {
    d.error(
      "key-too-long",
      `${what} is ${n} bytes long: NVS keys and namespace names are at most ${LIMITS.keyMaxBytes} bytes`,
      { ...at, key: name },
    );
  }
}

/**
 * The part of a configuration with problems that can still check a master file: without
 * the rows that had an error, without the keys of a namespace whose row had one (or of
 * no namespace), and without namespaces past the limit. Its keys' values can be checked
 * as usual; the others' columns are then metadata. Without errors, the configuration
 * itself.
 *
 * @param config the configuration {@linkcode parseConfig} returned.
 * @param errors the errors it recorded (their lines name the rows).
 * @returns the rows a master file can be checked against.
 * @example
 * ```ts
 * import { checkableConfig, parseConfig } from "./config.ts";
 * import { Diagnostics } from "../errors.ts";
 *
 * const d = new Diagnostics();
 * const text = "dev,namespace,\nserial,data,string\nkey_of_more_than_15,data,u8\n";
 * const config = parseConfig(text, "c.csv", d);
 * const keys = checkableConfig(config, d.errors).keys.map((k) => k.key).join();
 * if (d.errors.length !== 1 || keys !== "serial") throw new Error(keys);
 * ```
 */
export function checkableConfig(
  config: MfgConfig,
  errors: readonly { location?: SourceLocation }[],
): MfgConfig {
  if (errors.length === 0) return config;
  const bad = new Set(errors.map((e) => e.location?.line));
  const out: MfgConfig = { file: config.file, entries: [], keys: [] };
  const namespaces = new Set<string>();
  let usable = false;
  for (const e of config.entries) {
    if (e.kind === "namespace") {
      usable = !bad.has(e.line) &&
        (namespaces.has(e.key) || namespaces.size < LIMITS.namespaceMax);
      if (!usable) continue;
      namespaces.add(e.key);
      out.entries.push(e);
    } else if (usable && !bad.has(e.line)) {
      out.entries.push(e);
      out.keys.push(e);
    }
  }
  return out;
}

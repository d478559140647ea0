/**
 * `nvsforge edit <image.bin> <output.bin> [--set NS:KEY=ENCODING:VALUE]... [--erase
 * NS:KEY]... [--from-csv rows.csv] [--inputkey F]`: reads an image (decrypting it with
 * the key), applies the changes and writes a new image of the same size, laid out as
 * `nvs generate` lays out the same records, encrypted again with the same key when the
 * input was. Changes apply in this order: the rows of `--from-csv`, each `--set`, each
 * `--erase`. Every value is checked as a CSV row is; nothing is written on any error.
 *
 * @module
 */

import type { Command } from "commander";
import { readNvsCsv, rowsToRecords } from "../csv/mod.ts";
import type { NvsCsvRow } from "../csv/nvs_csv.ts";
import { encryptPartition, parseImage } from "../crypto/mod.ts";
import {
  describeSystemError,
  Diagnostics,
  InputError,
  NvsforgeError,
  NvsforgeErrors,
  quote,
} from "../errors.ts";
import type { Warning } from "../errors.ts";
import { editRecords } from "../format/edit.ts";
import type { RecordChange } from "../format/edit.ts";
import type { NvsRecord } from "../format/items.ts";
import { recordsFromPartition } from "../format/reader.ts";
import { checkPartitionSize } from "../format/size.ts";
import { layoutPartition, validateRecords } from "../format/writer.ts";
import { readKeyFile } from "../key_files.ts";
import * as rt from "../runtime/mod.ts";
import { IMAGE_MAX_BYTES, readCsvFiles, readValueFile } from "./inputs.ts";
import { checkBinExtension, OutputSet, targetPath } from "./output.ts";
import { printResult, printWarnings } from "./report.ts";
import { usage } from "./usage.ts";

/** Options of `edit`, as commander gives them. */
export interface EditOptions {
  /** `--set NS:KEY=ENCODING:VALUE`, in order. */
  set?: string[];
  /** `--erase NS:KEY`, in order. */
  erase?: string[];
  /** `--from-csv rows.csv`: a generator CSV whose data and file rows are set. */
  fromCsv?: string;
  /** `--inputkey F`: the image is encrypted with these keys. */
  inputkey?: string;
  /** `--strict`: warnings are errors. */
  strict?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds `edit` to the command line. */
export function addEditCommand(program: Command): void {
  program.command("edit")
    .description(
      "Change keys of an NVS partition image: set or erase values, write a new image of the same size (encrypted again with the same key)",
    )
    .argument(
      "<image.bin>",
      "the image to edit (a generated image or a partition dumped from flash)",
    )
    .argument("<output.bin>", "the new image (may be the input itself: it is replaced whole)")
    .option(
      "--set <NS:KEY=ENCODING:VALUE>",
      "set a key (repeatable): any encoding of the generator CSV, float and double included",
      collect,
    )
    .option(
      "--erase <NS:KEY>",
      "erase a key (repeatable); a key that does not exist is an error",
      collect,
    )
    .option("--from-csv <rows.csv>", "set every data and file row of this generator CSV")
    .option(
      "--inputkey <file>",
      "the image is encrypted: decrypt with, and encrypt again with, these keys",
    )
    .option("--strict", "treat warnings about probable mistakes as errors")
    .action((image: string, output: string, opts: EditOptions) => edit(image, output, opts));
}

/** Splits `NS:KEY` at its first colon. */
function splitNamespaceKey(text: string, option: string, example: string): [string, string] {
  const colon = text.indexOf(":");
  if (colon <= 0) {
    throw usage(`${option} ${quote(text)} must be written ${example}`);
  }
  return [text.slice(0, colon), text.slice(colon + 1)];
}

/** The CSV rows of the `--set` options: a namespace row and a data row each. */
function setRows(sets: readonly string[]): NvsCsvRow[] {
  const rows: NvsCsvRow[] = [];
  const example = "NS:KEY=ENCODING:VALUE, for example --set factory:serial=string:NF-0001";
  sets.forEach((text, i) => {
    const [namespace, rest] = splitNamespaceKey(text, "--set", example);
    const eq = rest.indexOf("=");
    const colon = rest.indexOf(":", eq + 1);
    if (eq <= 0 || colon < 0) throw usage(`--set ${quote(text)} must be written ${example}`);
    const at = { file: "--set", line: i + 1 };
    rows.push({ ...at, key: namespace, type: "namespace", encoding: "", value: "" });
    rows.push({
      ...at,
      key: rest.slice(0, eq),
      type: "data",
      encoding: rest.slice(eq + 1, colon),
      value: rest.slice(colon + 1),
    });
  });
  return rows;
}

/** Records (namespace records, then entries) → set changes. */
function setChanges(records: readonly NvsRecord[], d: Diagnostics): RecordChange[] {
  const changes: RecordChange[] = [];
  let namespace: string | undefined;
  for (const r of records) {
    if (r.kind === "namespace") namespace = r.name;
    else if (namespace === undefined) {
      d.error("no-namespace", "a row to set before the first namespace row: which namespace?", {
        ...r.source,
        key: r.key,
      });
    } else changes.push({ kind: "set", namespace, entry: r, source: r.source });
  }
  return changes;
}

function readImage(file: string): Uint8Array {
  try {
    return rt.readRegularFile(file, IMAGE_MAX_BYTES);
  } catch (e) {
    throw new InputError("file-unreadable", `cannot read image: ${describeSystemError(e)}`, {
      file,
    });
  }
}

function readKey(file: string, onWarning: (w: Warning) => void): Uint8Array {
  return readKeyFile(file, "key-partition", onWarning).keys64;
}

/**
 * Runs `edit`.
 *
 * @throws {NvsforgeError|NvsforgeErrors} usage errors (exit 2), every input error at once
 *   (exit 1), or an output error (exit 3); nothing is written then.
 */
export function edit(input: string, output: string, options: EditOptions): void {
  checkBinExtension(output);
  const target = targetPath(undefined, output);
  const warnings: Warning[] = [];
  try {
    const sets = setRows(options.set ?? []);
    const erases = (options.erase ?? []).map((text, i): RecordChange => {
      const [namespace, key] = splitNamespaceKey(
        text,
        "--erase",
        "NS:KEY, for example --erase factory:old_key",
      );
      return { kind: "erase", namespace, key, source: { file: "--erase", line: i + 1 } };
    });
    if (sets.length === 0 && erases.length === 0 && options.fromCsv === undefined) {
      throw usage("nothing to change: give --set, --erase or --from-csv");
    }
    const keys = options.inputkey === undefined
      ? undefined
      : readKey(options.inputkey, (w) => warnings.push(w));
    const bytes = readImage(input);
    const size = checkPartitionSize(bytes.length);
    const parsed = parseImage(bytes, { keys });
    const broken = parsed.findings.filter((f) => f.severity === "error");
    if (broken.length > 0) {
      throw new InputError(
        "check-failed",
        `the image has ${broken.length} integrity error${
          broken.length > 1 ? "s" : ""
        } (the first: ${broken[0].message}): edit rewrites only images that read cleanly${
          keys === undefined ? " (an encrypted image needs --inputkey)" : ""
        }; nvsforge inspect lists them`,
        { file: input },
      );
    }

    const d = new Diagnostics(options.strict ?? false);
    const rows: NvsCsvRow[] = [];
    if (options.fromCsv !== undefined) {
      for (const f of readCsvFiles([options.fromCsv], d)) {
        for (const row of readNvsCsv(f.text, f.name, d)) rows.push(row);
      }
    }
    const csvChanges = setChanges(
      rowsToRecords(rows, { readFile: readValueFile, diagnostics: d, float: true }),
      d,
    );
    const setChangesFromOptions = setChanges(
      rowsToRecords(sets, { readFile: readValueFile, diagnostics: d, float: true }),
      d,
    );
    // Every problem at once: the values (as the writer checks them), then the erases.
    const changes = [...csvChanges, ...setChangesFromOptions, ...erases];
    const values = new Diagnostics();
    validateRecords(
      changes.flatMap((c): NvsRecord[] =>
        c.kind === "set" ? [{ kind: "namespace", name: c.namespace }, c.entry] : []
      ),
      parsed.version ?? 2,
      values,
    );
    for (const e of values.errors) d.errors.push(e);
    let records: NvsRecord[] = [];
    try {
      records = editRecords(recordsFromPartition(parsed), changes);
    } catch (e) {
      if (e instanceof NvsforgeErrors) { for (const x of e.errors) d.errors.push(x); }
      else if (e instanceof NvsforgeError) d.errors.push(e);
      else throw e;
    }
    d.throwIfAny();
    const version = parsed.version ?? 2; // an image without pages written: the default
    const { image } = layoutPartition(records, { size, version, diagnostics: d });
    for (const w of d.warnings) warnings.push(w);
    const out = new OutputSet();
    out.add(target, keys === undefined ? image : encryptPartition(image, { keys }));
    out.commit();
    const n = csvChanges.length + setChangesFromOptions.length + erases.length;
    printResult(`Edited NVS binary (${n} change${n === 1 ? "" : "s"}): ===> ${target}`);
  } catch (e) {
    if (
      e instanceof NvsforgeError && !(e instanceof NvsforgeErrors) && e.kind === "input" &&
      e.location === undefined
    ) {
      throw new InputError(e.code, e.detail, { file: input });
    }
    throw e;
  } finally {
    printWarnings(warnings);
  }
}

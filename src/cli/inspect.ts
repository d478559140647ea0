/**
 * `nvsforge inspect <image.bin> [--inputkey F | --hmac-key F] [--format table|json|csv]
 * [--all] [--partition NAME] [--partition-table-offset N] [--offset N --size N]`: reads an
 * NVS partition image (generated, dumped from a device's flash, or taken out of a full
 * flash dump),
 * lists its values, checks its integrity, or turns it back into the generator CSV that
 * regenerates it.
 *
 * Exit status: 0 when the image is clean, 1 when the check found something (each
 * finding one line on standard error, or in the JSON), 2 when the input cannot be read
 * as an NVS partition at all (or the command line is wrong).
 *
 * @module
 */

import { IMAGE_MAX_BYTES, KEY_FILE_MAX_BYTES } from "./inputs.ts";
import { Command, Option } from "commander";
import { deriveKeysFromHmacKey, parseImage, parseKeyFile } from "../crypto/mod.ts";
import { NvsforgeError, UsageError } from "../errors.ts";
import type { ErrorCode, Warning } from "../errors.ts";
import { describeSystemError as describe } from "../errors.ts";
import { stringifyCsv, toHex } from "../csv/stringify.ts";
import type { BlobEncoding } from "../csv/stringify.ts";
import { countFindings, escapeText, formatFinding, isClean } from "../format/findings.ts";
import type { Finding } from "../format/findings.ts";
import { type FloatValue, formatFloat } from "../format/float.ts";
import type { FloatType } from "../format/layout.ts";
import { recordsFromPartition } from "../format/reader.ts";
import type {
  EntryInfo,
  NamespaceInfo,
  NvsItem,
  PageInfo,
  ParsedPartition,
} from "../format/reader.ts";
import * as rt from "../runtime/mod.ts";
import { githubCommand, printNote, printWarnings } from "./report.ts";
import { nvsFromInput } from "./dump.ts";
import { addDumpOptions } from "./factory_options.ts";
import type { DumpCliOptions } from "./dump.ts";

/** Output formats of `inspect`. */
export type InspectFormat = "table" | "json" | "csv";

/** The options of `inspect`, as commander gives them. */
export interface InspectOptions extends DumpCliOptions {
  /** `--inputkey F`: decrypt with the XTS keys in F (key partition or 64 bytes). */
  inputkey?: string;
  /** `--hmac-key F`: decrypt with the XTS keys derived from the 32-byte HMAC key in F. */
  hmacKey?: string;
  /** `--format`: table (default), json or csv. */
  format?: InspectFormat;
  /** `--all`: also list every entry (erased, superseded, invalid) and the pages. */
  all?: boolean;
  /** `--blob-encoding`: how `--format csv` writes blobs (hex2bin or base64). */
  blobEncoding?: BlobEncoding;
  /** `--error-format` of the root command: `github` prints findings as annotations. */
  errorFormat?: string;
}

/** The error code of "the check found something" (exit status 1). */
const CHECK_FAILED: ErrorCode = "check-failed";

/** The schema name and version of `--format json`. */
export const INSPECT_JSON_SCHEMA = "nvsforge-inspect/1";

function usage(detail: string): NvsforgeError {
  return new UsageError("usage", detail);
}

/** An error that means "cannot be read as an NVS partition at all": exit status 2. */
function unreadable(e: unknown, file: string): unknown {
  if (!(e instanceof NvsforgeError)) return e;
  return new UsageError(e.code, e.detail, e.location ?? { file });
}

function readInput(file: string, what: string, maxBytes = KEY_FILE_MAX_BYTES): Uint8Array {
  try {
    return rt.readRegularFile(file, maxBytes);
  } catch (e) {
    throw new NvsforgeError("file-unreadable", `cannot read ${what}: ${describe(e)}`, { file });
  }
}

/**
 * Adds `inspect` to the command line.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addInspectCommand } from "./inspect.ts";
 *
 * const program = new Command("nvsforge");
 * addInspectCommand(program);
 * if (!program.commands.some((c) => c.name() === "inspect")) throw new Error("not registered");
 * ```
 */
export function addInspectCommand(program: Command): void {
  const c = program.command("inspect")
    .description(
      "Read an NVS partition image (generated, or dumped from flash): list its values, check its integrity, or write the CSV that regenerates it",
    )
    .argument("<image.bin>", "the partition image, or a full flash dump")
    .option(
      "--inputkey <file>",
      "decrypt first with the keys in this file (NVS key partition or 64 bytes)",
    )
    .option("--hmac-key <file>", "decrypt first with the keys derived from this 32-byte HMAC key")
    .addOption(
      new Option("--format <format>", "table: readable; json: for programs; csv: generator CSV")
        .choices(["table", "json", "csv"]).default("table"),
    )
    .option("--all", "also list the pages and every entry: erased, superseded and invalid ones")
    .addOption(
      new Option("--blob-encoding <encoding>", "how --format csv writes blobs")
        .choices(["hex2bin", "base64"]).default("hex2bin"),
    );
  addDumpOptions(c)
    .action((image: string, opts: InspectOptions, cmd: Command) =>
      inspect(image, { ...opts, errorFormat: cmd.optsWithGlobals().errorFormat })
    );
}

/**
 * Runs `inspect`: prints the image's contents in the chosen format and its findings.
 *
 * @throws {NvsforgeError} kind `usage` (exit 2) when the input cannot be read as an NVS
 *   partition or the options are wrong; kind `input` (exit 1) when the check found
 *   errors or warnings, or the CSV cannot represent a value.
 */
export function inspect(file: string, options: InspectOptions): void {
  const format = options.format ?? "table";
  if (options.inputkey !== undefined && options.hmacKey !== undefined) {
    throw usage("--inputkey and --hmac-key exclude each other: give one");
  }
  if (options.all && format === "csv") {
    throw usage("--all lists entries in the table and json formats: the CSV holds live values");
  }
  const warnings: Warning[] = [];
  let parsed: ParsedPartition;
  try {
    let keys: Uint8Array | undefined;
    if (options.inputkey !== undefined) {
      const bytes = readInput(options.inputkey, "key file");
      keys = parseKeyFile(bytes, options.inputkey, (w) => warnings.push(w));
    } else if (options.hmacKey !== undefined) {
      keys = deriveKeysFromHmacKey(readInput(options.hmacKey, "HMAC key file"), options.hmacKey);
    }
    const input = nvsFromInput(
      readInput(file, "image", IMAGE_MAX_BYTES),
      file,
      options,
      (w) => warnings.push(w),
    );
    if (!keys && input.dumpKeys) {
      printNote("decrypting with the keys of the dump's key partition");
      keys = input.dumpKeys;
    }
    parsed = parseImage(input.image, { keys });
  } catch (e) {
    throw unreadable(e, file);
  } finally {
    printWarnings(warnings);
  }

  const github = (options.errorFormat ?? rt.env("NVSFORGE_ERROR_FORMAT")) === "github";
  if (format === "json") {
    rt.writeStdout(JSON.stringify(partitionToJson(parsed, file, options.all), null, 2) + "\n");
  } else {
    printFindings(parsed.findings, file, github);
    if (format === "table") rt.writeStdout(renderTable(parsed, file, options.all));
    else {
      const csvWarnings: Warning[] = [];
      const text = stringifyCsv(recordsFromPartition(parsed), {
        blobEncoding: options.blobEncoding,
        onWarning: (w) => csvWarnings.push({ ...w, location: { file, ...w.location } }),
      });
      printWarnings(csvWarnings);
      rt.writeStdout(text);
    }
  }
  if (!isClean(parsed.findings)) {
    throw new NvsforgeError(CHECK_FAILED, `the check found ${describeCounts(parsed.findings)}`, {
      file,
    });
  }
}

function describeCounts(findings: readonly Finding[]): string {
  const n = countFindings(findings);
  const parts: string[] = [];
  if (n.errors) parts.push(`${n.errors} error${n.errors > 1 ? "s" : ""}`);
  if (n.warnings) parts.push(`${n.warnings} warning${n.warnings > 1 ? "s" : ""}`);
  return parts.join(" and ");
}

function printFindings(findings: readonly Finding[], file: string, github: boolean): void {
  for (const f of findings) {
    const line = formatFinding(f, file);
    rt.writeStderr(
      (github && f.severity !== "info" ? githubCommand(f.severity, line, { file }) : line) + "\n",
    );
  }
}

// --- table ----------------------------------------------------------------------------

/** Strings longer than this many characters are abbreviated in the table. */
const TABLE_STRING_MAX = 64;
/** Bytes of a blob shown in the table. */
const TABLE_BLOB_MAX = 24;

/** A key or name for the table: as it is when plain, quoted and escaped otherwise. */
function displayName(s: string | undefined): string {
  if (s === undefined) return "-";
  const escaped = escapeText(s);
  return s === "" || escaped !== s || /\s/.test(s) ? `"${escaped}"` : s;
}

function displayBytes(b: Uint8Array): string {
  if (b.length === 0) return "0 bytes";
  const shown = toHex(b.subarray(0, TABLE_BLOB_MAX));
  return `${b.length} byte${b.length > 1 ? "s" : ""}: ${shown}${
    b.length > TABLE_BLOB_MAX ? "…" : ""
  }`;
}

function displayString(s: string): string {
  const chars = [...s];
  if (chars.length <= TABLE_STRING_MAX) return `"${escapeText(s)}"`;
  const bytes = new TextEncoder().encode(s).length;
  return `"${escapeText(chars.slice(0, TABLE_STRING_MAX).join(""))}…" (${bytes} bytes)`;
}

/** Whether an entry's value is a float or double with its bits. */
function isFloatValue(value: EntryInfo["value"]): value is FloatValue {
  return typeof value === "object" && "bits" in value;
}

/** A float or double as text, its bits beside it: `0.1 (bits 3dcccccd)`. */
function displayFloat(f: FloatValue, type: FloatType): string {
  return `${formatFloat(f.value, type)} (bits ${f.bits})`;
}

/**
 * A value for the table: integers in decimal, floats as the shortest decimal that reads
 * back to the same bits (with the bits), strings quoted and escaped, blobs in hex.
 */
export function displayValue(value: EntryInfo["value"], type?: string): string {
  if (value === undefined) return "?";
  if (typeof value === "string") return displayString(value);
  if (value instanceof Uint8Array) return displayBytes(value);
  if (isFloatValue(value)) return displayFloat(value, type === "float" ? "float" : "double");
  if (typeof value === "object") {
    return `index: ${value.totalSize} bytes in ${value.chunkCount} chunk${
      value.chunkCount === 1 ? "" : "s"
    } from ${value.chunkStart}`;
  }
  return String(value);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c]))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

function namespaceLabel(item: { namespace?: string; namespaceIndex: number }): string {
  return item.namespace !== undefined
    ? displayName(item.namespace)
    : `(index ${item.namespaceIndex})`;
}

/**
 * The readable listing: a summary line, then one row per live value (namespace, key,
 * type, value); with `all`, the pages and every entry with its page, entry and status.
 */
export function renderTable(parsed: ParsedPartition, file: string, all = false): string {
  const pagesUsed = parsed.pages.filter((p) => p.order !== undefined).length;
  const nsCount = parsed.namespaces.length;
  const summary = `${escapeText(file)}: ${parsed.pages.length} page${
    parsed.pages.length > 1 ? "s" : ""
  } (${pagesUsed} in use)${parsed.version ? `, format version ${parsed.version}` : ""}${
    parsed.decrypted ? ", decrypted" : ""
  }; ${parsed.items.length} item${parsed.items.length === 1 ? "" : "s"} in ${nsCount} namespace${
    nsCount === 1 ? "" : "s"
  }\n`;
  const items = parsed.items.length === 0 ? "" : table(
    ["NAMESPACE", "KEY", "TYPE", "VALUE"],
    parsed.items.map((i) => [
      namespaceLabel(i),
      displayName(i.key),
      i.type,
      i.type === "float" || i.type === "double" ? displayFloat(i, i.type) : displayValue(i.value),
    ]),
  );
  if (!all) return summary + items;
  const pages = table(
    ["PAGE", "STATE", "SEQUENCE", "VERSION", "ORDER", "WRITTEN", "ERASED", "EMPTY"],
    parsed.pages.map((p) => [
      String(p.index),
      p.state,
      p.sequenceNumber === undefined ? "-" : String(p.sequenceNumber),
      p.version === undefined ? "-" : String(p.version),
      p.order === undefined ? "-" : String(p.order),
      String(p.written),
      String(p.erased),
      String(p.empty),
    ]),
  );
  const entries = parsed.entries.length === 0 ? "" : table(
    ["PAGE", "ENTRY", "STATUS", "NAMESPACE", "KEY", "TYPE", "SPAN", "CHUNK", "VALUE"],
    parsed.entries.map((e) => [
      String(e.page),
      String(e.entry),
      e.crcValid ? e.status : `${e.status} (CRC)`,
      e.namespaceIndex === 0 ? "(namespaces)" : namespaceLabel(e),
      displayName(e.key),
      e.type === "unknown" ? `0x${e.typeCode.toString(16).padStart(2, "0")}` : e.type,
      String(e.span),
      e.chunkIndex === 0xff ? "-" : String(e.chunkIndex),
      e.crcValid ? displayValue(e.value, e.type) : "?",
    ]),
  );
  return [summary + items, pages, entries].filter((s) => s).join("\n");
}

// --- JSON -----------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A value for JSON: 64-bit integers as decimal strings, bytes as hex, floats as the
 * shortest decimal text that reads back to the same bits (a string: `-0`, `inf` and
 * `nan` are not JSON numbers).
 */
function jsonValue(value: EntryInfo["value"], type?: string): Json {
  if (value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return toHex(value);
  if (isFloatValue(value)) return formatFloat(value.value, type === "float" ? "float" : "double");
  if (typeof value === "object") return { ...value };
  return value;
}

function itemJson(i: NvsItem): Json {
  const out: { [key: string]: Json } = {
    namespace: i.namespace ?? null,
    namespaceIndex: i.namespaceIndex,
    key: i.key,
    type: i.type,
    value: i.type === "float" || i.type === "double"
      ? formatFloat(i.value, i.type)
      : jsonValue(i.value),
  };
  if (i.type === "float" || i.type === "double") out.bits = i.bits;
  if (i.type === "string") out.size = new TextEncoder().encode(i.value).length + 1;
  if (i.type === "blob") {
    out.size = i.value.length;
    out.layout = i.layout;
    if (i.chunkStart !== undefined) out.chunkStart = i.chunkStart;
    if (i.chunks) out.chunks = i.chunks.map((c) => ({ ...c }));
  }
  out.page = i.page;
  out.entry = i.entry;
  return out;
}

function pageJson(p: PageInfo): Json {
  const out: { [key: string]: Json } = {
    index: p.index,
    state: p.state,
    stateValue: p.stateValue,
  };
  if (p.sequenceNumber !== undefined) out.sequenceNumber = p.sequenceNumber;
  if (p.versionValue !== undefined) out.versionValue = p.versionValue;
  if (p.version !== undefined) out.version = p.version;
  if (p.headerCrcValid !== undefined) out.headerCrcValid = p.headerCrcValid;
  out.order = p.order ?? null;
  out.written = p.written;
  out.erased = p.erased;
  out.empty = p.empty;
  return out;
}

function namespaceJson(n: NamespaceInfo): Json {
  return { name: n.name, index: n.index, items: n.items, page: n.page, entry: n.entry };
}

function entryJson(e: EntryInfo): Json {
  return {
    page: e.page,
    entry: e.entry,
    state: e.state,
    status: e.status,
    namespaceIndex: e.namespaceIndex,
    namespace: e.namespace ?? null,
    key: e.key,
    type: e.type,
    typeCode: e.typeCode,
    span: e.span,
    chunkIndex: e.chunkIndex,
    crcValid: e.crcValid,
    value: jsonValue(e.value, e.type),
    ...(isFloatValue(e.value) ? { bits: e.value.bits } : {}),
  };
}

/**
 * The `--format json` document (schema {@linkcode INSPECT_JSON_SCHEMA}): the image's
 * size and version, whether it is clean, counts of findings, pages, namespaces, live
 * items (64-bit integers as decimal strings, blobs as hex), every entry with `all`, and
 * the findings.
 */
export function partitionToJson(parsed: ParsedPartition, file: string, all = false): Json {
  const counts = countFindings(parsed.findings);
  const out: { [key: string]: Json } = {
    schema: INSPECT_JSON_SCHEMA,
    file,
    size: parsed.size,
    version: parsed.version ?? null,
    decrypted: parsed.decrypted,
    clean: isClean(parsed.findings),
    summary: { ...counts },
    pages: parsed.pages.map(pageJson),
    namespaces: parsed.namespaces.map(namespaceJson),
    items: parsed.items.map(itemJson),
  };
  if (all) out.entries = parsed.entries.map(entryJson);
  out.findings = parsed.findings.map((f) => ({ ...f }));
  return out;
}

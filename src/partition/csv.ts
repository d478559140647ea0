/**
 * Partition tables in CSV form (`partitions.csv`), read as ESP-IDF's `gen_esp32part.py`
 * reads them: `# Name, Type, SubType, Offset, Size, Flags` columns split at commas and
 * trimmed, `#` comments and blank lines skipped, numbers as Python's `int(text, 0)` with
 * an optional `K` or `M` suffix (×1024, ×1024²), types and subtypes by name or number,
 * flags `encrypted` and `readonly` joined by `:`. An empty offset is computed: the end of
 * the previous partition (the first one starts after the table's 4 KiB sector, 0x9000
 * for a table at 0x8000), rounded up to 64 KiB for app partitions and 4 KiB for all
 * others. A negative size means "up to this address", as in `gen_esp32part.py`.
 *
 * @module
 */

import { Diagnostics } from "../errors.ts";
import type { SourceLocation } from "../errors.ts";
import { parsePythonIntLiteral } from "../format/size.ts";
import {
  DEFAULT_TABLE_OFFSET,
  hexOf,
  offsetAlignment,
  PARTITION_SUBTYPES,
  PARTITION_TYPES,
  PartitionKind,
  TABLE_SECTOR_SIZE,
} from "./table.ts";
import type { PartitionEntry, PartitionTable } from "./table.ts";
import { checkTable } from "./check.ts";

/** Options of {@linkcode parsePartitionCsv}. */
export interface PartitionCsvOptions {
  /** The file name, for messages. */
  file?: string;
  /** Where the table itself sits in flash (default 0x8000): partitions start after it. */
  tableOffset?: number;
  /** Collects errors and warnings; without it, errors are thrown and warnings dropped. */
  diagnostics?: Diagnostics;
}

const COLUMNS = ["Name", "Type", "SubType", "Offset", "Size", "Flags"] as const;
const VARIABLE = /(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * A number of a table field: `int(text, 0)` with an optional K/M suffix, or undefined.
 *
 * @example
 * ```ts
 * import { parseTableNumber } from "@nvsforge/nvsforge/partition";
 * if (parseTableNumber("24K") !== 24576n || parseTableNumber("0x1_000") !== 4096n) throw new Error();
 * if (parseTableNumber("1M") !== 1048576n || parseTableNumber("12Q") !== undefined) throw new Error();
 * ```
 */
export function parseTableNumber(text: string): bigint | undefined {
  const t = text.trim();
  const last = t.slice(-1).toLowerCase();
  if (last === "k" || last === "m") {
    const v = parseTableNumber(t.slice(0, -1));
    return v === undefined ? undefined : v * (last === "k" ? 1024n : 1024n * 1024n);
  }
  return t === "" ? undefined : parsePythonIntLiteral(t);
}

interface Pending extends Omit<PartitionEntry, "offset" | "size"> {
  offset?: number;
  size: number;
}

/**
 * Reads a partition table from CSV text and computes every empty offset.
 *
 * @example
 * ```ts
 * import { parsePartitionCsv } from "@nvsforge/nvsforge/partition";
 *
 * const table = parsePartitionCsv(
 *   "# Name, Type, SubType, Offset, Size, Flags\n" +
 *     "nvs,      data, nvs,      ,        24K,\n" +
 *     "phy_init, data, phy,      ,        4K,\n" +
 *     "factory,  app,  factory,  ,        1M,\n" +
 *     "nvs_keys, data, nvs_keys, ,        4K, encrypted\n",
 * );
 * const placed = table.entries.map((p) => `${p.name}@0x${p.offset.toString(16)}`).join(" ");
 * if (placed !== "nvs@0x9000 phy_init@0xf000 factory@0x10000 nvs_keys@0x110000") {
 *   throw new Error(placed);
 * }
 * if (!table.entries[3].encrypted) throw new Error("flag lost");
 * ```
 *
 * @param text the CSV text (a UTF-8 byte-order mark is ignored).
 * @param options file name for messages, the table's own offset.
 * @returns the table, offsets filled in.
 * @throws {NvsforgeError} code "partition-table", naming line and column; every problem
 *   of the table at once ({@linkcode NvsforgeErrors}) when there are several.
 */
export function parsePartitionCsv(
  text: string,
  options: PartitionCsvOptions = {},
): PartitionTable {
  const d = options.diagnostics ?? new Diagnostics();
  const before = d.errors.length;
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const pending: Pending[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const entry = parseLine(line, i + 1, options.file, d);
    if (entry) pending.push(entry);
  });
  if (d.errors.length === before) {
    placeEntries(pending, options.tableOffset ?? DEFAULT_TABLE_OFFSET, options.file, d);
  }
  const entries = pending as PartitionEntry[];
  if (d.errors.length === before) {
    checkTable(entries, options.tableOffset ?? DEFAULT_TABLE_OFFSET, options.file, d);
  }
  if (!options.diagnostics) d.throwIfAny();
  return { format: "csv", entries };
}

function parseLine(
  line: string,
  lineNo: number,
  file: string | undefined,
  d: Diagnostics,
): Pending | undefined {
  const where = (column: string): SourceLocation => ({ file, line: lineNo, column });
  const variable = VARIABLE.exec(line);
  if (variable) {
    d.error(
      "partition-table",
      `"$${
        variable[1]
      }": environment variables are not expanded in a partition table; write the value itself`,
      { file, line: lineNo },
    );
    return undefined;
  }
  const fields = (line + ",,,,").split(",").map((f) => f.trim());
  const [name, typeText, subtypeText, offsetText, sizeText, flagsText] = fields;
  const errorsBefore = d.errors.length;
  const fail = (column: (typeof COLUMNS)[number], detail: string) =>
    d.error("partition-table", detail, where(column));

  if (name === "") fail("Name", "a partition needs a name");
  else if (new TextEncoder().encode(name).length > 16) {
    fail("Name", `"${name}" is longer than 16 bytes, the most a partition label holds`);
  }
  const type = keywordOrNumber(typeText, PARTITION_TYPES);
  if (typeText === "") fail("Type", "the type is empty: expected app, data or a number");
  else if (type === undefined || type < 0 || type > 0xfe) {
    fail(
      "Type",
      `cannot read "${typeText}" as a partition type: expected ${
        Object.keys(PARTITION_TYPES).join(", ")
      } or a number from 0 to 0xFE`,
    );
  }
  let subtype: number | undefined = PARTITION_SUBTYPES[PartitionKind.DATA].undefined;
  if (subtypeText === "") {
    if (type === PartitionKind.APP) fail("SubType", "an app partition needs a subtype");
  } else if (type !== undefined) {
    const names = PARTITION_SUBTYPES[type] ?? {};
    subtype = keywordOrNumber(subtypeText, names);
    if (subtype === undefined || subtype < 0 || subtype > 0xff) {
      const known = Object.keys(names);
      fail(
        "SubType",
        `cannot read "${subtypeText}" as a subtype of ${typeText}: expected ${
          known.length ? `${known.join(", ")} or ` : ""
        }a number from 0 to 0xFF`,
      );
    }
  }
  let offset: number | undefined;
  if (offsetText !== "") {
    const v = parseTableNumber(offsetText);
    if (v === undefined || v < 0n || v >= 1n << 32n) {
      fail(
        "Offset",
        `cannot read "${offsetText}" as an offset: expected a number such as 0x9000 or 36K, or nothing to place it after the previous partition`,
      );
    } else offset = Number(v);
  }
  let size = 0;
  if (sizeText === "") fail("Size", "the size is empty: expected a number such as 0x6000 or 24K");
  else {
    const v = parseTableNumber(sizeText);
    if (v === undefined || v === 0n || v >= 1n << 32n || v <= -(1n << 32n)) {
      fail("Size", `cannot read "${sizeText}" as a size: expected a number such as 0x6000 or 24K`);
    } else size = Number(v);
  }
  let encrypted = false;
  let readonly = false;
  for (const flag of flagsText.split(":").map((f) => f.trim())) {
    if (flag === "encrypted") encrypted = true;
    else if (flag === "readonly") readonly = true;
    else if (flag !== "") {
      fail("Flags", `unknown flag "${flag}": expected encrypted or readonly, joined by ":"`);
    }
  }
  if (d.errors.length !== errorsBefore) return undefined;
  return { name, type: type!, subtype: subtype!, offset, size, encrypted, readonly, line: lineNo };
}

function keywordOrNumber(text: string, keywords: Readonly<Record<string, number>>) {
  const v = parseTableNumber(text);
  if (v !== undefined) return v > 0xffn || v < 0n ? -1 : Number(v);
  return keywords[text.toLowerCase()];
}

function placeEntries(
  entries: Pending[],
  tableOffset: number,
  file: string | undefined,
  d: Diagnostics,
): void {
  let lastEnd = tableOffset + TABLE_SECTOR_SIZE;
  let first = true;
  for (const e of entries) {
    const where = { file, line: e.line, column: "Offset" };
    if (e.type === PartitionKind.BOOTLOADER || e.type === PartitionKind.PARTITION_TABLE) {
      // These describe regions before the first partition; they need explicit numbers.
      if (e.offset === undefined) {
        d.error("partition-table", "a bootloader or partition_table entry needs its offset", where);
      }
      if (e.size < 0) e.size = -e.size - (e.offset ?? 0);
      continue;
    }
    if (e.offset !== undefined && e.offset < lastEnd) {
      d.error(
        "partition-table",
        first
          ? `offset ${hexOf(e.offset)} overlaps the partition table at ${
            hexOf(tableOffset)
          } (it occupies the whole sector up to ${hexOf(lastEnd)})`
          : `offset ${hexOf(e.offset)} overlaps the previous partition, which ends at ${
            hexOf(lastEnd)
          }`,
        where,
      );
      return;
    }
    if (e.offset === undefined) {
      const align = offsetAlignment(e.type);
      e.offset = Math.ceil(lastEnd / align) * align;
    }
    if (e.size < 0) {
      e.size = -e.size - e.offset;
      if (e.size <= 0) {
        d.error(
          "partition-table",
          `a negative size means "up to this address", but ${
            hexOf(e.offset + e.size)
          } is not after the offset ${hexOf(e.offset)}`,
          { ...where, column: "Size" },
        );
        return;
      }
    }
    lastEnd = e.offset + e.size;
    first = false;
  }
}

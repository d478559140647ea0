/**
 * `--partition-table FILE`, `--partition NAME` and `--hex` on the commands that write
 * images (`nvs generate`, `nvs encrypt`, `generate`): the options, and the image size
 * they decide. Without a table only the `<size>` argument is checked; with one,
 * flash_outputs.ts reads the table and chooses the NVS partition. It is loaded only
 * then, so a command without a table does not load the partition-table and flash
 * modules (start-up of the compiled executable).
 *
 * @module
 */

import { NvsforgeError } from "../errors.ts";
import type { PartitionSize } from "../format/size.ts";
import type { PartitionEntry, PartitionTable } from "../partition/table.ts";
import { sizeArgument, usage } from "./usage.ts";

/** The table options, as commander gives them. */
export interface TableOptions {
  /** `--partition-table FILE`. */
  partitionTable?: string;
  /** `--partition NAME`. */
  partition?: string;
  /** `--hex`. */
  hex?: boolean;
}

/** The table of a run and its NVS partition. */
export interface TableChoice {
  /** The table file, as given. */
  file: string;
  /** Its bytes (for the manifest's SHA-256). */
  bytes: Uint8Array;
  /** The table. */
  table: PartitionTable;
  /** The NVS partition. */
  nvs: PartitionEntry;
  /** The image size: the partition's. */
  size: PartitionSize;
}

/**
 * The image size of a command without `--partition-table`: the `<size>` argument,
 * checked (`auto`, `--partition` and `--hex` are usage errors without a table).
 */
export function sizeWithoutTable(o: TableOptions, sizeText: string): PartitionSize {
  if (sizeText.trim().toLowerCase() === "auto") {
    throw usage("size auto means the partition's size: give --partition-table");
  }
  if (o.partition !== undefined) throw usage("--partition needs --partition-table");
  if (o.hex) throw usage("--hex writes each device's flash parts: give --partition-table");
  return sizeArgument(sizeText);
}

/**
 * Reads `--partition-table` and picks the NVS partition and the image size (see
 * flash_outputs.ts' `chooseTable`); without a table, checks the size argument. A bad
 * `<size>` is not thrown: the size is then undefined, and the command reports the
 * size's error with the inputs' errors (which it can still check, all but whether the
 * data fits).
 */
export async function chooseTableLater(
  o: TableOptions,
  sizeText: string,
): Promise<{ size?: PartitionSize; choice?: TableChoice }> {
  try {
    if (o.partitionTable === undefined) return { size: sizeWithoutTable(o, sizeText) };
    return (await import("./flash_outputs.ts")).chooseTable(o, sizeText);
  } catch (e) {
    const bad = e instanceof NvsforgeError && e.code === "invalid-size" &&
      e.location === undefined && sizeText.trim().toLowerCase() !== "auto";
    if (bad) return {};
    throw e;
  }
}

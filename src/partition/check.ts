/**
 * The checks `gen_esp32part.py` makes on a whole table (its `verify`), shared by the CSV
 * and the binary reader: offset alignment, overlaps, partitions inside the table's
 * sector, unique names, the `readonly` flag only where ESP-IDF supports it, one
 * `otadata` of 0x2000 bytes.
 *
 * @module
 */

import type { Diagnostics, SourceLocation } from "../errors.ts";
import {
  hexOf,
  offsetAlignment,
  PartitionKind,
  subtypeName,
  TABLE_SECTOR_SIZE,
  typeName,
} from "./table.ts";
import type { PartitionEntry } from "./table.ts";

/**
 * Records a problem of one entry: at its CSV line and column, or, for a binary table,
 * with the entry's number and name in the message.
 */
export function entryError(
  d: Diagnostics,
  e: PartitionEntry,
  index: number,
  file: string | undefined,
  column: string,
  detail: string,
): void {
  if (e.line !== undefined) {
    d.error("partition-table", detail, { file, line: e.line, column } satisfies SourceLocation);
  } else {
    d.error("partition-table", `entry ${index + 1} ("${e.name}"): ${detail}`, { file });
  }
}

/** Records every problem of a table in `d`. */
export function checkTable(
  entries: readonly PartitionEntry[],
  tableOffset: number,
  file: string | undefined,
  d: Diagnostics,
): void {
  const firstFree = tableOffset + TABLE_SECTOR_SIZE;
  entries.forEach((e, i) => {
    const fail = (column: string, detail: string) => entryError(d, e, i, file, column, detail);
    const align = offsetAlignment(e.type);
    if (e.offset % align !== 0) {
      fail(
        "Offset",
        `offset ${hexOf(e.offset)} is not aligned to ${hexOf(align)} (${
          e.type === PartitionKind.APP
            ? "app partitions start on 64 KiB"
            : "partitions start on 4 KiB"
        })`,
      );
    }
    if (e.offset + e.size > 2 ** 32) {
      fail("Size", "the partition ends past 4 GiB");
    }
    const special = e.type === PartitionKind.BOOTLOADER || e.type === PartitionKind.PARTITION_TABLE;
    if (!special && e.offset < firstFree) {
      fail(
        "Offset",
        `offset ${hexOf(e.offset)} is below ${
          hexOf(firstFree)
        }, the end of the partition table's sector`,
      );
    }
    const noReadonly = e.type === PartitionKind.APP ||
      (e.type === PartitionKind.DATA &&
        (e.subtype === PartitionKind.OTA_DATA || e.subtype === PartitionKind.COREDUMP));
    if (e.readonly && noReadonly) {
      fail(
        "Flags",
        `the readonly flag is not supported for ${typeName(e.type)}, ${
          subtypeName(e.type, e.subtype)
        } partitions (ESP-IDF refuses it for app, ota and coredump)`,
      );
    }
  });
  const byName = new Map<string, number>();
  entries.forEach((e, i) => {
    const prior = byName.get(e.name);
    if (prior === undefined) byName.set(e.name, i);
    else {
      entryError(
        d,
        e,
        i,
        file,
        "Name",
        `the name "${e.name}" is used twice (also ${
          entries[prior].line !== undefined ? `line ${entries[prior].line}` : `entry ${prior + 1}`
        }): partition names must be unique`,
      );
    }
  });
  const sorted = entries.map((e, i) => ({ e, i })).filter(({ e }) =>
    e.type !== PartitionKind.BOOTLOADER && e.type !== PartitionKind.PARTITION_TABLE
  ).sort((a, b) => a.e.offset - b.e.offset);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1].e;
    const { e, i } = sorted[k];
    if (e.offset < prev.offset + prev.size) {
      entryError(
        d,
        e,
        i,
        file,
        "Offset",
        `"${e.name}" at ${hexOf(e.offset)} overlaps "${prev.name}" (${hexOf(prev.offset)}-${
          hexOf(prev.offset + prev.size - 1)
        })`,
      );
    }
  }
  const otadata = entries
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.type === PartitionKind.DATA && e.subtype === PartitionKind.OTA_DATA);
  if (otadata.length > 1) {
    entryError(
      d,
      otadata[1].e,
      otadata[1].i,
      file,
      "SubType",
      `more than one data, ota partition (${
        otadata.map(({ e }) => `"${e.name}"`).join(", ")
      }): a table holds one otadata`,
    );
  } else if (otadata.length === 1 && otadata[0].e.size !== 0x2000) {
    entryError(
      d,
      otadata[0].e,
      otadata[0].i,
      file,
      "Size",
      `the otadata partition must be 0x2000 bytes, not ${hexOf(otadata[0].e.size)}`,
    );
  }
}

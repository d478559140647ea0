/**
 * The flash-dump step in front of `inspect` and `nvs decrypt`: when the input is a full
 * flash dump (a partition table at 0x8000 or `--partition-table-offset`, or
 * `--partition`, `--offset`/`--size` given), the NVS partition is taken out of it, the
 * table listed on standard error, and the dump's key partition offered for decryption.
 *
 * @module
 */

import { parseKeyFile } from "../crypto/mod.ts";
import { NvsforgeError } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { locateInDump, looksLikeFlashDump } from "../flash/dump.ts";
import { parseTableNumber } from "../partition/csv.ts";
import { describePartition, hexOf } from "../partition/table.ts";
import { printNote } from "./report.ts";
import { withFlags } from "./usage.ts";

/** The dump options, as commander gives them. */
export interface DumpCliOptions {
  /** `--partition NAME`. */
  partition?: string;
  /** `--partition-table-offset N`. */
  partitionTableOffset?: string;
  /** `--offset N`. */
  offset?: string;
  /** `--size N`. */
  size?: string;
}

function number(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const v = parseTableNumber(text);
  if (v === undefined || v < 0n || v >= 1n << 32n) {
    throw new NvsforgeError(
      "usage",
      `${option}: cannot read "${text}" as a number (such as 0x9000 or 24K)`,
      undefined,
      "usage",
    );
  }
  return Number(v);
}

/** What the dump step gives: the NVS partition and, from a dump, its key partition. */
export interface DumpInput {
  /** The NVS partition image (the input itself when it is not a dump). */
  image: Uint8Array;
  /** Keys read from the dump's `nvs_keys` partition, when it holds a key partition. */
  dumpKeys?: Uint8Array;
  /** Whether the input was a dump. */
  fromDump: boolean;
}

/**
 * Takes the NVS partition out of the input when it is a flash dump; otherwise gives the
 * input back unchanged.
 *
 * @throws {NvsforgeError} code "flash-dump" or "partition-not-found" (see
 *   {@linkcode locateInDump}); a usage error for an option that is not a number.
 */
export function nvsFromInput(
  bytes: Uint8Array,
  file: string,
  options: DumpCliOptions,
  onWarning: (w: Warning) => void,
): DumpInput {
  const tableOffset = number(options.partitionTableOffset, "--partition-table-offset");
  const offset = number(options.offset, "--offset");
  const size = number(options.size, "--size");
  const asked = options.partition !== undefined || tableOffset !== undefined ||
    offset !== undefined || size !== undefined;
  if (!asked && !looksLikeFlashDump(bytes)) return { image: bytes, fromDump: false };
  const found = withFlags(
    {
      partition: "--partition",
      tableOffset: "--partition-table-offset",
      offset: "--offset",
      size: "--size",
    },
    () => locateInDump(bytes, { partition: options.partition, tableOffset, offset, size, file }),
  );
  if (found.table) {
    printNote(`${file}: a flash dump; its partition table at ${hexOf(tableOffset ?? 0x8000)}:`);
    for (const p of found.table.entries) printNote(`  ${describePartition(p)}`);
  }
  printNote(
    found.partition
      ? `reading ${describePartition(found.partition)}`
      : `reading ${hexOf(found.image.length)} bytes at ${hexOf(found.offset)}`,
  );
  let dumpKeys: Uint8Array | undefined;
  const keys = found.keyPartition;
  if (keys) {
    const erased = keys.bytes.subarray(0, 64).every((b) => b === 0xff);
    if (!erased) {
      try {
        dumpKeys = parseKeyFile(keys.bytes, file);
      } catch (e) {
        if (!(e instanceof NvsforgeError)) throw e;
        onWarning({
          code: "flash-dump",
          message: `${
            describePartition(keys.entry)
          } does not hold a readable key partition (its CRC is wrong: flash encryption encrypts it on the device): give --inputkey to decrypt the NVS partition`,
          location: { file },
        });
      }
    }
  }
  return { image: found.image, dumpKeys, fromDump: true };
}

/**
 * The options of the factory features, defined without loading their modules (the
 * command line defines only the command it runs; see main.ts): the flash-dump options
 * of `inspect` and `nvs decrypt`, and `--partition-table`, `--partition`, `--hex`,
 * `--summary`, `--summary-columns` of the commands that write images, and `--float`.
 *
 * @module
 */

import { Command, Option } from "commander";

/** Adds `--partition`, `--partition-table-offset`, `--offset` and `--size` to a command. */
export function addDumpOptions(c: Command): Command {
  return c
    .option(
      "--partition <name>",
      "the input is a full flash dump: read this NVS partition (default: the only data, nvs one)",
    )
    .option(
      "--partition-table-offset <n>",
      "where the dump's partition table is (default 0x8000)",
    )
    .option("--offset <n>", "read the partition at this offset of the dump, without a table")
    .option("--size <n>", "the size of the partition at --offset");
}

/** `--partition-table`, `--partition` and `--hex` (fresh instances). */
export function tableOptions(): Option[] {
  return [
    new Option(
      "--partition-table <file>",
      "ESP-IDF partition table (CSV or binary): place the image at its NVS partition, size may be auto, write esptool argument files",
    ),
    new Option(
      "--partition <name>",
      "the NVS partition of --partition-table (default: the only data, nvs one)",
    ),
    new Option("--hex", "also write a sparse Intel HEX of the flash parts"),
  ];
}

/** `--summary` and `--summary-columns` (fresh instances). */
export function summaryOptions(): Option[] {
  return [
    new Option(
      "--summary",
      "write summary-<prefix>.csv (one row per device: id, metadata, image, SHA-256, offset, key file); always with --partition-table",
    ),
    new Option(
      "--summary-columns <a,b>",
      "the master file's columns in the summary (default: its metadata columns)",
    ),
  ];
}

/** `--float`: nvsforge's own encodings, which the reference rejects. */
export function floatOption(): Option {
  return new Option(
    "--float",
    "accept the encodings float and double (nvsforge's own: ESP-IDF's float and double items, which nvs_partition_gen 0.2.0 and mfg_gen reject)",
  );
}

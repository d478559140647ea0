/**
 * One device: its intermediate CSV → records (through the generator's own CSV reader,
 * exactly as `nvs generate` reads that file, `#` lines included) → image. Problems
 * are reported at the device's row of the master file, in the column of the key.
 *
 * @module
 */

import { csvToRecords, rowsToRecords } from "../csv/mod.ts";
import type { NvsCsvRow } from "../csv/nvs_csv.ts";
import type { ReadFileSync as FileReader } from "../csv/records.ts";
import { Diagnostics, NvsforgeError, NvsforgeErrors } from "../errors.ts";
import type { SourceLocation, Warning } from "../errors.ts";
import type { FormatVersion, NvsRecord } from "../format/items.ts";
import type { PartitionSize } from "../format/size.ts";
import { layoutPartition, validateRecords } from "../format/writer.ts";
import { surelyFits } from "./fit.ts";

/** How a device is built. */
export interface DeviceSettings {
  /**
   * The checked partition size. Undefined when the size given is invalid: devices are
   * then checked without the question whether they fit, and cannot be built.
   */
  size?: PartitionSize;
  /** Page format version. */
  version: FormatVersion;
  /** Reads `file`-type values. */
  readFile?: FileReader;
  /** Warnings are errors. */
  strict?: boolean;
  /** Accept nvsforge's own `float` and `double` encodings. */
  float?: boolean;
}

/** Where a device row is, to report its problems there. */
export interface DeviceSource {
  /** The master file's name. */
  file: string;
  /** The row's line. */
  line: number;
  /** The 1-based device number. */
  device: number;
  /** The device's id for messages: its `--fileid` value, or its first column. */
  deviceId?: string;
}

/** What checking or building a device found. */
export interface DeviceReport {
  /** Errors, located at the device's row. */
  errors: NvsforgeError[];
  /** Warnings, located at the device's row. */
  warnings: Warning[];
}

function relocate(loc: SourceLocation | undefined, src: DeviceSource): SourceLocation {
  const at: SourceLocation = {
    file: src.file,
    line: src.line,
    device: src.device,
    ...(src.deviceId === undefined ? {} : { deviceId: src.deviceId }),
  };
  if (loc?.key !== undefined) at.column = loc.key;
  return at;
}

function relocated(e: NvsforgeError, src: DeviceSource): NvsforgeError {
  return new NvsforgeError(e.code, e.detail, relocate(e.location, src), e.kind);
}

function collect(e: unknown, d: Diagnostics, src: DeviceSource): NvsforgeError[] {
  const thrown = e instanceof NvsforgeErrors
    ? [...e.errors]
    : e instanceof NvsforgeError
    ? [e]
    : undefined;
  if (!thrown) throw e;
  // layoutPartition throws the collector's own errors: keep each once.
  const all = [...d.errors, ...thrown.filter((x) => !d.errors.includes(x))];
  return all.map((x) => relocated(x, src));
}

function report(d: Diagnostics, src: DeviceSource, errors?: NvsforgeError[]): DeviceReport {
  return {
    errors: errors ?? d.errors.map((x) => relocated(x, src)),
    warnings: d.warnings.map((w) => ({ ...w, location: relocate(w.location, src) })),
  };
}

function records(
  csvText: string,
  csvName: string,
  settings: DeviceSettings,
  d: Diagnostics,
  rows: readonly NvsCsvRow[] | undefined,
): NvsRecord[] {
  const { readFile, float } = settings;
  if (rows) return rowsToRecords(rows, { readFile, diagnostics: d, float });
  return csvToRecords([{ name: csvName, text: csvText }], { readFile, diagnostics: d, float })
    .records;
}

/**
 * Checks a device without building its image when it surely fits: reads its CSV,
 * converts and validates every value, and lays out its pages only when the quick bound
 * does not settle whether they fit.
 *
 * @param csvText the device's intermediate CSV.
 * @param csvName its name (`csv/<name>.csv`).
 * @param settings size, version, file reader, strictness.
 * @param src where the device's row is.
 * @param rows the rows the CSV's text holds, when known without reading it back
 *   (see `DeviceCsvWriter.rows`).
 */
export function checkDevice(
  csvText: string,
  csvName: string,
  settings: DeviceSettings,
  src: DeviceSource,
  rows?: readonly NvsCsvRow[],
): DeviceReport {
  const d = new Diagnostics(settings.strict ?? false);
  try {
    const recs = records(csvText, csvName, settings, d, rows);
    validateRecords(recs, settings.version, d);
    const size = settings.size;
    if (size && d.errors.length === 0 && !surelyFits(recs, settings.version, size.dataPages)) {
      layoutPartition(recs, { size, version: settings.version, diagnostics: d });
    }
  } catch (e) {
    return report(d, src, collect(e, d, src));
  }
  return report(d, src);
}

/**
 * Builds a device's plain image from its intermediate CSV, byte for byte what
 * `nvs_partition_gen.py generate` makes of that CSV.
 *
 * @param rows as for {@linkcode checkDevice}.
 * @param buffer where to lay the image out (see `EncodeOptions.buffer`): the image is
 *   then a view of it, valid until it is used again.
 * @returns the image, or the errors that prevent it (with the warnings in both cases).
 */
export function buildDevice(
  csvText: string,
  csvName: string,
  settings: DeviceSettings,
  src: DeviceSource,
  rows?: readonly NvsCsvRow[],
  buffer?: Uint8Array,
): DeviceReport & { image?: Uint8Array } {
  const size = settings.size;
  if (!size) throw new Error("buildDevice without a valid partition size");
  const d = new Diagnostics(settings.strict ?? false);
  try {
    const recs = records(csvText, csvName, settings, d, rows);
    const { image } = layoutPartition(recs, {
      size,
      version: settings.version,
      diagnostics: d,
      buffer,
    });
    return { ...report(d, src), image };
  } catch (e) {
    return report(d, src, collect(e, d, src));
  }
}

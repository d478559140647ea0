/**
 * A tiny declarative struct: a layout is a table of named little-endian fields with
 * their offsets, read and written through one DataView. The NVS tables in `layout.ts`
 * are written with it, so a field's offset and size are stated exactly once.
 *
 * @module
 */

/** Field types: little-endian integers (64-bit ones as bigint) or raw bytes. */
export type FieldType = "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "bytes";

/** One field of a layout. */
export interface FieldSpec {
  /** Byte offset from the start of the structure. */
  readonly offset: number;
  /** How the bytes are interpreted. */
  readonly type: FieldType;
  /** Size in bytes: required for `bytes`, implied by the type otherwise. */
  readonly size?: number;
}

/** A named structure of fixed size. */
export interface Layout<F extends Record<string, FieldSpec>> {
  /** Name used in messages. */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /** The fields, by name. */
  readonly fields: F;
  /**
   * The byte ranges `[start, end)` covered by the structure's CRC32 field, when it
   * has one (`crcField` names it).
   */
  readonly crcRanges?: readonly (readonly [number, number])[];
  /** Name of the CRC32 field, when the structure has one. */
  readonly crcField?: keyof F & string;
}

const WIDTH: Record<Exclude<FieldType, "bytes">, number> = {
  u8: 1,
  i8: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  i32: 4,
  u64: 8,
  i64: 8,
};

/** Size in bytes of a field. */
export function fieldSize(field: FieldSpec): number {
  if (field.type === "bytes") {
    if (field.size === undefined) throw new TypeError("A bytes field needs a size");
    return field.size;
  }
  return WIDTH[field.type];
}

/**
 * Declares a layout and checks it: every field inside the structure, no two fields
 * overlapping, CRC ranges inside the structure.
 */
export function defineLayout<F extends Record<string, FieldSpec>>(
  name: string,
  size: number,
  fields: F,
  crc?: { field: keyof F & string; ranges: readonly (readonly [number, number])[] },
): Layout<F> {
  const spans = Object.entries(fields)
    .map(([field, spec]) => ({ field, start: spec.offset, end: spec.offset + fieldSize(spec) }))
    .sort((a, b) => a.start - b.start);
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (s.start < 0 || s.end > size) {
      throw new RangeError(`Layout "${name}": field "${s.field}" lies outside ${size} bytes`);
    }
    if (i > 0 && spans[i - 1].end > s.start) {
      throw new RangeError(
        `Layout "${name}": fields "${spans[i - 1].field}" and "${s.field}" overlap`,
      );
    }
  }
  for (const [start, end] of crc?.ranges ?? []) {
    if (start < 0 || end > size || start >= end) {
      throw new RangeError(`Layout "${name}": CRC range [${start}, ${end}) is invalid`);
    }
  }
  return { name, size, fields, crcField: crc?.field, crcRanges: crc?.ranges };
}

/** Reads an integer field (bigint for 64-bit types). */
export function readInt(view: DataView, base: number, field: FieldSpec): number | bigint {
  const at = base + field.offset;
  switch (field.type) {
    case "u8":
      return view.getUint8(at);
    case "i8":
      return view.getInt8(at);
    case "u16":
      return view.getUint16(at, true);
    case "i16":
      return view.getInt16(at, true);
    case "u32":
      return view.getUint32(at, true);
    case "i32":
      return view.getInt32(at, true);
    case "u64":
      return view.getBigUint64(at, true);
    case "i64":
      return view.getBigInt64(at, true);
    case "bytes":
      throw new TypeError("readInt on a bytes field");
  }
}

/** Reads a field that is at most 32 bits wide as a number. */
export function readNumber(view: DataView, base: number, field: FieldSpec): number {
  const v = readInt(view, base, field);
  if (typeof v === "bigint") throw new TypeError("readNumber on a 64-bit field");
  return v;
}

/** Writes an integer field; the value must already be in range for the type. */
export function writeInt(
  view: DataView,
  base: number,
  field: FieldSpec,
  value: number | bigint,
): void {
  const at = base + field.offset;
  switch (field.type) {
    case "u8":
      return view.setUint8(at, Number(value));
    case "i8":
      return view.setInt8(at, Number(value));
    case "u16":
      return view.setUint16(at, Number(value), true);
    case "i16":
      return view.setInt16(at, Number(value), true);
    case "u32":
      return view.setUint32(at, Number(value), true);
    case "i32":
      return view.setInt32(at, Number(value), true);
    case "u64":
      return view.setBigUint64(at, BigInt(value), true);
    case "i64":
      return view.setBigInt64(at, BigInt(value), true);
    case "bytes":
      throw new TypeError("writeInt on a bytes field");
  }
}

/** Returns a view of a bytes field (no copy). */
export function bytesOf(buf: Uint8Array, base: number, field: FieldSpec): Uint8Array {
  const start = base + field.offset;
  return buf.subarray(start, start + fieldSize(field));
}

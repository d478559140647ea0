/**
 * Float and double values: the shortest decimal text that reads back to the same bits,
 * and the reader on hand-made float (0x24) and double (0x28) entries.
 */
import { assert, assertEquals } from "../_assert.ts";
import { formatFloat, readFloat } from "../../src/format/float.ts";
import { ENTRY, entryOffset, ItemType, sealCrc } from "../../src/format/layout.ts";
import { parsePartition } from "../../src/format/reader.ts";
import type { FloatItem } from "../../src/format/reader.ts";
import { encodePartition } from "../../src/format/writer.ts";

const f32 = (x: number) => Math.fround(x);

Deno.test("formatFloat: float32 values take the fewest digits that read back", () => {
  const cases: [number, string][] = [
    [f32(0.1), "0.1"],
    [f32(-494.8276), "-494.8276"],
    [f32(3.833421e-17), "3.833421e-17"],
    [f32(-107786854000), "-107786854000"],
    [f32(1.3026018e36), "1.3026018e+36"],
    [f32(100), "100"],
    [0, "0"],
    [-0, "-0"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
    [f32(16777217), "16777216"],
    [1.401298464324817e-45, "1e-45"], // the smallest subnormal
    [3.4028234663852886e38, "3.4028235e+38"], // the largest finite float
  ];
  for (const [value, text] of cases) assertEquals(formatFloat(value, "float"), text, text);
  // Shortest: one digit fewer no longer reads back to the same float.
  const v = f32(-2127826.75);
  const text = formatFloat(v, "float");
  assertEquals(text, "-2127826.8");
  assert(f32(Number(v.toPrecision(7))) !== v);
});

Deno.test("formatFloat: doubles print as their shortest round trip", () => {
  const cases: [number, string][] = [
    [0.1, "0.1"],
    [-614.38, "-614.38"],
    [-2.564517652248184e125, "-2.564517652248184e+125"],
    [1.5861148191069866e16, "15861148191069866"],
    [5e-324, "5e-324"],
    [-0, "-0"],
    [-Infinity, "-inf"],
    [f32(0.1), "0.10000000149011612"], // a float's value read as a double
  ];
  for (const [value, text] of cases) assertEquals(formatFloat(value), text, text);
  for (const [value] of cases) {
    if (Number.isFinite(value)) assert(Object.is(Number(formatFloat(value)), value));
  }
});

Deno.test("readFloat: little-endian bytes, bits as hex", () => {
  const bytes = new Uint8Array([0xef, 0x69, 0xf7, 0xc3, 0xff, 0xff, 0xff, 0xff]);
  assertEquals(readFloat(new DataView(bytes.buffer), 0, "float"), {
    value: f32(-494.8276),
    bits: "c3f769ef",
  });
  const d = new Uint8Array([0xd7, 0xa3, 0x70, 0x3d, 0x0a, 0x33, 0x83, 0xc0]);
  assertEquals(readFloat(new DataView(d.buffer), 0, "double"), {
    value: -614.38,
    bits: "c083330a3d70a3d7",
  });
  // A NaN keeps its payload in the bits.
  const nan = new Uint8Array([0x01, 0x00, 0xc0, 0x7f]);
  const n = readFloat(new DataView(nan.buffer), 0, "float");
  assert(Number.isNaN(n.value));
  assertEquals(n.bits, "7fc00001");
});

/** An image whose entry 1 (a u32) is rewritten as a float or double holding `bytes`. */
function imageWith(type: number, bytes: number[]): Uint8Array {
  const image = encodePartition([
    { kind: "namespace", name: "cal" },
    { kind: "entry", key: "gain", type: "u32", value: 0 },
  ], { size: 0x3000 });
  const at = entryOffset(1);
  const view = new DataView(image.buffer);
  image[at + ENTRY.fields.type.offset] = type;
  image.fill(0xff, at + ENTRY.fields.data.offset, at + ENTRY.fields.data.offset + 8);
  image.set(bytes, at + ENTRY.fields.data.offset);
  sealCrc(ENTRY, view, image, at);
  return image;
}

Deno.test("reader: float and double entries are one-entry items", () => {
  const float = parsePartition(imageWith(ItemType.FLOAT, [0x00, 0x00, 0x00, 0x80]));
  assertEquals(float.findings, []);
  const item = float.items[0] as FloatItem;
  assertEquals([item.namespace, item.key, item.type, item.bits], [
    "cal",
    "gain",
    "float",
    "80000000",
  ]);
  assert(Object.is(item.value, -0));
  assertEquals(float.entries[1].type, "float");

  const double = parsePartition(
    imageWith(ItemType.DOUBLE, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0xff]),
  );
  assertEquals(double.findings, []);
  const d = double.items[0] as FloatItem;
  assertEquals([d.type, d.value, d.bits], ["double", -Infinity, "fff0000000000000"]);
});

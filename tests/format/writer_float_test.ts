/**
 * float (0x24) and double (0x28) items as the writer lays them out, against entries
 * built by hand from ESP-IDF's entry layout: namespace, type, span 1, chunk 0xFF, the
 * CRC32 over bytes 0..4 and 8..32, the key NUL-padded to 16 bytes, the value's IEEE-754
 * bytes little-endian at the start of the data field, the rest 0xFF.
 */
import { assertBytes, assertEquals } from "../_assert.ts";
import { encodePartition, floatProblem, layoutPartition } from "../../src/format/writer.ts";
import type { NvsRecord } from "../../src/format/items.ts";
import { crc32 } from "../../src/format/crc32.ts";
import { NvsforgeErrors } from "../../src/errors.ts";

/** The 32 bytes of a one-entry item, by hand. */
function handMadeEntry(ns: number, type: number, key: string, value: Uint8Array): Uint8Array {
  const e = new Uint8Array(32);
  e[0] = ns;
  e[1] = type;
  e[2] = 1; // span
  e[3] = 0xff; // chunk index: any
  e.set(new TextEncoder().encode(key), 8); // rest of the key field stays 0
  e.fill(0xff, 24);
  e.set(value, 24);
  const crc = crc32(new Uint8Array([...e.subarray(0, 4), ...e.subarray(8, 32)]));
  new DataView(e.buffer).setUint32(4, crc, true);
  return e;
}

const entryAt = (image: Uint8Array, i: number) => image.subarray(64 + i * 32, 96 + i * 32);

// Value → its little-endian bytes (from the IEEE-754 definitions, written out).
const CASES: [NvsRecord & { kind: "entry" }, number[]][] = [
  [{ kind: "entry", key: "f_one_half", type: "float", value: 1.5 }, [0x00, 0x00, 0xc0, 0x3f]],
  [{ kind: "entry", key: "f_neg_zero", type: "float", value: -0 }, [0x00, 0x00, 0x00, 0x80]],
  [{ kind: "entry", key: "f_tenth", type: "float", value: 0.1 }, [0xcd, 0xcc, 0xcc, 0x3d]],
  [{ kind: "entry", key: "f_inf", type: "float", value: -Infinity }, [0x00, 0x00, 0x80, 0xff]],
  [{ kind: "entry", key: "f_max", type: "float", value: 3.4028234663852886e38 }, [
    0xff,
    0xff,
    0x7f,
    0x7f,
  ]],
  [{ kind: "entry", key: "d_tenth", type: "double", value: 0.1 }, [
    0x9a,
    0x99,
    0x99,
    0x99,
    0x99,
    0x99,
    0xb9,
    0x3f,
  ]],
  [{ kind: "entry", key: "d_neg", type: "double", value: -2500 }, [
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x88,
    0xa3,
    0xc0,
  ]],
  [{ kind: "entry", key: "d_inf", type: "double", value: Infinity }, [
    0,
    0,
    0,
    0,
    0,
    0,
    0xf0,
    0x7f,
  ]],
];

Deno.test("writer: float and double items are one entry, bytes and CRC as built by hand", () => {
  const image = encodePartition([{ kind: "namespace", name: "cal" }, ...CASES.map((c) => c[0])], {
    size: 0x3000,
  });
  CASES.forEach(([r, bytes], i) => {
    const code = r.type === "float" ? 0x24 : 0x28;
    assertBytes(entryAt(image, i + 1), handMadeEntry(1, code, r.key, new Uint8Array(bytes)), r.key);
  });
  // The next entry is still empty: every item took exactly one entry.
  assertBytes(entryAt(image, CASES.length + 1), new Uint8Array(32).fill(0xff));
});

Deno.test("writer: floats fill a page like integers (126 one-entry items)", () => {
  const records: NvsRecord[] = [{ kind: "namespace", name: "n" }];
  for (let i = 0; i < 125; i++) {
    records.push({ kind: "entry", key: `k${i}`, type: "double", value: i });
  }
  assertEquals(layoutPartition(records, { size: 0x3000 }).pagesUsed, 1);
  records.push({ kind: "entry", key: "next", type: "float", value: 1 });
  assertEquals(layoutPartition(records, { size: 0x3000 }).pagesUsed, 2);
});

Deno.test("writer: NaN, a float that overflows and a value that is not a number are refused", () => {
  const records: NvsRecord[] = [
    { kind: "namespace", name: "n" },
    { kind: "entry", key: "nan", type: "float", value: NaN },
    { kind: "entry", key: "big", type: "float", value: 1e39 },
    { kind: "entry", key: "dnan", type: "double", value: NaN },
    { kind: "entry", key: "str", type: "double", value: "1.5" as unknown as number },
    { kind: "entry", key: "ok", type: "double", value: 1e39 },
  ];
  try {
    encodePartition(records, { size: 0x3000 });
    throw new Error("accepted");
  } catch (e) {
    if (!(e instanceof NvsforgeErrors)) throw e;
    assertEquals(e.errors.map((x) => [x.code, x.location?.key]), [
      ["invalid-float", "nan"],
      ["invalid-float", "big"],
      ["invalid-float", "dnan"],
      ["invalid-float", "str"],
    ]);
  }
  assertEquals(floatProblem("float", 3.4028235e38), undefined, "rounds to FLT_MAX");
  assertEquals(floatProblem("float", Infinity), undefined, "infinity is stored as it is");
});

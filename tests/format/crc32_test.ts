import fc from "fast-check";
import { assertEquals } from "../_assert.ts";
import { crc32, crc32Ranges } from "../../src/format/crc32.ts";

// A bit-at-a-time reference of zlib.crc32(data, value), written from the definition.
function bitwise(data: Uint8Array, value = 0xffffffff): number {
  let c = ~value >>> 0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

Deno.test("crc32: the values Python's zlib.crc32(data, 0xFFFFFFFF) gives", () => {
  // Computed with CPython 3.11.
  assertEquals(crc32(new TextEncoder().encode("123456789")), 0xd202d277);
  assertEquals(crc32(new Uint8Array(0)), 0xffffffff);
  const ramp = new Uint8Array(768).map((_, i) => i & 0xff);
  assertEquals(crc32(ramp), 0xba9fd4c0);
});

Deno.test("crc32: not the textbook CRC-32 (seed 0) of the same bytes", () => {
  assertEquals(crc32(new TextEncoder().encode("123456789"), 0), 0xcbf43926);
});

Deno.test("crc32 (property): slicing-by-8 equals the bitwise definition; chaining equals concatenation", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
      assertEquals(crc32(a), bitwise(a));
      const ab = new Uint8Array([...a, ...b]);
      assertEquals(crc32(b, crc32(a)), crc32(ab));
      assertEquals(crc32Ranges(ab, 0, [[0, a.length], [a.length, ab.length]]), crc32(ab));
    }),
  );
});

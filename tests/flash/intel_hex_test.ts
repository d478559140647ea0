import nrfIntelHex from "nrf-intel-hex";
import { assertBytes, assertEquals, assertThrows } from "../_assert.ts";
import { intelHex } from "../../src/flash/mod.ts";

// The package's types describe its ES module; Deno loads its CommonJS build, whose
// default export is the same class.
const MemoryMap = nrfIntelHex as unknown as {
  fromHex(text: string): Map<number, Uint8Array>;
};

function pattern(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

Deno.test("Intel HEX: nrf-intel-hex reads back the same bytes at the same addresses, nothing else", () => {
  const nvs = pattern(0x6000, 1);
  const keys = pattern(0x1000, 7);
  // A segment across a 64 KiB boundary and one above 16 MiB.
  const across = pattern(0x30, 3);
  const text = intelHex([
    { address: 0x3ff000, data: keys },
    { address: 0x9000, data: nvs },
    { address: 0x1fff0, data: across },
  ]);
  const map = MemoryMap.fromHex(text);
  const blocks = [...map.entries()].map(([a, d]) => [a, d.length]);
  assertEquals(blocks, [[0x9000, 0x6000], [0x1fff0, 0x30], [0x3ff000, 0x1000]]);
  assertBytes(map.get(0x9000)!, nvs);
  assertBytes(map.get(0x1fff0)!, across);
  assertBytes(map.get(0x3ff000)!, keys);
  const lines = text.trimEnd().split("\n");
  assertEquals(lines.filter((l) => l.slice(7, 9) === "04"), [
    ":020000040000FA",
    ":020000040001F9",
    ":020000040002F8",
    ":02000004003FBB",
  ]);
  assertEquals(lines.at(-1), ":00000001FF");
  assertEquals(lines.every((l) => /^:[0-9A-F]+$/.test(l)), true);
});

Deno.test("Intel HEX: overlapping segments are refused", () => {
  assertThrows(
    () =>
      intelHex([{ address: 0x9000, data: new Uint8Array(0x2000) }, {
        address: 0xa000,
        data: new Uint8Array(1),
      }]),
    RangeError,
  );
});

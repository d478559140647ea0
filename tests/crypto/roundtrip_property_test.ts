import fc from "fast-check";
import { assertEquals } from "../_assert.ts";
import { decryptPartition, encryptPartition } from "../../src/crypto/mod.ts";
import { layoutPartition } from "../../src/format/writer.ts";
import type { NvsRecord } from "../../src/format/items.ts";

const record: fc.Arbitrary<NvsRecord> = fc.oneof(
  fc.record({
    kind: fc.constant("entry" as const),
    key: fc.stringMatching(/^[a-z]{1,15}$/),
    type: fc.constant("u32" as const),
    value: fc.nat({ max: 0xffffffff }),
  }),
  fc.record({
    kind: fc.constant("entry" as const),
    key: fc.stringMatching(/^[a-z]{1,15}$/),
    type: fc.constant("string" as const),
    value: fc.string({ maxLength: 300 }),
  }),
  fc.record({
    kind: fc.constant("entry" as const),
    key: fc.stringMatching(/^[a-z]{1,15}$/),
    type: fc.constant("blob" as const),
    value: fc.uint8Array({ maxLength: 6000 }),
  }),
  fc.stringMatching(/^[a-z]{1,15}$/).map((name) => ({ kind: "namespace" as const, name })),
);

Deno.test("crypto (property): decrypt(encrypt(image)) is the plain image, for random item lists", () => {
  fc.assert(
    fc.property(
      fc.array(record, { maxLength: 40 }),
      fc.uint8Array({ minLength: 64, maxLength: 64 }),
      (rest, keys) => {
        const records: NvsRecord[] = [{ kind: "namespace", name: "ns" }, ...rest];
        const { image } = layoutPartition(records, { size: 0x40000 });
        const encrypted = encryptPartition(image, { keys });
        assertEquals(decryptPartition(encrypted, { keys }), image);
      },
    ),
    { numRuns: 60 },
  );
});

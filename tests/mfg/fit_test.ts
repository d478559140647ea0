import fc from "fast-check";
import { assert } from "../_assert.ts";
import { pagesUpperBound, surelyFits } from "../../src/mfg/fit.ts";
import { layoutPartition } from "../../src/format/writer.ts";
import type { NvsRecord } from "../../src/format/items.ts";

const record: fc.Arbitrary<NvsRecord> = fc.oneof(
  fc.constantFrom<NvsRecord>({ kind: "namespace", name: "a" }, { kind: "namespace", name: "b" }),
  fc.record({
    kind: fc.constant("entry" as const),
    key: fc.constantFrom("k", "key2"),
    type: fc.constant("u32" as const),
    value: fc.nat(1000),
  }),
  fc.record({
    kind: fc.constant("entry" as const),
    key: fc.constant("s"),
    type: fc.constant("string" as const),
    value: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ minLength: 3900, maxLength: 3999 })),
  }),
  fc.record({
    kind: fc.constant("entry" as const),
    key: fc.constant("b"),
    type: fc.constant("blob" as const),
    value: fc.oneof(fc.nat(300), fc.nat(9000), fc.integer({ min: 1950, max: 1984 }))
      .map((n) => new Uint8Array(n)),
  }),
);

// The bound is only useful if it is never below what the writer really uses: this is
// what makes skipping the layout in the checking pass safe.
Deno.test("fit: the quick bound is never below the pages the writer uses (property)", () => {
  for (const version of [1, 2] as const) {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), (body) => {
        const records: NvsRecord[] = [{ kind: "namespace", name: "a" }, ...body];
        if (version === 1) {
          for (const r of records) {
            if (r.kind === "entry" && r.type === "blob" && r.value.length > 1984) return;
            if (r.kind === "entry" && r.type === "string" && r.value.length > 1983) return;
          }
        }
        const { pagesUsed } = layoutPartition(records, { size: 0x400000, version });
        const bound = pagesUpperBound(records, version);
        assert(bound >= pagesUsed, `bound ${bound} < used ${pagesUsed}`);
        if (surelyFits(records, version, pagesUsed)) assert(bound <= pagesUsed);
      }),
      { numRuns: 300 },
    );
  }
});

Deno.test("fit: a multipage blob beyond the chunk limit is never 'surely fine'", () => {
  const big: NvsRecord[] = [{
    kind: "entry",
    key: "b",
    type: "blob",
    value: new Uint8Array(600_000),
  }];
  assert(!surelyFits(big, 2, 10_000));
});

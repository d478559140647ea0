import { assert, assertEquals } from "../_assert.ts";
import { csvToRecords } from "../../src/csv/mod.ts";
import { layoutPartition } from "../../src/format/writer.ts";
import { parsePartition } from "../../src/format/reader.ts";
import { nvsforge, scratch } from "../cli/_run.ts";
import * as fs from "node:fs";

const ROWS = 130_000;

function bigCsv(): string {
  const lines = ["key,type,encoding,value", "ns,namespace,,"];
  for (let i = 0; i < ROWS; i++) lines.push(`k${i},data,u8,${i & 0xff}`);
  return lines.join("\n") + "\n";
}

Deno.test("130,000 rows in one CSV are read (no spread over the rows)", () => {
  const { records, diagnostics } = csvToRecords([{ name: "big.csv", text: bigCsv() }]);
  assertEquals(diagnostics.errors, []);
  assertEquals(records.length, ROWS + 1);
  const last = records[ROWS];
  assert(
    last.kind === "entry" && last.key === `k${ROWS - 1}` &&
      last.value === BigInt((ROWS - 1) & 0xff),
  );
  // 130,001 entries: 1032 pages of 126 entries (plus a part page), then the reserved one.
  const { image, pagesUsed } = layoutPartition(records, { size: 1100 * 4096 });
  assertEquals(pagesUsed, Math.ceil((ROWS + 1) / 126));
  const items = parsePartition(image).items;
  assertEquals(items.length, ROWS);
});

Deno.test("nvs generate: 130,000 rows give a one-line error, no crash", () => {
  const dir = scratch({ "big.csv": bigCsv() });
  try {
    const r = nvsforge(dir, "nvs", "generate", "big.csv", "out.bin", "0x3000");
    assertEquals(r.status, 1, r.stderr.slice(-2000));
    assert(
      /^error: the data needs 1032 pages but a partition of 0x3000 bytes/.test(r.stderr),
      r.stderr,
    );
    assertEquals(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assertEquals(fs.readdirSync(dir), ["big.csv"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

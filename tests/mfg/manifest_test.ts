import { assertEquals } from "../_assert.ts";
import {
  MANIFEST_SCHEMA,
  manifestFile,
  manifestHeaderLine,
  manifestLine,
  manifestTotalsLine,
  newBatchId,
} from "../../src/mfg/manifest.ts";

Deno.test("manifest lines: header, device (kind first), totals; one JSON object per line", () => {
  const header = manifestHeaderLine({
    kind: "batch",
    schema: MANIFEST_SCHEMA,
    tool: "nvsforge",
    version: "0.1.0",
    commandLine: ["generate", "c.csv", "v.csv", "dev", "auto"],
    batchId: "ab",
    startedAt: "2026-12-01T10:00:00.000Z",
    resume: false,
    prefix: "dev",
    size: 0x6000,
    nvsVersion: 2,
    encryption: "none",
    inputs: [{ role: "config", ...manifestFile("c.csv", new Uint8Array([1])) }],
  });
  const device = manifestLine({
    id: "1",
    row: 1,
    line: 2,
    name: "dev-1",
    files: [],
  });
  const totals = manifestTotalsLine({
    kind: "totals",
    devices: 1,
    written: 1,
    kept: 0,
    files: 0,
    bytes: 0,
    batchFiles: [],
    finishedAt: "2026-12-01T10:00:01.000Z",
  });
  for (const line of [header, device, totals]) {
    assertEquals(line.endsWith("}\n") && !line.slice(0, -1).includes("\n"), true);
  }
  assertEquals(Object.keys(JSON.parse(device)), ["kind", "id", "row", "line", "name", "files"]);
  assertEquals(JSON.parse(header).inputs[0].sha256.length, 64);
  assertEquals(JSON.parse(totals).kind, "totals");
  const ids = new Set([newBatchId(), newBatchId()]);
  assertEquals([...ids].every((id) => /^[0-9a-f]{32}$/.test(id)) && ids.size === 2, true);
});

/** Streaming a values file's lines: numbered, across chunk boundaries, strict UTF-8. */
import * as fs from "node:fs";
import * as path from "node:path";
import { assertEquals, assertThrows } from "../_assert.ts";
import { NvsforgeError } from "../../src/errors.ts";
import { fileLines } from "../../src/mfg/file_lines.ts";
import { tempDir } from "../_tmp.ts";

Deno.test("fileLines: every line numbered, a multi-byte character split across chunks", () => {
  using tmp = tempDir();
  const file = path.join(tmp.path, "values.csv");
  // More than one 64 KiB chunk, with "é" (2 bytes) straddling the boundary.
  const first = "id,v\r\n" + "x".repeat(64 * 1024 - 7);
  fs.writeFileSync(file, first + "é\n\n2,b");
  let bytes = 0;
  const lines = [...fileLines(file, (n) => bytes += n)];
  assertEquals(bytes, fs.statSync(file).size);
  assertEquals(lines.map(([, n]) => n), [1, 2, 3, 4]);
  assertEquals(lines[0][0], "id,v\n");
  assertEquals(lines[1][0], "x".repeat(64 * 1024 - 7) + "é\n");
  assertEquals(lines[3][0], "2,b");
});

Deno.test("fileLines: invalid UTF-8 names the line; a missing file is unreadable", () => {
  using tmp = tempDir();
  const file = path.join(tmp.path, "values.csv");
  fs.writeFileSync(file, new Uint8Array([0x61, 0xff, 0x0a, 0x62, 0x0a]));
  const e = assertThrows(() => [...fileLines(file)], NvsforgeError) as NvsforgeError;
  assertEquals(e.code, "invalid-utf8");
  assertEquals(e.location?.line, 1);
  const gone = assertThrows(
    () => [...fileLines(path.join(tmp.path, "none.csv"))],
    NvsforgeError,
  ) as NvsforgeError;
  assertEquals(gone.code, "file-unreadable");
});

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

Deno.test("fileLines: invalid UTF-8 far into a file names its own line, not its chunk's first", () => {
  using tmp = tempDir();
  const file = path.join(tmp.path, "values.csv");
  // 3,000 lines of 40 bytes (two chunks of 64 KiB), mixed line ends and multi-byte
  // characters; the bad byte (a lone continuation byte) on line 2,500.
  const lines = Array.from({ length: 3000 }, (_, i) => `${i + 1},é${"v".repeat(30)}`);
  const ends = ["\n", "\r\n", "\r"];
  const text = lines.map((l, i) => l + ends[i % 3]).join("");
  const bytes = new TextEncoder().encode(text);
  const at = new TextEncoder().encode(text.slice(0, text.indexOf("2500,é") + 5)).length;
  bytes[at] = 0x80;
  fs.writeFileSync(file, bytes);
  const e = assertThrows(() => [...fileLines(file)], NvsforgeError) as NvsforgeError;
  assertEquals([e.code, e.location?.line], ["invalid-utf8", 2500]);
  // A character cut off by the end of the file: the last line.
  fs.writeFileSync(file, new Uint8Array([0x61, 0x0a, 0x62, 0x0d, 0x0a, 0x63, 0xc3]));
  const cut = assertThrows(() => [...fileLines(file)], NvsforgeError) as NvsforgeError;
  assertEquals(cut.location?.line, 3);
  // An overlong form (C0 80) and a surrogate (ED A0 80) are not UTF-8 either.
  fs.writeFileSync(file, new Uint8Array([0x61, 0x0a, 0xed, 0xa0, 0x80]));
  assertEquals((assertThrows(() => [...fileLines(file)]) as NvsforgeError).location?.line, 2);
  fs.writeFileSync(file, new Uint8Array([0x0a, 0x0a, 0xc0, 0x80]));
  assertEquals((assertThrows(() => [...fileLines(file)]) as NvsforgeError).location?.line, 3);
});

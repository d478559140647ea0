/** Buffered text: small writes become large ones, nothing is lost on flush. */
import { assertEquals } from "../_assert.ts";
import { BufferedText } from "../../src/mfg/buffered_text.ts";
import type { ProgressiveFile } from "../../src/file_protocol.ts";

function sink(): { file: ProgressiveFile; writes: string[] } {
  const writes: string[] = [];
  const file: ProgressiveFile = {
    tmp: "x.tmp",
    write: (b) => writes.push(new TextDecoder().decode(b)),
    commit() {},
    discard() {},
  };
  return { file, writes };
}

Deno.test("BufferedText: writes once 32 KiB are buffered, the rest on flush", () => {
  const { file, writes } = sink();
  const t = new BufferedText(file);
  const line = "a".repeat(1023) + "\n";
  for (let i = 0; i < 40; i++) t.write(line);
  assertEquals(writes.length, 1);
  assertEquals(writes[0], line.repeat(32));
  t.flush();
  t.flush(); // nothing more
  assertEquals(writes.length, 2);
  assertEquals(writes.join(""), line.repeat(40));
});

Deno.test("BufferedText without a file drops the text", () => {
  const t = new BufferedText(undefined);
  t.write("lost");
  t.flush();
  const { file, writes } = sink();
  t.file = file;
  t.write("kept");
  t.flush();
  assertEquals(writes, ["kept"]);
});

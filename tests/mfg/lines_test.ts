import fc from "fast-check";
import { assert, assertEquals } from "../_assert.ts";
import { isBlankLine, keptLines, LineSplitter } from "../../src/mfg/lines.ts";
import { splitLines } from "../../src/csv/python_csv.ts";

function splitAll(text: string, cuts: number[]): string[] {
  const s = new LineSplitter();
  const out: string[] = [];
  let from = 0;
  for (const c of [...cuts, text.length].sort((a, b) => a - b)) {
    out.push(...s.push(text.slice(from, c)));
    from = c;
  }
  return [...out, ...s.end()];
}

Deno.test("lines: universal newlines, the last line without its newline, a leading BOM dropped", () => {
  assertEquals(splitAll("\uFEFFa\r\nb\rc\n\nd", []), ["a\n", "b\n", "c\n", "\n", "d"]);
  assertEquals(splitAll("a\r", []), ["a\n"]);
  assertEquals(splitAll("", []), []);
  assertEquals(splitAll("x\uFEFF\n", []), ["x\uFEFF\n"], "only a leading BOM is dropped");
});

Deno.test("lines: a \\r\\n split across two chunks is one line end", () => {
  assertEquals(splitAll("a\r\nb", [2]), ["a\n", "b"]);
  assertEquals(splitAll("a\r\rb", [2]), ["a\n", "\n", "b"]);
});

Deno.test("lines: however the text is cut into chunks, the lines are those of splitLines (property)", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "\r", "\n", " ", '"', ",") });
  fc.assert(
    fc.property(text, fc.array(fc.nat(), { maxLength: 5 }), (t, cuts) => {
      const c = cuts.map((x) => x % (t.length + 1));
      assertEquals(splitAll(t, c), splitLines(t));
    }),
    { numRuns: 500 },
  );
});

Deno.test("lines: whitespace-only lines are those Python's str.isspace() calls blank", () => {
  for (const l of ["\n", " \n", "\t \r\n", "\x0b\n", "\x1c\n", "\x85\n", "\u00a0\n", "\u3000"]) {
    assert(isBlankLine(l), JSON.stringify(l));
  }
  for (const l of ["a\n", " x \n", "\uFEFF\n", "\u200b\n", ",\n", '""\n']) {
    assert(!isBlankLine(l), JSON.stringify(l));
  }
});

Deno.test("lines: kept lines keep their original line numbers", () => {
  assertEquals(
    keptLines('a\n\n  \n"b\n\nc"\n').map((l) => [l.line, l.text]),
    [[1, "a\n"], [4, '"b\n'], [6, 'c"\n']],
  );
});

import { assertEquals, assertThrows } from "../_assert.ts";
import { parsePythonCsv, PythonCsvParser, splitLines } from "../../src/csv/python_csv.ts";

// Expected records computed with CPython 3.11: list(csv.reader(io.StringIO(text, newline=None))).
const PYTHON_TABLE: [string, string[][]][] = [
  ["a,b,c\n", [["a", "b", "c"]]],
  ['a,"abc"def,c\n', [["a", "abcdef", "c"]]],
  ['a,ab"c,d\n', [["a", 'ab"c', "d"]]],
  ['a,"x\ny",z\nq,w\n', [["a", "x\ny", "z"], ["q", "w"]]],
  ['k,"unterminated\nmore', [["k", "unterminated\nmore"]]],
  ["\n\na,b\n  \n", [[], [], ["a", "b"], ["  "]]],
  ['a,"x""y",b\n', [["a", 'x"y', "b"]]],
  ['a, "q",b\n', [["a", ' "q"', "b"]]],
  ["a,b,", [["a", "b", ""]]],
  ['"",""\n', [["", ""]]],
  [",,\n", [["", "", ""]]],
  ['a,"b"\n"c",d', [["a", "b"], ["c", "d"]]],
  ['"a""b"""\n', [['a"b"']]],
  ['x,"multi\n\nline",y\n', [["x", "multi\n\nline", "y"]]],
];

Deno.test("python_csv: matches CPython's csv.reader on a table of cases", () => {
  for (const [text, want] of PYTHON_TABLE) {
    assertEquals(parsePythonCsv(text).map((r) => r.fields), want, JSON.stringify(text));
  }
});

Deno.test("python_csv: universal newlines (CRLF and CR) as in Python's text mode", () => {
  assertEquals(parsePythonCsv('a,"x\r\ny"\r\nb,c\rd,e').map((r) => r.fields), [
    ["a", "x\ny"],
    ["b", "c"],
    ["d", "e"],
  ]);
  assertEquals(splitLines("a\r\nb\rc\n"), ["a\n", "b\n", "c\n"]);
});

Deno.test("python_csv: records carry the lines they start and end on", () => {
  const recs = parsePythonCsv('h\n"x\ny"\n\nz\n');
  assertEquals(recs.map((r) => [r.line, r.endLine]), [[1, 1], [2, 3], [4, 4], [5, 5]]);
});

Deno.test("python_csv: text after a newline inside one fed line is rejected", () => {
  assertThrows(() => new PythonCsvParser().feedLine("a\nb", 1), SyntaxError);
});

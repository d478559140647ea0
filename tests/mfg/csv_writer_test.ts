import fc from "fast-check";
import { assertEquals } from "../_assert.ts";
import { formatCsvField, formatCsvRow } from "../../src/mfg/csv_writer.ts";
import { parsePythonCsv } from "../../src/csv/python_csv.ts";

Deno.test("csv writer: quotes exactly the fields Python's QUOTE_MINIMAL quotes", () => {
  const cases: [string, string][] = [
    ["plain", "plain"],
    ["", ""],
    [" spaced ", " spaced "],
    ["' single'", "' single'"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rin", '"cr\rin"'],
    ["#comment", "#comment"],
    ["tab\tsep", "tab\tsep"],
  ];
  for (const [field, written] of cases) assertEquals(formatCsvField(field), written, field);
});

Deno.test("csv writer: rows end in CRLF; a row of one empty field is written as two quotes", () => {
  assertEquals(formatCsvRow(["ns", "namespace", "", ""]), "ns,namespace,,\r\n");
  assertEquals(formatCsvRow([""]), '""\r\n');
  assertEquals(formatCsvRow(["", ""]), ",\r\n");
  assertEquals(formatCsvRow(["x"]), "x\r\n");
});

Deno.test("csv writer: what it writes, Python's reader reads back as the same fields (property)", () => {
  const field = fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "é", "#", "x") });
  fc.assert(
    fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
      const records = parsePythonCsv(formatCsvRow(fields));
      assertEquals(records.map((r) => r.fields), [fields]);
    }),
    { numRuns: 500 },
  );
});

/**
 * The tests can fail: each mutant of the writer and the layout tables (an off-by-one in
 * a page break, a wrong CRC range, a forgotten page state) turns some test red.
 */
import { assert } from "./_assert.ts";
import { killed, MUTANTS } from "../scripts/mutation_check.ts";
import { findVectors } from "../scripts/vectors.ts";

for (const m of MUTANTS) {
  Deno.test(`mutation: "${m.name}" is caught by the tests`, () => {
    assert(killed(m, findVectors()), `the mutant "${m.name}" survived every test`);
  });
}

Deno.test("mutation: the unmutated copy passes (control)", () => {
  const control = {
    name: "control",
    file: "src/format/_page_writer.ts",
    find: "const tailroom",
    replace: "const tailroom",
  };
  assert(!killed(control, findVectors()), "the tests fail on an unmutated copy");
});

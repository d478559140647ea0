/** The generator CSV reader's messages for the commonest spreadsheet mistakes. */
import { assert } from "../_assert.ts";
import { Diagnostics } from "../../src/errors.ts";
import { readNvsCsv } from "../../src/csv/nvs_csv.ts";

Deno.test("nvs csv: a file separated by semicolons is named as such", () => {
  const d = new Diagnostics();
  readNvsCsv("key;type;encoding;value\nns;namespace;;\n", "in.csv", d);
  assert(d.errors[0]?.message.includes("separated by semicolons"), d.errors.join("\n"));
  assert(d.errors[0].message.includes("the format separates columns with commas"));
});

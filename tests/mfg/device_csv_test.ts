import fc from "fast-check";
import { assert, assertEquals } from "../_assert.ts";
import { parseConfig } from "../../src/mfg/config.ts";
import { DeviceCsvWriter } from "../../src/mfg/device_csv.ts";
import { matchHeader } from "../../src/mfg/master.ts";
import { readNvsCsv } from "../../src/csv/nvs_csv.ts";
import { Diagnostics } from "../../src/errors.ts";

/** A device CSV writer for a configuration of a namespace and `keys` string keys. */
function writerFor(keys: string[]): DeviceCsvWriter {
  const d = new Diagnostics();
  const config = parseConfig(
    ["ns,namespace,", ...keys.map((k) => `${k},data,string`)].join("\n"),
    "config.csv",
    d,
  );
  const layout = matchHeader(config, keys, 1, "values.csv", undefined, d);
  assertEquals(d.errors.map((e) => e.message), []);
  return new DeviceCsvWriter(config, layout!);
}

Deno.test("device csv: the rows given without reading back are the rows read back (property)", () => {
  const unit = fc.constantFrom("a", " ", ",", '"', "#", "é", "\t", "\n", "\r", "x");
  const writer = writerFor(["k1", "k2", "k3"]);
  let direct = 0;
  fc.assert(
    fc.property(fc.array(fc.string({ unit }), { minLength: 3, maxLength: 3 }), (fields) => {
      const d = new Diagnostics();
      const read = readNvsCsv(writer.csv(fields), "dev.csv", d);
      const rows = writer.rows(fields, "dev.csv");
      if (fields.some((f) => /[\r\n]/.test(f))) {
        assertEquals(rows, undefined, "a line break: read back");
        return;
      }
      direct++;
      assertEquals(rows, read);
      assertEquals(d.warnings, []);
    }),
    { numRuns: 1000 },
  );
  assert(direct > 20, `${direct} cases without a line break`);
});

Deno.test("device csv: a configuration key starting with # is read back (the generator drops it)", () => {
  const writer = writerFor(["#k", "k2"]);
  assertEquals(writer.rows(["a", "b"], "dev.csv"), undefined);
  const read = readNvsCsv(writer.csv(["a", "b"]), "dev.csv", new Diagnostics());
  assertEquals(read.map((r) => r.key), ["ns", "k2"]);
});

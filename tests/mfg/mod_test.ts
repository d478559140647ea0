/** The library surface of mass manufacturing works end to end (its imports: tests/mod_test.ts). */
import { assertEquals } from "../_assert.ts";
import { createdValuesCsv, generateBatch } from "../../src/mfg/mod.ts";

Deno.test("mfg mod.ts: a batch in memory, with the created master file", () => {
  const config = "dev,namespace,\nserial,data,string\nrev,data,u8,REPEAT\n";
  const values = "serial,rev\nA,1\nB,\n";
  const devices = [...generateBatch(config, values, { prefix: "p", size: 0x3000 })];
  assertEquals(devices.map((d) => d.name), ["p-1", "p-2"]);
  assertEquals(createdValuesCsv(config, values), "serial,rev\r\nA,1\r\nB,1\r\n");
});

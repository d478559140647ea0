import { assert, assertEquals } from "../_assert.ts";
import { Diagnostics } from "../../src/errors.ts";
import { parseConfig } from "../../src/mfg/config.ts";
import { MasterReader, matchHeader } from "../../src/mfg/master.ts";
import type { DeviceRow } from "../../src/mfg/master.ts";
import { LineSplitter } from "../../src/mfg/lines.ts";

const CONFIG = "dev,namespace,\nserial,data,string\nrev,data,u8,REPEAT\nbatch,data,u16\n";

function read(values: string, config = CONFIG, fileid?: string) {
  const d = new Diagnostics();
  const c = parseConfig(config, "c.csv", d);
  const reader = new MasterReader(c, { file: "v.csv", fileid, diagnostics: d });
  const s = new LineSplitter();
  const rows: DeviceRow[] = [];
  let n = 0;
  for (const l of [...s.push(values), ...s.end()]) rows.push(...reader.push(l, ++n));
  rows.push(...reader.end());
  return { rows, reader, errors: d.errors.map((e) => e.message) };
}

Deno.test("master: metadata columns anywhere; values by column; REPEAT from the first row, always", () => {
  const { rows, reader, errors } = read(
    "lot,serial,op,rev,batch,note\nL1,S1,ann,3,100,x\nL1,S2,bob,,101,\nL2,S3,cy,9,102,z\n",
  );
  assertEquals(errors, []);
  assertEquals(reader.layout!.keyColumns, [1, 3, 4]);
  assertEquals(rows.map((r) => [r.index, r.line, r.fields[1], r.fields[3]]), [
    [1, 2, "S1", "3"],
    [2, 3, "S2", "3"],
    [3, 4, "S3", "3"],
  ]);
});

Deno.test("master: whitespace-only lines are dropped, even inside a quoted value", () => {
  const { rows, errors } = read('serial,rev,batch\n\n"a\n\nb",1,2\n   \nS2,,3\n');
  assertEquals(errors, []);
  assertEquals(rows.map((r) => [r.line, r.fields[0]]), [[3, "a\nb"], [7, "S2"]]);
});

Deno.test("master: a missing key, a key out of config order, a missing --fileid column", () => {
  const d = new Diagnostics();
  const c = parseConfig(CONFIG, "c.csv", d);
  assertEquals(matchHeader(c, ["serial", "batch"], 1, "v.csv", undefined, d), undefined);
  assert(d.errors[0].message.includes('"rev"') && d.errors[0].message.includes("not a column"));
  const d2 = new Diagnostics();
  assertEquals(matchHeader(c, ["rev", "serial", "batch"], 1, "v.csv", undefined, d2), undefined);
  assert(d2.errors.some((e) => e.message.includes("out of order")), d2.errors.join("\n"));
  const d3 = new Diagnostics();
  assertEquals(matchHeader(c, ["serial", "rev", "batch"], 1, "v.csv", "uuid", d3), undefined);
  assert(d3.errors[0].message.includes('--fileid "uuid"'));
});

Deno.test("master: every row with a wrong number of values is reported, with its line and device row", () => {
  const { rows, errors } = read("serial,rev,batch\nS1,1,2\nS2,3\nS3,1,2,4\nS4,1,2\n");
  assertEquals(rows.map((r) => r.index), [1, 4]);
  assertEquals(errors.length, 2);
  assert(errors[0].startsWith("v.csv:3: device row 2 (S2): the row has 2 values"), errors[0]);
  assert(errors[1].startsWith("v.csv:4: device row 3 (S3): the row has 4 values"), errors[1]);
});

Deno.test("master: an empty file, a header without rows, an unclosed quote", () => {
  assert(read("").errors[0].includes("empty"));
  assert(read("\n \n").errors[0].includes("empty"));
  assert(read("serial,rev,batch\n").errors[0].includes("no device rows"));
  assert(read('serial,rev,batch\n"S1,1,2\n').errors.some((e) => e.includes("never closed")));
});

Deno.test("master: a BOM before the header is ignored", () => {
  const { rows, errors } = read("\uFEFFserial,rev,batch\r\nS1,1,2\r\n");
  assertEquals(errors, []);
  assertEquals(rows[0].fields, ["S1", "1", "2"]);
});

Deno.test("master: a header with spaces after the commas, or semicolons, is named as such", () => {
  const d = new Diagnostics();
  const c = parseConfig("dev,namespace,\nserial,data,string\ndev_no,data,u8\n", "c.csv", d);
  assertEquals(matchHeader(c, ["serial", " dev_no"], 1, "v.csv", undefined, d), undefined);
  assert(
    d.errors[0].message.includes('the header\'s column " dev_no" has a leading space'),
    d.errors[0].message,
  );
  const d2 = new Diagnostics();
  assertEquals(matchHeader(c, ["serial;dev_no"], 1, "v.csv", undefined, d2), undefined);
  assert(d2.errors[0].message.includes("separated by semicolons"), d2.errors[0].message);
  assert(d2.errors[0].message.includes("the format separates columns with commas"));
  const d3 = new Diagnostics();
  parseConfig("dev;namespace;\nserial;data;string\n", "c.csv", d3);
  assert(d3.errors[0].message.includes("separated by semicolons"), d3.errors.join("\n"));
});

Deno.test("master: a device's messages name its id beside its row: device row 3 (SN07431)", () => {
  const { errors } = read("serial,rev,batch\nS1,1,2\nSN07431,3\n");
  assert(errors[0].startsWith("v.csv:3: device row 2 (SN07431): "), errors[0]);
});

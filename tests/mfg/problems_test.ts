/**
 * The library reports every problem of a batch at once (issue 16, "Errors"): a bad size
 * (option "size"), the configuration's errors and the master file's, in one
 * NvsforgeErrors, in input order.
 */
import { assert, assertEquals } from "../_assert.ts";
import { generateBatch } from "../../src/mfg/generate_batch.ts";
import { checkableConfig, parseConfig } from "../../src/mfg/config.ts";
import { Diagnostics, ExitCode, InputError, NvsforgeErrors, UsageError } from "../../src/errors.ts";
import { NvsforgeError, OutputError } from "../../src/errors.ts";

const CONFIG = "dev,namespace,\nserial,data,string\nrev,data,u9\ncount,data,u8\n";
const VALUES = "serial,rev,count\nA,1,300\nB,1,x\nC,1,5\n";

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("nothing was thrown");
}

Deno.test("library: a bad size, a config error and values errors in one NvsforgeErrors", () => {
  const e = thrown(() => [
    ...generateBatch(CONFIG, VALUES, { prefix: "dev", size: "0x3001", fileid: "serial" }),
  ]);
  assert(e instanceof NvsforgeErrors, String(e));
  assertEquals(e.code, "many");
  assertEquals(e.total, 4);
  assertEquals(e.errors.map((x) => [x.code, x.location]), [
    ["invalid-size", { option: "size" }],
    ["unknown-encoding", { file: "config.csv", line: 3, key: "rev" }],
    ["integer-out-of-range", {
      file: "values.csv",
      line: 2,
      device: 1,
      deviceId: "A",
      column: "count",
    }],
    ["invalid-integer", { file: "values.csv", line: 3, device: 2, deviceId: "B", column: "count" }],
  ]);
  assertEquals(
    e.errors[0].message,
    'option "size": Partition size "0x3001" is not a multiple of 4096 (0x1000): the nearest valid sizes are 0x3000 and 0x4000',
  );
  assertEquals(
    e.errors[2].message.split(": ").slice(0, 3).join(": "),
    'values.csv:2: device row 1 (A): column "count"',
  );
  assertEquals(e.exitCode, ExitCode.INPUT);
});

Deno.test("library: with a bad size, whether a device fits is not checked; its values are", () => {
  const config = "dev,namespace,\nblob,data,hex2bin\n";
  const big = "ab".repeat(9000);
  const e = thrown(() => [
    ...generateBatch(config, `blob\n${big}\n${big}zz\n`, { prefix: "d", size: "big" }),
  ]);
  assert(e instanceof NvsforgeErrors, String(e));
  assertEquals(e.errors.map((x) => x.code), ["invalid-size", "invalid-hex"]);
  // With a valid size too small for it, the blob does not fit: that check is there.
  const small = thrown(
    () => [...generateBatch(config, `blob\n${big}\n`, { prefix: "d", size: 0x3000 })],
  );
  assert(small instanceof NvsforgeError, String(small));
  assertEquals(small.code, "partition-too-small");
});

Deno.test("library: one config error alone is thrown as itself, the values being fine", () => {
  const e = thrown(
    () => [...generateBatch(CONFIG, "serial,count\nA,1\n", { prefix: "d", size: 0x3000 })],
  );
  assert(e instanceof InputError && e.code === "unknown-encoding", String(e));
});

Deno.test("checkableConfig: rows with errors, keys of bad or missing namespaces dropped", () => {
  const d = new Diagnostics();
  const text = "early,data,u8\nok,namespace,\na,data,u8\nb,data,u9\n" +
    "namespace_too_long,namespace,\nc,data,u8\nok2,namespace,\nd,data,u8\n";
  const config = parseConfig(text, "c.csv", d);
  assertEquals(d.errors.map((e) => e.location?.line), [1, 4, 5]);
  const checkable = checkableConfig(config, d.errors);
  assertEquals(checkable.keys.map((k) => k.key), ["a", "d"]);
  assertEquals(checkable.entries.map((k) => k.key), ["ok", "a", "ok2", "d"]);
});

Deno.test("exit status of a list: usage before input before output, whatever the order", () => {
  const input = new InputError("invalid-hex", "x", { file: "v.csv", line: 2 });
  const usage = new UsageError("invalid-size", "y");
  const output = new OutputError("output-exists", "z");
  assertEquals(new NvsforgeErrors([input, usage]).exitCode, ExitCode.USAGE);
  assertEquals(new NvsforgeErrors([output, input]).exitCode, ExitCode.INPUT);
  assertEquals(new NvsforgeErrors([output, output]).exitCode, ExitCode.OUTPUT);
  assertEquals(new NvsforgeErrors([output, input]).kind, "input");
});

/** The library surface of mass manufacturing: browser-compatible, and it works end to end. */
import * as path from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { REPO_ROOT } from "../../scripts/vectors.ts";
import { createdValuesCsv, generateBatch } from "../../src/mfg/mod.ts";

Deno.test("mfg mod.ts: nothing it imports, however indirectly, touches node:* or the runtime", () => {
  const deno = path.join(REPO_ROOT, "node_modules", ".bin", "deno");
  const out = new Deno.Command(deno, {
    args: ["info", "--json", path.join(REPO_ROOT, "src/mfg/mod.ts")],
    cwd: REPO_ROOT,
  }).outputSync();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string }[];
  };
  const specifiers = info.modules.map((m) => m.specifier);
  assert(specifiers.some((s) => s.endsWith("/src/mfg/batch.ts")), "the graph was read");
  const offending = specifiers.filter((s) =>
    s.startsWith("node:") || s.includes("/src/runtime/") || s.includes("/src/cli/")
  );
  assertEquals(offending, []);
});

Deno.test("mfg mod.ts: a batch in memory, with the created master file", () => {
  const config = "dev,namespace,\nserial,data,string\nrev,data,u8,REPEAT\n";
  const values = "serial,rev\nA,1\nB,\n";
  const devices = [...generateBatch(config, values, { prefix: "p", size: 0x3000 })];
  assertEquals(devices.map((d) => d.name), ["p-1", "p-2"]);
  assertEquals(createdValuesCsv(config, values), "serial,rev\r\nA,1\r\nB,1\r\n");
});

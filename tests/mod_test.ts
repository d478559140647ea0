/**
 * The published library (mod.ts): browser-compatible, every export documented with a
 * runnable example, and the encryption and batch calls reachable from it.
 */
import * as path from "node:path";
import { assert, assertEquals } from "./_assert.ts";
import { bin, REPO_ROOT } from "../scripts/vectors.ts";
import { createdValuesCsv, generateBatch, generateHmacKey, NvsDocument } from "@nvsforge/nvsforge";

const DENO = bin("deno");

function denoJson(args: string[]): unknown {
  const out = new Deno.Command(DENO, { args, cwd: REPO_ROOT }).outputSync();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

for (
  const entry of [
    "mod.ts",
    "src/format/mod.ts",
    "src/csv/mod.ts",
    "src/crypto/mod.ts",
    "src/mfg/mod.ts",
    "src/partition/mod.ts",
    "src/flash/mod.ts",
  ]
) {
  Deno.test(`${entry}: nothing it imports, however indirectly, touches node:* or the runtime`, () => {
    const info = denoJson(["info", "--json", path.join(REPO_ROOT, entry)]) as {
      modules: { specifier: string }[];
    };
    const specifiers = info.modules.map((m) => m.specifier);
    assert(specifiers.some((s) => s.endsWith(`/${entry}`)), "the graph was read");
    const offending = specifiers.filter((s) =>
      s.startsWith("node:") || s.includes("/src/runtime/") || s.includes("/src/cli/")
    );
    assertEquals(offending, []);
  });
}

Deno.test("mod.ts: every export has a runnable example that can fail", () => {
  type Doc = { kind: string; doc?: string };
  const json = denoJson(["doc", "--json", path.join(REPO_ROOT, "mod.ts")]) as {
    nodes: Record<string, {
      symbols: { name: string; declarations: { jsDoc?: { tags?: Doc[] } }[] }[];
    }>;
  };
  const [mod] = Object.values(json.nodes);
  assert(mod.symbols.length > 30, `only ${mod.symbols.length} exports`);
  const undocumented = mod.symbols
    .filter((s) =>
      !s.declarations.some((d) =>
        (d.jsDoc?.tags ?? []).some((t) =>
          t.kind === "example" && t.doc?.includes("```ts") && t.doc.includes("throw")
        )
      )
    )
    .map((s) => s.name);
  assertEquals(undocumented, []);
});

Deno.test("mod.ts: encryption round trip with an HMAC key", () => {
  const hmacKey = generateHmacKey();
  const doc = new NvsDocument([
    { kind: "namespace", name: "wifi" },
    { kind: "entry", key: "pass", type: "string", value: "hunter2" },
  ]);
  const plain = doc.toImage({ size: 0x3000 }).image;
  const encrypted = doc.toImage({ size: 0x3000, keys: { hmacKey } }).image;
  assert(!encrypted.every((b, i) => b === plain[i]), "not encrypted");
  const back = NvsDocument.fromImage(encrypted, { keys: { hmacKey } });
  assertEquals(back.toImage({ size: 0x3000 }).image, plain);
});

Deno.test("mod.ts: a batch with generated keys, in memory", () => {
  const config = "dev,namespace,\nserial,data,string\nrev,data,u8,REPEAT\n";
  const values = "serial,rev\nA,1\nB,\n";
  const devices = [
    ...generateBatch(config, values, {
      prefix: "p",
      size: 0x3000,
      fileid: "serial",
      encryption: { generate: true },
    }),
  ];
  assertEquals(devices.map((d) => d.name), ["p-A", "p-B"]);
  for (const d of devices) {
    const doc = NvsDocument.fromImage(d.image, { keys: d.keyPartition! });
    const values = doc.records.flatMap((r) => r.kind === "entry" ? [r.value] : []);
    assertEquals(values, [d.id, 1]);
  }
  assertEquals(createdValuesCsv(config, values), "serial,rev\r\nA,1\r\nB,1\r\n");
});

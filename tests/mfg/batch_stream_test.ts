import { assert, assertBytes, assertEquals } from "../_assert.ts";
import {
  caseFile,
  caseText,
  expectedFile,
  loadCase,
  optionValue,
} from "../../scripts/vector_cases.ts";
import { generateBatch } from "../../src/mfg/generate_batch.ts";
import type { DeviceImage } from "../../src/mfg/device_image.ts";
import { generateBatchStream } from "../../src/mfg/batch_stream.ts";
import type { GenerateBatchStreamOptions } from "../../src/mfg/batch_stream.ts";
import type { MasterSource } from "../../src/mfg/master_source.ts";
import { STREAM_FILE_CACHE_BYTES } from "../../src/mfg/read_once.ts";
import { NvsforgeError, NvsforgeErrors } from "../../src/errors.ts";
import type { Warning } from "../../src/errors.ts";
import { decryptPartition, deriveKeysFromHmacKey, parseKeyFile } from "../../src/crypto/mod.ts";

function vector(name: string) {
  const c = loadCase(name);
  const [conf, values, prefix, size] = c.args;
  const opt = (o: string) => optionValue(c, o);
  const pn = c.args.indexOf("--prefix_num");
  const reads: string[] = [];
  return {
    c,
    reads,
    configText: caseText(c, conf),
    valuesText: caseText(c, values),
    valuesBytes: caseFile(c, values),
    options: {
      prefix,
      size,
      fileid: opt("--fileid"),
      version: opt("--version") === "1" ? 1 as const : 2 as const,
      prefixNum: pn < 0
        ? undefined
        : { start: BigInt(c.args[pn + 1]), digits: Number(c.args[pn + 2]) },
      readFile: async (p: string) => {
        reads.push(p);
        await Promise.resolve();
        return caseFile(c, p);
      },
    },
    syncOptions: {
      readFile: (p: string) => caseFile(c, p),
    },
    expected: (rel: string) => expectedFile(c, rel),
  };
}

async function all(it: AsyncIterable<DeviceImage>): Promise<DeviceImage[]> {
  const out: DeviceImage[] = [];
  for await (const d of it) out.push(d);
  return out;
}

/** Runs `f`; returns what it rejected with (fails when it resolves). */
async function rejection(f: () => Promise<unknown>): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

/** `bytes` in chunks of `n` bytes (cutting characters and line ends anywhere). */
function* chunked(bytes: Uint8Array, n: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += n) yield bytes.subarray(i, i + n);
}

for (
  const name of [
    "mfg-sample-singlepage",
    "mfg-sample-multipage",
    "mfg-all-encodings",
    "mfg-csv-quoting",
    "mfg-repeat-multi",
    "mfg-fileid-prefix-num",
    "mfg-quirk-blank-line-in-quoted-value",
    "mfg-improved-bom-excel",
    "mfg-improved-i16-accepted",
    "mfg-metadata-columns",
  ]
) {
  Deno.test(`library: generateBatchStream gives ${name}'s bytes from text, chunks and a stream`, async () => {
    const v = vector(name);
    const expectedBins = Object.keys(v.c.outputs).filter((o) => o.startsWith("bin/"));
    const sources: [string, () => MasterSource][] = [
      ["text", () => v.valuesText],
      ["3-byte chunks", () => chunked(v.valuesBytes, 3)],
      ["a ReadableStream", () => new Blob([v.valuesBytes]).stream()],
    ];
    const sync = [...generateBatch(v.configText, v.valuesText, { ...v.options, ...v.syncOptions })];
    for (const [what, source] of sources) {
      v.reads.length = 0;
      const devices = await all(generateBatchStream(v.configText, source(), v.options));
      assertEquals(devices.length, expectedBins.length, what);
      devices.forEach((d, i) => {
        assertBytes(d.image, v.expected(`bin/${d.name}.bin`), `${what}: ${d.name}`);
        assertBytes(new TextEncoder().encode(d.csvText), v.expected(`csv/${d.name}.csv`), d.name);
        assertEquals(d.name, sync[i].name);
        assertBytes(d.image, sync[i].image, `${what}: ${d.name} as generateBatch`);
      });
      assertEquals(v.reads.length, new Set(v.reads).size, `${what}: each file read once`);
    }
  });
}

Deno.test("library: generateBatchStream with one key for every device gives mfg-encrypted-inputkey's images", async () => {
  const v = vector("mfg-encrypted-inputkey");
  const keys = caseFile(v.c, "testdata/sample_encryption_keys.bin");
  const devices = await all(
    generateBatchStream(v.configText, v.valuesText, { ...v.options, encryption: { keys } }),
  );
  assertEquals(devices.length, 3);
  for (const d of devices) {
    assertBytes(d.image, v.expected(`bin/${d.name}.bin`), d.name);
    assertBytes(d.keys!, parseKeyFile(keys));
  }
});

Deno.test("library: generateBatchStream with an HMAC key per device: each device carries its keys", async () => {
  const v = vector("mfg-sample-singlepage");
  const plain = await all(generateBatchStream(v.configText, v.valuesText, v.options));
  const enc = await all(generateBatchStream(v.configText, v.valuesText, {
    ...v.options,
    encryption: { generate: true, hmac: true },
  }));
  assertEquals(enc.length, plain.length);
  assert(enc.length > 1, "several devices");
  enc.forEach((d, i) => {
    assertEquals(d.hmacKey!.length, 32);
    assertBytes(d.keys!, deriveKeysFromHmacKey(d.hmacKey!), `${d.name}: derived keys`);
    assertBytes(parseKeyFile(d.keyPartition!), d.keys!, `${d.name}: its key partition`);
    assertBytes(decryptPartition(d.image, { keys: { hmacKey: d.hmacKey! } }), plain[i].image);
  });
  assert(enc[0].hmacKey!.some((b, i) => b !== enc[1].hmacKey![i]), "distinct HMAC keys");
});

Deno.test("library: generateBatchStream yields the first device before reading the rest", async () => {
  const config = "dev,namespace,\nserial,data,string\n";
  let pulled = 0;
  const rows = ["serial\n", "A\n", "B\n", "C\n"];
  async function* source() {
    for (const r of rows) {
      pulled++;
      yield r;
    }
  }
  const it = generateBatchStream(config, source(), { prefix: "p", size: 0x3000 });
  const first = await it.next();
  assertEquals(first.done, false);
  assertEquals((first.value as DeviceImage).csvText.endsWith("serial,data,string,A\r\n"), true);
  assertEquals(pulled, 2);
  // Stopping early cancels a stream source.
  let cancelled = false;
  const stream = new ReadableStream<string>({
    pull(c) {
      c.enqueue("serial\nA\n");
    },
    cancel() {
      cancelled = true;
    },
  });
  for await (const _ of generateBatchStream(config, stream, { prefix: "p", size: 0x3000 })) break;
  assert(cancelled, "the stream was cancelled");
  await it.return(undefined);
});

Deno.test("library: generateBatchStream yields the valid devices and throws every problem at the end", async () => {
  const config = "dev,namespace,\nserial,data,string\nbatch,data,u16\nmac,data,hex2bin\n";
  const values = "serial,batch,mac\nS1,70000,00ff\nS2,1,zz\nS3,2,0a\nS4,x,0a0\nS3,4,0b\n";
  const names: string[] = [];
  const e = await rejection(async () => {
    for await (
      const d of generateBatchStream(config, values, {
        prefix: "p",
        size: 0x3000,
        fileid: "serial",
      })
    ) names.push(d.name);
  });
  assertEquals(names, ["p-S3"]);
  assert(e instanceof NvsforgeErrors && e instanceof NvsforgeError, String(e));
  assertEquals(e.code, "many");
  assertEquals(e.errors.map((x) => [x.location?.line, x.location?.device, x.location?.column]), [
    [2, 1, "batch"],
    [3, 2, "mac"],
    [5, 4, "batch"],
    [5, 4, "mac"],
    [6, 5, "serial"],
  ]);
  // The same problems as generateBatch finds before its first device.
  let sync: unknown;
  try {
    [...generateBatch(config, values, { prefix: "p", size: 0x3000, fileid: "serial" })];
  } catch (x) {
    sync = x;
  }
  assertEquals(
    (sync as NvsforgeErrors).errors.map((x) => x.message),
    e.errors.map((x) => x.message),
  );
});

Deno.test("library: generateBatchStream: a bad header is thrown; a bad prefix or encryption before any read", async () => {
  const config = "dev,namespace,\nserial,data,string\n";
  const e1 = await rejection(() =>
    all(generateBatchStream(config, "other\nA\n", { prefix: "p", size: 0x3000 }))
  );
  assert(e1 instanceof NvsforgeError && e1.location?.file === "values.csv", String(e1));
  let pulled = 0;
  async function* source() {
    pulled++;
    yield "serial\nA\n";
  }
  const e2 = await rejection(() =>
    all(generateBatchStream(config, source(), { prefix: "a/p", size: 0x3000 }))
  );
  assert(e2 instanceof NvsforgeError && e2.code === "invalid-output", String(e2));
  const e3 = await rejection(() =>
    all(
      generateBatchStream(config, source(), {
        prefix: "p",
        size: 0x3000,
        encryption: { keys: new Uint8Array(3) },
      }),
    )
  );
  assert(e3 instanceof NvsforgeError && e3.location?.option === "encryption.keys", String(e3));
  assertEquals(pulled, 0);
});

Deno.test("library: generateBatchStream reports a bad size and config errors with every values error, building nothing", async () => {
  const config = "dev,namespace,\nserial,data,string\nrev,data,u9\ncount,data,u8\nca,file,binary\n";
  const values = "serial,rev,count,ca\nA,1,300,ca.pem\nB,1,x,gone.pem\nC,1,5,ca.pem\n";
  const reads: string[] = [];
  const readFile = (path: string) => {
    reads.push(path);
    return path === "gone.pem"
      ? Promise.reject(new Error("no such file"))
      : Promise.resolve(new Uint8Array([1, 2, 3]));
  };
  let pulled = 0;
  async function* source() {
    for (const line of values.split(/(?<=\n)/)) {
      pulled++;
      yield line;
    }
  }
  const options = { prefix: "dev", size: "0x3001", fileid: "serial" };
  let yielded = 0;
  const e = await rejection(async () => {
    for await (const _ of generateBatchStream(config, source(), { ...options, readFile })) {
      yielded++;
    }
  });
  assertEquals(yielded, 0);
  assertEquals(pulled, 4, "the whole values file is read");
  assert(e instanceof NvsforgeErrors, String(e));
  assertEquals(e.code, "many");
  assertEquals(e.kind, "input");
  assertEquals(e.errors.map((x) => [x.code, x.location?.line, x.location?.column]), [
    ["invalid-size", undefined, undefined],
    ["unknown-encoding", 3, undefined],
    ["integer-out-of-range", 2, "count"],
    ["invalid-integer", 3, "count"],
    ["file-unreadable", 3, "ca"],
  ]);
  assertEquals(reads, ["ca.pem", "gone.pem"]);
  // The same problems, the same messages, as generateBatch and its sync reader.
  let sync: unknown;
  try {
    [...generateBatch(config, values, {
      ...options,
      readFile: (path) => {
        if (path === "gone.pem") throw new Error("no such file");
        return new Uint8Array([1, 2, 3]);
      },
    })];
  } catch (x) {
    sync = x;
  }
  assert(sync instanceof NvsforgeErrors, String(sync));
  assertEquals(e.errors.map((x) => x.message), sync.errors.map((x) => x.message));
  assertEquals(e.message, sync.message);
  assertEquals(e.exitCode, sync.exitCode);
});

Deno.test("library: generateBatchStream names the line of bytes that are not UTF-8", async () => {
  const config = "dev,namespace,\nserial,data,string\n";
  const bytes = new Uint8Array([...new TextEncoder().encode("serial\nA\nB"), 0xff, 0x0a]);
  const names: string[] = [];
  const e = await rejection(async () => {
    for await (
      const d of generateBatchStream(config, chunked(bytes, 64), { prefix: "p", size: 0x3000 })
    ) {
      names.push(d.name);
    }
  });
  assert(e instanceof NvsforgeError && e.code === "invalid-utf8", String(e));
  assertEquals(e.location?.line, 3);
  const bad = await rejection(() =>
    all(generateBatchStream(config, [42 as unknown as string], { prefix: "p", size: 0x3000 }))
  );
  assert(bad instanceof NvsforgeError && bad.message.includes("text or bytes"), String(bad));
});

Deno.test("library: generateBatchStream reads a shared file once and a failing file is an error at each row", async () => {
  const config = "dev,namespace,\nid,data,string\nca,file,binary\nown,file,binary\n";
  const values = "id,ca,own\n" +
    Array.from({ length: 20 }, (_, i) => `d${i},ca.pem,own${i}.bin\n`).join("") +
    "x,ca.pem,missing.bin\ny,ca.pem,missing.bin\n";
  const calls = new Map<string, number>();
  const options: GenerateBatchStreamOptions = {
    prefix: "p",
    size: 0x3000,
    readFile: (path) => {
      calls.set(path, (calls.get(path) ?? 0) + 1);
      if (path === "missing.bin") return Promise.reject(new Error("no such file"));
      return path === "ca.pem" ? new Uint8Array([1, 2, 3]) : Promise.resolve(new Uint8Array([4]));
    },
  };
  let n = 0;
  const e = await rejection(async () => {
    for await (const d of generateBatchStream(config, values, options)) {
      n++;
      assert(d.csvText.includes(`own${n - 1}.bin`), d.csvText);
    }
  });
  assertEquals(n, 20);
  assert(e instanceof NvsforgeErrors, String(e));
  assertEquals(e.errors.map((x) => [x.location?.device, x.location?.column]), [[21, "own"], [
    22,
    "own",
  ]]);
  assert([...calls.values()].every((c) => c === 1), JSON.stringify([...calls]));
  assertEquals(calls.size, 22);
  assert(STREAM_FILE_CACHE_BYTES >= 1 << 20, "a cache of at least 1 MiB");
});

Deno.test("library: generateBatchStream reports warnings as found, repeated ones summarised", async () => {
  const config = "dev,namespace,\nn,data,u8\n";
  const values = "n\n" + Array.from({ length: 10 }, () => "007").join("\n") + "\n";
  const warnings: Warning[] = [];
  let firstSeen = -1;
  let n = 0;
  for await (
    const _ of generateBatchStream(config, values, {
      prefix: "p",
      size: 0x3000,
      onWarning: (w) => warnings.push(w),
    })
  ) {
    if (firstSeen < 0 && warnings.length > 0) firstSeen = n;
    n++;
  }
  assertEquals(n, 10);
  assertEquals(firstSeen, 0);
  assertEquals(warnings.length, 4, warnings.map((w) => w.message).join("\n"));
  assert(warnings[3].message.includes("7 more device rows"), warnings[3].message);
});

import { assert, assertBytes, assertEquals, assertThrows } from "../_assert.ts";
import {
  caseFile,
  caseText,
  expectedFile,
  loadCase,
  optionValue,
} from "../../scripts/vector_cases.ts";
import { MfgBatch } from "../../src/mfg/batch.ts";
import { createdValuesCsv } from "../../src/mfg/created_values.ts";
import { generateBatch } from "../../src/mfg/generate_batch.ts";
import type { BatchEncryption } from "../../src/mfg/encryption.ts";
import { Diagnostics, NvsforgeError, NvsforgeErrors } from "../../src/errors.ts";
import type { Warning } from "../../src/errors.ts";
import {
  buildKeyPartition,
  decryptPartition,
  deriveKeysFromHmacKey,
  encryptPartition,
  parseKeyFile,
} from "../../src/crypto/mod.ts";
import { createdValuesPath } from "../../src/mfg/run.ts";

function vector(name: string) {
  const c = loadCase(name);
  const [conf, values, prefix, size] = c.args;
  const opt = (o: string) => optionValue(c, o);
  const pn = c.args.indexOf("--prefix_num");
  return {
    c,
    configText: caseText(c, conf),
    valuesText: caseText(c, values),
    values,
    options: {
      prefix,
      size,
      fileid: opt("--fileid"),
      version: opt("--version") === "1" ? 1 as const : 2 as const,
      prefixNum: pn < 0
        ? undefined
        : { start: BigInt(c.args[pn + 1]), digits: Number(c.args[pn + 2]) },
      readFile: (p: string) => caseFile(c, p),
    },
    expected: (rel: string) => expectedFile(c, rel),
  };
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
  Deno.test(`library: generateBatch gives ${name}'s bytes, CSVs and images`, () => {
    const v = vector(name);
    const devices = [...generateBatch(v.configText, v.valuesText, v.options)];
    const expectedBins = Object.keys(v.c.outputs).filter((o) => o.startsWith("bin/"));
    assertEquals(devices.length, expectedBins.length);
    for (const d of devices) {
      assertBytes(d.image, v.expected(`bin/${d.name}.bin`), d.name);
      assertBytes(new TextEncoder().encode(d.csvText), v.expected(`csv/${d.name}.csv`), d.name);
    }
    const created = createdValuesCsv(v.configText, v.valuesText);
    const createdRel = Object.keys(v.c.outputs).find((o) => o.endsWith("_tmp_created.csv"));
    assertEquals(created !== undefined, createdRel !== undefined);
    if (createdRel) {
      assertEquals(createdRel, createdValuesPath(v.values));
      assertBytes(new TextEncoder().encode(created), v.expected(createdRel));
    }
  });
}

Deno.test("library: one key for every device (--inputkey) gives mfg-encrypted-inputkey's images", () => {
  const v = vector("mfg-encrypted-inputkey");
  // The key file itself: a key partition is one of the forms of { keys }.
  const keys = caseFile(v.c, "testdata/sample_encryption_keys.bin");
  const devices = [
    ...generateBatch(v.configText, v.valuesText, { ...v.options, encryption: { keys } }),
  ];
  assertEquals(devices.length, 3);
  for (const d of devices) {
    assertBytes(d.image, v.expected(`bin/${d.name}.bin`), d.name);
    assertBytes(d.keys!, parseKeyFile(keys), `${d.name}: its 64 key bytes`);
    assertEquals(d.keyPartition, undefined);
  }
});

Deno.test("library: keys derived from an HMAC key per device; each device carries its HMAC key", () => {
  const v = vector("mfg-sample-singlepage");
  const plain = [...generateBatch(v.configText, v.valuesText, v.options)];
  const enc = [
    ...generateBatch(v.configText, v.valuesText, {
      ...v.options,
      encryption: { generate: true, hmac: true },
    }),
  ];
  assertEquals(enc.length, plain.length);
  enc.forEach((d, i) => {
    assertEquals(d.hmacKey!.length, 32);
    assertBytes(d.keys!, deriveKeysFromHmacKey(d.hmacKey!), `${d.name}: derived keys`);
    assertBytes(parseKeyFile(d.keyPartition!), d.keys!, `${d.name}: its key partition`);
    assertBytes(decryptPartition(d.image, { keys: { hmacKey: d.hmacKey! } }), plain[i].image);
  });
  assert(!assertEqualsBool(enc[0].hmacKey!, enc[1].hmacKey!), "distinct HMAC keys");
});

Deno.test("library: one HMAC key for every device, with key files (--kp_hmac_inputkey)", () => {
  const v = vector("mfg-sample-singlepage");
  const hmacKey = new Uint8Array(32).fill(0x42);
  const plain = [...generateBatch(v.configText, v.valuesText, v.options)];
  const enc = [
    ...generateBatch(v.configText, v.valuesText, {
      ...v.options,
      encryption: { keys: { hmacKey }, keyFiles: true },
    }),
  ];
  const keys = deriveKeysFromHmacKey(hmacKey);
  enc.forEach((d, i) => {
    assertBytes(d.keys!, keys);
    assertBytes(d.keyPartition!, buildKeyPartition(keys));
    assertBytes(d.image, encryptPartition(plain[i].image, { keys }), d.name);
  });
});

Deno.test("library: an encryption option of no known shape is refused before any device", () => {
  const v = vector("mfg-sample-singlepage");
  for (
    const [encryption, option] of [
      [{ keys64: new Uint8Array(64) }, "encryption"],
      [{ generate: true, hmacKey: new Uint8Array(32) }, "encryption.hmacKey"],
      [{ keys: new Uint8Array(63) }, "encryption.keys"],
    ] as const
  ) {
    const e = assertThrows(
      () => [
        ...generateBatch(v.configText, v.valuesText, {
          ...v.options,
          encryption: encryption as unknown as BatchEncryption,
        }),
      ],
      NvsforgeError,
    ) as NvsforgeError;
    assertEquals(e.location?.option, option, JSON.stringify(Object.keys(encryption)));
  }
});

Deno.test("library: a fresh key per device; each image decrypts with its own key partition", () => {
  const v = vector("mfg-sample-singlepage");
  const plain = [...generateBatch(v.configText, v.valuesText, v.options)];
  const enc = [
    ...generateBatch(v.configText, v.valuesText, { ...v.options, encryption: { generate: true } }),
  ];
  const keys = enc.map((d) => parseKeyFile(d.keyPartition!));
  assert(
    keys.every((k, i) => keys.findIndex((x) => assertEqualsBool(x, k)) === i),
    "distinct keys",
  );
  enc.forEach((d, i) =>
    assertBytes(decryptPartition(d.image, { keys: keys[i] }), plain[i].image, d.name)
  );
});

function assertEqualsBool(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

Deno.test("library: every problem of every device row at once, before any device is yielded", () => {
  const config = "dev,namespace,\nserial,data,string\nbatch,data,u16\nmac,data,hex2bin\n";
  const values = "serial,batch,mac\nS1,70000,00ff\nS2,1,zz\nS3,2,0a\nS4,x,0a0\n";
  let yielded = 0;
  const e = assertThrows(() => {
    for (const _ of generateBatch(config, values, { prefix: "p", size: 0x3000 })) yielded++;
  }, NvsforgeErrors) as NvsforgeErrors;
  assertEquals(yielded, 0);
  assertEquals(e.errors.map((x) => [x.location?.line, x.location?.device, x.location?.column]), [
    [2, 1, "batch"],
    [3, 2, "mac"],
    [5, 4, "batch"],
    [5, 4, "mac"],
  ]);
});

Deno.test("library: repeated --fileid values are an error naming both rows", () => {
  const config = "dev,namespace,\nserial,data,string\n";
  const e = assertThrows(
    () => [
      ...generateBatch(config, "serial\nA\nB\nA\n", {
        prefix: "p",
        size: 0x3000,
        fileid: "serial",
      }),
    ],
    NvsforgeError,
  ) as NvsforgeError;
  assert(e.message.includes("device row 3") && e.message.includes("device row 1"), e.message);
});

Deno.test("library: a device whose data does not fit is an error at its row", () => {
  const config = "dev,namespace,\nblob,data,hex2bin\n";
  const big = "ab".repeat(9000);
  const e = assertThrows(
    () => [...generateBatch(config, `blob\n00\n${big}\n`, { prefix: "p", size: 0x3000 })],
    NvsforgeError,
  ) as NvsforgeError;
  assertEquals(e.location?.device, 2);
  assert(e.message.includes("pages"), e.message);
});

Deno.test("library: a warning repeated on many devices is shown three times, then summarised", () => {
  const config = "dev,namespace,\nn,data,u8\n";
  const values = "n\n" + Array.from({ length: 10 }, () => "007").join("\n") + "\n";
  const warnings: Warning[] = [];
  const devices = [...generateBatch(config, values, {
    prefix: "p",
    size: 0x3000,
    onWarning: (w) => warnings.push(w),
  })];
  assertEquals(devices.length, 10);
  assertEquals(warnings.length, 4, warnings.map((w) => w.message).join("\n"));
  assert(warnings[3].message.includes("7 more device rows"), warnings[3].message);
});

Deno.test("library: a value starting with # on a continuation line is dropped as nvs generate drops it", () => {
  // The intermediate CSV goes through the generator's own reader, quirks included.
  const config = "dev,namespace,\nnote,data,string\nn,data,u8\n";
  const warnings: Warning[] = [];
  const [d] = [...generateBatch(config, 'note,n\n"line\n#two",5\n', {
    prefix: "p",
    size: 0x3000,
    onWarning: (w) => warnings.push(w),
  })];
  assert(d.csvText.includes('"line\n#two"'), d.csvText);
  assert(warnings.some((w) => w.message.includes("'#'") && w.location?.device === 1), "warned");
});

Deno.test("library: generateBatch reads each file once, a shared one and each device's own", () => {
  const config = "dev,namespace,\nid,data,string\nca,file,binary\nown,file,hex2bin\n";
  const values = "id,ca,own\n" +
    Array.from({ length: 12 }, (_, i) => `d${i},ca.pem,own${i % 10}.hex\n`).join("");
  const calls = new Map<string, number>();
  const contents = (path: string) =>
    new TextEncoder().encode(path === "ca.pem" ? "-----CA-----" : `0a${path.slice(3, 4)}0`);
  const devices = [
    ...generateBatch(config, values, {
      prefix: "p",
      size: 0x3000,
      fileid: "id",
      readFile: (path) => {
        calls.set(path, (calls.get(path) ?? 0) + 1);
        return contents(path);
      },
    }),
  ];
  assertEquals(devices.length, 12);
  assertEquals(calls.size, 11);
  assert([...calls.values()].every((n) => n === 1), JSON.stringify([...calls]));
  // Each device still gets its files' bytes: the same images as with a reader per call.
  const again = [
    ...generateBatch(config, values, {
      prefix: "p",
      size: 0x3000,
      fileid: "id",
      readFile: contents,
    }),
  ];
  devices.forEach((d, i) => assertBytes(d.image, again[i].image, d.name));
  assert(devices[3].csvText.includes("binary,ca.pem"), devices[3].csvText);
});

Deno.test("MfgBatch: naming a device and its CSV take the batch laid out by a header", () => {
  const batch = new MfgBatch("dev,namespace,\nserial,data,string\n", {
    prefix: "p",
    size: 0x3000,
    fileid: "serial",
  });
  // @ts-expect-error: a batch without a header's layout cannot name a device
  assertEquals(batch.identify, undefined);
  // @ts-expect-error: nor write its CSV
  assertEquals(batch.csvText, undefined);
  const reader = batch.reader(new Diagnostics());
  const rows = ["serial", "SN-9"].flatMap((line, i) => reader.push(line, i + 1));
  const laid = batch.withLayout(reader.layout!);
  assertEquals(laid.identify(rows[0]), { id: "SN-9", name: "p-SN-9" });
  assertEquals(
    laid.csvText(rows[0].fields),
    "key,type,encoding,value\r\ndev,namespace,,\r\nserial,data,string,SN-9\r\n",
  );
  assertEquals(laid.where(rows[0]), { file: "values.csv", line: 2, device: 1, deviceId: "SN-9" });
});

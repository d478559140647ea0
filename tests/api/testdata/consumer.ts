/**
 * What a user of the package writes: imports by package name only, the document from
 * CSV and from records, encryption with fixed keys, an error list caught as one type, a
 * batch streamed from a `ReadableStream` with an async file reader.
 * Run the same in Deno, Bun and (bundled) a browser: the summary must be the same.
 */
import { NvsDocument, NvsforgeError } from "@nvsforge/nvsforge";
import { crc32, parsePartition } from "@nvsforge/nvsforge/format";
import { buildKeyPartition } from "@nvsforge/nvsforge/crypto";
import { generateBatch, generateBatchStream } from "@nvsforge/nvsforge/mfg";

const CSV = "key,type,encoding,value\nfactory,namespace,,\nserial,data,string,NF-000042\n" +
  "cal,data,hex2bin,a4cf12\nboots,data,u32,7\n";

/** The bytes' CRC32 and length (a page at about:blank has no crypto.subtle). */
function digest(bytes: Uint8Array<ArrayBuffer>): string {
  return `${bytes.length}:${crc32(bytes).toString(16)}`;
}

/** A summary of what the library made: digests, texts and codes. */
export async function summary(): Promise<Record<string, unknown>> {
  const fromCsv = await NvsDocument.fromCsv(
    [new Blob([CSV]) as Blob & { name?: string }],
    { readFile: () => Promise.resolve(new Uint8Array([1])) },
  );
  const plain = fromCsv.toImage({ size: 0x3000 }).image;
  const keys = new Uint8Array(64).map((_, i) => i);
  const encrypted = fromCsv.toImage({ size: 0x3000, keys }).image;
  const back = NvsDocument.fromImage(encrypted, { keys: buildKeyPartition(keys) });
  const records = new NvsDocument([
    { kind: "namespace", name: "factory" },
    { kind: "entry", key: "serial", type: "string", value: "NF-000042" },
    { kind: "entry", key: "cal", type: "blob", value: [0xa4, 0xcf, 0x12] },
    { kind: "entry", key: "boots", type: "u32", value: 7 },
  ]).toImage({ size: 0x3000 }).image;
  let codes: string[] = [];
  try {
    new NvsDocument([{ kind: "entry", key: "x", type: "uint8", value: 300 }]).toImage({
      size: "0x1001",
    });
  } catch (e) {
    if (!(e instanceof NvsforgeError)) throw e;
    codes = [e.code, ...("errors" in e ? (e.errors as NvsforgeError[]).map((x) => x.code) : [])];
  }
  const config = "dev,namespace,\nserial,data,string\nca,file,binary\n";
  const values = "serial,ca\nSN-1,ca.pem\nSN-2,ca.pem\n";
  const ca = new TextEncoder().encode("-----BEGIN CERTIFICATE-----");
  const options = { prefix: "dev", size: 0x3000, fileid: "serial" };
  const streamed: string[] = [];
  let reads = 0;
  for await (
    const d of generateBatchStream(config, new Blob([values]).stream(), {
      ...options,
      readFile: (path) => (reads++, Promise.resolve(path === "ca.pem" ? ca : new Uint8Array())),
    })
  ) streamed.push(`${d.name}=${digest(d.image as Uint8Array<ArrayBuffer>)}`);
  const batch = [...generateBatch(config, values, { ...options, readFile: () => ca })]
    .map((d) => `${d.name}=${digest(d.image as Uint8Array<ArrayBuffer>)}`);
  return {
    batch,
    streamed,
    reads,
    plain: digest(plain),
    records: digest(records),
    encrypted: digest(encrypted),
    csv: back.toCsv().text,
    items: parsePartition(plain).items.length,
    codes,
  };
}

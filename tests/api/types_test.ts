/**
 * The bytes the library hands back are `Uint8Array<ArrayBuffer>`: a user passes them to
 * `crypto.subtle.digest`, `new Blob([...])` or `Response` without a cast. This test
 * fails at type checking (`deno test` checks it) when an exported function's result is
 * typed `Uint8Array<ArrayBufferLike>` again; at run time it compares the digests with
 * those of copies, so that it is also a test that can fail.
 */
import { assertEquals } from "../_assert.ts";
import { buildKeyPartition, generateHmacKey, generateKeys, NvsDocument } from "@nvsforge/nvsforge";
import {
  decryptPartition,
  deriveKeysFromHmacKey,
  encryptPartition,
  parseKeyFile,
  PartitionCipher,
  XtsCipher,
  xtsDecrypt,
  xtsEncrypt,
} from "@nvsforge/nvsforge/crypto";
import { encodePartition, layoutPartition, parsePartition } from "@nvsforge/nvsforge/format";
import { encodePartitionTable, parsePartitionCsv } from "@nvsforge/nvsforge/partition";
import { locateInDump } from "@nvsforge/nvsforge/flash";

/** The SHA-256 of bytes, as hex: it type-checks only for `Uint8Array<ArrayBuffer>`. */
async function digest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The digest of a copy (always ArrayBuffer-backed), to compare with. */
const digestOfCopy = (bytes: Uint8Array) => digest(new Uint8Array(bytes));

const RECORDS = [
  { kind: "namespace", name: "cfg" },
  { kind: "entry", key: "blob", type: "blob", value: new Uint8Array([1, 2, 3]) },
] as const;

Deno.test("types: every byte result of the library digests as Uint8Array<ArrayBuffer>", async () => {
  const doc = new NvsDocument(RECORDS);
  const results: [string, Uint8Array<ArrayBuffer>][] = [];
  const add = (what: string, bytes: Uint8Array<ArrayBuffer>) => results.push([what, bytes]);
  const keys = generateKeys();
  const image = doc.toImage({ size: 0x3000 }).image;
  const encrypted = encryptPartition(image, { keys });
  add("NvsDocument.toImage", image);
  add("encodePartition", encodePartition(RECORDS, { size: 0x3000 }));
  add("layoutPartition", layoutPartition(RECORDS, { size: 0x3000 }).image);
  add("generateKeys", keys);
  add("generateHmacKey", generateHmacKey());
  add("buildKeyPartition", buildKeyPartition(keys));
  add("parseKeyFile", parseKeyFile(buildKeyPartition(keys)));
  add("deriveKeysFromHmacKey", deriveKeysFromHmacKey(new Uint8Array(32).fill(0x0b)));
  add("encryptPartition", encrypted);
  add("decryptPartition", decryptPartition(encrypted, { keys }));
  const cipher = new PartitionCipher({ keys });
  add("PartitionCipher.encrypt", cipher.encrypt(image));
  add("PartitionCipher.decrypt", cipher.decrypt(encrypted));
  cipher.destroy();
  const tweak = new Uint8Array(16);
  const unit = xtsEncrypt(keys, tweak, new Uint8Array(32).fill(7));
  add("xtsEncrypt", unit);
  add("xtsDecrypt", xtsDecrypt(keys, tweak, unit));
  const xts = new XtsCipher(keys);
  add("XtsCipher.encrypt", xts.encrypt(tweak, unit));
  add("XtsCipher.decrypt", xts.decrypt(tweak, unit));
  xts.destroy();

  const blob = parsePartition(image).items.find((i) => i.type === "blob");
  if (blob?.type !== "blob") throw new Error("no blob read back");
  add("parsePartition blob value", blob.value);
  const table = parsePartitionCsv("nvs, data, nvs, 0x9000, 0x6000,\n");
  const tableBytes = encodePartitionTable(table.entries);
  add("encodePartitionTable", tableBytes);
  const dump = new Uint8Array(0x10000).fill(0xff);
  dump.set(tableBytes, 0x8000);
  dump.set(new Uint8Array(0x6000).fill(0xff), 0x9000);
  add("locateInDump", locateInDump(dump).image);

  for (const [what, bytes] of results) {
    assertEquals(await digest(bytes), await digestOfCopy(bytes), what);
  }
});

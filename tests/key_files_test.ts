/** Key files read in one place: key partitions, HMAC keys, one error wording. */
import * as fs from "node:fs";
import * as path from "node:path";
import { assertBytes, assertEquals, assertThrows } from "./_assert.ts";
import { buildKeyPartition, deriveKeysFromHmacKey } from "../src/crypto/mod.ts";
import { InputError } from "../src/errors.ts";
import { readKeyFile } from "../src/key_files.ts";
import { tempDir } from "./_tmp.ts";

Deno.test("readKeyFile: a key partition's keys; an HMAC key and the keys derived from it", () => {
  using tmp = tempDir();
  const keys64 = new Uint8Array(64).map((_, i) => i);
  const partition = path.join(tmp.path, "keys.bin");
  fs.writeFileSync(partition, buildKeyPartition(keys64));
  const k = readKeyFile(partition, "key-partition");
  assertBytes(k.keys64, keys64);
  assertEquals(k.hmacKey, undefined);
  const hmacKey = new Uint8Array(32).fill(7);
  const hmac = path.join(tmp.path, "hmac.bin");
  fs.writeFileSync(hmac, hmacKey);
  const h = readKeyFile(hmac, "hmac-key");
  assertBytes(h.hmacKey!, hmacKey);
  assertBytes(h.keys64, deriveKeysFromHmacKey(hmacKey));
});

Deno.test("readKeyFile: unreadable, a directory, too big: one input error naming the file", () => {
  using tmp = tempDir();
  const big = path.join(tmp.path, "big.bin");
  fs.writeFileSync(big, new Uint8Array(4097));
  for (const file of [path.join(tmp.path, "none.bin"), tmp.path, big]) {
    const e = assertThrows(() => readKeyFile(file, "key-partition"), InputError) as InputError;
    assertEquals(e.code, "invalid-key");
    assertEquals(e.location?.file, file);
    assertEquals(e.detail.startsWith("cannot read key file: "), true, e.detail);
  }
  const short = path.join(tmp.path, "short.bin");
  fs.writeFileSync(short, new Uint8Array(31));
  assertThrows(() => readKeyFile(short, "hmac-key"));
});

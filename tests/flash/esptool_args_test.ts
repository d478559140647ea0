import fc from "fast-check";
import { assertEquals } from "../_assert.ts";
import { esptoolArgs, shellQuote } from "../../src/flash/mod.ts";
import type { FlashPart } from "../../src/flash/mod.ts";
import { readArgsFile, shlexSplit } from "./_esptool.ts";

const part = (offset: number, path: string, encrypt = false): FlashPart => ({
  partition: "p",
  offset,
  size: 0x1000,
  path,
  sha256: "",
  encrypt,
});

Deno.test("esptool args: the exact text, plain parts first, --encrypt-files last", () => {
  assertEquals(
    esptoolArgs([part(0x3f0000, "keys/keys-dev-SN 1.bin", true), part(0x9000, "bin/dev-SN 1.bin")]),
    "0x9000 'bin/dev-SN 1.bin'\n--encrypt-files 0x3f0000 'keys/keys-dev-SN 1.bin'\n",
  );
  assertEquals(esptoolArgs([part(0x9000, "bin/dev-1.bin")]), "0x9000 bin/dev-1.bin\n");
  assertEquals(
    esptoolArgs([part(0x21000, "bin/a.bin"), part(0x9000, "keys/shared.bin", true)]),
    "0x21000 bin/a.bin\n--encrypt-files 0x9000 keys/shared.bin\n",
  );
});

Deno.test("esptool args read back (shlex rules) to the same addresses and paths", () => {
  const text = esptoolArgs([
    part(0x10000, `keys/k-"it's"\\.bin`, true),
    part(0x9000, "bin/é x.bin"),
  ]);
  assertEquals(readArgsFile(text), [
    { address: 0x9000, path: "bin/é x.bin", encrypt: false },
    { address: 0x10000, path: `keys/k-"it's"\\.bin`, encrypt: true },
  ]);
});

Deno.test("shellQuote: shlex.split gives every word back (property)", () => {
  fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (w) => {
    assertEquals(shlexSplit(shellQuote(w)), [w]);
  }));
  assertEquals(shellQuote(""), "''");
});

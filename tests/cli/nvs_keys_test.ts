import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { listing, nvsforge, scratchDir } from "./_run.ts";

const CSV = "key,type,encoding,value\nns,namespace,,\na,data,u8,1\ns,data,string,hello\n";
const read = (dir: string, f: string) => new Uint8Array(fs.readFileSync(path.join(dir, f)));

Deno.test("generate-key: two runs give different keys, files of mode 0600", () => {
  using tmp = scratchDir();
  const dir = tmp.path;
  assertEquals(nvsforge(dir, "nvs", "generate-key", "--keyfile", "a.bin").status, 0);
  assertEquals(nvsforge(dir, "nvs", "generate-key", "--keyfile", "b").status, 0);
  const a = read(dir, "keys/a.bin");
  const b = read(dir, "keys/b.bin");
  assertEquals(a.length, 4096);
  assert(!a.subarray(0, 64).every((x, i) => x === b[i]), "the keys differ");
  if (Deno.build.os !== "windows") {
    assertEquals(fs.statSync(path.join(dir, "keys/a.bin")).mode & 0o777, 0o600);
  }
  const out = nvsforge(dir, "nvs", "generate-key", "--keyfile", "a.bin");
  assert(
    !out.stdout.match(/[0-9a-f]{64}/i) && !out.stderr.match(/[0-9a-f]{64}/i),
    "no key printed",
  );
});

Deno.test("generate-key: an existing key file is kept unless --force", () => {
  using tmp = scratchDir();
  const dir = tmp.path;
  nvsforge(dir, "nvs", "generate-key", "--keyfile", "k.bin");
  const first = read(dir, "keys/k.bin");
  const again = nvsforge(dir, "nvs", "generate-key", "--keyfile", "k.bin");
  assertEquals(again.status, 3);
  assert(again.stderr.includes("--force"), again.stderr);
  assertEquals(read(dir, "keys/k.bin"), first);
  assertEquals(nvsforge(dir, "nvs", "generate-key", "--keyfile", "k.bin", "--force").status, 0);
  assert(!read(dir, "keys/k.bin").every((x, i) => x === first[i]));
  assertEquals(listing(dir), ["keys", "keys/k.bin"], "no temporary file left");
});

Deno.test("encrypt --keygen then decrypt gives the plain image of generate", () => {
  using tmp = scratchDir({ "in.csv": CSV });
  const dir = tmp.path;
  const enc = nvsforge(
    dir,
    "nvs",
    "encrypt",
    "in.csv",
    "enc.bin",
    "0x3000",
    "--keygen",
    "--keyfile",
    "k.bin",
  );
  assertEquals(enc.status, 0, enc.stderr);
  assertEquals(nvsforge(dir, "nvs", "generate", "in.csv", "plain.bin", "0x3000").status, 0);
  assertEquals(nvsforge(dir, "nvs", "decrypt", "enc.bin", "keys/k.bin", "dec.bin").status, 0);
  assertEquals(read(dir, "dec.bin"), read(dir, "plain.bin"));
  assert(!read(dir, "enc.bin").every((x, i) => x === read(dir, "plain.bin")[i]), "encrypted");
});

Deno.test("encrypt with HMAC key protection: kebab-case and snake_case spellings agree", () => {
  const hmacKey = new Uint8Array(32).map((_, i) => i * 7);
  using tmp = scratchDir({ "in.csv": CSV, "hmac.bin": hmacKey });
  const dir = tmp.path;
  const snake = nvsforge(
    dir,
    "nvs",
    "encrypt",
    "in.csv",
    "a.bin",
    "0x3000",
    "--keygen",
    "--keyfile",
    "ka.bin",
    "--key_protect_hmac",
    "--kp_hmac_inputkey",
    "hmac.bin",
  );
  const kebab = nvsforge(
    dir,
    "nvs",
    "encrypt",
    "in.csv",
    "b.bin",
    "0x3000",
    "--keygen",
    "--keyfile",
    "kb.bin",
    "--key-protect-hmac",
    "--kp-hmac-inputkey",
    "hmac.bin",
  );
  assertEquals([snake.status, kebab.status], [0, 0], snake.stderr + kebab.stderr);
  assertEquals(read(dir, "a.bin"), read(dir, "b.bin"), "same derived key, same image");
  assertEquals(read(dir, "keys/ka.bin"), read(dir, "keys/kb.bin"));
});

Deno.test("encrypt/decrypt: bad key options and inputs fail with one line, nothing left", () => {
  using tmp = scratchDir({
    "in.csv": CSV,
    "short.bin": new Uint8Array(10),
    "hmac31.bin": new Uint8Array(31).fill(1),
    "blank.bin": new Uint8Array(4096).fill(0xff),
    "badcrc.bin": new Uint8Array(4096).fill(0x11),
    "odd.bin": new Uint8Array(5000),
  });
  const dir = tmp.path;
  const before = listing(dir);
  const cases: [string[], number, string][] = [
    [["encrypt", "in.csv", "e.bin", "0x3000"], 2, "--keygen"],
    [["encrypt", "in.csv", "e.bin", "0x3000", "--keygen", "--inputkey", "short.bin"], 2, "exclude"],
    [["encrypt", "in.csv", "e.bin", "0x3000", "--inputkey", "short.bin"], 1, "10 bytes"],
    [["encrypt", "in.csv", "e.bin", "0x3000", "--inputkey", "blank.bin"], 1, "not initialised"],
    [["encrypt", "in.csv", "e.bin", "0x3000", "--inputkey", "badcrc.bin"], 1, "CRC"],
    [["encrypt", "in.csv", "e.bin", "0x3000", "--inputkey", "missing.bin"], 1, "missing.bin"],
    [
      ["encrypt", "in.csv", "e.bin", "0x3000", "--keygen", "--kp_hmac_keygen"],
      2,
      "--key_protect_hmac",
    ],
    [["encrypt", "in.csv", "e.bin", "0x3000", "--keygen", "--key_protect_hmac"], 2, "--kp_hmac"],
    [
      [
        "encrypt",
        "in.csv",
        "e.bin",
        "0x3000",
        "--keygen",
        "--key_protect_hmac",
        "--kp_hmac_inputkey",
        "hmac31.bin",
      ],
      1,
      "32",
    ],
    [["encrypt", "in.csv", "e.img", "0x3000", "--keygen"], 2, ".bin"],
    [["decrypt", "odd.bin", "badcrc.bin", "d.bin"], 1, "CRC"],
    [["generate-key", "--kp_hmac_keyfile", "h.bin"], 2, "--key_protect_hmac"],
  ];
  for (const [args, status, text] of cases) {
    const r = nvsforge(dir, "nvs", ...args);
    assertEquals(r.status, status, `${args.join(" ")}: ${r.stderr}`);
    assert(r.stderr.includes(text), `${args.join(" ")}: ${r.stderr}`);
    assert(!/^\s+at /m.test(r.stderr), "no stack trace");
  }
  const good = nvsforge(dir, "nvs", "generate-key", "--keyfile", "good.bin");
  assertEquals(good.status, 0);
  const odd = nvsforge(dir, "nvs", "decrypt", "odd.bin", "keys/good.bin", "d.bin");
  assertEquals(odd.status, 1);
  assert(odd.stderr.includes("4096"), odd.stderr);
  assertEquals(listing(dir), [...before, "keys", "keys/good.bin"].sort());
});

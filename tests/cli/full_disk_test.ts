/**
 * The command line on a full disk and under a umask: exit status 3 with one line (no
 * stack trace), no temporary file and no directory left behind, and file modes that
 * honour the umask (key files 0600).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { assert, assertEquals } from "../_assert.ts";
import { nvsforge } from "./_run.ts";
import { tempFiles } from "../_tmp.ts";
import { fullDiskReason, smallDisk } from "../_full_disk.ts";

const CSV = "key,type,encoding,value\nns,namespace,,\na,data,u8,1\ns,data,string,hello\n";
const CONFIG = "dev,namespace,\nserial,data,string\nrev,data,u8\n";
const values = (n: number) =>
  ["serial,rev", ...Array.from({ length: n }, (_, i) => `SN-${i},${i % 7}`)].join("\n") + "\n";

/** The one error line of a failed run (and that there is no stack trace). */
function oneErrorLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  assertEquals(lines.length, 1, stderr);
  assert(!stderr.includes("    at "), stderr);
  return lines[0];
}

Deno.test({
  name: "full disk: nvs generate, encrypt and decrypt exit 3 and leave nothing",
  ignore: fullDiskReason !== undefined,
  fn() {
    using tmp = tempFiles({ "nvs.csv": CSV });
    using disk = smallDisk(64);
    const out = path.join(disk.path, "made", "here");
    for (
      const args of [
        ["nvs", "generate", "nvs.csv", "nvs.bin", "0x40000", "--outdir", out],
        ["nvs", "encrypt", "nvs.csv", "nvs.bin", "0x40000", "--keygen", "--outdir", out],
      ]
    ) {
      const r = nvsforge(tmp.path, ...args);
      assertEquals(r.status, 3, r.stderr);
      assert(oneErrorLine(r.stderr).includes("no space left"), r.stderr);
      assertEquals(fs.readdirSync(disk.path), [], `${args[1]}: nothing left`);
    }
    // decrypt: an encrypted image made elsewhere, decrypted onto the full disk.
    const made = nvsforge(tmp.path, "nvs", "encrypt", "nvs.csv", "enc.bin", "0x40000", "--keygen");
    assertEquals(made.status, 0, made.stderr);
    const key = path.join("keys", fs.readdirSync(path.join(tmp.path, "keys"))[0]);
    const r = nvsforge(tmp.path, "nvs", "decrypt", "enc.bin", key, "plain.bin", "--outdir", out);
    assertEquals(r.status, 3, r.stderr);
    oneErrorLine(r.stderr);
    assertEquals(fs.readdirSync(disk.path), []);
  },
});

Deno.test({
  name: "full disk: generate --manifest exits 3 with one line, and writes nothing",
  ignore: fullDiskReason !== undefined,
  fn() {
    using tmp = tempFiles({ "config.csv": CONFIG, "values.csv": values(200) });
    using disk = smallDisk(16);
    const manifest = path.join(disk.path, "m.jsonl");
    const r = nvsforge(
      tmp.path,
      "generate",
      "config.csv",
      "values.csv",
      "dev",
      "0x3000",
      "--outdir",
      "out",
      "--manifest",
      manifest,
      "--progress",
      "none",
    );
    assertEquals(r.status, 3, r.stderr);
    assert(oneErrorLine(r.stderr).includes("no space left"), r.stderr);
    assertEquals(fs.readdirSync(disk.path), []);
    assert(!fs.existsSync(path.join(tmp.path, "out")), "no output directory either");
  },
});

Deno.test("modes: every output honours the umask, key files are 0600", () => {
  const before = process.umask(0o022);
  try {
    using tmp = tempFiles({ "nvs.csv": CSV, "config.csv": CONFIG, "values.csv": values(2) });
    const run = (...args: string[]) => {
      const r = nvsforge(tmp.path, ...args);
      assertEquals(r.status, 0, r.stderr);
    };
    run("nvs", "generate", "nvs.csv", "plain.bin", "0x3000");
    run("nvs", "encrypt", "nvs.csv", "enc.bin", "0x3000", "--keygen", "--keyfile", "k.bin");
    run("nvs", "decrypt", "enc.bin", "keys/k.bin", "dec.bin");
    run("generate", "config.csv", "values.csv", "dev", "0x3000", "--keygen", "--outdir", "b");
    run(
      "generate",
      "config.csv",
      "values.csv",
      "dev",
      "0x3000",
      "--outdir",
      "c",
      "--manifest",
      "m.jsonl",
    );
    const mode = (f: string) => fs.statSync(path.join(tmp.path, f)).mode & 0o777;
    for (
      const f of [
        "plain.bin",
        "enc.bin",
        "dec.bin",
        "b/bin/dev-1.bin",
        "b/csv/dev-1.csv",
        "c/bin/dev-2.bin",
        "m.jsonl",
      ]
    ) {
      assertEquals(mode(f).toString(8), "644", f);
    }
    for (const f of ["keys/k.bin", "b/keys/keys-dev-1.bin"]) {
      assertEquals(mode(f).toString(8), "600", f);
    }
  } finally {
    process.umask(before);
  }
});

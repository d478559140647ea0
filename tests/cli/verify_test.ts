import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { nvsforge, scratchDir } from "./_run.ts";
import type { TempDir } from "../_tmp.ts";
import process from "node:process";
import { spawnSync } from "node:child_process";
import { bin as toolBin, REPO_ROOT } from "../../scripts/vectors.ts";

function batch(...extra: string[]): TempDir {
  const tmp = scratchDir();
  const dir = tmp.path;
  fs.cpSync(path.join(REPO_ROOT, "testdata"), path.join(dir, "testdata"), { recursive: true });
  const r = nvsforge(
    dir,
    "generate",
    "testdata/mfg/config.csv",
    "testdata/mfg/values.csv",
    "dev",
    "0x6000",
    "--outdir",
    "out",
    "--fileid",
    "serial_no",
    "--progress",
    "none",
    ...extra,
  );
  if (r.status !== 0) tmp[Symbol.dispose]();
  assertEquals(r.status, 0, r.stderr);
  return tmp;
}

const verifyArgs = [
  "verify",
  "out",
  "--conf",
  "testdata/mfg/config.csv",
  "--values",
  "testdata/mfg/values.csv",
  "--prefix",
  "dev",
  "--fileid",
  "serial_no",
];
const bin = (dir: string, n: number) => path.join(dir, "out/bin", `dev-NF-2026-00010${n}.bin`);

Deno.test("verify: a fresh batch passes", () => {
  using tmp = batch();
  const dir = tmp.path;
  const r = nvsforge(dir, ...verifyArgs);
  assertEquals(r.status, 0, r.stderr);
  assert(r.stdout.includes("verified 5 devices"), r.stdout);
});

Deno.test("verify: an altered image is reported with the key and the CRC finding", () => {
  using tmp = batch();
  const dir = tmp.path;
  const image = fs.readFileSync(bin(dir, 3));
  const at = image.indexOf(new TextEncoder().encode("NF-2026-000103"));
  image[at + 13] ^= 0x01; // the serial's last digit: 3 -> 2
  fs.writeFileSync(bin(dir, 3), image);
  const r = nvsforge(dir, ...verifyArgs);
  assertEquals(r.status, 1);
  assert(r.stderr.includes("dev-NF-2026-000103") && r.stderr.includes("CRC"), r.stderr);
  assert(r.stderr.includes("1 with problems"), r.stderr);
});

Deno.test("verify: a deleted image is missing, a stray one is extra", () => {
  using tmp = batch();
  const dir = tmp.path;
  fs.renameSync(bin(dir, 2), path.join(dir, "out/bin/stray.bin"));
  const r = nvsforge(dir, ...verifyArgs);
  assertEquals(r.status, 1);
  assert(r.stderr.includes("missing image bin/dev-NF-2026-000102.bin"), r.stderr);
  assert(r.stderr.includes("extra image bin/stray.bin"), r.stderr);
});

Deno.test("verify: two swapped images are both reported, value by value", () => {
  using tmp = batch();
  const dir = tmp.path;
  const a = fs.readFileSync(bin(dir, 1));
  fs.copyFileSync(bin(dir, 4), bin(dir, 1));
  fs.writeFileSync(bin(dir, 4), a);
  const r = nvsforge(dir, ...verifyArgs);
  assertEquals(r.status, 1);
  assert(
    r.stderr.includes(
      'key "serial_no": image has "NF-2026-000104", the master file gives "NF-2026-000101"',
    ),
    r.stderr,
  );
  assert(r.stderr.includes("dev-NF-2026-000104: bin/dev-NF-2026-000104.bin"), r.stderr);
  assert(r.stderr.includes("2 with problems"), r.stderr);
});

Deno.test("verify: an encrypted batch with a key per device is decrypted with each key", () => {
  using tmp = batch("--keygen");
  const dir = tmp.path;
  assertEquals(nvsforge(dir, ...verifyArgs, "--keygen").status, 0);
  const withoutKeys = nvsforge(dir, ...verifyArgs);
  assertEquals(withoutKeys.status, 1, "the encrypted images do not match the plain ones");
});

Deno.test("verify: --prefix_num START DIGITS takes two values, as generate does", () => {
  using tmp = batch("--prefix_num", "7", "4");
  const dir = tmp.path;
  assert(fs.existsSync(path.join(dir, "out/bin/dev-0007-NF-2026-000101.bin")));
  const r = nvsforge(dir, ...verifyArgs, "--prefix_num", "7", "4");
  assertEquals(r.status, 0, r.stderr);
  assert(r.stdout.includes("verified 5 devices"), r.stdout);
  const kebab = nvsforge(dir, ...verifyArgs, "--prefix-num", "7", "4");
  assertEquals(kebab.status, 0, kebab.stderr);
  const one = nvsforge(dir, ...verifyArgs, "--prefix_num", "7");
  assertEquals(one.status, 2, one.stderr);
  assert(one.stderr.includes("--prefix_num takes two values: START DIGITS"), one.stderr);
});

Deno.test("verify: two swapped images are said to look swapped", () => {
  using tmp = batch();
  const dir = tmp.path;
  const a = fs.readFileSync(bin(dir, 1));
  fs.copyFileSync(bin(dir, 4), bin(dir, 1));
  fs.writeFileSync(bin(dir, 4), a);
  const r = nvsforge(dir, ...verifyArgs);
  assertEquals(r.status, 1);
  assert(
    r.stderr.includes(
      "mismatch: dev-NF-2026-000101: bin/dev-NF-2026-000101.bin and bin/dev-NF-2026-000104.bin look swapped",
    ),
    r.stderr,
  );
  // A copy (not a swap) is named as such.
  fs.copyFileSync(bin(dir, 2), bin(dir, 1));
  fs.copyFileSync(bin(dir, 4), bin(dir, 1));
  fs.writeFileSync(bin(dir, 4), fs.readFileSync(bin(dir, 2)));
  const copy = nvsforge(dir, ...verifyArgs);
  assertEquals(copy.status, 1);
  assert(
    copy.stderr.includes(
      "bin/dev-NF-2026-000104.bin holds the image the master file gives for dev-NF-2026-000102",
    ),
    copy.stderr,
  );
  assert(!copy.stderr.includes("look swapped"), copy.stderr);
});

Deno.test("verify: --error-format github annotates each mismatch on the device's row", () => {
  using tmp = batch();
  const dir = tmp.path;
  fs.rmSync(bin(dir, 3));
  const r = nvsforge(dir, "--error-format", "github", ...verifyArgs);
  assertEquals(r.status, 1);
  // Device 3 starts on line 4 of the master file (line 1 is its header).
  assert(
    r.stderr.includes(
      "::error file=testdata/mfg/values.csv,line=4,title=nvsforge error::dev-NF-2026-000103: missing image bin/dev-NF-2026-000103.bin",
    ),
    r.stderr,
  );
});

Deno.test("verify: shows its progress on standard error, device by device in a log", () => {
  using tmp = batch();
  const dir = tmp.path;
  const deno = toolBin("deno");
  const r = spawnSync(
    fs.existsSync(deno) ? deno : "deno",
    ["run", "--allow-all", "--quiet", path.join(REPO_ROOT, "cli.ts"), ...verifyArgs],
    { cwd: dir, encoding: "utf8", env: { ...process.env, NVSFORGE_PROGRESS_MS: "0" } },
  );
  assertEquals(r.status, 0, r.stderr);
  for (let n = 1; n <= 5; n++) {
    assert(r.stderr.includes(`verify: ${n} devices checked, `), r.stderr);
  }
});

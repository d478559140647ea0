/**
 * The crash-safe file protocol: new files that never replace one, staged files moved
 * into place create-only, staging directories moved into place whole or (when their
 * target appeared meanwhile) file by file, leftovers, modes under the umask, full disks.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assert, assertEquals, assertThrows } from "./_assert.ts";
import process from "node:process";
import {
  commitStaged,
  commitStagingDirectory,
  openProgressive,
  OutputSet,
  pathUnder,
  removeBatchLeftovers,
  removeLeftovers,
  removeLeftoversOf,
  stageFile,
  stagingDirectoryName,
  temporaryName as stagedName,
  writeNew as writeNewFile,
} from "../src/file_protocol.ts";
import { OutputError } from "../src/errors.ts";
import { fullDiskReason, smallDisk } from "./_full_disk.ts";
import { tempDir } from "./_tmp.ts";

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-protocol-"));
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (f: string) => fs.readFileSync(f, "utf8");

Deno.test("writeNewFile writes a new file and never replaces one", () => {
  using tmp = tempDir("nvsforge-protocol-");
  const dir = tmp.path;
  const f = path.join(dir, "a.bin");
  writeNewFile(f, bytes("first"));
  assertEquals(text(f), "first");
  const e = assertThrows(() => writeNewFile(f, bytes("second")), OutputError);
  assert(e.message.includes("already exists"), e.message);
  assertEquals(text(f), "first");
});

Deno.test("a staged file is hidden beside its target until it is committed", () => {
  using tmp = tempDir("nvsforge-protocol-");
  const dir = tmp.path;
  const target = path.join(dir, "dev-1.bin");
  stageFile(target, bytes("image"), "0123abcd");
  assertEquals(fs.readdirSync(dir), [".dev-1.bin.0123abcd.tmp"]);
  assertEquals(stagedName(target, "0123abcd"), path.join(dir, ".dev-1.bin.0123abcd.tmp"));
  assert(commitStaged(target, "0123abcd", false));
  assertEquals(fs.readdirSync(dir), ["dev-1.bin"]);
  assertEquals(text(target), "image");
  assert(!commitStaged(target, "0123abcd", false), "nothing staged any more");
});

Deno.test("a staging directory becomes its output directory in one step", () => {
  using tmp = tempDir("nvsforge-protocol-");
  const dir = tmp.path;
  const staging = path.join(dir, ".bin-dev.0123abcd.tmp");
  fs.mkdirSync(staging);
  for (let i = 1; i <= 3; i++) writeNewFile(path.join(staging, `dev-${i}.bin`), bytes(`${i}`));
  const ino = fs.statSync(staging).ino;
  commitStagingDirectory(staging, path.join(dir, "bin"));
  assertEquals(fs.readdirSync(dir), ["bin"]);
  assertEquals(fs.statSync(path.join(dir, "bin")).ino, ino, "renamed, not copied");
  assertEquals(fs.readdirSync(path.join(dir, "bin")).sort(), [
    "dev-1.bin",
    "dev-2.bin",
    "dev-3.bin",
  ]);
});

Deno.test("a staging directory whose target appeared meanwhile is moved into it file by file", () => {
  using tmp = tempDir("nvsforge-protocol-");
  const dir = tmp.path;
  const staging = path.join(dir, ".bin-dev.0123abcd.tmp");
  fs.mkdirSync(staging);
  // More files than one listing takes, so that the listing is read again.
  for (let i = 1; i <= 4100; i++) writeNewFile(path.join(staging, `dev-${i}.bin`), bytes(`${i}`));
  fs.mkdirSync(path.join(dir, "bin"));
  fs.writeFileSync(path.join(dir, "bin", "other-1.bin"), "another batch");
  commitStagingDirectory(staging, path.join(dir, "bin"));
  assertEquals(fs.readdirSync(dir), ["bin"], "the staging directory is gone");
  const names = fs.readdirSync(path.join(dir, "bin"));
  assertEquals(names.length, 4101);
  assertEquals(text(path.join(dir, "bin", "dev-4099.bin")), "4099");
  assertEquals(text(path.join(dir, "bin", "other-1.bin")), "another batch");
});

Deno.test("moving file by file never replaces a file that appeared in the target", () => {
  using tmp = tempDir("nvsforge-protocol-");
  const dir = tmp.path;
  const staging = path.join(dir, ".bin-dev.0123abcd.tmp");
  fs.mkdirSync(staging);
  writeNewFile(path.join(staging, "dev-1.bin"), bytes("ours"));
  fs.mkdirSync(path.join(dir, "bin"));
  fs.writeFileSync(path.join(dir, "bin", "dev-1.bin"), "theirs");
  const e = assertThrows(() => commitStagingDirectory(staging, path.join(dir, "bin"))) as {
    code?: string;
  };
  assertEquals(e.code, "EEXIST");
  assertEquals(text(path.join(dir, "bin", "dev-1.bin")), "theirs");
});

Deno.test("a commit never replaces a file that appeared after it was checked", () => {
  const dir = scratch();
  try {
    const target = path.join(dir, "dev-1.bin");
    stageFile(target, bytes("ours"), "0123abcd");
    fs.writeFileSync(target, "another run's");
    const e = assertThrows(() => commitStaged(target, "0123abcd", false)) as { code?: string };
    assertEquals(e.code, "EEXIST");
    assertEquals(text(target), "another run's");
    assert(fs.existsSync(stagedName(target, "0123abcd")), "ours is still staged (for rollback)");
    // Where the run checked the target and may replace it (--force), it does.
    assert(commitStaged(target, "0123abcd", true));
    assertEquals(text(target), "ours");
    assertEquals(fs.readdirSync(dir), ["dev-1.bin"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("a progressive file appears on commit, create-only unless the target was checked", () => {
  const dir = scratch();
  try {
    const target = path.join(dir, "manifest.jsonl");
    const p = openProgressive(target, "0123abcd", false);
    p.write(bytes("a\n"));
    p.write(bytes("b\n"));
    assert(!fs.existsSync(target));
    fs.writeFileSync(target, "another run's");
    assertThrows(() => p.commit(), OutputError);
    assertEquals(text(target), "another run's");
    p.discard();
    assertEquals(fs.readdirSync(dir), ["manifest.jsonl"]);
    const q = openProgressive(target, "0123abce", true);
    q.write(bytes("c\n"));
    q.commit();
    q.discard();
    assertEquals(text(target), "c\n");
    assertEquals(fs.readdirSync(dir), ["manifest.jsonl"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("leftovers of a killed run are recognised by name; nothing else is touched", () => {
  const dir = scratch();
  try {
    for (
      const n of [
        ".dev-1.bin.0123abcd.tmp",
        ".other-1.bin.0123abcd.tmp",
        ".dev-2.bin.tmp",
        "dev-3.bin",
      ]
    ) fs.writeFileSync(path.join(dir, n), "x");
    assertEquals(removeLeftovers(dir, (name) => name.startsWith("dev-")), 1);
    assertEquals(fs.readdirSync(dir).sort(), [
      ".dev-2.bin.tmp",
      ".other-1.bin.0123abcd.tmp",
      "dev-3.bin",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("new files honour the umask; key files are 0600", () => {
  using tmp = tempDir("nvsforge-protocol-");
  const dir = tmp.path;
  const before = process.umask(0o022);
  try {
    writeNewFile(path.join(dir, "image.bin"), bytes("x"));
    writeNewFile(path.join(dir, "keys.bin"), bytes("k"), 0o600);
    const out = new OutputSet();
    out.add(path.join(dir, "set.bin"), bytes("s"));
    out.commit();
    const p = openProgressive(path.join(dir, "m.jsonl"), "0123abcd", false);
    p.commit();
    const mode = (f: string) => fs.statSync(path.join(dir, f)).mode & 0o777;
    assertEquals(
      ["image.bin", "keys.bin", "set.bin", "m.jsonl"].map(mode),
      [0o644, 0o600, 0o644, 0o644],
    );
    process.umask(0o077);
    writeNewFile(path.join(dir, "private.bin"), bytes("x"));
    assertEquals(mode("private.bin"), 0o600);
  } finally {
    process.umask(before);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test({
  name: "a full disk: one output error, and no temporary file or directory left",
  ignore: fullDiskReason !== undefined,
  fn() {
    using disk = smallDisk(64);
    const big = new Uint8Array(256 * 1024).fill(7);
    const e = assertThrows(() => writeNewFile(path.join(disk.path, "a.bin"), big), OutputError);
    assertEquals((e as OutputError).code, "write-failed");
    assert(e.message.endsWith("no space left on the device") && !e.message.includes("\n"));
    assertEquals(fs.readdirSync(disk.path), []);

    const out = new OutputSet();
    assertThrows(() => out.add(path.join(disk.path, "made", "deeper", "b.bin"), big), OutputError);
    assertEquals(fs.readdirSync(disk.path), [], "the directories it made are removed too");

    const p = openProgressive(path.join(disk.path, "m.jsonl"), "0123abcd", false);
    assertThrows(() => {
      for (let i = 0; i < 100; i++) p.write(new Uint8Array(4096));
    }, OutputError);
    p.discard();
    assertEquals(fs.readdirSync(disk.path), []);
  },
});

Deno.test("removeBatchLeftovers: a killed run's staging directories and temporaries of the batch only", () => {
  using tmp = tempDir("nvsforge-protocol-");
  const out = tmp.path;
  const bin = path.join(out, "bin");
  const keys = path.join(out, "keys");
  fs.mkdirSync(bin);
  fs.mkdirSync(keys);
  const staging = stagingDirectoryName(out, "csv", "dev", "0123abcd");
  assertEquals(path.basename(staging), ".csv-dev.0123abcd.tmp");
  fs.mkdirSync(staging);
  fs.writeFileSync(path.join(staging, "dev-1.csv"), "x");
  fs.mkdirSync(stagingDirectoryName(out, "csv", "other", "0123abcd"));
  for (const n of [stagedName("dev-1.bin", "89abcdef"), stagedName("other-1.bin", "89abcdef")]) {
    fs.writeFileSync(path.join(bin, n), "x");
  }
  for (const n of ["keys-dev-1.bin", "hmac-keys-dev-1.bin", "keys-devx-1.bin"]) {
    fs.writeFileSync(path.join(keys, stagedName(n, "89abcdef")), "x");
  }
  removeBatchLeftovers(out, [bin, keys], "dev");
  assertEquals(fs.readdirSync(out).sort(), [".csv-other.0123abcd.tmp", "bin", "keys"]);
  assertEquals(fs.readdirSync(bin), [".other-1.bin.89abcdef.tmp"]);
  assertEquals(fs.readdirSync(keys), [".keys-devx-1.bin.89abcdef.tmp"]);
});

Deno.test("removeLeftoversOf: the temporaries of one target, not its neighbours'", () => {
  using tmp = tempDir("nvsforge-protocol-");
  const target = path.join(tmp.path, "manifest.jsonl");
  for (const n of ["manifest.jsonl", "manifest.jsonl.old", "summary.csv"]) {
    fs.writeFileSync(path.join(tmp.path, stagedName(n, "0123abcd")), "x");
  }
  fs.writeFileSync(target, "kept");
  assertEquals(removeLeftoversOf(target), 1);
  assertEquals(fs.readdirSync(tmp.path).sort(), [
    ".manifest.jsonl.old.0123abcd.tmp",
    ".summary.csv.0123abcd.tmp",
    "manifest.jsonl",
  ]);
});

Deno.test("pathUnder: the path join makes, for every directory form and the batch's names", () => {
  const dirs = [
    "out",
    "out/",
    "./out",
    "/",
    "/tmp//x/",
    "a/../b",
    ".",
    "",
    "../x",
    "C:",
    "C:\\",
    "C:out",
    "\\\\srv\\share",
    "\\\\srv\\share\\",
    "out\\.\\",
  ];
  const rels = ["bin/NF-1.bin", "keys/../k.bin", "./x", "csv/NF-1.csv", "x", "keys/a/./b.bin"];
  for (const flavour of [path.posix, path.win32]) {
    for (const dir of dirs) {
      for (const rel of rels) {
        // Twice: the second answer comes from the directory's cached form.
        for (let i = 0; i < 2; i++) {
          assertEquals(
            pathUnder(dir, rel, flavour),
            flavour.join(dir, ...rel.split("/")),
            `${flavour.sep} ${dir} ${rel}`,
          );
        }
      }
    }
  }
});

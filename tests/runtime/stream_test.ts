/**
 * The batch runner's file steps: new files that never replace one, staged files moved
 * into place, and staging directories moved into place whole or (when their target
 * appeared meanwhile) file by file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  commitStaged,
  commitStagingDirectory,
  stagedName,
  stageFile,
  writeNewFile,
} from "../../src/runtime/stream.ts";
import { tempDir } from "../_tmp.ts";

const scratch = () => tempDir("nvsforge-stream-");

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (f: string) => fs.readFileSync(f, "utf8");

Deno.test("writeNewFile writes a new file and never replaces one", () => {
  using tmp = scratch();
  const dir = tmp.path;
  const f = path.join(dir, "a.bin");
  writeNewFile(f, bytes("first"));
  assertEquals(text(f), "first");
  const e = assertThrows(() => writeNewFile(f, bytes("second"))) as { code?: string };
  assertEquals(e.code, "EEXIST");
  assertEquals(text(f), "first");
});

Deno.test("a staged file is hidden beside its target until it is committed", () => {
  using tmp = scratch();
  const dir = tmp.path;
  const target = path.join(dir, "dev-1.bin");
  stageFile(target, bytes("image"), "0123abcd");
  assertEquals(fs.readdirSync(dir), [".dev-1.bin.0123abcd.tmp"]);
  assertEquals(stagedName(target, "0123abcd"), path.join(dir, ".dev-1.bin.0123abcd.tmp"));
  assert(commitStaged(target, "0123abcd"));
  assertEquals(fs.readdirSync(dir), ["dev-1.bin"]);
  assertEquals(text(target), "image");
  assert(!commitStaged(target, "0123abcd"), "nothing staged any more");
});

Deno.test("a staging directory becomes its output directory in one step", () => {
  using tmp = scratch();
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
  using tmp = scratch();
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
  using tmp = scratch();
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

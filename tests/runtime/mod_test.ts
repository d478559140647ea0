/**
 * readRegularFile: devices, FIFOs and sockets refused before they are read, files read up
 * to a limit and one byte more. A FIFO with no writer would block a plain read forever:
 * every case that could hang runs in a child process with a hard timeout.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { assert, assertBytes, assertEquals, assertThrows } from "../_assert.ts";
import { readRegularFile } from "../../src/runtime/mod.ts";
import { tempDir } from "../_tmp.ts";
import { bin, REPO_ROOT } from "../../scripts/vectors.ts";

const HANG_GUARD_MS = 60_000;

function codeOf(f: () => unknown): string | undefined {
  return (assertThrows(f) as { code?: string }).code;
}

Deno.test("readRegularFile: a file within the limit is read whole", () => {
  using tmp = tempDir();
  const p = path.join(tmp.path, "v.bin");
  const bytes = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
  fs.writeFileSync(p, bytes);
  assertBytes(readRegularFile(p, 5000), bytes);
  assertBytes(readRegularFile(p, 1 << 20), bytes);
  fs.writeFileSync(p, "");
  assertEquals(readRegularFile(p, 0).length, 0);
});

Deno.test("readRegularFile: a file over the limit is refused", () => {
  using tmp = tempDir();
  const p = path.join(tmp.path, "v.bin");
  fs.writeFileSync(p, new Uint8Array(4097));
  assertEquals(codeOf(() => readRegularFile(p, 4096)), "ETOOLARGE");
  const e = assertThrows(() => readRegularFile(p, 4096));
  assertEquals(e.message, "it is larger than 4096 bytes, the most that can be used here");
});

Deno.test("readRegularFile: /dev/zero, a directory, a socket and a missing file are refused", async () => {
  if (!fs.existsSync("/dev/zero")) return; // POSIX only
  assertEquals(codeOf(() => readRegularFile("/dev/zero", 4096)), "ENOTREGULAR");
  assert(assertThrows(() => readRegularFile("/dev/zero", 1)).message.includes("a device"));
  using tmp = tempDir();
  assertEquals(codeOf(() => readRegularFile(tmp.path, 10)), "EISDIR");
  assertEquals(codeOf(() => readRegularFile(path.join(tmp.path, "none"), 10)), "ENOENT");
  const sock = path.join(tmp.path, "s.sock");
  const server = net.createServer().listen(sock);
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const e = assertThrows(() => readRegularFile(sock, 10)) as Error & { code?: string };
    assertEquals(e.code, "ENOTREGULAR");
    assert(e.message.includes("a socket"), e.message);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

Deno.test("readRegularFile: a FIFO without a writer is refused at once (child process, hard timeout)", () => {
  if (!fs.existsSync("/dev/zero")) return; // POSIX only
  using tmp = tempDir();
  const fifo = path.join(tmp.path, "f.bin");
  const mk = spawnSync("mkfifo", [fifo]);
  assertEquals(mk.status, 0, String(mk.stderr));
  const script = `
    import { readRegularFile } from ${JSON.stringify(path.join(REPO_ROOT, "src/runtime/mod.ts"))};
    try { readRegularFile(${JSON.stringify(fifo)}, 4096); console.log("read"); }
    catch (e) { console.log(e.code, e.message); }`;
  const deno = bin("deno");
  const r = spawnSync(fs.existsSync(deno) ? deno : "deno", ["eval", "--quiet", script], {
    encoding: "utf8",
    timeout: HANG_GUARD_MS,
    killSignal: "SIGKILL",
  });
  assertEquals(r.signal, null, "the read blocked on the FIFO");
  assertEquals(r.stdout.trim(), "ENOTREGULAR it is not a regular file but a FIFO (named pipe)");
});

Deno.test("readRegularFile, files and directories: the same answers on Deno's host and on Bun's (node:fs)", () => {
  if (!fs.existsSync("/dev/zero")) return; // POSIX only
  using tmp = tempDir();
  const fifo = path.join(tmp.path, "f.bin");
  assertEquals(spawnSync("mkfifo", [fifo]).status, 0);
  const good = path.join(tmp.path, "good.bin");
  fs.writeFileSync(good, "abc");
  const empty = path.join(tmp.path, "empty.bin");
  fs.writeFileSync(empty, "");
  const mod = JSON.stringify(path.join(REPO_ROOT, "src/runtime/mod.ts"));
  const script = `
    import * as rt from ${mod};
    const out = [];
    const t = (f) => { try { out.push(String(f())); } catch (e) { out.push(e.code + " " + e.message.split(":")[0]); } };
    for (const [f, max] of ${
    JSON.stringify([[good, 3], [good, 2], [empty, 0], [fifo, 9], ["/dev/zero", 9], [tmp.path, 9], [
      path.join(tmp.path, "none"),
      9,
    ]])
  }) {
      t(() => new TextDecoder().decode(rt.readRegularFile(f, max)));
    }
    const dir = rt.paths.join(${JSON.stringify(tmp.path)}, "a", "b", "..", "b", "c");
    t(() => rt.makeDirectory(dir) === rt.paths.join(${JSON.stringify(tmp.path)}, "a"));
    t(() => rt.makeDirectory(dir));
    t(() => [rt.isDirectory(dir), rt.exists(dir), rt.fileSize(${JSON.stringify(good)})].join());
    const f = rt.createFile(rt.paths.join(dir, "n.txt"), 0o600);
    rt.writeBytes(f, new TextEncoder().encode("xyz")); rt.closeFile(f);
    t(() => rt.createFile(rt.paths.join(dir, "n.txt")));
    t(() => [rt.fileMode(rt.paths.join(dir, "n.txt")).toString(8), rt.readTextFile(rt.paths.join(dir, "n.txt"))].join());
    rt.linkFile(rt.paths.join(dir, "n.txt"), rt.paths.join(dir, "m.txt"));
    rt.rename(rt.paths.join(dir, "m.txt"), rt.paths.join(dir, "o.txt"));
    rt.removeFile(rt.paths.join(dir, "n.txt")); rt.removeFile(rt.paths.join(dir, "gone"));
    rt.removeEmptyDirectory(rt.paths.join(dir, "o.txt"));
    t(() => rt.readTextFile(rt.paths.join(dir, "o.txt")));
    rt.removeEmptyDirectory(dir);
    t(() => rt.exists(dir));
    rt.removeTree(rt.paths.join(${JSON.stringify(tmp.path)}, "a")); rt.removeTree(rt.paths.join(${
    JSON.stringify(tmp.path)
  }, "a"));
    t(() => rt.exists(rt.paths.join(${JSON.stringify(tmp.path)}, "a")));
    console.log(JSON.stringify(out));`;
  const file = path.join(tmp.path, "probe.mjs");
  fs.writeFileSync(file, script);
  const run = (cmd: string[]) => {
    const r = spawnSync(cmd[0], [...cmd.slice(1), file], {
      encoding: "utf8",
      timeout: HANG_GUARD_MS,
      killSignal: "SIGKILL",
      cwd: REPO_ROOT,
    });
    assertEquals(r.signal, null, `${cmd[0]} blocked`);
    assertEquals(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as string[];
  };
  const expected = [
    "abc",
    "ETOOLARGE it is larger than 2 bytes, the most that can be used here",
    "",
    "ENOTREGULAR it is not a regular file but a FIFO (named pipe)",
    "ENOTREGULAR it is not a regular file but a device",
    "EISDIR is a directory",
    "ENOENT " + "",
    "true",
    "undefined",
    "true,true,3",
    "EEXIST " + "",
    "600,xyz",
    "xyz",
    "true", // not empty: kept
    "false",
  ];
  for (
    const cmd of [
      [bin("deno"), "run", "-A", "--quiet", "--config", path.join(REPO_ROOT, "deno.json")],
      [bin("bun")],
    ]
  ) {
    const got = run(cmd);
    // The host's own words for a missing file and an existing one differ: compare codes.
    const codes = got.map((g, i) => expected[i].endsWith(" ") ? g.split(" ")[0] + " " : g);
    assertEquals(codes, expected, cmd[0]);
  }
});

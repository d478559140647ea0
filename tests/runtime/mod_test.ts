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

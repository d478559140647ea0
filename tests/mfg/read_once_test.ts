import { assert, assertBytes, assertEquals, assertThrows } from "../_assert.ts";
import {
  filePaths,
  HeldFiles,
  ReadOnce,
  STREAM_FILE_CACHE_BYTES,
} from "../../src/mfg/read_once.ts";

Deno.test("ReadOnce: each path read once while it fits; the least recently used dropped first", async () => {
  const calls: string[] = [];
  const half = STREAM_FILE_CACHE_BYTES / 2 - 1;
  const files = new ReadOnce((path) => {
    calls.push(path);
    if (path === "bad") return Promise.reject(new Error("no such file"));
    return new Uint8Array(path === "b" ? 4 : half).fill(path.charCodeAt(0));
  });
  const r1 = await files.reader(["a", "s", "a", "bad"]);
  assertBytes(r1("s"), new Uint8Array(half).fill(0x73));
  assertEquals(r1("a").length, half);
  assertThrows(() => r1("bad"), Error, "no such file");
  assertThrows(() => r1("other"), Error, "not read");
  // "a" used again: "s" is then the least recently used, and goes when "b" is read.
  await files.reader(["a", "bad"]);
  await files.reader(["b"]);
  assertEquals(calls, ["a", "s", "bad", "b"]);
  assertEquals((await files.reader(["a", "s"]))("a").length, half);
  assertEquals(calls.slice(4), ["s"]);
});

Deno.test("ReadOnce: a reader that gives no bytes is an error of that file", async () => {
  const files = new ReadOnce(() => "text" as unknown as Uint8Array);
  const read = await files.reader(["x"]);
  assertThrows(() => read("x"), Error, "readFile gave string, not bytes");
  const buffers = new ReadOnce(() => new Uint8Array([1, 2]).buffer as unknown as Uint8Array);
  assertBytes((await buffers.reader(["y"]))("y"), new Uint8Array([1, 2]));
});

Deno.test("HeldFiles: read once while checking, held for building, let go after the last use", () => {
  const calls: string[] = [];
  const files = new HeldFiles((path) => {
    calls.push(path);
    if (path === "bad") throw new Error("no such file");
    return new TextEncoder().encode(path);
  });
  for (const path of ["ca", "own1", "ca", "own2", "ca"]) files.check(path);
  assertThrows(() => files.check("bad"), Error, "no such file");
  assertThrows(() => files.check("bad"), Error, "no such file");
  assertEquals(calls, ["ca", "own1", "own2", "bad"]);
  for (const path of ["ca", "own1", "ca", "own2", "ca"]) {
    assertBytes(files.build(path), new TextEncoder().encode(path));
  }
  assertEquals(calls.length, 4, "nothing read again while building");
  // Each was let go after its last use: asked once more, it is read again.
  files.build("ca");
  assertEquals(calls.slice(4), ["ca"]);
});

Deno.test("filePaths: the file values a device's rows read (not the Wi-Fi trigger keys)", () => {
  const rows = [
    ["n", "namespace", "", ""],
    ["ca", "file", "binary", "ca.pem"],
    ["s", "data", "string", "x.pem"],
    ["empty", "file", "binary", ""],
    ["own", "file", "binary", "own.bin"],
  ].map(([key, type, encoding, value], i) => ({
    file: "d.csv",
    line: i + 2,
    key,
    type,
    encoding,
    value,
  }));
  assertEquals(filePaths(rows), ["ca.pem", "own.bin"]);
  assert(STREAM_FILE_CACHE_BYTES > 0);
});

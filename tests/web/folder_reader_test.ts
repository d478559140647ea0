import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { FolderReader } from "../../web/folder_reader.ts";

/** A folder of `n` certificates and `n` keys (certs/ first, as a folder lists them). */
function folder(n: number, size: (i: number) => number): Map<string, File> {
  const files = new Map<string, File>();
  const bytes = (seed: number, len: number) => {
    const b = new Uint8Array(len);
    for (let j = 0; j < len; j++) b[j] = (seed * 31 + j * 7) & 0xff;
    return b;
  };
  for (let i = 0; i < n; i++) files.set(`certs/${i}.pem`, new File([bytes(i, size(i))], `${i}`));
  for (let i = 0; i < n; i++) {
    files.set(`keys/${i}.der`, new File([bytes(i + 1000, size(i) + 1)], `${i}`));
  }
  return files;
}

async function bytesOf(f: File): Promise<Uint8Array> {
  return new Uint8Array(await f.arrayBuffer());
}

/** A fixed shuffle of 0..n-1. */
function shuffled(n: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let x = 12345;
  for (let i = n - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

Deno.test("FolderReader: files asked for in order (two at a time) are read once each, many per read", async () => {
  const files = folder(300, () => 1200);
  const reader = new FolderReader(files);
  for (let i = 0; i < 300; i++) {
    for (const p of [`certs/${i}.pem`, `keys/${i}.der`]) {
      assertBytes(await reader.read(p), await bytesOf(files.get(p)!), p);
    }
  }
  assertEquals(reader.stats.filesRead, 600);
  assert(reader.stats.reads <= 30, `${reader.stats.reads} reads for 600 files`);
  assertEquals(reader.heldBytes, 0);
});

Deno.test("FolderReader: files asked for out of order still come right, each read once", async () => {
  const files = folder(200, (i) => 100 + i);
  const reader = new FolderReader(files);
  const paths = [...files.keys()];
  for (const i of shuffled(paths.length)) {
    assertBytes(await reader.read(paths[i]), await bytesOf(files.get(paths[i])!), paths[i]);
  }
  assertEquals(reader.stats.filesRead, 400);
  assertEquals(reader.heldBytes, 0);
});

Deno.test("FolderReader: what is read ahead stays within 8 MB; dropped files are read again", async () => {
  const files = new Map<string, File>();
  for (let i = 0; i < 80; i++) {
    files.set(`f${i}`, new File([new Uint8Array(700_000).fill(i)], `${i}`));
  }
  const paths = [...files.keys()];
  // Runs of three in order (the read-ahead grows), skipping six each time; then the rest.
  const order = paths.filter((_, i) => i % 9 < 3).concat(paths.filter((_, i) => i % 9 >= 3));
  const reader = new FolderReader(files);
  let most = 0;
  for (const p of order) {
    assertBytes(await reader.read(p), await bytesOf(files.get(p)!), p);
    most = Math.max(most, reader.heldBytes);
  }
  assert(most > 4 << 20 && most <= 8 << 20, `${most} bytes held at most`);
  assert(reader.stats.filesRead > 80, "nothing was dropped");
  assertEquals(reader.heldBytes, 0);
});

Deno.test("FolderReader: a path not in the folder is refused by name", async () => {
  const reader = new FolderReader(folder(1, () => 1));
  let message = "";
  try {
    await reader.read("certs/9.pem");
  } catch (e) {
    message = (e as Error).message;
  }
  assertEquals(message, '"certs/9.pem" is not in the picked Folder');
});

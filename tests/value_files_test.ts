import { posix, win32 } from "node:path";
import { assertEquals, assertThrows } from "./_assert.ts";
import { join } from "node:path";
import {
  confinedPath,
  type PathHost,
  resolveFileRoot,
  VALUE_FILE_MAX_BYTES,
  valueFilePath,
  valueFileReader,
} from "../src/value_files.ts";
import { tempDir } from "./_tmp.ts";

/**
 * A host with one platform's path rules and a fake file system: `links` maps a path
 * (compared case-insensitively with Windows rules) to its real path, as a symlink,
 * junction or the disk's own spelling of the name would.
 */
function host(paths: typeof win32, cwd: string, links: Record<string, string> = {}): PathHost {
  const key = (p: string) => paths === win32 ? p.toLowerCase() : p;
  const real = new Map(Object.entries(links).map(([k, v]) => [key(k), v]));
  return { paths, cwd: () => cwd, realPath: (p) => real.get(key(p)) ?? p };
}

Deno.test("file values with Windows rules resolve as Python's open() on Windows does", () => {
  const h = host(win32, "C:\\work");
  const cases: [string, string][] = [
    ["certs\\dev1.pem", "C:\\work\\certs\\dev1.pem"],
    ["certs/dev1.pem", "C:\\work\\certs\\dev1.pem"],
    ["C:\\certs\\dev1.pem", "C:\\certs\\dev1.pem"],
    ["C:/certs/x.pem", "C:\\certs\\x.pem"],
    ["D:\\certs\\x.pem", "D:\\certs\\x.pem"],
    ["\\\\server\\share\\x.pem", "\\\\server\\share\\x.pem"],
    ["//server/share/x.pem", "\\\\server\\share\\x.pem"],
    ["\\certs\\x.pem", "C:\\certs\\x.pem"], // rooted: the current drive
    ["C:certs\\x.pem", "C:\\work\\certs\\x.pem"], // drive-relative: the drive's directory
    ["..\\shared\\x.pem", "C:\\shared\\x.pem"],
  ];
  for (const [value, expected] of cases) {
    assertEquals(valueFilePath(value, undefined, h), expected, value);
  }
});

Deno.test("file values with POSIX rules: a backslash is a file name character", () => {
  const h = host(posix, "/work");
  assertEquals(valueFilePath("certs\\dev1.pem", undefined, h), "/work/certs\\dev1.pem");
  assertEquals(valueFilePath("C:\\certs\\x.pem", undefined, h), "/work/C:\\certs\\x.pem");
  assertEquals(valueFilePath("\\\\srv\\x.pem", undefined, h), "/work/\\\\srv\\x.pem");
  assertEquals(valueFilePath("/etc/x.pem", undefined, h), "/etc/x.pem");
  assertEquals(valueFilePath("a/../b.pem", undefined, h), "/work/b.pem");
});

Deno.test("--file-root with Windows rules: absolute, '..', devices and escaping links are refused", () => {
  const root = "C:\\work";
  const h = host(win32, root, {
    "C:\\work\\junction\\x.pem": "C:\\secret\\x.pem",
    "C:\\work\\sibling\\x.pem": "C:\\work2\\x.pem",
    "C:\\work\\other-drive\\x.pem": "D:\\work\\x.pem",
  });
  const refused: [string, string][] = [
    ["C:\\work\\x.pem", "absolute"], // absolute, even inside the root
    ["C:/work/x.pem", "absolute"],
    ["c:x.pem", "absolute"], // drive-relative
    ["\\x.pem", "absolute"], // rooted on the current drive
    ["/x.pem", "absolute"],
    ["\\\\server\\share\\x.pem", "absolute"],
    ["//server/share/x.pem", "absolute"],
    ["..\\x.pem", '".."'],
    ["certs/../../x.pem", '".."'],
    ["certs\\..\\..\\x.pem", '".."'],
    ["NUL", "device"],
    ["certs\\con.txt", "device"],
    ["COM1", "device"],
    ["junction\\x.pem", "outside"],
    ["sibling\\x.pem", "outside"], // C:\work2 is not inside C:\work
    ["other-drive\\x.pem", "outside"],
  ];
  for (const [value, why] of refused) {
    assertThrows(() => confinedPath(root, value, h), Error, why);
  }
});

Deno.test("--file-root with Windows rules: names compare case-insensitively", () => {
  // The disk spells the root C:\Work and the directory Certs; the CSV and the
  // command line spell them otherwise.
  const h = host(win32, "c:\\work", {
    "c:\\work": "C:\\Work",
    "C:\\Work\\certs\\X.PEM": "C:\\Work\\Certs\\x.pem",
  });
  const root = resolveFileRoot(".", h);
  assertEquals(root, "C:\\Work");
  assertEquals(confinedPath(root, "certs\\X.PEM", h), "C:\\Work\\Certs\\x.pem");
  assertEquals(confinedPath(root, "certs/x.pem", h), "C:\\Work\\Certs\\x.pem");
  // Relative to the current directory (c:\work), the root only confines.
  assertEquals(confinedPath("c:\\work", "a.pem", h), "c:\\work\\a.pem");
  assertEquals(confinedPath("C:\\", "a.pem", h), "c:\\work\\a.pem"); // a drive as the root
  assertEquals(valueFilePath("a.pem", "C:\\Work", h), "c:\\work\\a.pem");
  assertEquals(resolveFileRoot("..\\shared\\", host(win32, "D:\\ci\\repo")), "D:\\ci\\shared");
});

Deno.test("--file-root with POSIX rules: as before, and a backslash names a file", () => {
  const root = "/work";
  const h = host(posix, root, {
    "/work/link.pem": "/secret.pem",
    "/work/sibling/x.pem": "/work2/x.pem",
    "/work/Case.pem": "/work/case.pem",
  });
  assertEquals(confinedPath(root, "certs/x.pem", h), "/work/certs/x.pem");
  assertEquals(confinedPath(root, "a\\b.pem", h), "/work/a\\b.pem");
  assertEquals(confinedPath(root, "NUL", h), "/work/NUL"); // no devices by name on POSIX
  for (const value of ["/etc/passwd", "C:\\x.pem", "\\x.pem"]) {
    assertThrows(() => confinedPath(root, value, h), Error, "absolute");
  }
  for (const value of ["../x.pem", "a/../../x.pem", "a\\..\\x.pem"]) {
    assertThrows(() => confinedPath(root, value, h), Error, '".."');
  }
  for (const value of ["link.pem", "sibling/x.pem", "Case.pem"]) {
    assertThrows(() => confinedPath(root, value, h), Error, "outside");
  }
});

Deno.test("valueFileReader: relative to cwd, or confined to the file root given relative to it", () => {
  using dir = tempDir();
  const root = join(dir.path, "root");
  Deno.mkdirSync(join(root, "certs"), { recursive: true });
  Deno.writeTextFileSync(join(root, "certs", "a.pem"), "inside");
  Deno.writeTextFileSync(join(dir.path, "b.pem"), "outside");
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const plain = valueFileReader({ cwd: dir.path });
  assertEquals(text(plain("root/certs/a.pem")), "inside");
  assertEquals(text(plain("b.pem")), "outside");
  const confined = valueFileReader({ cwd: dir.path, fileRoot: "root" });
  // Relative to cwd, as without the root: the root only confines.
  assertEquals(text(confined("root/certs/a.pem")), "inside");
  assertThrows(() => confined("certs/a.pem"));
  assertThrows(() => confined("b.pem"), Error, "outside --file-root");
  assertThrows(() => confined("../b.pem"), Error, '".."');
  assertThrows(() => confined(join(dir.path, "b.pem")), Error, "absolute");
  // Bounded: a file one byte longer than the largest value is refused.
  Deno.writeFileSync(join(dir.path, "big.bin"), new Uint8Array(VALUE_FILE_MAX_BYTES + 1));
  assertThrows(() => plain("big.bin"));
});

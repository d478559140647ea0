import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { Buffer } from "node:buffer";
import { listing, nvsforge, scratchDir } from "./_run.ts";
import { annotationPath } from "../../src/cli/report.ts";

const HEAD = "key,type,encoding,value\nns,namespace,,\n";

Deno.test("--file-root: a value escaping the root by '..', an absolute path or a symlink is refused", () => {
  using tmp = scratchDir({ "root/ok.bin": "ok", "secret.bin": "secret" });
  const dir = tmp.path;
  const root = path.join(dir, "root");
  fs.symlinkSync(path.join(dir, "secret.bin"), path.join(root, "link.bin"));
  const csvs: [string, string][] = [
    ["dots.csv", `${HEAD}x,file,binary,../secret.bin\n`],
    ["abs.csv", `${HEAD}x,file,binary,${path.join(dir, "secret.bin")}\n`],
    ["link.csv", `${HEAD}x,file,binary,link.bin\n`],
  ];
  for (const [name, text] of csvs) {
    fs.writeFileSync(path.join(root, name), text);
    const before = listing(dir);
    const r = nvsforge(root, "--file-root", ".", "nvs", "generate", name, "out.bin", "0x3000");
    assertEquals(r.status, 1, `${name}: ${r.stderr}`);
    assert(r.stderr.includes(`${name}:3`) && r.stderr.includes("--file-root"), r.stderr);
    assertEquals(listing(dir), before, "nothing written");
  }
  // Without the option, the reference's rules hold: all three are read.
  for (const [name] of csvs) {
    assertEquals(nvsforge(root, "nvs", "generate", name, "out.bin", "0x3000").status, 0);
  }
  // Inside the root, a plain relative path is fine.
  fs.writeFileSync(path.join(root, "fine.csv"), `${HEAD}x,file,binary,ok.bin\n`);
  assertEquals(
    nvsforge(root, "--file-root", ".", "nvs", "generate", "fine.csv", "f.bin", "0x3000").status,
    0,
  );
});

Deno.test("--error-format github: errors become ::error annotations with file and line", () => {
  using tmp = scratchDir({ "in.csv": `${HEAD}a,data,u8,300\nb,data,hex2bin,xyz\n` });
  const dir = tmp.path;
  const r = nvsforge(
    dir,
    "--error-format",
    "github",
    "nvs",
    "generate",
    "in.csv",
    "o.bin",
    "0x3000",
  );
  assertEquals(r.status, 1);
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("::error "));
  assertEquals(lines.length, 2, r.stderr);
  assert(lines[0].startsWith("::error file=in.csv,line=3,"), lines[0]);
  assert(lines[1].startsWith("::error file=in.csv,line=4,"), lines[1]);
});

Deno.test("--file-root only confines: relative values resolve against the current directory", () => {
  using tmp = scratchDir({
    "factory/certs/c1.der": "DER",
    "factory/nvs.csv": `${HEAD}c,file,binary,certs/c1.der\n`,
    "factory/other.csv": `${HEAD}c,file,binary,certs/only-at-root.der\n`,
    "certs/only-at-root.der": "ROOT",
  });
  const factory = path.join(tmp.path, "factory");
  const r = nvsforge(factory, "--file-root", "..", "nvs", "generate", "nvs.csv", "o.bin", "0x3000");
  assertEquals(r.status, 0, r.stderr);
  assert(fs.readFileSync(path.join(factory, "o.bin")).includes(Buffer.from("DER")));
  // A file beside the root but not beside the working directory is not found.
  const other = nvsforge(
    factory,
    "--file-root",
    "..",
    "nvs",
    "generate",
    "other.csv",
    "p.bin",
    "0x3000",
  );
  assertEquals(other.status, 1, other.stderr);
  assert(other.stderr.includes("other.csv:3"), other.stderr);
});

Deno.test("--error-format github: annotation paths are relative to GITHUB_WORKSPACE", () => {
  assertEquals(annotationPath("bad.csv", "/ws", "/ws/factory"), "factory/bad.csv");
  assertEquals(annotationPath("../x/bad.csv", "/ws", "/ws/factory"), "x/bad.csv");
  assertEquals(annotationPath("/elsewhere/bad.csv", "/ws", "/ws"), "/elsewhere/bad.csv");
  assertEquals(annotationPath("bad.csv", undefined, "/ws/factory"), "bad.csv");
});

Deno.test("a missing file value says which directory it was looked up in", () => {
  using tmp = scratchDir({ "sub/in.csv": `${HEAD}c,file,binary,certs/c1.der\n` });
  const sub = path.join(tmp.path, "sub");
  const r = nvsforge(sub, "nvs", "generate", "in.csv", "o.bin", "0x3000");
  assertEquals(r.status, 1, r.stderr);
  const where = path.join(fs.realpathSync(sub), "certs");
  assert(
    r.stderr.includes(`cannot read file "certs/c1.der": no such file in "${where}"`),
    r.stderr,
  );
});

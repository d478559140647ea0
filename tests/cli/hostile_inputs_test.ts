/**
 * Inputs that never end (issue 19, items 1 and 2): `/dev/zero` or a FIFO as a `file`
 * value, as `--inputkey`, as the image of `inspect`. Each is refused with one line and
 * nothing is written. The commands run in child processes with a hard timeout, so a
 * regression (a read that blocks on the FIFO, or reads /dev/zero until memory runs out)
 * fails the test instead of hanging the suite.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { tempDir } from "../_tmp.ts";
import { bin, REPO_ROOT } from "../../scripts/vectors.ts";
import { VALUE_FILE_MAX_BYTES } from "../../src/cli/inputs.ts";

const POSIX = fs.existsSync("/dev/zero");
const HANG_GUARD_MS = 60_000;

function run(cwd: string, ...args: string[]) {
  const deno = bin("deno");
  const r = spawnSync(
    fs.existsSync(deno) ? deno : "deno",
    [
      "run",
      "--allow-all",
      "--quiet",
      "--v8-flags=--max-old-space-size=512",
      path.join(REPO_ROOT, "cli.ts"),
      ...args,
    ],
    { cwd, encoding: "utf8", timeout: HANG_GUARD_MS, killSignal: "SIGKILL" },
  );
  assertEquals(r.signal, null, `nvsforge ${args.join(" ")} did not end (killed)`);
  return { status: r.status, stderr: r.stderr };
}

function withDir(f: (dir: string) => void): void {
  using tmp = tempDir();
  const fifo = spawnSync("mkfifo", [path.join(tmp.path, "fifo.bin")]);
  assertEquals(fifo.status, 0, String(fifo.stderr));
  f(tmp.path);
}

const errors = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error:"));

Deno.test("file values: /dev/zero and a FIFO are refused, for every encoding, nothing written", () => {
  if (!POSIX) return;
  withDir((dir) => {
    const csv = [
      "key,type,encoding,value",
      "n,namespace,,",
      "a,file,binary,/dev/zero",
      "b,file,string,/dev/zero",
      "c,file,hex2bin,/dev/zero",
      "d,file,base64,fifo.bin",
      "e,file,binary,fifo.bin",
      "",
    ].join("\n");
    fs.writeFileSync(path.join(dir, "nvs.csv"), csv);
    const r = run(dir, "nvs", "generate", "nvs.csv", "out.bin", "0x3000");
    assertEquals(r.status, 1, r.stderr);
    const lines = errors(r.stderr);
    assertEquals(lines.length, 5, r.stderr);
    for (const l of lines.slice(0, 3)) {
      assert(l.endsWith('cannot read file "/dev/zero": it is not a regular file but a device'), l);
    }
    for (const l of lines.slice(3)) {
      assert(
        l.endsWith('cannot read file "fifo.bin": it is not a regular file but a FIFO (named pipe)'),
        l,
      );
    }
    assertEquals(fs.readdirSync(dir).sort(), ["fifo.bin", "nvs.csv"]);
  });
});

Deno.test("file values: a file larger than any value NVS holds is refused", () => {
  withDir((dir) => {
    fs.writeFileSync(
      path.join(dir, "big.txt"),
      new Uint8Array(VALUE_FILE_MAX_BYTES + 1).fill(0x30),
    );
    fs.writeFileSync(
      path.join(dir, "nvs.csv"),
      "key,type,encoding,value\nn,namespace,,\nb,file,hex2bin,big.txt\n",
    );
    const r = run(dir, "nvs", "generate", "nvs.csv", "out.bin", "0x100000");
    assertEquals(r.status, 1, r.stderr);
    assertEquals(errors(r.stderr), [
      `error: nvs.csv:3: column "value": key "b": cannot read file "big.txt": it is larger than ${VALUE_FILE_MAX_BYTES} bytes, the most that can be used here`,
    ]);
  });
});

Deno.test("mass manufacturing: /dev/zero and a FIFO as file values are refused", () => {
  if (!POSIX) return;
  withDir((dir) => {
    fs.writeFileSync(path.join(dir, "config.csv"), "n,namespace,\ncert,file,binary\n");
    fs.writeFileSync(path.join(dir, "values.csv"), "cert\n/dev/zero\nfifo.bin\n");
    const r = run(dir, "generate", "config.csv", "values.csv", "dev", "0x3000", "--jobs", "0");
    assertEquals(r.status, 1, r.stderr);
    const lines = errors(r.stderr);
    assertEquals(lines.length, 2, r.stderr);
    assert(lines[0].includes("not a regular file but a device"), lines[0]);
    assert(lines[1].includes("not a regular file but a FIFO"), lines[1]);
    assertEquals(fs.readdirSync(dir).sort(), ["config.csv", "fifo.bin", "values.csv"]);
  });
});

Deno.test("--inputkey: /dev/zero and a FIFO are refused (nvs encrypt, generate, inspect)", () => {
  if (!POSIX) return;
  withDir((dir) => {
    fs.symlinkSync("/dev/zero", path.join(dir, "zero.bin"));
    fs.writeFileSync(
      path.join(dir, "nvs.csv"),
      "key,type,encoding,value\nn,namespace,,\na,data,u8,1\n",
    );
    fs.writeFileSync(path.join(dir, "config.csv"), "n,namespace,\na,data,u8\n");
    fs.writeFileSync(path.join(dir, "values.csv"), "a\n1\n");
    fs.writeFileSync(path.join(dir, "img.bin"), new Uint8Array(0x3000).fill(0xff));
    for (const key of ["zero.bin", "fifo.bin"]) {
      const why = key === "zero.bin" ? "a device" : "a FIFO (named pipe)";
      const enc = run(dir, "nvs", "encrypt", "nvs.csv", "e.bin", "0x3000", "--inputkey", key);
      assertEquals(enc.status, 1, enc.stderr);
      assertEquals(errors(enc.stderr), [
        `error: ${key}: cannot read key file: it is not a regular file but ${why}`,
      ]);
      const mfg = run(
        dir,
        "generate",
        "config.csv",
        "values.csv",
        "dev",
        "0x3000",
        "--inputkey",
        key,
      );
      assertEquals(mfg.status, 1, mfg.stderr);
      assert(errors(mfg.stderr)[0]?.includes(`not a regular file but ${why}`), mfg.stderr);
      const ins = run(dir, "inspect", "img.bin", "--inputkey", key);
      assert(ins.status !== 0);
      assert(errors(ins.stderr)[0]?.includes(`not a regular file but ${why}`), ins.stderr);
      const dec = run(dir, "nvs", "decrypt", "img.bin", key, "d.bin");
      assert(dec.status !== 0);
      assert(errors(dec.stderr)[0]?.includes(`not a regular file but ${why}`), dec.stderr);
    }
    const big = new Uint8Array(4097);
    fs.writeFileSync(path.join(dir, "big.bin"), big);
    const r = run(dir, "nvs", "encrypt", "nvs.csv", "e.bin", "0x3000", "--inputkey", "big.bin");
    assertEquals(errors(r.stderr), [
      "error: big.bin: cannot read key file: it is larger than 4096 bytes, the most that can be used here",
    ]);
    assertEquals(
      fs.readdirSync(dir).sort(),
      ["big.bin", "config.csv", "fifo.bin", "img.bin", "nvs.csv", "values.csv", "zero.bin"],
    );
  });
});

Deno.test("inspect: /dev/zero and a FIFO as the image are refused at once", () => {
  if (!POSIX) return;
  withDir((dir) => {
    for (const [image, why] of [["/dev/zero", "a device"], ["fifo.bin", "a FIFO (named pipe)"]]) {
      const r = run(dir, "inspect", image);
      assertEquals(r.status, 2, r.stderr);
      assertEquals(errors(r.stderr), [
        `error: ${image}: cannot read image: it is not a regular file but ${why}`,
      ]);
    }
  });
});

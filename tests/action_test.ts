/**
 * The GitHub Action and the workflows: valid YAML naming only scripts that exist, and
 * the action's script part run against a local directory standing in for a release.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { spawnSync } from "node:child_process";
import { parse } from "yaml";
import { assert, assertEquals } from "./_assert.ts";
import { build, TARGETS, writeChecksums } from "../scripts/build_executables.ts";
import { REPO_ROOT } from "../scripts/vectors.ts";
import { tempDir } from "./_tmp.ts";

const read = (f: string) => fs.readFileSync(path.join(REPO_ROOT, f), "utf8");

Deno.test("action and workflows: valid YAML; every script they run exists", () => {
  const action = parse(read("action.yml"));
  assertEquals(action.runs.using, "composite");
  for (const key of ["command", "version", "file-root", "release-base-url"]) {
    assert(key in action.inputs, `input ${key}`);
  }
  for (const key of ["outdir", "manifest", "exit-code"]) assert(key in action.outputs, key);
  const texts = [
    read("action.yml"),
    read(".github/workflows/ci.yml"),
    read(".github/workflows/release.yml"),
  ];
  for (const f of [".github/workflows/ci.yml", ".github/workflows/release.yml"]) {
    const wf = parse(read(f));
    assert(Object.keys(wf.jobs).length > 0, `${f} has jobs`);
  }
  const named = texts.flatMap((t) =>
    [...t.matchAll(/(?:scripts|action)\/[\w./-]+\.(?:ts|sh)/g)].map((m) => m[0])
  );
  assert(named.length >= 3, named.join(", "));
  for (const p of named) assert(fs.existsSync(path.join(REPO_ROOT, p)), `${p} exists`);
});

const linuxX64 = process.platform === "linux" && process.arch === "x64";

function runAction(
  release: string,
  work: string,
  command: string,
  env: Record<string, string | undefined> = {},
) {
  const out = path.join(work, "github-output");
  const summary = path.join(work, "step-summary");
  fs.writeFileSync(out, "");
  fs.writeFileSync(summary, "");
  using runnerTemp = tempDir("nvsforge-action-runner-");
  const r = spawnSync("bash", [path.join(REPO_ROOT, "action/run.sh")], {
    cwd: work,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RUNNER_OS: "Linux",
      RUNNER_ARCH: "X64",
      RUNNER_TEMP: runnerTemp.path,
      INPUT_COMMAND: command,
      INPUT_VERSION: "v-test",
      INPUT_FILE_ROOT: work,
      INPUT_RELEASE_BASE_URL: `file://${release}`,
      GITHUB_OUTPUT: out,
      GITHUB_STEP_SUMMARY: summary,
      ...env,
    },
  });
  return {
    status: r.status,
    log: r.stdout + r.stderr,
    outputs: fs.readFileSync(out, "utf8"),
    summary: fs.readFileSync(summary, "utf8"),
  };
}

Deno.test({
  name: "action script: downloads and verifies the executable, annotates errors, summarises",
  ignore: !linuxX64,
  fn: () => {
    using releaseDir = tempDir("nvsforge-release-");
    using workDir = tempDir("nvsforge-action-");
    const release = releaseDir.path;
    const work = workDir.path;
    const exe = build(TARGETS.find((t) => t.name === "nvsforge-linux-x64")!, release);
    writeChecksums([exe], release);
    fs.writeFileSync(
      path.join(work, "good.csv"),
      "key,type,encoding,value\nns,namespace,,\na,data,u8,1\n",
    );
    fs.writeFileSync(
      path.join(work, "bad.csv"),
      "key,type,encoding,value\nns,namespace,,\na,data,u8,300\nb,data,base64,QUJD*\n",
    );

    const bad = runAction(release, work, "nvs generate bad.csv out.bin 0x3000 --outdir out");
    assertEquals(bad.status, 1, bad.log);
    assert(bad.log.includes("::error file=bad.csv,line=3,"), bad.log);
    assert(bad.log.includes("::warning file=bad.csv,line=4,"), bad.log);
    assert(bad.outputs.includes("exit-code=1") && bad.outputs.includes("outdir=out"), bad.outputs);
    assert(
      bad.summary.includes("exit 1") && bad.summary.includes("| 0 | 0 | 0 | 1 | 1 |"),
      bad.summary,
    );

    const good = runAction(release, work, "nvs generate 'good.csv' out.bin 0x3000 --outdir out");
    assertEquals(good.status, 0, good.log);
    assert(good.outputs.includes("exit-code=0"), good.outputs);
    assert(
      good.summary.includes("success") && good.summary.includes("| 1 | 1 | 12288 | 0 | 0 |"),
      good.summary,
    );

    // working-directory: factory, --file-root at the workspace: `file` values resolve
    // against the working directory, annotations name paths from the workspace.
    const factory = path.join(work, "factory");
    fs.mkdirSync(path.join(factory, "certs"), { recursive: true });
    fs.writeFileSync(path.join(factory, "certs/c1.der"), "DER");
    fs.writeFileSync(
      path.join(factory, "nvs.csv"),
      "key,type,encoding,value\nns,namespace,,\nc,file,binary,certs/c1.der\n",
    );
    fs.writeFileSync(
      path.join(factory, "bad.csv"),
      "key,type,encoding,value\nns,namespace,,\na,data,u8,300\n",
    );
    const inSub = { INPUT_FILE_ROOT: work, GITHUB_WORKSPACE: work };
    const sub = runAction(release, factory, "nvs generate nvs.csv nvs.bin 0x3000", inSub);
    assertEquals(sub.status, 0, sub.log);
    assert(fs.existsSync(path.join(factory, "nvs.bin")));
    const subBad = runAction(release, factory, "nvs generate bad.csv b.bin 0x3000", inSub);
    assertEquals(subBad.status, 1, subBad.log);
    assert(subBad.log.includes("::error file=factory/bad.csv,line=3,"), subBad.log);

    // A tampered executable is refused before it runs.
    fs.appendFileSync(exe, "tampered");
    const tampered = runAction(release, work, "nvs generate good.csv t.bin 0x3000");
    assertEquals(tampered.status, 2, tampered.log);
    assert(tampered.log.includes("checksum mismatch"), tampered.log);
    assert(!fs.existsSync(path.join(work, "t.bin")));
  },
});

/**
 * A stand-in release: a shell script as the linux-x64 executable, printing the given
 * stderr lines and exiting with `status`.
 */
function fakeRelease(dir: string, stderrLines: string[], status: number): void {
  const exe = path.join(dir, "nvsforge-linux-x64");
  const body = stderrLines.map((l) => `printf '%s\\n' ${JSON.stringify(l)} >&2`).join("\n");
  fs.writeFileSync(exe, `#!/bin/sh\necho stdout-line\n${body}\nexit ${status}\n`);
  writeChecksums([exe], dir);
}

Deno.test({
  name: "action script: the summary counts every stderr line even when tee writes late",
  ignore: process.platform === "win32",
  fn: () => {
    using releaseDir = tempDir("nvsforge-release-");
    using workDir = tempDir("nvsforge-action-");
    const lines = [
      "::warning file=a.csv,line=2::first",
      "::error file=a.csv,line=3::second",
      "::warning file=a.csv,line=4::third",
    ];
    fakeRelease(releaseDir.path, lines, 1);
    // A tee that holds its output back until its input has ended, as a busy machine may:
    // the script must wait for it, not for the executable alone. (Without that wait the
    // counts below are read from an empty log.) The sleep only widens the window a wrong
    // script falls into; the right script's outcome does not depend on it.
    const shims = path.join(workDir.path, "shims");
    fs.mkdirSync(shims);
    const realTee = spawnSync("sh", ["-c", "command -v tee"], { encoding: "utf8" }).stdout.trim();
    fs.writeFileSync(
      path.join(shims, "tee"),
      `#!/bin/sh\nbuf=$(cat; echo x)\nsleep 1\nprintf '%s' "\${buf%x}" | ${realTee} "$@"\n`,
      { mode: 0o755 },
    );
    const r = runAction(releaseDir.path, workDir.path, "nvs generate a.csv a.bin 0x3000", {
      PATH: `${shims}${path.delimiter}${process.env.PATH}`,
    });
    assertEquals(r.status, 1, r.log);
    for (const l of lines) assert(r.log.includes(l), r.log);
    assert(r.log.includes("stdout-line"), r.log);
    assert(r.outputs.includes("exit-code=1"), r.outputs);
    assert(r.summary.includes("| 0 | 0 | 0 | 2 | 1 |"), r.summary);
  },
});

/** A stand-in release whose linux-x64 executable is the given shell script body. */
function scriptRelease(dir: string, body: string): void {
  const exe = path.join(dir, "nvsforge-linux-x64");
  fs.writeFileSync(exe, `#!/bin/sh\n${body}\n`);
  writeChecksums([exe], dir);
}

Deno.test({
  name: "action script: the command input keeps Windows paths, apostrophes and quoted words",
  ignore: process.platform === "win32",
  fn: () => {
    using releaseDir = tempDir("nvsforge-release-");
    using workDir = tempDir("nvsforge-action-");
    scriptRelease(releaseDir.path, `for a in "$@"; do printf 'arg[%s]\\n' "$a"; done`);
    const r = runAction(
      releaseDir.path,
      workDir.path,
      `nvs generate C:\\fw\\nvs.csv O'Brien.csv "my dir/a b.csv" 'x "y"'\n  --outdir="o u t" out.bin 0x3000 ""`,
      { INPUT_FILE_ROOT: "" },
    );
    assertEquals(r.status, 0, r.log);
    const args = [...r.log.matchAll(/^arg\[(.*)\]$/gm)].map((m) => m[1]);
    assertEquals(args, [
      "--error-format",
      "github",
      "nvs",
      "generate",
      "C:\\fw\\nvs.csv",
      "O'Brien.csv",
      "my dir/a b.csv",
      'x "y"',
      "--outdir=o u t",
      "out.bin",
      "0x3000",
      "",
    ]);
    assert(r.outputs.includes("outdir=o u t\n"), r.outputs);
  },
});

Deno.test({
  name: "action script: the summary counts only the images this run wrote",
  ignore: process.platform === "win32",
  fn: () => {
    using releaseDir = tempDir("nvsforge-release-");
    using workDir = tempDir("nvsforge-action-");
    const work = workDir.path;
    // An earlier run's images, and a manifest, in the outdir.
    fs.mkdirSync(path.join(work, "out/bin"), { recursive: true });
    for (const f of ["out/bin/d1.bin", "out/bin/d2.bin", "out/kept.bin"]) {
      fs.writeFileSync(path.join(work, f), new Uint8Array(0x3000));
    }
    fs.writeFileSync(path.join(work, "out/m.jsonl"), "{}\n{}\n{}\n");
    const old = new Date(2020, 0, 1);
    for (const f of ["out/bin/d1.bin", "out/bin/d2.bin", "out/kept.bin", "out/m.jsonl"]) {
      fs.utimesSync(path.join(work, f), old, old);
    }
    const command = "generate c.csv v.csv d 0x3000 --outdir out --manifest out/m.jsonl";
    scriptRelease(releaseDir.path, `echo '::error file=v.csv,line=2::bad' >&2\nexit 1`);
    const failed = runAction(releaseDir.path, work, command);
    assertEquals(failed.status, 1, failed.log);
    assert(failed.summary.includes("| ❌ exit 1 | 0 | 0 | 0 | 0 | 1 |"), failed.summary);

    // A run that writes one new image and replaces another counts those two.
    scriptRelease(
      releaseDir.path,
      `head -c 8192 /dev/zero >out/bin/d3.bin\nrm out/bin/d1.bin && head -c 4096 /dev/zero >out/bin/d1.bin`,
    );
    const good = runAction(releaseDir.path, work, command);
    assertEquals(good.status, 0, good.log);
    assert(good.summary.includes("| ✅ success | 2 | 2 | 12288 | 0 | 0 |"), good.summary);
  },
});

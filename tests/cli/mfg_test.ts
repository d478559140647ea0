/**
 * `nvsforge generate` and `nvsforge generate-key` (mfg_gen) through the command line:
 * errors reported together with nothing written, overwrite refusal, --resume after a
 * killed run, the manifest, keys, option spellings, progress.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { listing, nvsforge, scratch, scratchDir } from "./_run.ts";
import type { TempDir } from "../_tmp.ts";
import { bin, REPO_ROOT } from "../../scripts/vectors.ts";
import { sha256 } from "@noble/hashes/sha2.js";
import { decryptPartition, parseKeyFile } from "../../src/crypto/mod.ts";
import { toHex } from "../../src/mfg/manifest.ts";

const CONFIG = [
  "factory,namespace,",
  "serial,data,string",
  "mac,data,hex2bin",
  "hw_rev,data,u8,REPEAT",
  "cert,file,string",
  "app,namespace,",
  "region,data,string,REPEAT",
  "boots,data,u32",
  "",
].join("\n");

function values(n: number, edit?: (i: number, row: string[]) => void): string {
  const rows = ["serial,mac,hw_rev,cert,region,boots,operator"];
  for (let i = 1; i <= n; i++) {
    const row = [
      `SN-${String(i).padStart(5, "0")}`,
      `a4cf12${i.toString(16).padStart(6, "0")}`,
      i === 1 ? "3" : "",
      "ca.pem",
      i === 1 ? '"EU, 868 MHz"' : "",
      String(i % 7),
      `op${i % 3}`,
    ];
    edit?.(i, row);
    rows.push(row.join(","));
  }
  return rows.join("\n") + "\n";
}

const CA = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";

function batch(n: number, edit?: (i: number, row: string[]) => void): string {
  return scratch({ "config.csv": CONFIG, "values.csv": values(n, edit), "ca.pem": CA });
}

/** {@linkcode batch}, removed when the test ends (declare it with `using`). */
function batchDir(n: number, edit?: (i: number, row: string[]) => void): TempDir {
  return scratchDir({ "config.csv": CONFIG, "values.csv": values(n, edit), "ca.pem": CA });
}

const read = (dir: string, rel: string) => new Uint8Array(fs.readFileSync(path.join(dir, rel)));
const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error:"));

/** Every file of a tree with its bytes (sorted), for comparing two output trees. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of listing(dir)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out.set(f, toHex(sha256(fs.readFileSync(p))));
  }
  return out;
}

Deno.test("generate: writes csv/, bin/ and the created values file; no _tmp.csv copies", () => {
  using tmp = batchDir(3);
  const dir = tmp.path;
  const r = nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000");
  assertEquals(r.status, 0, r.stderr);
  assertEquals(listing(dir), [
    "bin",
    "bin/dev-1.bin",
    "bin/dev-2.bin",
    "bin/dev-3.bin",
    "ca.pem",
    "config.csv",
    "csv",
    "csv/dev-1.csv",
    "csv/dev-2.csv",
    "csv/dev-3.csv",
    "values.csv",
    "values_tmp_created.csv",
  ]);
  assert(/generate: 3 devices written \(7 files\)/.test(r.stderr), r.stderr);
  const csv2 = new TextDecoder().decode(read(dir, "csv/dev-2.csv"));
  assert(csv2.includes('region,data,string,"EU, 868 MHz"\r\n'), csv2);
  assert(csv2.includes("hw_rev,data,u8,3\r\n"), "REPEAT value from the first row");
});

Deno.test("generate: every input problem of every row at once, exit 1, nothing written", () => {
  using tmp = batchDir(6, (i, row) => {
    if (i === 2) row[1] = "zz"; // not hex
    if (i === 4) row[5] = "-1"; // u32 out of range
    if (i === 5) row[3] = "missing.pem"; // unreadable file
    if (i === 6) row.pop(); // a value short
  });
  const dir = tmp.path;
  const before = listing(dir);
  const r = nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000");
  assertEquals(r.status, 1, r.stderr);
  const errors = errorLines(r.stderr);
  assertEquals(errors.length, 4, r.stderr);
  assert(errors[0].includes('values.csv:3: device row 2 (SN-00002): column "mac"'), errors[0]);
  assert(errors[1].includes('values.csv:5: device row 4 (SN-00004): column "boots"'), errors[1]);
  assert(
    errors[2].includes("values.csv:6: device row 5 (SN-00005)") &&
      errors[2].includes("missing.pem"),
  );
  assert(
    errors[3].includes("values.csv:7: device row 6 (SN-00006)") && errors[3].includes("6 values"),
  );
  assert(r.stderr.includes("4 errors: nothing was written"), r.stderr);
  assert(!/^\s+at /m.test(r.stderr), "no stack trace");
  assertEquals(listing(dir), before);
});

for (const [jobs, existing] of [["0", true], ["2", true], ["2", false]] as const) {
  Deno.test(
    `generate: an error on the last of 500 rows removes everything staged before it (--jobs ${jobs}, ${
      existing ? "bin/ exists" : "no output directory"
    })`,
    () => {
      using tmp = batchDir(500, (i, row) => {
        if (i === 500) row[5] = "-1";
      });
      const dir = tmp.path;
      if (existing) {
        // An output directory that exists already stays, with what it held; its files are
        // staged one by one, those of csv/ in a staging directory.
        fs.mkdirSync(path.join(dir, "out", "bin"), { recursive: true });
        fs.writeFileSync(path.join(dir, "out", "README"), "keep me");
      }
      const before = listing(dir);
      const r = nvsforge(
        dir,
        "generate",
        "config.csv",
        "values.csv",
        "dev",
        "0x3000",
        "--outdir",
        "out",
        "--manifest",
        "logs/manifest.jsonl",
        "--jobs",
        jobs,
      );
      assertEquals(r.status, 1, r.stderr);
      assert(
        r.stderr.includes('values.csv:501: device row 500 (SN-00500): column "boots"'),
        r.stderr,
      );
      assertEquals(listing(dir), before, "no staged file, no directory made, no manifest");
    },
  );
}

Deno.test("generate: configuration problems are reported together, exit 1", () => {
  using tmp = scratchDir({
    "config.csv": "ns,namespace,\nt,data\nu,dat,u8\nv,data,float\n",
    "values.csv": "t,u,v\n1,2,3\n",
  });
  const dir = tmp.path;
  const r = nvsforge(dir, "generate", "config.csv", "values.csv", "x", "0x3000");
  assertEquals(r.status, 1);
  assertEquals(errorLines(r.stderr).length, 3, r.stderr);
  assertEquals(listing(dir), ["config.csv", "values.csv"]);
});

Deno.test("generate: command-line mistakes exit 2 with one line, nothing written", () => {
  using tmp = batchDir(2);
  const dir = tmp.path;
  const before = listing(dir);
  for (
    const args of [
      ["config.csv", "values.csv", "dev", "twelve"],
      ["config.csv", "values.csv", "dev", "0x3100"],
      ["config.csv", "values.csv", "dev"],
      ["config.txt", "values.csv", "dev", "0x3000"],
      ["config.csv", "values.csv", "dev", "0x3000", "--prefix_num", "7"],
      ["config.csv", "values.csv", "dev", "0x3000", "--prefix_num", "x", "4"],
      ["config.csv", "values.csv", "dev", "0x3000", "--jobs", "many"],
      ["config.csv", "values.csv", "dev", "0x3000", "--version", "3"],
      ["config.csv", "values.csv", "dev", "0x3000", "--keygen", "--inputkey", "k.bin"],
      ["config.csv", "values.csv", "dev", "0x3000", "--kp_hmac_keygen"],
      ["config.csv", "values.csv", "a/dev", "0x3000"],
      [
        "config.csv",
        "values.csv",
        "dev",
        "0x3000",
        "--keygen",
        "--key_protect_hmac",
        "--kp_hmac_keygen",
        "--kp_hmac_keyfile",
        "h.bin",
      ],
    ]
  ) {
    const r = nvsforge(dir, "generate", ...args);
    assertEquals(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert(r.stderr.startsWith("error:"), r.stderr);
    assertEquals(errorLines(r.stderr).length, 1, r.stderr);
  }
  assertEquals(listing(dir), before);
});

Deno.test("generate: an existing output is not overwritten (exit 3, nothing changed) unless --force", () => {
  using tmp = batchDir(3);
  const dir = tmp.path;
  assertEquals(nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000").status, 0);
  fs.writeFileSync(path.join(dir, "bin/dev-2.bin"), "not an image");
  fs.rmSync(path.join(dir, "csv/dev-3.csv"));
  const before = tree(dir);
  const r = nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000");
  assertEquals(r.status, 3, r.stderr);
  assert(r.stderr.includes("already exists") && r.stderr.includes("--force"), r.stderr);
  // The device is named by its row and its id (the first column, a serial number).
  assert(r.stderr.includes("values.csv:3: device row 2 (SN-00002): "), r.stderr);
  assertEquals(tree(dir), before, "nothing written, not even the missing file");
  const forced = nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000", "--force");
  assertEquals(forced.status, 0, forced.stderr);
  assertEquals(read(dir, "bin/dev-2.bin").length, 0x3000);
  assert(fs.existsSync(path.join(dir, "csv/dev-3.csv")));
});

Deno.test("generate: a rerun meeting many existing files shows the first 50 and the right total", () => {
  const dir = batch(60);
  try {
    assertEquals(nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000").status, 0);
    const r = nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000");
    assertEquals(r.status, 3, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assertEquals(errorLines(r.stderr).length, 51, r.stderr);
    assertEquals(lines.at(-2), "error: … and 70 more errors");
    assertEquals(lines.at(-1), "120 errors: nothing was written");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("generate: repeated --fileid values are an error, not a silently overwritten image", () => {
  using tmp = batchDir(4, (i, row) => {
    if (i === 4) row[0] = "SN-00002";
  });
  const dir = tmp.path;
  const r = nvsforge(
    dir,
    "generate",
    "config.csv",
    "values.csv",
    "dev",
    "0x3000",
    "--fileid",
    "serial",
  );
  assertEquals(r.status, 1, r.stderr);
  assert(r.stderr.includes("device row 4") && r.stderr.includes("device row 2"), r.stderr);
});

/** Whether a path of a listing is, or is in, a temporary file or staging directory. */
const temporary = (f: string) => f.split(/[\\/]/).some((part) => part.endsWith(".tmp"));

/**
 * Runs a batch through `_interruptible_cli.ts`, which pauses once 400 devices are handed
 * on in `pass` and says so on standard error; sends `signal` when it has said so (an
 * event, not a time), and returns how the run ended.
 */
async function interrupt(
  dir: string,
  args: string[],
  signal: "SIGKILL" | "SIGTERM" | "SIGINT",
  pass: "generating" | "committing",
) {
  // Deno.Command, not node:child_process: Deno's child_process reports the signal sent
  // by kill() as the way the child ended, even when the child exits with a status.
  const child = new Deno.Command(bin("deno"), {
    args: [
      "run",
      "--allow-all",
      "--quiet",
      path.join(REPO_ROOT, "tests/cli/_interruptible_cli.ts"),
      pass,
      ...args,
    ],
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let stderr = "";
  let sent = false;
  for await (const chunk of child.stderr) {
    stderr += decoder.decode(chunk, { stream: true });
    if (!sent && stderr.includes("paused: ")) {
      sent = true;
      child.kill(signal);
    }
  }
  const { code } = await child.status;
  assert(sent, `the run never paused: ${stderr}`);
  return { status: code, stderr };
}

const N_KILL = 3000;
const ARGS = [
  "generate",
  "config.csv",
  "values.csv",
  "dev",
  "0x3000",
  "--outdir",
  "out",
  "--fileid",
  "serial",
  "--progress",
  "none",
];

for (
  const [signal, jobs, pass] of [
    ["SIGINT", "0", "generating"],
    ["SIGTERM", "2", "generating"],
    ["SIGINT", "2", "committing"],
    ["SIGTERM", "0", "committing"],
    ["SIGKILL", "0", "generating"],
    ["SIGKILL", "2", "committing"],
  ] as const
) {
  Deno.test({
    // Windows has no SIGINT or SIGTERM to catch: kill() terminates the process at once.
    ignore: signal !== "SIGKILL" && Deno.build.os === "windows",
    name:
      `generate: ${signal} while ${pass} (--jobs ${jobs}) keeps complete files only; --resume finishes with the same bytes`,
    fn: async () => {
      using whole = batchDir(N_KILL);
      const full = nvsforge(whole.path, ...ARGS, "--jobs", jobs);
      assertEquals(full.status, 0, full.stderr);
      const expected = tree(whole.path);

      using tmp = batchDir(N_KILL);
      const dir = tmp.path;
      // Files are moved into place one by one only into output directories that exist;
      // one that does not is staged whole and moved into place in one step.
      if (pass === "committing") {
        for (const d of ["csv", "bin"]) fs.mkdirSync(path.join(dir, "out", d), { recursive: true });
      }
      const stopped = await interrupt(dir, [...ARGS, "--jobs", jobs], signal, pass);
      const left = tree(dir);
      const images = [...left.keys()].filter((f) => f.startsWith("out/bin/") && !temporary(f));
      for (const [f, sha] of left) {
        if (temporary(f) || !f.startsWith("out/")) continue;
        assertEquals(sha, expected.get(f), `${f} is complete and right`);
      }
      assert(!left.has("values_tmp_created.csv"), "the created values file comes last");
      if (signal !== "SIGKILL") {
        assertEquals(stopped.status, signal === "SIGINT" ? 130 : 143, stopped.stderr);
        assertEquals([...left.keys()].filter(temporary), [], "no temporary file is left");
        // Every device handed on before the signal is kept, whichever pass it came in.
        assert(images.length >= 400 && images.length < N_KILL, `${images.length} images`);
        const kept =
          /: ([\d,]+) devices kept, every file written is complete; run the same command with --resume/
            .exec(stopped.stderr);
        assert(kept, stopped.stderr);
        assertEquals(Number(kept[1].replaceAll(",", "")), images.length, "the count said is right");
        const again = nvsforge(dir, ...ARGS, "--jobs", jobs);
        assertEquals(again.status, 3, "without --resume the existing files are refused");
      } else {
        assert(images.length < N_KILL, `${images.length} images`);
      }
      const resumed = nvsforge(dir, ...ARGS.slice(0, -2), "--jobs", jobs, "--resume");
      assertEquals(resumed.status, 0, resumed.stderr);
      if (images.length > 0) {
        assert(
          resumed.stderr.includes(
            `${images.length.toLocaleString("en-US")} already complete (skipped)`,
          ),
          resumed.stderr,
        );
      }
      assertEquals(
        tree(dir),
        expected,
        "the same bytes as an uninterrupted run, no temporary left",
      );
    },
  });
}

Deno.test("generate: --resume refuses a file that differs from what this run would write", () => {
  using tmp = batchDir(3);
  const dir = tmp.path;
  assertEquals(nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000").status, 0);
  fs.writeFileSync(path.join(dir, "values.csv"), values(3, (i, row) => i === 2 && (row[5] = "6")));
  const r = nvsforge(dir, "generate", "config.csv", "values.csv", "dev", "0x3000", "--resume");
  assertEquals(r.status, 3, r.stderr);
  assert(r.stderr.includes("dev-2") && r.stderr.includes("other content"), r.stderr);
});

Deno.test("generate: --manifest lists every device with its row and each file's SHA-256", () => {
  using tmp = batchDir(4);
  const dir = tmp.path;
  const r = nvsforge(
    dir,
    "generate",
    "config.csv",
    "values.csv",
    "dev",
    "0x3000",
    "--fileid",
    "serial",
    "--keygen",
    "--manifest",
    "logs/run.jsonl",
  );
  assertEquals(r.status, 0, r.stderr);
  const deviceLines = (all: string[]) => all.filter((l) => JSON.parse(l).kind === "device");
  const all = fs.readFileSync(path.join(dir, "logs/run.jsonl"), "utf8").trimEnd().split("\n");
  assertEquals(all.length, 6, "header, 4 devices, totals");
  assertEquals([JSON.parse(all[0]).kind, JSON.parse(all[5]).kind], ["batch", "totals"]);
  const lines = deviceLines(all);
  lines.forEach((l, i) => {
    const e = JSON.parse(l);
    assertEquals([e.id, e.row, e.line], [`SN-0000${i + 1}`, i + 1, i + 2]);
    assertEquals(e.files.map((f: { path: string }) => f.path), [
      `csv/dev-${e.id}.csv`,
      `keys/keys-dev-${e.id}.bin`,
      `bin/dev-${e.id}.bin`,
    ]);
    for (const f of e.files) {
      const data = read(dir, f.path);
      assertEquals([f.bytes, f.sha256], [data.length, toHex(sha256(data))], f.path);
    }
  });
  const again = nvsforge(
    dir,
    "generate",
    "config.csv",
    "values.csv",
    "dev",
    "0x3000",
    "--fileid",
    "serial",
    "--keygen",
    "--manifest",
    "logs/run.jsonl",
    "--resume",
  );
  assertEquals(again.status, 0, again.stderr);
  const resumed = fs.readFileSync(path.join(dir, "logs/run.jsonl"), "utf8").trimEnd().split("\n");
  assertEquals(deviceLines(resumed), lines, "a resumed run lists the same files");
  const totals = JSON.parse(resumed.at(-1)!);
  assertEquals([totals.devices, totals.written, totals.kept], [4, 0, 4]);
  assertEquals(JSON.parse(resumed[0]).resume, true);
});

Deno.test("generate --keygen: a key partition per device (mode 0600) that decrypts its image", () => {
  using plainTmp = batchDir(3);
  const plain = plainTmp.path;
  assertEquals(nvsforge(plain, "generate", "config.csv", "values.csv", "dev", "0x4000").status, 0);
  using tmp = batchDir(3);
  const dir = tmp.path;
  const r = nvsforge(
    dir,
    "generate",
    "config.csv",
    "values.csv",
    "dev",
    "0x4000",
    "--keygen",
    "--outdir",
    "o",
  );
  assertEquals(r.status, 0, r.stderr);
  for (const i of [1, 2, 3]) {
    const keyFile = path.join(dir, `o/keys/keys-dev-${i}.bin`);
    if (Deno.build.os !== "windows") assertEquals(fs.statSync(keyFile).mode & 0o777, 0o600);
    const keys = parseKeyFile(new Uint8Array(fs.readFileSync(keyFile)));
    assertBytes(
      decryptPartition(read(dir, `o/bin/dev-${i}.bin`), { keys }),
      read(plain, `bin/dev-${i}.bin`),
    );
  }
});

Deno.test("generate: snake_case and kebab-case options give the same files", () => {
  const hmac = new Uint8Array(32).map((_, i) => i + 1);
  using aTmp = batchDir(3);
  const a = aTmp.path;
  using bTmp = batchDir(3);
  const b = bTmp.path;
  fs.writeFileSync(path.join(a, "hmac.bin"), hmac);
  fs.writeFileSync(path.join(b, "hmac.bin"), hmac);
  const ra = nvsforge(
    a,
    "generate",
    "config.csv",
    "values.csv",
    "u",
    "0x3000",
    "--prefix_num",
    "98",
    "2",
    "--keygen",
    "--key_protect_hmac",
    "--kp_hmac_inputkey",
    "hmac.bin",
  );
  const rb = nvsforge(
    b,
    "generate",
    "--prefix-num",
    "98",
    "2",
    "config.csv",
    "values.csv",
    "u",
    "0x3000",
    "--keygen",
    "--key-protect-hmac",
    "--kp-hmac-inputkey",
    "hmac.bin",
  );
  assertEquals([ra.status, rb.status], [0, 0], ra.stderr + rb.stderr);
  assertEquals(tree(a), tree(b));
  assert(tree(a).has("bin/u-100-3.bin"), [...tree(a).keys()].join(" "));
});

Deno.test("generate: no worker thread, workers, workers coordinated by a thread: the same bytes", () => {
  const args = [
    "generate",
    "config.csv",
    "values.csv",
    "dev",
    "0x3000",
    "--fileid",
    "serial",
    "--manifest",
    "m.jsonl",
  ];
  using aTmp = batchDir(70);
  const a = aTmp.path;
  using bTmp = batchDir(70);
  const b = bTmp.path;
  using cTmp = batchDir(70);
  const c = cTmp.path;
  assertEquals(nvsforge(a, ...args, "--jobs", "0").status, 0);
  assertEquals(nvsforge(b, ...args, "--jobs", "2").status, 0);
  const r = nvsforge(c, ...args, "--jobs", "2", "--coordinate", "thread", "--progress", "lines");
  assertEquals(r.status, 0, r.stderr);
  assert(r.stderr.includes("generate: 70 devices written"), "the thread's output is printed");
  // The manifest's header and totals hold a batch id, times and the command line.
  const devices = (dir: string) =>
    fs.readFileSync(path.join(dir, "m.jsonl"), "utf8").split("\n").filter((l) =>
      l.startsWith('{"kind":"device"')
    );
  assertEquals(devices(a).length, 70);
  assertEquals(devices(a), devices(b));
  assertEquals(devices(a), devices(c));
  const files = (dir: string) => new Map([...tree(dir)].filter(([f]) => f !== "m.jsonl"));
  assertEquals(files(a), files(b));
  assertEquals(files(a), files(c));
});

Deno.test("generate: errors found by a coordinating thread are reported as usual, nothing written", () => {
  using tmp = batchDir(5, (i, row) => i === 3 && (row[1] = "zz"));
  const dir = tmp.path;
  const before = listing(dir);
  const r = nvsforge(
    dir,
    "generate",
    "config.csv",
    "values.csv",
    "dev",
    "0x3000",
    "--jobs",
    "2",
    "--coordinate",
    "thread",
  );
  assertEquals(r.status, 1, r.stderr);
  assertEquals(errorLines(r.stderr).length, 1, r.stderr);
  assert(r.stderr.includes('values.csv:4: device row 3 (SN-00003): column "mac"'), r.stderr);
  assertEquals(listing(dir), before);
});

Deno.test("generate: the created values file goes beside the values file, not under --outdir", () => {
  using tmp = scratchDir({ "in/config.csv": CONFIG, "in/values.csv": values(2), "ca.pem": CA });
  const dir = tmp.path;
  const r = nvsforge(
    dir,
    "generate",
    "in/config.csv",
    "in/values.csv",
    "d",
    "0x3000",
    "--outdir",
    "out",
  );
  assertEquals(r.status, 0, r.stderr);
  assert(fs.existsSync(path.join(dir, "in/values_tmp_created.csv")));
  assert(!fs.existsSync(path.join(dir, "out/values_tmp_created.csv")));
  assert(!listing(dir).some((f) => f.endsWith("_tmp.csv")), "no working copies");
});

Deno.test("generate: progress lines when standard error is not a terminal", () => {
  using tmp = batchDir(300);
  const dir = tmp.path;
  /** Runs the batch with a progress line for every device (not by time); returns its stderr. */
  const logged = (...extra: string[]) => {
    const r = new Deno.Command(bin("deno"), {
      args: [
        "run",
        "-A",
        "--quiet",
        path.join(REPO_ROOT, "cli.ts"),
        "generate",
        "config.csv",
        "values.csv",
        "d",
        "0x3000",
        ...extra,
      ],
      cwd: dir,
      env: { NVSFORGE_PROGRESS_MS: "0" },
    }).outputSync();
    const stderr = new TextDecoder().decode(r.stderr);
    assertEquals(r.code, 0, stderr);
    return stderr;
  };
  const stderr = logged();
  assert(/^generate: generating [\d,]+ devices \(\d+%\), [\d,]+\/s/m.test(stderr), stderr);
  assert(/^generate: 300 devices written \(601 files\)/m.test(stderr), stderr);
  assert(!stderr.includes("\r"), "no terminal control characters in a log");
  // Into output directories that exist, files are moved one by one: that pass shows too.
  fs.mkdirSync(path.join(dir, "more", "csv"), { recursive: true });
  fs.mkdirSync(path.join(dir, "more", "bin"));
  const more = logged("--outdir", "more", "--force");
  assert(/^generate: committing [\d,]+\/300 devices \(\d+%\)/m.test(more), more);
  assert(/^generate: 300 devices written \(600 files\)/m.test(more), more);
});

Deno.test("generate -h and generate-key -h show mfg_gen's usage lines", () => {
  using tmp = scratchDir();
  const dir = tmp.path;
  const g = nvsforge(dir, "generate", "-h");
  assertEquals(g.status, 0);
  assert(
    g.stdout.includes("[--prefix_num START DIGITS]") &&
      g.stdout.includes("conf values prefix size"),
    g.stdout,
  );
  const k = nvsforge(dir, "generate-key", "-h");
  assertEquals(k.status, 0);
  assert(
    k.stdout.includes("[--keyfile KEYFILE]") && k.stdout.includes("--kp-hmac-inputkey"),
    k.stdout,
  );
});

Deno.test("generate-key: mfg_gen's command writes keys/<keyfile>", () => {
  using tmp = scratchDir();
  const dir = tmp.path;
  const r = nvsforge(dir, "generate-key", "--keyfile", "k1", "--outdir", "o");
  assertEquals(r.status, 0, r.stderr);
  assertEquals(fs.statSync(path.join(dir, "o/keys/k1.bin")).size, 4096);
});

/**
 * Mutation check: applies small, plausible bugs to the writer and the layout tables in a
 * scratch copy of the repository and runs the format tests and the Deno vector test
 * against each. Every mutant must turn some test red: a mutant that survives means the
 * tests cannot see that bug.
 *
 *   deno run -A scripts/mutation_check.ts
 *
 * Prints one line per mutant and exits 1 when one survives.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { bin, findVectors, REPO_ROOT } from "./vectors.ts";

/** A mutant: a file, a text to find (exactly once) and its replacement. */
export interface Mutant {
  name: string;
  file: string;
  find: string;
  replace: string;
}

/** The mutants: page-break off-by-ones, wrong CRC ranges, a forgotten state change. */
export const MUTANTS: Mutant[] = [
  {
    name: "string page break off by one (<= instead of <)",
    file: "src/format/_page_writer.ts",
    find: ": this.entry + span < ENTRIES_PER_PAGE;",
    replace: ": this.entry + span <= ENTRIES_PER_PAGE;",
  },
  {
    name: "blob chunk tailroom off by one entry",
    file: "src/format/_page_writer.ts",
    find: "const tailroom = (ENTRIES_PER_PAGE - this.entry - 1) * ENTRY_SIZE;",
    replace: "const tailroom = (ENTRIES_PER_PAGE - this.entry - 2) * ENTRY_SIZE;",
  },
  {
    name: "entry CRC over bytes 8..28 instead of 8..32",
    file: "src/format/layout.ts",
    find: '{ field: "crc32", ranges: [[0, 4], [8, 32]] }',
    replace: '{ field: "crc32", ranges: [[0, 4], [8, 28]] }',
  },
  {
    name: "page header CRC over bytes 0..28 instead of 4..28",
    file: "src/format/layout.ts",
    find: '{ field: "crc32", ranges: [[4, 28]] }',
    replace: '{ field: "crc32", ranges: [[0, 28]] }',
  },
  {
    name: "previous page not marked FULL",
    file: "src/format/_page_writer.ts",
    find: "writeInt(this.view, 0, state, PageState.FULL);",
    replace: "",
  },
];

function copyRepo(to: string): void {
  for (
    const entry of ["src", "tests", "scripts", "cli.ts", "mod.ts", "deno.json", "package.json"]
  ) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(to, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(to, "node_modules"), "dir");
}

/** Runs the tests against one mutant; returns whether some test failed (the mutant was killed). */
export function killed(m: Mutant, vectors: string): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-mutant-"));
  try {
    copyRepo(dir);
    const file = path.join(dir, m.file);
    const text = fs.readFileSync(file, "utf8");
    if (text.split(m.find).length !== 2) {
      throw new Error(`mutant "${m.name}": anchor not found once`);
    }
    fs.writeFileSync(file, text.replace(m.find, m.replace));
    const deno = bin("deno");
    const r = spawnSync(
      deno,
      [
        "test",
        "--allow-all",
        "--no-check",
        "tests/format/",
        "tests/vectors_test.ts",
        "--filter",
        "/writer|crc|layout|Deno/",
      ],
      { cwd: dir, encoding: "utf8", env: { ...process.env, NVS_VECTORS: vectors } },
    );
    return r.status !== 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const vectors = findVectors();
  let survivors = 0;
  for (const m of MUTANTS) {
    const k = killed(m, vectors);
    if (!k) survivors++;
    console.log(`${k ? "killed  " : "SURVIVED"} ${m.name}`);
  }
  console.log(`${MUTANTS.length - survivors} passed, ${survivors} failed`);
  process.exit(survivors ? 1 : 0);
}

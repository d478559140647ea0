/**
 * package.json housekeeping: every runtime dependency is imported somewhere, and every
 * package `npm ci` installs accepts the Node.js the README names (no EBADENGINE).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assert } from "./_assert.ts";
import { REPO_ROOT } from "../scripts/vectors.ts";

/** The oldest Node.js the README supports. */
const NODE = [20, 19, 0];

const json = (f: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, f), "utf8"));

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith(".ts") ? [rel] : [];
  });
}

Deno.test("package.json: every dependency is imported by nvsforge's code", () => {
  const code = ["mod.ts", "cli.ts", ...sources("src"), ...sources("scripts"), ...sources("web")]
    .filter((f) => fs.existsSync(path.join(REPO_ROOT, f)))
    .map((f) => fs.readFileSync(path.join(REPO_ROOT, f), "utf8")).join("\n");
  for (const dep of Object.keys(json("package.json").dependencies ?? {})) {
    assert(
      code.includes(`"${dep}"`) || code.includes(`"${dep}/`) || code.includes(`"npm:${dep}`),
      `${dep} is a dependency but nothing imports it`,
    );
  }
});

Deno.test("package-lock.json: every package accepts Node 20.19 (npm ci warns no EBADENGINE)", () => {
  const lock = json("package-lock.json");
  const bad: string[] = [];
  for (const [name, p] of Object.entries(lock.packages as Record<string, { engines?: unknown }>)) {
    const want = (p.engines as { node?: string } | undefined)?.node;
    if (want === undefined) continue;
    const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(want.trim());
    if (!m) {
      bad.push(`${name}: engines.node "${want}" is not a plain lower bound`);
      continue;
    }
    const min = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
    const cmp = min.findIndex((v, i) => v !== NODE[i]);
    if (cmp >= 0 && min[cmp] > NODE[cmp]) bad.push(`${name} needs Node ${want}`);
  }
  assert(bad.length === 0, bad.join("\n"));
});

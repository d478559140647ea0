/**
 * The README's library section: a snippet for every entry point, each of which runs on
 * its own (in a fresh module, as a user would paste it), in Deno.
 */
import * as path from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { bin, REPO_ROOT } from "../../scripts/vectors.ts";

const README = Deno.readTextFileSync(path.join(REPO_ROOT, "README.md"));
const library = README.slice(
  README.indexOf("## Library\n"),
  README.indexOf("\n## ", README.indexOf("## Library\n") + 1),
);
const snippets = [...library.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

Deno.test("README library section: a snippet imports each entry point by package name", () => {
  const imported = new Set(
    snippets.flatMap((s) => [...s.matchAll(/from "(@nvsforge\/nvsforge[^"]*)"/g)].map((m) => m[1])),
  );
  const exports = JSON.parse(Deno.readTextFileSync(path.join(REPO_ROOT, "deno.json"))).exports;
  const entryPoints = Object.keys(exports).map((k) =>
    k === "." ? "@nvsforge/nvsforge" : `@nvsforge/nvsforge/${k.slice(2)}`
  );
  assertEquals(entryPoints.filter((e) => !imported.has(e)), []);
  assert(!snippets.some((s) => /from "\.{1,2}\//.test(s)), "a snippet imports a relative path");
});

Deno.test("README library section: every snippet runs on its own", () => {
  assert(snippets.length >= 4, `${snippets.length} snippets`);
  const out = new Deno.Command(bin("deno"), {
    args: ["test", "--allow-all", "--doc", "README.md"],
    cwd: REPO_ROOT,
  }).outputSync();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, text);
  // One test per snippet of the whole README: the library's are among them.
  const ran = text.match(/running 1 test from \.\/README\.md#/g)?.length ?? 0;
  assertEquals(ran, [...README.matchAll(/```ts\n/g)].length, text);
});

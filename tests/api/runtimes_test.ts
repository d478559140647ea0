/**
 * The package as a user installs it (`node_modules/@nvsforge/nvsforge`, imports by
 * package name), in Deno, in Bun, and bundled by esbuild for a browser and run in
 * headless Chromium: the same script gives the same summary everywhere.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { assertEquals } from "../_assert.ts";
import { bin, REPO_ROOT } from "../../scripts/vectors.ts";
import { tempDir } from "../_tmp.ts";
import { withChromium } from "../_chromium.ts";
import { summary } from "./testdata/consumer.ts";

const CONSUMER = path.join(REPO_ROOT, "tests/api/testdata/consumer.ts");

/** A user's project: the script, and the package installed (linked) in node_modules. */
function project(): ReturnType<typeof tempDir> {
  const tmp = tempDir("nvsforge-consumer-");
  try {
    fs.mkdirSync(path.join(tmp.path, "node_modules/@nvsforge"), { recursive: true });
    fs.symlinkSync(REPO_ROOT, path.join(tmp.path, "node_modules/@nvsforge/nvsforge"), "dir");
    fs.copyFileSync(CONSUMER, path.join(tmp.path, "consumer.ts"));
    fs.writeFileSync(
      path.join(tmp.path, "main.ts"),
      'import { summary } from "./consumer.ts";\nconsole.log(JSON.stringify(await summary()));\n',
    );
  } catch (e) {
    tmp[Symbol.dispose]();
    throw e;
  }
  return tmp;
}

const expected = JSON.parse(JSON.stringify(await summary()));

Deno.test("the package by name in Deno: the expected summary", () => {
  assertEquals(expected.codes, ["many", "invalid-size", "unknown-type"]);
  assertEquals(expected.plain, expected.records);
  assertEquals(expected.items, 3);
  assertEquals(expected.streamed, expected.batch);
  assertEquals(expected.batch.length, 2);
  assertEquals(expected.reads, 1);
});

Deno.test("the package by name in Bun: the same summary", () => {
  using tmp = project();
  const out = new Deno.Command(bin("bun"), { args: ["run", "main.ts"], cwd: tmp.path })
    .outputSync();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  assertEquals(JSON.parse(new TextDecoder().decode(out.stdout)), expected);
});

Deno.test({
  name: "the package bundled by esbuild, in headless Chromium: the same summary",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    using tmp = project();
    fs.writeFileSync(
      path.join(tmp.path, "browser.ts"),
      'import { summary } from "./consumer.ts";\n' +
        "summary().then((s) => { (globalThis as any).done = JSON.stringify(s); }, " +
        "(e) => { (globalThis as any).done = JSON.stringify({ error: String(e) }); });\n",
    );
    const built = await esbuild.build({
      entryPoints: [path.join(tmp.path, "browser.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    await esbuild.stop();
    const bundle = built.outputFiles[0].text;
    const result = await withChromium(async (browser) => {
      const page = await browser.newPage();
      await page.setContent("<!doctype html><title>nvsforge</title>");
      await page.addScriptTag({ content: bundle, type: "module" });
      const handle = await page.waitForFunction(() => (globalThis as { done?: string }).done);
      return JSON.parse(await handle.jsonValue() as string);
    });
    assertEquals(result, expected);
  },
});

import { join, relative } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { unzipSync } from "fflate";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { generateBatch, NvsforgeErrors } from "../../mod.ts";
import type { Page } from "./_page.ts";
import { BROWSER_TEST, downloaded, vector, withPage } from "./_page.ts";

async function batchTab(page: Page) {
  await page.getByRole("tab", { name: "Batch" }).click();
  const view = page.getByRole("tabpanel", { name: "Batch" });
  await view.waitFor();
  return view;
}

/** Every file under `dir`, by its path relative to `dir`. */
async function filesUnder(dir: string, base = dir): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) { for (const [k, v] of await filesUnder(path, base)) out.set(k, v); }
    else out.set(relative(base, path), await Deno.readFile(path));
  }
  return out;
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

/** Checks the zip against a vector's expected files and its manifest against the zip. */
async function assertZipMatches(zip: Uint8Array, name: string): Promise<void> {
  const files = unzipSync(zip);
  const expected = await filesUnder(vector(name, "expected"));
  const names = Object.keys(files).filter((n) => n !== "manifest.jsonl").sort();
  assertEquals(names, [...expected.keys()].sort());
  for (const [path, bytes] of expected) assertBytes(files[path], bytes, path);
  const manifest = new TextDecoder().decode(files["manifest.jsonl"]).trim().split("\n");
  const listed = manifest.flatMap((l) => JSON.parse(l).files);
  assertEquals(listed.length, names.filter((n) => /^(csv|bin|keys)\//.test(n)).length);
  for (const f of listed) assertEquals(f.sha256, hex(sha256(files[f.path])), f.path);
}

Deno.test({
  name: "web: Batch turns a vector's config, values and Folder into its exact files, in a zip",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page, tmp }) => {
      const view = await batchTab(page);
      const name = "mfg-encrypted-inputkey";
      await view.getByLabel("Config CSV").setInputFiles(vector(name, "sample_config.csv"));
      await view.getByLabel("Values CSV").setInputFiles(
        vector(name, "sample_values_singlepage_blob.csv"),
      );
      await view.getByLabel("Folder").setInputFiles(vector(name));
      await view.getByText(/\d+ files in the folder/).waitFor();
      await view.getByLabel("Prefix").fill("Enc");
      await view.getByLabel("Size").fill("0x3000");
      await view.getByLabel("Encryption").selectOption({
        label: "One Key file for every device (--inputkey)",
      });
      await view.getByLabel(/^Key file/).setInputFiles(
        vector(name, "testdata", "sample_encryption_keys.bin"),
      );
      await page.screenshot({ path: join(tmp, "batch.png"), fullPage: true });
      const zip = await downloaded(
        page,
        () => view.getByRole("button", { name: "Generate" }).click(),
      );
      assertEquals(zip.name, "Enc.zip");
      await view.getByRole("status").filter({ hasText: "Done: 3 devices" }).waitFor();
      await assertZipMatches(zip.bytes, name);

      await page.reload();
      const again = await batchTab(page);
      const other = "mfg-fileid-prefix-num";
      await again.getByLabel("Config CSV").setInputFiles(vector(other, "config.csv"));
      await again.getByLabel("Values CSV").setInputFiles(vector(other, "values.csv"));
      await again.getByLabel("Prefix").fill("unit");
      await again.getByLabel("Size").fill("0x3000");
      await again.getByLabel("File id column").fill("mac");
      await again.getByLabel("Counter start").fill("98");
      await again.getByLabel("Counter digits").fill("2");
      const second = await downloaded(
        page,
        () => again.getByRole("button", { name: "Generate" }).click(),
      );
      await assertZipMatches(second.bytes, other);
    }),
});

Deno.test({
  name: "web: Batch reports every input error at once, with the CLI's words, and cancels",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page, tmp }) => {
      const view = await batchTab(page);
      await view.getByRole("button", { name: "Generate" }).click();
      const report = view.getByRole("region", { name: "Batch report" });
      await report.getByText("error: pick the Config CSV").waitFor();
      await report.getByText("error: pick the Values CSV").waitFor();

      const config = "dev,namespace,\nrev,data,u8\nmac,data,hex2bin\n";
      const values = "rev,mac\n300,0a0b\n3,0g\n1,0c\n";
      await Deno.writeTextFile(join(tmp, "config.csv"), config);
      await Deno.writeTextFile(join(tmp, "values.csv"), values);
      let expected: string[] = [];
      try {
        [...generateBatch(config, values, { prefix: "dev", size: "0x6000" })];
      } catch (e) {
        if (!(e instanceof NvsforgeErrors)) throw e;
        expected = e.errors.map((x) => x.message);
      }
      assertEquals(expected.length, 2);
      await view.getByLabel("Config CSV").setInputFiles(join(tmp, "config.csv"));
      await view.getByLabel("Values CSV").setInputFiles(join(tmp, "values.csv"));
      await view.getByRole("button", { name: "Generate" }).click();
      await view.getByRole("status").filter({ hasText: "2 errors" }).waitFor();
      const shown = await report.getByRole("listitem").allTextContents();
      assertEquals(shown, expected.map((m) => `error: ${m}`));

      // A batch long enough to be cancelled mid-way (20,000 devices).
      const rows = Array.from({ length: 20_000 }, (_, i) => `${i % 256},0a0b`).join("\n");
      await Deno.writeTextFile(join(tmp, "values.csv"), `rev,mac\n${rows}\n`);
      await view.getByLabel("Values CSV").setInputFiles(join(tmp, "values.csv"));
      await view.getByRole("button", { name: "Generate" }).click();
      await view.getByRole("status").filter({ hasText: "devices written" }).waitFor();
      await view.getByRole("button", { name: "Cancel" }).click();
      await view.getByRole("status").filter({ hasText: "Cancelled" }).waitFor();
      assert(
        await view.getByRole("button", { name: "Download" }).isDisabled(),
        "a zip after cancel",
      );
    }),
});

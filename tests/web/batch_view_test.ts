import * as fs from "node:fs";
import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { generateBatch, NvsforgeErrors } from "../../mod.ts";
import { nvsforge } from "../cli/_run.ts";
import { assertZipHolds, assertZipMatches, batchTab, filesUnder, fillEncVector } from "./_batch.ts";
import { pauseAfter } from "./_batch.ts";
import { BROWSER_TEST, downloaded, vector, withPage } from "./_page.ts";

Deno.test({
  name: "web: Batch turns a vector's config, values and Folder into its exact files, in a zip",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page, tmp }) => {
      const view = await batchTab(page);
      const name = "mfg-encrypted-inputkey";
      await fillEncVector(view);
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
  name: "web: a Batch with keys derived from an HMAC Key file has the command line's files",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page, tmp }) => {
      // The command line's batch, from a copy of the vector's inputs.
      const inputs = join(tmp, "inputs");
      fs.cpSync(vector("mfg-encrypted-inputkey"), inputs, { recursive: true });
      const hmacKey = join(inputs, "testdata", "sample_hmac_key.bin");
      const cli = nvsforge(
        inputs,
        "generate",
        "sample_config.csv",
        "sample_values_singlepage_blob.csv",
        "Enc",
        "0x3000",
        "--keygen",
        "--key_protect_hmac",
        "--kp_hmac_inputkey",
        hmacKey,
        "--outdir",
        join(tmp, "out"),
      );
      assertEquals(cli.status, 0, cli.stderr);
      const expected = await filesUnder(join(tmp, "out"));
      assertEquals([...expected.keys()].filter((p) => p.startsWith("keys/")).length, 3);
      expected.set(
        "sample_values_singlepage_blob_tmp_created.csv",
        await Deno.readFile(join(inputs, "sample_values_singlepage_blob_tmp_created.csv")),
      );

      const view = await batchTab(page);
      await fillEncVector(view);
      await view.getByLabel("Encryption").selectOption({ value: "hmac" });
      await view.getByLabel("HMAC Key file").setInputFiles(hmacKey);
      const zip = await downloaded(
        page,
        () => view.getByRole("button", { name: "Generate" }).click(),
      );
      await view.getByRole("status").filter({ hasText: "Done: 3 devices" }).waitFor();
      assertZipHolds(zip.bytes, expected);
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

      // Cancelled while the batch is held after its second device (of five).
      const rows = Array.from({ length: 5 }, (_, i) => `${i},0a0b`).join("\n");
      await Deno.writeTextFile(join(tmp, "values.csv"), `rev,mac\n${rows}\n`);
      await view.getByLabel("Values CSV").setInputFiles(join(tmp, "values.csv"));
      let downloads = 0;
      page.on("download", () => downloads++);
      await pauseAfter(page, 2);
      await view.getByRole("button", { name: "Generate" }).click();
      await view.getByRole("status").filter({ hasText: "2 devices written" }).waitFor();
      await view.getByRole("button", { name: "Cancel" }).click();
      await view.getByRole("status").filter({ hasText: "Cancelled: no zip was made" }).waitFor();
      assertEquals(downloads, 0);
      assert(
        await view.getByRole("button", { name: "Download" }).isDisabled(),
        "a zip after cancel",
      );
      assert(
        await view.getByRole("button", { name: "Generate" }).isEnabled(),
        "Generate stays off",
      );
    }),
});

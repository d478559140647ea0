import { join } from "node:path";
import { assert, assertBytes, assertEquals } from "../_assert.ts";
import { NvsDocument } from "@nvsforge/nvsforge";
import { decryptPartition, parseKeyFile } from "@nvsforge/nvsforge/crypto";
import type { Page } from "./_page.ts";
import { BROWSER_TEST, downloaded, vector, withPage } from "./_page.ts";

/** Opens the Edit tab by keyboard (the tabs' arrow keys) and returns its panel. */
async function editTab(page: Page) {
  await page.getByRole("tab", { name: "Open image" }).focus();
  await page.keyboard.press("ArrowRight");
  const view = page.getByRole("tabpanel", { name: "Edit" });
  await view.waitFor();
  return view;
}

/** Imports a vector's CSV, picks its `file` row's file, sets the size. */
async function importCase(page: Page, name: string, fileRow: number, file: string, size: string) {
  const view = await editTab(page);
  await view.getByLabel("Import CSV").setInputFiles(vector(name, "input.csv"));
  await view.getByRole("status").filter({ hasText: "Imported" }).waitFor();
  await view.getByLabel(`Pick the file, row ${fileRow}`).setInputFiles(vector(name, file));
  await view.getByText("picked: ").waitFor();
  await view.getByLabel("Size").fill(size);
  return view;
}

Deno.test({
  name: "web: Edit imports a vector's CSV and generates its exact image, plain and encrypted",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page, tmp }) => {
      const view = await importCase(page, "gen-mixed-v2", 4, "data/blob1500.bin", "0x3000");
      await view.getByRole("region", { name: "Check of the CSV" }).getByText("is valid").waitFor();
      await page.screenshot({ path: join(tmp, "edit.png"), fullPage: true });
      await view.getByRole("button", { name: "Generate" }).click();
      await view.getByRole("status").filter({ hasText: "Generated" }).waitFor();
      const plain = await downloaded(page, () =>
        view.getByRole("button", { name: "Download" }).click());
      assertEquals(plain.name, "input.bin");
      assertBytes(plain.bytes, await Deno.readFile(vector("gen-mixed-v2", "expected", "out.bin")));

      await page.reload();
      const enc = await importCase(page, "enc-own-key", 4, "data/cert6000.bin", "0x5000");
      await enc.getByLabel("Encryption").selectOption({ label: "Encrypt with a picked Key file" });
      await enc.getByLabel(/^Key file/).setInputFiles(
        vector("enc-own-key", "keys", "own_keys.bin"),
      );
      await enc.getByRole("button", { name: "Generate" }).click();
      await enc.getByRole("status").filter({ hasText: "encrypted" }).waitFor();
      const image = await downloaded(page, () =>
        enc.getByRole("button", { name: "Download" }).click());
      assertBytes(image.bytes, await Deno.readFile(vector("enc-own-key", "expected", "enc.bin")));
    }),
});

Deno.test({
  name:
    "web: Edit rows are added, reordered and removed by keyboard, checked with the CLI's messages, exported, encrypted with a new key",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page }) => {
      const view = await editTab(page);
      // The starting rows: a namespace "storage" and a string "serial".
      await view.getByRole("button", { name: "Add key" }).press("Enter");
      await view.getByLabel("Key, row 3").fill("retries");
      await view.getByLabel("Encoding, row 3").fill("u8");
      await view.getByLabel("Value, row 3").fill("300");
      const check = view.getByRole("row").filter({ has: page.getByLabel("Key, row 3") });
      const text = 'error: nvs.csv:4: column "value": key "retries": ';
      await check.getByText(text).waitFor();
      await view.getByLabel("Value, row 3").fill("3");
      await check.getByRole("cell", { name: "ok", exact: true }).waitFor();

      // float: nvsforge's own encoding, refused unless asked for (as --float).
      await view.getByLabel("Encoding, row 3").fill("float");
      await check.getByText("error: nvs.csv:4:").waitFor();
      await view.getByLabel("Accept float and double").check();
      await check.getByRole("cell", { name: "ok", exact: true }).waitFor();
      await view.getByLabel("Encoding, row 3").fill("u8");
      await view.getByLabel("Accept float and double").uncheck();

      await view.getByRole("button", { name: "Move up, row 3" }).press("Enter");
      await view.getByRole("button", { name: "Move down, row 2" }).waitFor();
      assert(await view.getByLabel("Key, row 2").inputValue() === "retries", "not moved up");
      await view.getByRole("button", { name: "Remove, row 3" }).press("Enter");
      const csv = await downloaded(page, () =>
        view.getByRole("button", { name: "Export CSV" }).click());
      const exported = new TextDecoder().decode(csv.bytes);
      assertEquals(
        exported,
        "key,type,encoding,value\r\nstorage,namespace,,\r\nretries,data,u8,3\r\n",
      );

      await view.getByLabel("Encryption").selectOption({
        label: "Encrypt with a new key (the key file is downloaded)",
      });
      const [key] = await Promise.all([
        downloaded(page, () =>
          view.getByRole("button", { name: "Generate" }).click()),
      ]);
      assertEquals(key.name, "nvs_keys.bin");
      await view.getByRole("status").filter({ hasText: "encrypted" }).waitFor();
      const keyHex = [...parseKeyFile(key.bytes)].map((b) => b.toString(16).padStart(2, "0"));
      const content = (await page.content()).toLowerCase();
      assert(!content.includes(keyHex.slice(0, 8).join("")), "the key is shown on the page");
      const image = await downloaded(page, () =>
        view.getByRole("button", { name: "Download" }).click());
      const plain = (await NvsDocument.fromCsv(exported)).toImage({ size: 0x6000 }).image;
      assertBytes(decryptPartition(image.bytes, { keys: parseKeyFile(key.bytes) }), plain);
    }),
});

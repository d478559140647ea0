import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { parseImage, parseKeyFile } from "@nvsforge/nvsforge/crypto";
import { BROWSER_TEST, vector, withPage } from "./_page.ts";

const ENCRYPTED = vector("enc-own-key", "expected", "enc.bin");
const KEY = vector("enc-own-key", "keys", "own_keys.bin");
const OTHER_KEY = vector("enc-sample-keys", "testdata", "sample_encryption_keys.bin");

Deno.test({
  name:
    "web: Open image shows an encrypted image's items with its key, and says a wrong key is wrong",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page, tmp }) => {
      const view = page.getByRole("tabpanel", { name: "Open image" });
      const status = view.getByRole("status");
      await view.getByLabel("Open image").setInputFiles(ENCRYPTED);
      await status.filter({ hasText: "may be encrypted" }).waitFor();

      await view.getByLabel(/^Key file/).setInputFiles(KEY);
      await status.filter({ hasText: "the check found" }).waitFor();
      const expected = parseImage(await Deno.readFile(ENCRYPTED), {
        keys: parseKeyFile(await Deno.readFile(KEY)),
      });
      const rows = page.getByRole("table", { name: "Items" }).getByRole("row");
      assertEquals(await rows.count(), expected.items.length + 1);
      const first = expected.items[0];
      const cells = await rows.nth(1).getByRole("cell").allTextContents();
      assertEquals(cells.slice(0, 3), [first.namespace ?? "", first.key, first.type]);
      const summary = await page.getByLabel("Summary").textContent();
      assert(summary?.includes(`Items${expected.items.length}`), summary ?? "");
      assert(summary?.includes("Decryptedyes"), summary ?? "");
      await page.screenshot({ path: join(tmp, "open.png"), fullPage: true });

      await view.getByLabel(/^Key file/).setInputFiles(OTHER_KEY);
      await status.filter({ hasText: "Wrong key" }).waitFor();
      const findings = await page.getByRole("region", { name: "Image contents" }).textContent();
      assert(findings?.includes("error: enc.bin: "), findings ?? "");
    }),
});

Deno.test({
  name: "web: Open image takes a dropped image and decrypts it with an HMAC key file",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page }) => {
      const view = page.getByRole("tabpanel", { name: "Open image" });
      const image = vector("enc-hmac-derived-key", "expected", "enc.bin");
      const bytes = [...await Deno.readFile(image)];
      // A drop as the browser delivers it: a DataTransfer holding the file.
      const data = await page.evaluateHandle((b) => {
        // DataTransfer is the page's (DOM) class; this function runs in the page.
        type Dt = { items: { add(file: File): void } };
        const dt = new (globalThis as unknown as { DataTransfer: new () => Dt }).DataTransfer();
        dt.items.add(new File([new Uint8Array(b)], "enc.bin"));
        return dt;
      }, bytes);
      await view.getByLabel("Open image").locator("xpath=../..").dispatchEvent("drop", {
        dataTransfer: data,
      });
      await view.getByRole("status").filter({ hasText: "may be encrypted" }).waitFor();
      await view.getByLabel("HMAC key file").setInputFiles(
        vector("enc-hmac-derived-key", "testdata", "sample_hmac_key.bin"),
      );
      await view.getByRole("status").filter({ hasText: "Opened enc.bin" }).waitFor();
      const keys = parseKeyFile(
        await Deno.readFile(
          vector("enc-hmac-derived-key", "testdata", "sample_encryption_keys_hmac.bin"),
        ),
      );
      const expected = parseImage(await Deno.readFile(image), { keys });
      const rows = view.getByRole("table", { name: "Items" }).getByRole("row");
      assertEquals(await rows.count(), expected.items.length + 1);
      const values = await rows.nth(1).getByRole("cell").nth(3).textContent();
      assert(expected.items.length > 0 && values !== "", "no value shown");
    }),
});

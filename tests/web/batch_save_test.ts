import { assert, assertEquals } from "../_assert.ts";
import { assertZipMatches, batchTab, fillEncVector, pauseAfter } from "./_batch.ts";
import { BROWSER_TEST, vector, withPage } from "./_page.ts";

/**
 * A stand-in for Chromium's save picker (headless Chromium cannot show the real one):
 * the picked "file" records every write, and whether it was closed, aborted or removed.
 */
const FAKE_PICKER = `
  globalThis.saved = undefined;
  globalThis.showSaveFilePicker = async (options) => {
    const saved = { name: options.suggestedName, writes: [], closed: false, aborted: false,
      removed: false };
    globalThis.saved = saved;
    return {
      name: saved.name,
      createWritable: async () => ({
        write: async (data) => { saved.writes.push(new Uint8Array(data)); },
        close: async () => { saved.closed = true; },
        abort: async () => { saved.aborted = true; },
      }),
      getFile: async () => new File(saved.writes, saved.name),
      remove: async () => { saved.removed = true; },
    };
  };
`;

/** What the fake picker's file went through. */
interface Saved {
  name: string;
  writes: number;
  bytes: number[];
  closed: boolean;
  aborted: boolean;
  removed: boolean;
}

Deno.test({
  name: "web: with a save picker (Chromium), a Batch's zip is written to the file as it is made",
  ...BROWSER_TEST,
  fn: () =>
    withPage(async ({ page }) => {
      const saved = () =>
        page.evaluate(() => {
          const s = (globalThis as unknown as {
            saved: Omit<Saved, "writes" | "bytes"> & { writes: Uint8Array[] };
          }).saved;
          return {
            ...s,
            writes: s.writes.length,
            bytes: s.writes.flatMap((w) => [...w]),
          };
        }) as Promise<Saved>;
      let downloads = 0;
      page.on("download", () => downloads++);
      const view = await batchTab(page);
      await fillEncVector(view);
      await view.getByLabel("Encryption").selectOption({ value: "keyfile" });
      await view.getByLabel(/^Key file/).setInputFiles(
        vector("mfg-encrypted-inputkey", "testdata", "sample_encryption_keys.bin"),
      );

      // Held after device 2 of 3: its bytes are already in the file, which is not closed.
      await pauseAfter(page, 2);
      await view.getByRole("button", { name: "Generate" }).click();
      const status = view.getByRole("status");
      await status.filter({ hasText: "2 devices written to the picked file Enc.zip" }).waitFor();
      const held = await saved();
      assertEquals(held.name, "Enc.zip");
      assert(held.writes >= 1 && !held.closed, "nothing written before the batch ended");
      await page.evaluate(() =>
        (globalThis as unknown as { nvsforgeResume(): void }).nvsforgeResume()
      );
      await status.filter({ hasText: "saved to the picked file Enc.zip" }).waitFor();
      const done = await saved();
      assert(
        done.closed && !done.aborted && done.writes > held.writes,
        JSON.stringify(done.writes),
      );
      await assertZipMatches(new Uint8Array(done.bytes), "mfg-encrypted-inputkey");
      assertEquals(downloads, 0);

      // Cancelled while held: the file's writes are dropped and the file removed.
      await pauseAfter(page, 2);
      await view.getByRole("button", { name: "Generate" }).click();
      await status.filter({ hasText: "2 devices written" }).waitFor();
      await view.getByRole("button", { name: "Cancel" }).click();
      await status.filter({ hasText: "Cancelled: no zip was made" }).waitFor();
      const cancelled = await saved();
      assert(cancelled.aborted && cancelled.removed && !cancelled.closed, "the file was kept");
      assertEquals(downloads, 0);
    }, { init: FAKE_PICKER }),
});

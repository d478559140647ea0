/**
 * Benchmark of the browser page: the size of `dist/nvsforge.html`, and the time headless
 * Chromium takes to generate a 10,000-device batch into its zip through the Batch view,
 * from the click on Generate to the "Done" line (reading the Folder's files, checking
 * every row, building, compressing and zipping every device). The batch is the one of
 * `scripts/bench_mfg.ts` (`scripts/_bench_batch.ts`): two namespaces, a dozen keys (REPEAT
 * ones among them), a ~1.2 KB certificate and a key file per device, at 0x4000. The zip
 * goes to the blob store and is downloaded at the end (headless Chromium cannot show the
 * save picker): the path Firefox and Safari take. The machine's load average is printed
 * before and after, since the figure depends on it.
 *
 *   deno run -A scripts/bench_web.ts [DEVICES=10000] [--inputkey] [--keygen]
 *
 * The inputs, the page and the zip go to a temporary directory, removed at the end.
 *
 * @module
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import * as os from "node:os";
import { makeBatch } from "./_bench_batch.ts";
import { withChromium } from "../tests/_chromium.ts";
import { buildWeb } from "./build_web.ts";

const args = Deno.args;
const devices = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
const mode = args.includes("--keygen")
  ? "keygen"
  : args.includes("--inputkey")
  ? "inputkey"
  : "plain";

const dir = Deno.makeTempDirSync({ prefix: "nvsforge-bench-web-" });
try {
  const inputs = path.join(dir, "inputs");
  makeBatch(inputs, devices);
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
  console.log(
    `${new Date().toISOString()}: ${os.cpus().length} CPUs (${
      os.cpus()[0]?.model ?? "?"
    }), load average ${load()}`,
  );
  const { path: page, bytes } = await buildWeb(path.join(dir, "nvsforge.html"));
  console.log(`page: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB), one file`);
  await withChromium(async (browser) => {
    const tab = await browser.newPage();
    // As in the tests: no save picker, so the zip is downloaded.
    await tab.addInitScript(
      'Object.defineProperty(globalThis, "showSaveFilePicker", { value: undefined, writable: true, configurable: true });',
    );
    await tab.goto(pathToFileURL(page).href);
    await tab.getByRole("tab", { name: "Batch" }).click();
    const view = tab.getByRole("tabpanel", { name: "Batch" });
    await view.getByLabel("Config CSV").setInputFiles(path.join(inputs, "config.csv"));
    await view.getByLabel("Values CSV").setInputFiles(path.join(inputs, "values.csv"));
    await view.getByLabel("Folder").setInputFiles(inputs);
    await view.getByText(`${devices * 2 + 3} files in the folder`).waitFor({ timeout: 600_000 });
    await view.getByLabel("Size").fill("0x4000");
    await view.getByLabel("File id column").fill("serial");
    if (mode === "inputkey") {
      await view.getByLabel("Encryption").selectOption({ value: "keyfile" });
      await view.getByLabel(/^Key file/).setInputFiles(path.join(inputs, "input_key.bin"));
    } else if (mode === "keygen") {
      await view.getByLabel("Encryption").selectOption({ value: "keygen" });
    }
    const t0 = performance.now();
    const [download] = await Promise.all([
      tab.waitForEvent("download", { timeout: 600_000 }),
      view.getByRole("button", { name: "Generate" }).click(),
    ]);
    const seconds = (performance.now() - t0) / 1000;
    const zip = path.join(dir, "batch.zip");
    await download.saveAs(zip);
    const done = await view.getByRole("status").textContent();
    const heap = await tab.evaluate(() =>
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize
    );
    console.log(
      `${mode}: ${devices} devices in ${seconds.toFixed(2)} s (${
        Math.round(devices / seconds)
      }/s), click to download; zip ${
        fs.statSync(zip).size
      } bytes; page says "${done}"; JS heap after: ${
        heap ? `${(heap / 2 ** 20).toFixed(1)} MiB` : "n/a"
      }; load average after: ${load()}`,
    );
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

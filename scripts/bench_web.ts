/**
 * Benchmark of the browser page: the size of `dist/nvsforge.html`, and the time headless
 * Chromium takes to generate a 10,000-device batch into its zip through the Batch view,
 * from the click on Generate to the "Done" line (reading the Folder's files, checking
 * every row, building, compressing and zipping every device). The batch is the one of
 * `scripts/bench_mfg.ts`: two namespaces, a dozen keys (REPEAT ones among them), a
 * ~1.2 KB certificate and a key file per device, at 0x4000.
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
import { buildKeyPartition, generateKeys } from "../mod.ts";
import { withChromium } from "../tests/_chromium.ts";
import { buildWeb } from "./build_web.ts";

const args = Deno.args;
const devices = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
const mode = args.includes("--keygen")
  ? "keygen"
  : args.includes("--inputkey")
  ? "inputkey"
  : "plain";

function pseudoRandom(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761 >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const base64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

/** Writes the batch's inputs into `dir`: config.csv, values.csv, files/certs, files/devkeys. */
function makeBatch(dir: string): void {
  const files = path.join(dir, "files");
  fs.mkdirSync(path.join(files, "certs"), { recursive: true });
  fs.mkdirSync(path.join(files, "devkeys"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "config.csv"),
    "factory,namespace,\nserial,data,string\nmac,data,hex2bin\nhw_rev,data,u8,REPEAT\n" +
      "model,data,string,REPEAT\nbatch,data,u16\nmfg_date,data,u32,REPEAT\ncal,data,base64\n" +
      "cert,file,string\ndevkey,file,binary\napp,namespace,\nregion,data,string,REPEAT\n" +
      "boots,data,u64\nurl,data,string\n",
  );
  const rows = ["serial,mac,hw_rev,model,batch,mfg_date,cal,cert,devkey,region,boots,url"];
  for (let i = 1; i <= devices; i++) {
    const serial = `NF-${String(i).padStart(7, "0")}`;
    const body = base64(pseudoRandom(i, 870)).replace(/(.{64})/g, "$1\n");
    fs.writeFileSync(
      path.join(files, "certs", `${serial}.pem`),
      `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    );
    fs.writeFileSync(path.join(files, "devkeys", `${serial}.der`), pseudoRandom(i + 7, 121));
    const first = i === 1;
    rows.push([
      serial,
      `a4cf12${i.toString(16).padStart(6, "0")}`,
      first ? "3" : "",
      first ? '"ESP32-S3, rev B"' : "",
      String(100 + (i % 7)),
      first ? "20261124" : "",
      base64(pseudoRandom(i + 3, 16)),
      `certs/${serial}.pem`,
      `devkeys/${serial}.der`,
      first ? "EU" : "",
      "0",
      `https://provision.example.com/d/${serial}`,
    ].join(","));
  }
  fs.writeFileSync(path.join(dir, "values.csv"), rows.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "input_key.bin"), buildKeyPartition(generateKeys()));
}

const dir = Deno.makeTempDirSync({ prefix: "nvsforge-bench-web-" });
try {
  makeBatch(dir);
  const { path: page, bytes } = await buildWeb(path.join(dir, "nvsforge.html"));
  console.log(`page: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB), one file`);
  await withChromium(async (browser) => {
    const tab = await browser.newPage();
    await tab.goto(pathToFileURL(page).href);
    await tab.getByRole("tab", { name: "Batch" }).click();
    const view = tab.getByRole("tabpanel", { name: "Batch" });
    await view.getByLabel("Config CSV").setInputFiles(path.join(dir, "config.csv"));
    await view.getByLabel("Values CSV").setInputFiles(path.join(dir, "values.csv"));
    await view.getByLabel("Folder").setInputFiles(path.join(dir, "files"));
    await view.getByText(`${devices * 2} files in the folder`).waitFor({ timeout: 600_000 });
    await view.getByLabel("Size").fill("0x4000");
    await view.getByLabel("File id column").fill("serial");
    if (mode === "inputkey") {
      await view.getByLabel("Encryption").selectOption({ value: "keyfile" });
      await view.getByLabel(/^Key file/).setInputFiles(path.join(dir, "input_key.bin"));
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
      }`,
    );
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

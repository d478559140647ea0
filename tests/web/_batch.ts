/**
 * Helpers of the Batch view's browser tests: the view's tab, a directory's files, and
 * a zip checked file by file against a vector's expected files (and its manifest
 * against the zip's own files).
 *
 * @module
 */

import { join, relative } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { unzipSync } from "fflate";
import { assertBytes, assertEquals } from "../_assert.ts";
import type { Locator, Page } from "./_page.ts";
import { vector } from "./_page.ts";

/** Opens the Batch tab and returns its panel. */
export async function batchTab(page: Page): Promise<Locator> {
  await page.getByRole("tab", { name: "Batch" }).click();
  const view = page.getByRole("tabpanel", { name: "Batch" });
  await view.waitFor();
  return view;
}

/** Every file under `dir`, by its path relative to `dir` (with `/`). */
export async function filesUnder(dir: string, base = dir): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) { for (const [k, v] of await filesUnder(path, base)) out.set(k, v); }
    else out.set(relative(base, path).replaceAll("\\", "/"), await Deno.readFile(path));
  }
  return out;
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

/**
 * Checks that the zip holds exactly `expected` (plus its manifest), byte for byte, and
 * that the manifest lists every device file with its SHA-256.
 */
export function assertZipHolds(zip: Uint8Array, expected: Map<string, Uint8Array>): void {
  const files = unzipSync(zip);
  const names = Object.keys(files).filter((n) => n !== "manifest.jsonl").sort();
  assertEquals(names, [...expected.keys()].sort());
  for (const [path, bytes] of expected) assertBytes(files[path], bytes, path);
  const manifest = new TextDecoder().decode(files["manifest.jsonl"]).trim().split("\n");
  const listed = manifest.flatMap((l) => JSON.parse(l).files);
  assertEquals(listed.length, names.filter((n) => /^(csv|bin|keys)\//.test(n)).length);
  for (const f of listed) assertEquals(f.sha256, hex(sha256(files[f.path])), f.path);
}

/** Checks the zip against a vector's expected files. */
export async function assertZipMatches(zip: Uint8Array, name: string): Promise<void> {
  assertZipHolds(zip, await filesUnder(vector(name, "expected")));
}

/**
 * Fills the Batch view with the `mfg-encrypted-inputkey` vector's inputs (3 devices,
 * prefix "Enc", size 0x3000), without encryption chosen yet.
 */
export async function fillEncVector(view: Locator): Promise<void> {
  const name = "mfg-encrypted-inputkey";
  await view.getByLabel("Config CSV").setInputFiles(vector(name, "sample_config.csv"));
  await view.getByLabel("Values CSV").setInputFiles(
    vector(name, "sample_values_singlepage_blob.csv"),
  );
  await view.getByLabel("Folder").setInputFiles(vector(name));
  await view.getByText(/\d+ files in the folder/).waitFor();
  await view.getByLabel("Prefix").fill("Enc");
  await view.getByLabel("Size").fill("0x3000");
}

/**
 * Makes the page's batch stop after `devices` devices until `window.nvsforgeResume()` is
 * called (or the batch is cancelled): the view's test seam `nvsforgeBatchPause`.
 */
export async function pauseAfter(page: Page, devices: number): Promise<void> {
  await page.evaluate((n) => {
    const w = globalThis as unknown as Record<string, unknown>;
    w.nvsforgeBatchPause = (count: number) =>
      count === n ? new Promise<void>((resolve) => w.nvsforgeResume = resolve) : undefined;
  }, devices);
}

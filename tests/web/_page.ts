/**
 * Shared setup of the browser tests: the page built once into a temporary directory,
 * opened from `file://` in headless Chromium, with every request that is not the page
 * itself recorded (there must be none) and a temporary directory for downloads and
 * screenshots, removed afterwards.
 *
 * @module
 */

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildWeb } from "../../scripts/build_web.ts";
import { casePath, findVectors, loadCase } from "../../scripts/vector_cases.ts";
import { withChromium } from "../_chromium.ts";
import { tempDir } from "../_tmp.ts";
import type { Download, Locator, Page } from "../_chromium.ts";

export type { Download, Locator, Page };

/** The public vectors' directory. */
export const VECTORS: string = findVectors();

/** A file of a vector case (through the one loader: the case must exist). */
export function vector(name: string, ...parts: string[]): string {
  return casePath(loadCase(name, VECTORS), join(...parts, "."));
}

/** What a test gets: the page, and a temporary directory it may write to. */
export interface PageTest {
  /** The page, loaded from `file://`. */
  page: Page;
  /** A temporary directory (removed after the test). */
  tmp: string;
}

/**
 * Hides the File System Access API's save picker, which headless Chromium cannot show:
 * the Batch view then offers its zip as a download (the path of Firefox and Safari).
 */
const NO_SAVE_PICKER = `Object.defineProperty(globalThis, "showSaveFilePicker", {
  value: undefined, writable: true, configurable: true,
});`;

/** Options of {@linkcode withPage}. */
export interface PageOptions {
  /** A script run in the page before its own (after the save picker is hidden). */
  init?: string;
}

/**
 * Builds the page, opens it in a fresh Chromium from `file://`, runs `fn`, then checks
 * that the page requested nothing but itself and removes every temporary file.
 */
export async function withPage(
  fn: (t: PageTest) => Promise<void>,
  options: PageOptions = {},
): Promise<void> {
  using dir = tempDir("nvsforge-web-");
  const tmp = dir.path;
  const { path } = await buildWeb(join(tmp, "nvsforge.html"));
  const url = pathToFileURL(path).href;
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => {
      const u = r.url();
      if (u !== url && !u.startsWith("blob:") && !u.startsWith("data:")) requests.push(u);
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.addInitScript(NO_SAVE_PICKER);
    if (options.init) await page.addInitScript(options.init);
    await page.goto(url);
    await fn({ page, tmp });
    if (requests.length) throw new Error(`the page made requests: ${requests.join(", ")}`);
    if (errors.length) throw new Error(`uncaught errors in the page: ${errors.join("; ")}`);
  });
}

/** Waits for the download `action` starts and returns its bytes. */
export async function downloaded(
  page: Page,
  action: () => Promise<void>,
): Promise<{ name: string; bytes: Uint8Array }> {
  const [download] = await Promise.all([page.waitForEvent("download"), action()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await Deno.readFile(path) };
}

/** Test options every browser test needs (the browser's pipes outlive one step). */
export const BROWSER_TEST = { sanitizeOps: false, sanitizeResources: false } as const;

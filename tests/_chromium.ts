/**
 * The shared headless-Chromium launcher for browser tests: Debian's `chromium` found on
 * the PATH, driven by playwright-core, with a fresh user-data directory that is removed
 * when the browser closes.
 *
 * ```ts
 * import { withChromium } from "./_chromium.ts";
 *
 * const label = await withChromium(async (browser) => {
 *   const page = await browser.newPage();
 *   await page.setContent('<label>Size <input value="0x6000"></label>');
 *   return await page.getByLabel("Size").inputValue();
 * });
 * if (label !== "0x6000") throw new Error(label);
 * ```
 *
 * Tests that use it need `sanitizeOps: false, sanitizeResources: false` (the browser's
 * pipes outlive a single test step).
 *
 * @module
 */

import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { delimiter, join } from "node:path";
import { tempDir } from "./_tmp.ts";

export type { BrowserContext, Download, Locator, Page } from "playwright-core";

/** The flags every test browser runs with. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];

/** Names of Chromium on the PATH (on Windows also Chrome's, which CI puts there). */
const NAMES = Deno.build.os === "windows"
  ? ["chromium.exe", "chrome.exe"]
  : ["chromium", "chromium-browser"];

/**
 * The `chromium` executable on the PATH (Debian's package; `.ci/run` installs it).
 *
 * @throws {Error} naming the fix when there is none.
 */
export function chromiumPath(): string {
  for (const dir of (Deno.env.get("PATH") ?? "").split(delimiter)) {
    for (const name of NAMES) {
      const path = join(dir, name);
      try {
        if (Deno.statSync(path).isFile) return path;
      } catch {
        // not in this directory
      }
    }
  }
  throw new Error("no chromium on the PATH: install it (apt-get install -y chromium)");
}

/** A running browser: one context with its own fresh profile. */
export interface Chromium {
  /** The browser context (downloads accepted). */
  context: BrowserContext;
  /** Opens a new page (tab). */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh user-data directory. */
export async function launchChromium(): Promise<Chromium> {
  const profile = tempDir("nvsforge-chromium-");
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile.path, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_FLAGS,
      acceptDownloads: true,
      viewport: { width: 1200, height: 900 },
    });
  } catch (e) {
    profile[Symbol.dispose]();
    throw e;
  }
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      try {
        await context.close();
      } finally {
        profile[Symbol.dispose]();
      }
    },
  };
}

/** Runs `fn` with a fresh browser, closed (and its profile removed) afterwards. */
export async function withChromium<T>(fn: (browser: Chromium) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

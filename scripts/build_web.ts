/**
 * `deno task web`: builds `dist/nvsforge.html`, the browser page, as one self-contained
 * file: the bundled script (esbuild, minified) and the styles inlined into
 * `web/index.html`. The page makes no network request (its Content-Security-Policy
 * forbids any) and works opened from disk.
 *
 * ```sh
 * deno task web                       # → dist/nvsforge.html
 * deno task web --out /tmp/page.html  # elsewhere
 * ```
 *
 * @module
 */

import * as esbuild from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WEB = join(ROOT, "web");

/** The browsers the page is built for (current Chromium, Firefox and Safari). */
export const TARGETS = ["chrome120", "firefox121", "safari17"];

/** Keeps the inlined script from ending its `<script>` element early. */
function inlineSafe(js: string): string {
  return js.replaceAll("</script", "<\\/script").replaceAll("<!--", "<\\!--");
}

/**
 * Builds the page and writes it to `out`.
 *
 * @param out the HTML file to write (its directory is created).
 * @returns the page's path and size in bytes.
 */
export async function buildWeb(
  out = join(ROOT, "dist", "nvsforge.html"),
): Promise<{ path: string; bytes: number }> {
  const result = await esbuild.build({
    entryPoints: [join(WEB, "main.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: TARGETS,
    write: false,
    charset: "utf8",
    legalComments: "none",
    logLevel: "warning",
  });
  await esbuild.stop();
  const js = inlineSafe(result.outputFiles[0].text);
  const css = await Deno.readTextFile(join(WEB, "style.css"));
  const template = await Deno.readTextFile(join(WEB, "index.html"));
  const html = template
    .replace("/*STYLE*/", () => css.trim())
    .replace("/*SCRIPT*/", () => js.trim());
  await Deno.mkdir(dirname(out), { recursive: true });
  await Deno.writeTextFile(out, html);
  return { path: out, bytes: new TextEncoder().encode(html).length };
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--out");
  const { path, bytes } = await buildWeb(i >= 0 ? Deno.args[i + 1] : undefined);
  console.log(`${path}: ${bytes} bytes`);
}

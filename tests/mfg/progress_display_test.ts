/** The progress display: a bar redrawn in place, lines at most every interval, nothing. */
import { assertEquals } from "../_assert.ts";
import { ProgressDisplay } from "../../src/mfg/progress_display.ts";

/** A display on a clock the test moves by hand. */
function display(mode: "bar" | "lines" | "none", intervalMs: number) {
  const out: string[] = [];
  let t = 0;
  const d = new ProgressDisplay(mode, (s) => out.push(s), intervalMs, () => t);
  return { d, out, at: (ms: number) => t = ms };
}

Deno.test("lines: one per interval, none in between; the closing line always", () => {
  const { d, out, at } = display("lines", 1000);
  d.phase("committing", 10);
  at(500);
  d.update(1);
  assertEquals(out, []);
  at(1000);
  d.update(5);
  at(1500);
  d.update(6);
  assertEquals(out, ["generate: committing 5/10 devices (50%), 5/s, ETA 1s\n"]);
  d.finish("done");
  assertEquals(out.at(-1), "done\n");
});

Deno.test("bar: redrawn in place, cleared before other output and at the end", () => {
  const { d, out, at } = display("bar", 5000);
  d.phase("generating");
  at(100);
  d.update(3, 0.5);
  assertEquals(out.length, 1);
  assertEquals(out[0].startsWith("\rgenerating"), true, out[0]);
  assertEquals(out[0].endsWith("\x1b[K"), true);
  d.clear();
  d.clear(); // once only
  assertEquals(out.slice(1), ["\r\x1b[K"]);
  d.finish("done");
  assertEquals(out.slice(2), ["done\n"]);
});

Deno.test("none: nothing at all", () => {
  const { d, out, at } = display("none", 0);
  d.phase("generating");
  at(10_000);
  d.update(1);
  d.finish("done");
  assertEquals(out, []);
});

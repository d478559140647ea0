import * as os from "node:os";
import { posix, win32 } from "node:path";
import { assertEquals } from "../_assert.ts";
import { expandHome } from "../../src/cli/output.ts";

Deno.test("expandHome: ~/ with both rules, ~\\ only with Windows rules (as Python's expanduser)", () => {
  const home = os.homedir();
  assertEquals(expandHome("~"), home);
  assertEquals(expandHome("~/out", posix), posix.join(home, "out"));
  assertEquals(expandHome("~\\out", posix), "~\\out"); // a directory named "~\out"
  assertEquals(expandHome("~/out", win32), win32.join(home, "out"));
  assertEquals(expandHome("~\\out\\", win32), win32.join(home, "out\\"));
  assertEquals(expandHome("C:\\out", win32), "C:\\out");
});

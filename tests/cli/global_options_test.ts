/** The global options (--file-root, --error-format) are accepted after the command too. */
import { assert, assertEquals } from "../_assert.ts";
import { nvsforge, scratchDir } from "./_run.ts";
import { hoistGlobalOptions } from "../../src/cli/argv.ts";

const CSV = "key,type,encoding,value\nns,namespace,,\na,data,u8,300\n";

Deno.test("global options after the command: --error-format github and --file-root", () => {
  using tmp = scratchDir({ "bad.csv": CSV });
  const r = nvsforge(
    tmp.path,
    "nvs",
    "generate",
    "bad.csv",
    "out.bin",
    "0x3000",
    "--file-root",
    ".",
    "--error-format=github",
  );
  assertEquals(r.status, 1, r.stderr);
  assert(r.stderr.includes("::error file=bad.csv,line=3,"), r.stderr);
});

Deno.test("hoistGlobalOptions: both spellings move to the front; after -- nothing moves", () => {
  assertEquals(
    hoistGlobalOptions(["generate", "c.csv", "--error-format", "github", "--", "--file-root"]),
    ["--error-format", "github", "generate", "c.csv", "--", "--file-root"],
  );
  assertEquals(hoistGlobalOptions(["verify", "out", "--file-root=/w"]), [
    "--file-root=/w",
    "verify",
    "out",
  ]);
});

Deno.test("generate -h shows --jobs in its usage line", () => {
  using tmp = scratchDir();
  const r = nvsforge(tmp.path, "generate", "-h");
  assertEquals(r.status, 0, r.stderr);
  assert(/^Usage: .*\[--jobs N\].* conf values prefix size$/m.test(r.stdout), r.stdout);
});

/** A bad partition size says what to write instead. */
import { assert, assertEquals } from "../_assert.ts";
import { nvsforge, scratchDir } from "./_run.ts";

const CONFIG = "dev,namespace,\nserial,data,string\n";
const VALUES = "serial\nA\n";

Deno.test("a partition size that is not a multiple of 4096 names the nearest valid sizes", () => {
  using tmp = scratchDir({ "config.csv": CONFIG, "values.csv": VALUES });
  const r = nvsforge(tmp.path, "generate", "config.csv", "values.csv", "d", "0x6001");
  assertEquals(r.status, 2, r.stderr);
  assert(
    r.stderr.includes(
      'Partition size "0x6001" is not a multiple of 4096 (0x1000): the nearest valid sizes are 0x6000 and 0x7000',
    ),
    r.stderr,
  );
});

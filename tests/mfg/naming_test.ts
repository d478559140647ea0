import fc from "fast-check";
import { assert, assertEquals } from "../_assert.ts";
import { deviceFiles, DeviceNamer, nameProblem, parsePrefixNum } from "../../src/mfg/naming.ts";
import { IdSet } from "../../src/mfg/id_set.ts";

Deno.test("naming: <prefix>-<id>, and with --prefix_num a zero-padded counter that outgrows its width", () => {
  const plain = new DeviceNamer("dev");
  assertEquals([1, 2].map((i) => plain.name(i, plain.id(i, undefined))), ["dev-1", "dev-2"]);
  assertEquals(plain.name(1, plain.id(1, "SN-1")), "dev-SN-1");
  const counted = new DeviceNamer("unit", parsePrefixNum("98", "2") as never);
  assertEquals([1, 2, 3].map((i) => counted.name(i, `m${i}`)), [
    "unit-98-m1",
    "unit-99-m2",
    "unit-100-m3",
  ]);
  const wide = new DeviceNamer("dev", parsePrefixNum("7", "4") as never);
  assertEquals(wide.name(1, "1"), "dev-0007-1");
  const huge = new DeviceNamer("d", parsePrefixNum("18446744073709551615", "0") as never);
  assertEquals(huge.name(2, "x"), "d-18446744073709551616-x", "no precision lost");
});

Deno.test("naming: --prefix_num values are checked", () => {
  for (
    const [s, w] of [["-1", "2"], ["a", "2"], ["1", "x"], ["1", "-2"], ["1", "65"], ["1.5", "2"]]
  ) {
    assertEquals(typeof parsePrefixNum(s, w), "string", `${s} ${w}`);
  }
  assertEquals(parsePrefixNum(" 0 ", "0"), { start: 0n, digits: 0 });
});

Deno.test("naming: the files of a device", () => {
  assertEquals(deviceFiles("dev-1"), {
    csv: "csv/dev-1.csv",
    bin: "bin/dev-1.bin",
    keys: "keys/keys-dev-1.bin",
    hmacKey: "keys/hmac-keys-dev-1.bin",
  });
});

Deno.test("naming: a name with a path separator, a control character or too many bytes cannot name files", () => {
  assert(nameProblem("dev-a/b", false)?.includes("path separator"));
  assert(nameProblem("dev-a\\b", false)?.includes("path separator"));
  assert(nameProblem("dev-\0", false)?.includes("control character"));
  assert(nameProblem("dev-a\nb", false)?.includes('"\\n"'));
  assertEquals(nameProblem("d".repeat(237), false), undefined);
  assert(nameProblem("d".repeat(238), false)?.includes("too long"));
  assert(nameProblem("d".repeat(230), true)?.includes("too long"), "key file names are longer");
});

Deno.test("id set: finds exactly the repeated ids, and where each was first seen (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), (ids) => {
      const set = new IdSet();
      const first = new Map<string, number>();
      ids.forEach((id, i) => {
        const before = set.add(id, i + 1);
        assertEquals(before, first.get(id));
        if (!first.has(id)) first.set(id, i + 1);
      });
      assertEquals(set.size, first.size);
    }),
    { numRuns: 50 },
  );
});

Deno.test("naming: Windows rules refuse the characters Windows file names cannot hold", () => {
  for (const c of ["<", ">", ":", '"', "|", "?", "*"]) {
    const name = `dev-AA${c}BB`;
    assertEquals(nameProblem(name, false), undefined, `${c} is fine on POSIX`);
    const problem = nameProblem(name, false, true);
    assert(problem?.includes(`"${c}"`) && problem.includes("Windows"), `${c}: ${problem}`);
  }
  assertEquals(nameProblem("dev-AA-BB", true, true), undefined);
});

import { assertEquals, assertThrows } from "../_assert.ts";
import { editRecords } from "../../src/format/edit.ts";
import type { NvsRecord } from "../../src/format/items.ts";
import { NvsforgeError, NvsforgeErrors } from "../../src/errors.ts";

const ns = (name: string): NvsRecord => ({ kind: "namespace", name });
const u8 = (key: string, value: number) => ({ kind: "entry", key, type: "u8", value }) as const;
const show = (records: NvsRecord[]) =>
  records.map((r) => r.kind === "namespace" ? `[${r.name}]` : `${r.key}=${r.value}`).join(" ");

const DOC: NvsRecord[] = [
  ns("a"),
  u8("x", 1),
  u8("y", 2),
  ns("b"),
  u8("z", 3),
  ns("a"),
  u8("w", 4),
];

Deno.test("editRecords: a set keeps the key's place, a new key ends its namespace", () => {
  assertEquals(
    show(editRecords(DOC, [{ kind: "set", namespace: "a", entry: u8("y", 9) }])),
    "[a] x=1 y=9 [b] z=3 [a] w=4",
  );
  // The namespace's last run: after w.
  assertEquals(
    show(editRecords(DOC, [{ kind: "set", namespace: "a", entry: u8("v", 5) }])),
    "[a] x=1 y=2 [b] z=3 [a] w=4 v=5",
  );
  assertEquals(
    show(editRecords(DOC, [{ kind: "set", namespace: "b", entry: u8("v", 5) }])),
    "[a] x=1 y=2 [b] z=3 v=5 [a] w=4",
  );
  assertEquals(
    show(editRecords(DOC, [{ kind: "set", namespace: "c", entry: u8("v", 5) }])),
    "[a] x=1 y=2 [b] z=3 [a] w=4 [c] v=5",
  );
  assertEquals(show(DOC), "[a] x=1 y=2 [b] z=3 [a] w=4", "the input is not changed");
});

Deno.test("editRecords: erase removes the key; changes apply in order", () => {
  const out = editRecords(DOC, [
    { kind: "erase", namespace: "b", key: "z" },
    { kind: "set", namespace: "b", entry: u8("z", 7) }, // after the erase: a new key again
    { kind: "set", namespace: "a", entry: u8("x", 8) },
    { kind: "erase", namespace: "a", key: "w" },
  ]);
  assertEquals(show(out), "[a] x=8 y=2 [b] z=7 [a]");
});

Deno.test("editRecords: a key live with two types becomes one entry, at the first place", () => {
  const two: NvsRecord[] = [ns("a"), u8("k", 1), {
    kind: "entry",
    key: "k",
    type: "string",
    value: "s",
  }];
  assertEquals(
    show(editRecords(two, [{ kind: "set", namespace: "a", entry: u8("k", 2) }])),
    "[a] k=2",
  );
  assertEquals(show(editRecords(two, [{ kind: "erase", namespace: "a", key: "k" }])), "[a]");
});

Deno.test("editRecords: every erase of a missing key is reported, nothing applied", () => {
  const e = assertThrows(() =>
    editRecords(DOC, [
      { kind: "erase", namespace: "a", key: "nope", source: { file: "--erase", line: 1 } },
      { kind: "erase", namespace: "zz", key: "x", source: { file: "--erase", line: 2 } },
    ]), NvsforgeErrors) as NvsforgeErrors;
  assertEquals(e.errors.map((x) => x.message), [
    '--erase:1: key "nope": cannot erase key "nope" of namespace "a": the namespace has no such key',
    '--erase:2: key "x": cannot erase key "x" of namespace "zz": there is no such namespace',
  ]);
  const one = assertThrows(() => editRecords(DOC, [{ kind: "erase", namespace: "b", key: "x" }]));
  assertEquals((one as NvsforgeError).code, "key-not-found");
});

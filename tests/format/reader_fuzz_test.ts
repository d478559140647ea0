/**
 * Fuzz (bounded): random images and mutations of the vector images never make the
 * reader throw anything but NvsforgeError, never make it slow, and what it reads can be
 * rendered, turned into records and CSV, and re-encoded. The longer run is
 * `deno run -A scripts/fuzz_reader.ts N`.
 */
import { assert, assertEquals } from "../_assert.ts";
import {
  exercise,
  loadVectorImages,
  mutateImage,
  randomImage,
  Rng,
} from "../../scripts/fuzz_reader.ts";
import { NvsforgeError } from "../../src/errors.ts";
import { parsePartition } from "../../src/format/reader.ts";

const RANDOM = 300;
const MUTATED = 700;

Deno.test("fuzz: 300 random images and 700 mutated vector images", () => {
  const bases = loadVectorImages();
  assert(bases.length >= 60, "the vector images are missing");
  const problems: string[] = [];
  const codes = new Set<string>();
  let slowest = 0;
  const start = performance.now();
  for (let i = 0; i < RANDOM + MUTATED; i++) {
    const rng = new Rng(0x5eed + i);
    const image = i < RANDOM ? randomImage(rng) : mutateImage(rng, rng.pick(bases), bases);
    const t = performance.now();
    const problem = exercise(image);
    slowest = Math.max(slowest, performance.now() - t);
    if (problem) problems.push(`iteration ${i}: ${problem}`);
    try {
      for (const f of parsePartition(image).findings) codes.add(f.code);
    } catch (e) {
      if (!(e instanceof NvsforgeError)) throw e;
    }
  }
  const total = performance.now() - start;
  console.log(
    `${RANDOM + MUTATED} images in ${total.toFixed(0)} ms, slowest ${
      slowest.toFixed(1)
    } ms, ${codes.size} finding codes seen`,
  );
  // Every image was read to the end (a hang would never get here); how fast is for the
  // benchmarks, not for a test on a shared machine.
  assertEquals(problems, []);
  // The mutations reach deep: most kinds of findings occur.
  assert(codes.size >= 25, `only ${[...codes].join(", ")}`);
});

Deno.test("fuzz: the harness reports a reader that throws an untyped error", () => {
  // A TypeError thrown from deep inside the reader must come out as a problem.
  const image = loadVectorImages()[0];
  assertEquals(exercise(image), undefined);
  const original = Uint8Array.prototype.subarray;
  let calls = 0;
  Uint8Array.prototype.subarray = function (this: Uint8Array, ...args: [number?, number?]) {
    if (++calls === 5) throw new TypeError("injected");
    return original.apply(this, args);
  };
  let problem: string | undefined;
  try {
    problem = exercise(image);
  } finally {
    Uint8Array.prototype.subarray = original;
  }
  assert(problem?.startsWith("parsePartition threw TypeError: injected"), problem);
});

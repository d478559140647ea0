/**
 * The images written by ESP-IDF's own NVS library (`../shared/nvs-device-images`, or
 * `$NVS_DEVICE_IMAGES`) and what that library lists after it starts on each: loading
 * them, and comparing a listing with nvsforge's items on (namespace, key, type, value),
 * as the set's README says.
 *
 * @module
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import process from "node:process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NvsItem } from "../../src/format/reader.ts";

/** One image of the set. */
export interface DeviceImage {
  /** File name base: `000`, `002`, … */
  name: string;
  /** The image bytes. */
  bytes: Uint8Array;
  /** What the library lists, as comparable tuples (see {@linkcode itemTuple}). */
  expected: Set<string>;
  /** Whether the library changed the image when it started (it repaired something). */
  modified: boolean;
}

/** The set's folder; throws (the test fails) when it is missing: these tests never skip. */
export function deviceImagesRoot(): string {
  const fromEnv = process.env.NVS_DEVICE_IMAGES;
  const root = fromEnv && fromEnv.length > 0
    ? fromEnv
    : fileURLToPath(new URL("../../../shared/nvs-device-images/", import.meta.url));
  if (!existsSync(root)) {
    throw new Error(
      `NVS device images not found at ${root}: set NVS_DEVICE_IMAGES or check out shared/ beside the repo`,
    );
  }
  return root;
}

const LIBRARY_TYPES: Record<string, string> = { str: "string" };

/** A float or double compared by its bits; everything else by its value as text. */
function tuple(ns: string | null | undefined, key: string, type: string, value: string): string {
  return JSON.stringify([ns ?? null, key, type, value]);
}

/** An nvsforge item as a comparable tuple. */
export function itemTuple(item: NvsItem): string {
  switch (item.type) {
    case "float":
    case "double":
      return tuple(item.namespace, item.key, item.type, `bits:${item.bits}`);
    case "blob":
      return tuple(
        item.namespace,
        item.key,
        "blob",
        Array.from(item.value, (b) => b.toString(16).padStart(2, "0")).join(""),
      );
    default:
      return tuple(item.namespace, item.key, item.type, String(item.value));
  }
}

/** A line of an `.expect.jsonl` listing as a comparable tuple. */
function expectTuple(d: Record<string, string>): string {
  const type = LIBRARY_TYPES[d.type] ?? d.type;
  const value = type === "float" || type === "double" ? `bits:${d.bits}` : d.value;
  return tuple(d.ns, d.key, type, value);
}

/** Every image of the set with its listing, by name (throws when there is none). */
export function loadDeviceImages(): DeviceImage[] {
  const root = deviceImagesRoot();
  const out: DeviceImage[] = [];
  for (const file of readdirSync(root).sort()) {
    if (!file.endsWith(".bin")) continue;
    const name = file.slice(0, -4);
    const expectFile = join(root, `${name}.expect.jsonl`);
    if (!existsSync(expectFile)) continue;
    const expected = new Set<string>();
    let modified = false;
    for (const line of readFileSync(expectFile, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const d = JSON.parse(line);
      if ("modified" in d) modified = true;
      else if ("key" in d && "type" in d && !("error" in d)) expected.add(expectTuple(d));
    }
    out.push({ name, bytes: new Uint8Array(readFileSync(join(root, file))), expected, modified });
  }
  if (out.length === 0) throw new Error(`no NNN.bin with NNN.expect.jsonl in ${root}`);
  return out;
}

/**
 * The reader against ESP-IDF's own NVS library: for every image of
 * `../shared/nvs-device-images` (written by the library through its public API: used,
 * rebooted, cut off mid-write), the items `parsePartition` lists are exactly what the
 * library lists after it starts on the image, matched on (namespace, key, type, value).
 */
import { assert, assertEquals } from "../_assert.ts";
import { formatFloat } from "../../src/format/float.ts";
import { parsePartition } from "../../src/format/reader.ts";
import { itemTuple, loadDeviceImages } from "./_device_images.ts";

const parseText = (t: string) => (t === "inf" ? Infinity : t === "-inf" ? -Infinity : Number(t));

Deno.test("device images: every image lists exactly what ESP-IDF's library lists", () => {
  const images = loadDeviceImages();
  assert(images.length >= 60, `only ${images.length} device images`);
  const disagreements: string[] = [];
  for (const image of images) {
    const got = new Set(parsePartition(image.bytes).items.map(itemTuple));
    const onlyDevice = [...image.expected].filter((t) => !got.has(t));
    const onlyNvsforge = [...got].filter((t) => !image.expected.has(t));
    for (const t of onlyDevice) disagreements.push(`${image.name}: only the library lists ${t}`);
    for (const t of onlyNvsforge) disagreements.push(`${image.name}: only nvsforge lists ${t}`);
  }
  assertEquals(disagreements, [], disagreements.join("\n"));
});

Deno.test("device images: where the library repairs an image when it starts, a finding says so", () => {
  const silent: string[] = [];
  for (const image of loadDeviceImages()) {
    const findings = parsePartition(image.bytes).findings.filter((f) => f.severity !== "info");
    if (image.modified && findings.length === 0) silent.push(image.name);
    // Nothing the library repairs is reported as making the partition unmountable.
    if (findings.some((f) => f.code === "no-free-page")) silent.push(`${image.name}: no-free-page`);
  }
  assertEquals(silent, []);
});

Deno.test("device images: floats and doubles print as the shortest text of their bits", () => {
  let floats = 0;
  for (const image of loadDeviceImages()) {
    for (const item of parsePartition(image.bytes).items) {
      if (item.type !== "float" && item.type !== "double") continue;
      floats++;
      const text = formatFloat(item.value, item.type);
      const back = item.type === "float" ? Math.fround(parseText(text)) : parseText(text);
      assert(Object.is(back, item.value), `${image.name} ${item.key}: ${text} does not read back`);
    }
  }
  assert(floats >= 30, `only ${floats} float and double items in the set`);
});

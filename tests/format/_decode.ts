/**
 * A small independent decoder for the tests (deliberately not the project's reader):
 * it checks every page-header, entry and data CRC and returns the items, so that
 * property tests can compare a written image with its input.
 *
 * @module
 */

import { crc32 } from "../../src/format/crc32.ts";

export interface DecodedItem {
  namespace: string;
  key: string;
  type: number;
  value: bigint | Uint8Array;
}

export interface DecodedImage {
  items: DecodedItem[];
  pageStates: number[];
  problems: string[];
}

const u32 = (b: Uint8Array, o: number) =>
  (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);

function readInt(b: Uint8Array, o: number, type: number): bigint {
  const width = type & 0x0f;
  let v = 0n;
  for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[o + i]);
  if (type & 0x10) {
    const bits = BigInt(width * 8);
    if (v >> (bits - 1n)) v -= 1n << bits;
  }
  return v;
}

export function decodeImage(image: Uint8Array): DecodedImage {
  const problems: string[] = [];
  const pageStates: number[] = [];
  const nsNames = new Map<number, string>();
  const raw: {
    ns: number;
    key: string;
    type: number;
    value: bigint | Uint8Array;
    chunk: number;
  }[] = [];
  for (let p = 0; p * 4096 < image.length; p++) {
    const base = p * 4096;
    const state = u32(image, base);
    pageStates.push(state);
    if (state === 0xffffffff) continue;
    if (u32(image, base + 28) !== crc32(image.subarray(base + 4, base + 28))) {
      problems.push(`page ${p}: header CRC`);
    }
    if (u32(image, base + 4) !== p) problems.push(`page ${p}: sequence number`);
    let i = 0;
    while (i < 126) {
      const bits = (image[base + 32 + (i >> 2)] >> ((i & 3) * 2)) & 3;
      if (bits === 3) {
        i++;
        continue;
      }
      const e = base + 64 + i * 32;
      const entryCrc = crc32(image.subarray(e + 8, e + 32), crc32(image.subarray(e, e + 4)));
      if (u32(image, e + 4) !== entryCrc) problems.push(`page ${p} entry ${i}: entry CRC`);
      const ns = image[e];
      const type = image[e + 1];
      const span = image[e + 2];
      if (span < 1 || i + span > 126) {
        problems.push(`page ${p} entry ${i}: span ${span} runs past the page`);
        break;
      }
      for (let k = 1; k < span; k++) {
        const j = i + k;
        if (((image[base + 32 + (j >> 2)] >> ((j & 3) * 2)) & 3) !== 2) {
          problems.push(`page ${p} entry ${j}: payload entry not marked written`);
        }
      }
      const keyBytes = image.subarray(e + 8, e + 24);
      const key = new TextDecoder().decode(keyBytes.subarray(0, keyBytes.indexOf(0)));
      let value: bigint | Uint8Array;
      if (type === 0x21 || type === 0x41 || type === 0x42) {
        const size = u16(image, e + 24);
        const data = image.slice(e + 32, e + 32 + size);
        if (Math.ceil(size / 32) + 1 !== span) problems.push(`page ${p} entry ${i}: span/size`);
        if (u32(image, e + 28) !== crc32(data)) problems.push(`page ${p} entry ${i}: data CRC`);
        value = data;
      } else if (type === 0x48) {
        value = image.slice(e + 24, e + 32);
      } else {
        value = readInt(image, e + 24, type);
      }
      if (ns === 0 && type === 0x01) nsNames.set(Number(value), key);
      else raw.push({ ns, key, type, value, chunk: image[e + 3] });
      i += span;
    }
  }
  // Reassemble v2 blobs: each index names its chunk count; chunks precede it in order.
  const items: DecodedItem[] = [];
  const chunks = new Map<string, Uint8Array[]>();
  for (const r of raw) {
    const id = `${r.ns}/${r.key}`;
    if (r.type === 0x42) {
      const list = chunks.get(id) ?? [];
      if (list.length !== r.chunk) problems.push(`${id}: chunk ${r.chunk} out of order`);
      list.push(r.value as Uint8Array);
      chunks.set(id, list);
      continue;
    }
    let type = r.type;
    let value = r.value;
    if (r.type === 0x48) {
      const idx = r.value as Uint8Array;
      const total = u32(idx, 0);
      const list = chunks.get(id) ?? [];
      chunks.delete(id);
      if (list.length !== idx[4]) problems.push(`${id}: chunk count`);
      const joined = new Uint8Array(list.reduce((n, c) => n + c.length, 0));
      let o = 0;
      for (const c of list) {
        joined.set(c, o);
        o += c.length;
      }
      if (joined.length !== total) problems.push(`${id}: blob size`);
      type = 0x41;
      value = joined;
    }
    const namespace = nsNames.get(r.ns);
    if (namespace === undefined) problems.push(`${r.key}: namespace ${r.ns} has no entry`);
    items.push({ namespace: namespace ?? "?", key: r.key, type, value });
  }
  for (const id of chunks.keys()) problems.push(`${id}: chunks without an index`);
  return { items, pageStates, problems };
}

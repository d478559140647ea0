/**
 * The benchmarks' batch, shared by `scripts/bench_mfg.ts` (the command line) and
 * `scripts/bench_web.ts` (the browser page): two namespaces, a dozen keys (REPEAT ones
 * among them), a metadata column, and per device a ~1.2 KB certificate and a private key
 * file, named by the `serial` column (`--fileid serial`).
 *
 * @module
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { buildKeyPartition, generateKeys } from "../src/crypto/mod.ts";

/** Deterministic bytes (xorshift32) for a seed. */
function pseudoRandom(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761 >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Standard base64 of bytes. */
function base64(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

/** The batch's input files, relative to its directory: shared ones, then per device. */
export interface Inputs {
  /** Files every run reads: the configuration and the master values. */
  shared: string[];
  /** Each device's id and the files its `file` values name. */
  devices: { id: string; files: string[] }[];
}

/**
 * Writes a batch of `devices` devices into `dir`: `config.csv`, `values.csv`,
 * `input_key.bin`, `certs/<serial>.pem` and `devkeys/<serial>.der` (the values name
 * them relative to `dir`). Returns the files a run reads.
 */
export function makeBatch(dir: string, devices: number): Inputs {
  const inputs: Inputs = { shared: ["config.csv", "values.csv"], devices: [] };
  fs.mkdirSync(path.join(dir, "certs"), { recursive: true });
  fs.mkdirSync(path.join(dir, "devkeys"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "config.csv"),
    [
      "factory,namespace,",
      "serial,data,string",
      "mac,data,hex2bin",
      "hw_rev,data,u8,REPEAT",
      "model,data,string,REPEAT",
      "batch,data,u16",
      "mfg_date,data,u32,REPEAT",
      "cal,data,base64",
      "cert,file,string",
      "devkey,file,binary",
      "app,namespace,",
      "region,data,string,REPEAT",
      "boots,data,u64",
      "url,data,string",
      "",
    ].join("\n"),
  );
  const rows = [
    "serial,mac,hw_rev,model,batch,mfg_date,cal,cert,devkey,region,boots,url,operator",
  ];
  for (let i = 1; i <= devices; i++) {
    const serial = `NF-${String(i).padStart(7, "0")}`;
    const body = base64(pseudoRandom(i, 870)).replace(/(.{64})/g, "$1\n");
    fs.writeFileSync(
      path.join(dir, "certs", `${serial}.pem`),
      `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    );
    fs.writeFileSync(path.join(dir, "devkeys", `${serial}.der`), pseudoRandom(i + 7, 121));
    inputs.devices.push({ id: serial, files: [`certs/${serial}.pem`, `devkeys/${serial}.der`] });
    const first = i === 1;
    rows.push([
      serial,
      `a4cf12${i.toString(16).padStart(6, "0")}`,
      first ? "3" : "",
      first ? '"ESP32-S3, rev B"' : "",
      String(100 + (i % 7)),
      first ? "20261124" : "",
      base64(pseudoRandom(i + 3, 16)),
      `certs/${serial}.pem`,
      `devkeys/${serial}.der`,
      first ? "EU" : "",
      "0",
      `https://provision.example.com/d/${serial}`,
      `op${i % 5}`,
    ].join(","));
  }
  fs.writeFileSync(path.join(dir, "values.csv"), rows.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "input_key.bin"), buildKeyPartition(generateKeys()));
  return inputs;
}

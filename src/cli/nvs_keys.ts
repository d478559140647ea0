/**
 * `nvsforge nvs encrypt`, `nvs decrypt` and `nvs generate-key`: the drop-ins for
 * `nvs_partition_gen.py encrypt|decrypt|generate-key` (`generate-key` is also mfg_gen's).
 *
 * @module
 */

import { IMAGE_MAX_BYTES } from "./inputs.ts";
import { buildKeyPartition, decryptPartition, encryptPartition } from "../crypto/mod.ts";
import { NvsforgeError } from "../errors.ts";
import type { Warning } from "../errors.ts";
import { READ_ONLY_NOTICE } from "../format/size.ts";
import { readKeyFile } from "../key_files.ts";
import * as rt from "../runtime/mod.ts";
import { describeSystemError as describe } from "../errors.ts";
import {
  addKeyFiles,
  checkEncryptOptions,
  checkHmacOptions,
  defaultKeyFileName,
  keyFilePath,
  newKeys,
  readInputKey,
} from "./keys.ts";
import type { KeyOptions } from "./keys.ts";
import { buildImage, splitGenerateArgs } from "./nvs_generate.ts";
import type { GenerateOptions } from "./nvs_generate.ts";
import { checkBinExtension, OutputSet, targetPath } from "./output.ts";
import { printNote, printResult, printWarnings } from "./report.ts";
import { nvsFromInput } from "./dump.ts";
import { addFlashFiles, withExtension } from "./flash_outputs.ts";
import { chooseTableLater } from "./table_options.ts";
import type { TableOptions } from "./table_options.ts";
import { planFlash } from "../flash/layout.ts";
import type { DumpCliOptions } from "./dump.ts";

/** Options of `nvs encrypt`. */
export type EncryptOptions = GenerateOptions & KeyOptions & TableOptions;

/** Runs `nvs encrypt`. */
export async function nvsEncrypt(
  args: readonly string[],
  options: EncryptOptions,
): Promise<void> {
  const { inputs, output, size: sizeText } = splitGenerateArgs(args);
  const warnings: Warning[] = [];
  try {
    warnings.push(...checkEncryptOptions(options));
    const inputKey = options.inputkey !== undefined
      ? readInputKey(options.inputkey, (w) => warnings.push(w))
      : undefined;
    const { size, choice } = await chooseTableLater(options, sizeText);
    const plan = choice &&
      planFlash(choice.table, {
        partition: choice.nvs.name,
        keyPartition: !options.keyProtectHmac,
        file: choice.file,
        onWarning: (w) => warnings.push(w),
      });
    const built = await buildImage(inputs, output, size ?? sizeText, options);
    const generated = inputKey
      ? undefined
      : newKeys(options, options.outdir, options.keyfile ?? defaultKeyFileName());
    const image = encryptPartition(built.image, { keys: inputKey ?? generated!.keys64 });
    if (built.size.readOnly) printNote(READ_ONLY_NOTICE);
    const out = new OutputSet();
    let flash: string[] = [];
    try {
      if (generated) addKeyFiles(out, generated.files, options.force);
      out.add(built.target, image);
      if (plan) {
        // The key partition to flash: the generated one, or one made from --inputkey.
        let keys: { target: string; data: Uint8Array } | undefined;
        if (plan.keys && generated) {
          const f = generated.files.at(-1)!;
          keys = { target: f.path, data: f.data };
        } else if (plan.keys && inputKey) {
          const stem = rt.paths.basename(withExtension(output, ""));
          keys = {
            target: keyFilePath(options.outdir, `keys-${stem}.bin`),
            data: buildKeyPartition(inputKey),
          };
          if (!sameFile(keys.target, keys.data)) {
            addKeyFiles(out, [{ path: keys.target, data: keys.data }], options.force);
          }
        }
        flash = addFlashFiles(
          out,
          options.outdir,
          plan,
          { target: built.target, data: image },
          keys,
          options.hex,
        );
      }
      out.commit();
    } catch (e) {
      out.rollback();
      throw e;
    }
    for (const f of generated?.files ?? []) printResult(`Created encryption keys: ===> ${f.path}`);
    printResult(`Created NVS binary: ===> ${built.target}`);
    for (const line of flash) printResult(line);
    if (plan && options.keyProtectHmac) {
      const hmac = options.kpHmacInputkey ?? generated?.files[0]?.path;
      printNote(
        `--key_protect_hmac: no key partition is flashed; burn the HMAC key ${hmac} into an eFuse key block (espefuse burn-key … HMAC_UP)`,
      );
    }
  } finally {
    printWarnings(warnings);
  }
}

function sameFile(path: string, data: Uint8Array): boolean {
  try {
    const old = rt.readFile(path);
    return old.length === data.length && old.every((b, i) => b === data[i]);
  } catch {
    return false;
  }
}

/** Options of `nvs decrypt`. */
export interface DecryptOptions extends DumpCliOptions {
  /** `--outdir`. */
  outdir?: string;
}

function readInput(file: string, what: string, maxBytes: number): Uint8Array {
  try {
    return rt.readRegularFile(file, maxBytes);
  } catch (e) {
    throw new NvsforgeError("file-unreadable", `cannot read ${what}: ${describe(e)}`, { file });
  }
}

/**
 * Runs `nvs decrypt <input.bin> [key.bin] <output.bin>`. The input may be a full flash
 * dump; then the key file may be left out when the dump's key partition is readable.
 */
export function nvsDecrypt(
  input: string,
  key: string | undefined,
  output: string,
  options: DecryptOptions,
): void {
  checkBinExtension(input, "input file");
  if (key !== undefined) checkBinExtension(key, "key file");
  checkBinExtension(output);
  const warnings: Warning[] = [];
  try {
    const keyFile = key !== undefined
      ? readKeyFile(key, "key-partition", (w) => warnings.push(w)).keys64
      : undefined;
    const { image: encrypted, dumpKeys, fromDump } = nvsFromInput(
      readInput(input, "encrypted image", IMAGE_MAX_BYTES),
      input,
      options,
      (w) => warnings.push(w),
    );
    const keys64 = keyFile ?? dumpKeys;
    if (!keys64) {
      throw new NvsforgeError(
        "usage",
        fromDump
          ? "the dump has no readable key partition: give the key file (nvs decrypt <dump.bin> <key.bin> <output.bin>)"
          : "expected <input.bin> <key.bin> <output.bin>: the key file is left out only for a full flash dump that holds its key partition",
        { file: input },
        "usage",
      );
    }
    if (encrypted.length === 0 || encrypted.length % 4096 !== 0) {
      throw new NvsforgeError(
        "invalid-size",
        `the image is ${encrypted.length} bytes: an NVS partition is a whole number of 4096-byte pages`,
        { file: input },
      );
    }
    const plain = decryptPartition(encrypted, { keys: keys64 });
    const target = targetPath(options.outdir, output);
    const out = new OutputSet();
    out.add(target, plain);
    out.commit();
    printResult(`Created NVS decrypted binary: ===> ${target}`);
  } finally {
    printWarnings(warnings);
  }
}

/** Options of `generate-key`. */
export type GenerateKeyOptions = KeyOptions & { outdir?: string };

/** Runs `nvs generate-key` (and mfg's `generate-key`). */
export function nvsGenerateKey(options: GenerateKeyOptions): void {
  checkHmacOptions(options);
  const { files } = newKeys(options, options.outdir, options.keyfile ?? defaultKeyFileName());
  const out = new OutputSet();
  addKeyFiles(out, files, options.force);
  out.commit();
  for (const f of files) printResult(`Created encryption keys: ===> ${f.path}`);
}

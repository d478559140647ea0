/**
 * Encryption keys on the command line, shared by `nvs encrypt`, `nvs generate-key`,
 * `generate` (mfg) and `generate-key` (mfg): the option rules, reading `--inputkey`
 * and `--kp_hmac_inputkey` files, making new key material (CSPRNG, or derived from an
 * HMAC key), and the key files to write with the reference's names.
 *
 * Key files are written with mode 0600 and never replace an existing file unless
 * `--force` is given; key bytes are never printed.
 *
 * @module
 */

import { Option } from "commander";
import {
  buildKeyPartition,
  deriveKeysFromHmacKey,
  generateHmacKey,
  generateKeys,
} from "../crypto/mod.ts";
import { readKeyFile } from "../key_files.ts";
import type { KeyFileKind, KeyMaterial } from "../key_files.ts";
import { NvsforgeError, quotePath, UsageError } from "../errors.ts";
import type { Warning } from "../errors.ts";
import * as rt from "../runtime/mod.ts";
import { expandHome, OutputSet } from "./output.ts";

/** The key options, as commander gives them (kebab-case names camel-cased). */
export interface KeyOptions {
  /** `--keygen`: generate a new key. */
  keygen?: boolean;
  /** `--inputkey F`: encrypt with the key in F. */
  inputkey?: string;
  /** `--keyfile F`: name of the key file to write. */
  keyfile?: string;
  /** `--key_protect_hmac`: derive the XTS keys from an HMAC key. */
  keyProtectHmac?: boolean;
  /** `--kp_hmac_keygen`: generate the HMAC key. */
  kpHmacKeygen?: boolean;
  /** `--kp_hmac_keyfile F`: name of the HMAC key file to write. */
  kpHmacKeyfile?: string;
  /** `--kp_hmac_inputkey F`: the HMAC key to derive from. */
  kpHmacInputkey?: string;
  /** `--force`: replace existing key files. */
  force?: boolean;
}

/** A file to write: where, and its bytes. */
export interface KeyFile {
  /** Target path. */
  path: string;
  /** Content. */
  data: Uint8Array;
}

/** Mode of every key file nvsforge writes. */
export const KEY_FILE_MODE = 0o600;

function usage(detail: string): NvsforgeError {
  return new UsageError("usage", detail);
}

/**
 * Checks the HMAC options: they need `--key_protect_hmac`, which needs exactly one of
 * `--kp_hmac_keygen` and `--kp_hmac_inputkey`; `--kp_hmac_keyfile` names a generated key.
 */
export function checkHmacOptions(o: KeyOptions): void {
  const hmacOptions = [
    o.kpHmacKeygen && "--kp_hmac_keygen",
    o.kpHmacKeyfile !== undefined && "--kp_hmac_keyfile",
    o.kpHmacInputkey !== undefined && "--kp_hmac_inputkey",
  ].filter(Boolean);
  if (!o.keyProtectHmac) {
    if (hmacOptions.length) {
      const verb = hmacOptions.length > 1 ? "need" : "needs";
      throw usage(`${hmacOptions.join(" and ")} ${verb} --key_protect_hmac`);
    }
    return;
  }
  if (o.kpHmacKeygen && o.kpHmacInputkey !== undefined) {
    throw usage("--kp_hmac_keygen and --kp_hmac_inputkey exclude each other: give one");
  }
  if (!o.kpHmacKeygen && o.kpHmacInputkey === undefined) {
    throw usage("--key_protect_hmac needs --kp_hmac_keygen or --kp_hmac_inputkey F");
  }
  if (o.kpHmacKeyfile !== undefined && !o.kpHmacKeygen) {
    throw usage("--kp_hmac_keyfile names a generated HMAC key: it needs --kp_hmac_keygen");
  }
}

/**
 * Checks the options of a command that encrypts: exactly one of `--keygen` and
 * `--inputkey`; HMAC options only with `--keygen`. Returns warnings to print.
 */
export function checkEncryptOptions(o: KeyOptions): Warning[] {
  if (o.keygen && o.inputkey !== undefined) {
    throw usage("--keygen and --inputkey exclude each other: give one");
  }
  if (!o.keygen && o.inputkey === undefined) {
    throw usage("encryption needs --keygen (make a new key) or --inputkey F (use the key in F)");
  }
  if (o.inputkey !== undefined && o.keyProtectHmac) {
    throw usage(
      "--key_protect_hmac derives a new key from an HMAC key: it needs --keygen, not --inputkey",
    );
  }
  checkHmacOptions(o);
  const warnings: Warning[] = [];
  if (o.inputkey !== undefined && o.keyfile !== undefined) {
    warnings.push({
      code: "usage",
      message: "--inputkey is given: --keyfile is ignored (no key file is written)",
    });
  }
  return warnings;
}

/**
 * Reads the key file an option names (see `src/key_files.ts`), with the reference's
 * `.bin` rule for its name.
 */
export function readKeyOption(
  file: string,
  option: string,
  kind: KeyFileKind,
  onWarning?: (w: Warning) => void,
): KeyMaterial {
  if (!rt.paths.extname(file).toLowerCase().includes(".bin")) {
    throw usage(`${option} file ${quotePath(file)} must have the .bin extension`);
  }
  return readKeyFile(file, kind, onWarning);
}

/**
 * Reads an `--inputkey` file: a 4096-byte key partition (CRC checked) or a file whose
 * first 64 bytes are the keys. Warnings (an unusual size) go to `onWarning`.
 */
export function readInputKey(file: string, onWarning?: (w: Warning) => void): Uint8Array {
  return readKeyOption(file, "--inputkey", "key-partition", onWarning).keys64;
}

/** Reads a `--kp_hmac_inputkey` file and derives the XTS keys from it. */
export function keysFromHmacFile(file: string): Uint8Array {
  return readKeyOption(file, "--kp_hmac_inputkey", "hmac-key").keys64;
}

/** `keys-MM-DD_HH-MM.bin`: the reference's default key file name (local time). */
export function defaultKeyFileName(now: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `keys-${two(now.getMonth() + 1)}-${two(now.getDate())}_${two(now.getHours())}-${
    two(now.getMinutes())
  }.bin`;
}

/**
 * Where a key file goes: `<outdir>/keys/<name>` (an absolute name is used as it is);
 * a name without an extension gets `.bin`, another extension is an error.
 */
export function keyFilePath(outdir: string | undefined, name: string): string {
  const ext = rt.paths.extname(name);
  if (!ext) name += ".bin";
  else if (!ext.toLowerCase().includes(".bin")) {
    throw usage(`key file ${quotePath(name)} must have the .bin extension`);
  }
  if (rt.paths.isAbsolute(name)) return name;
  return rt.paths.join(expandHome(outdir ?? "."), "keys", name);
}

/**
 * Makes new key material as `generate-key` does: random XTS keys, or with
 * `--key_protect_hmac` keys derived from an HMAC key (read, or generated and then
 * written as a key file too). Returns the key material and the files to write.
 */
export function newKeys(
  o: KeyOptions,
  outdir: string | undefined,
  keyfileName: string,
): { keys64: Uint8Array; files: KeyFile[] } {
  const files: KeyFile[] = [];
  let keys64: Uint8Array;
  if (o.keyProtectHmac) {
    if (o.kpHmacKeygen) {
      const hmacKey = generateHmacKey();
      const name = o.kpHmacKeyfile ?? `hmac-${keyfileName}`;
      files.push({ path: keyFilePath(outdir, name), data: hmacKey });
      keys64 = deriveKeysFromHmacKey(hmacKey);
    } else {
      keys64 = keysFromHmacFile(o.kpHmacInputkey!);
    }
  } else {
    keys64 = generateKeys();
  }
  files.push({ path: keyFilePath(outdir, keyfileName), data: buildKeyPartition(keys64) });
  return { keys64, files };
}

/** Stages key files in an output set: mode 0600, never over an existing file without --force. */
export function addKeyFiles(out: OutputSet, files: readonly KeyFile[], force = false): void {
  for (const f of files) out.add(f.path, f.data, { mode: KEY_FILE_MODE, overwrite: force });
}

/** The HMAC key-protection options of every command that makes keys (fresh instances). */
export function hmacOptions(): Option[] {
  return [
    new Option(
      "--key-protect-hmac",
      "derive the XTS keys from an HMAC key (NVS key protection based on the HMAC peripheral)",
    ),
    new Option("--kp-hmac-keygen", "generate the HMAC key (written to <outdir>/keys/)"),
    new Option("--kp-hmac-keyfile <file>", "name of the generated HMAC key file"),
    new Option("--kp-hmac-inputkey <file>", "the 32-byte HMAC key to derive the XTS keys from"),
  ];
}

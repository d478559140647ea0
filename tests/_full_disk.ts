/**
 * A small full file system for the tests of full disks: a tmpfs of a few kilobytes,
 * mounted in a scratch directory (root only; `fullDiskReason` says why not when it
 * cannot be mounted) and unmounted and removed when disposed, also when the test fails.
 *
 * ```ts ignore
 * using disk = smallDisk(64);
 * // write into disk.path until it is full
 * ```
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A mounted tmpfs that unmounts itself when disposed. */
export interface SmallDisk extends Disposable {
  /** Where it is mounted. */
  readonly path: string;
}

/** Mounts a tmpfs of `kib` KiB in a new scratch directory. */
export function smallDisk(kib: number): SmallDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nvsforge-disk-"));
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k`, "tmpfs", dir], {
    encoding: "utf8",
  });
  if (r.status !== 0) {
    fs.rmdirSync(dir);
    throw new Error(`cannot mount a tmpfs: ${r.stderr || r.error}`);
  }
  return {
    path: dir,
    [Symbol.dispose]() {
      spawnSync("umount", [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Why a small disk cannot be mounted here (undefined: it can). */
export const fullDiskReason: string | undefined = (() => {
  if (os.platform() !== "linux") return "tmpfs mounts need Linux";
  try {
    smallDisk(16)[Symbol.dispose]();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
})();

if (fullDiskReason) console.error(`full-disk tests ignored: ${fullDiskReason}`);

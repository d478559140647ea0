/**
 * The crash-safe file protocol every command writes its outputs with. An output never
 * appears half-written under its own name, and a commit never replaces a file it did
 * not check:
 *
 * - **Temporary names**: a file is written beside its target as `.<name>.<tag>.tmp`
 *   (`tag`: 8 hex digits naming one run), created exclusively (never over anything),
 *   with its mode masked by the umask (key files 0600). A write that fails (a full
 *   disk) removes its temporary file and is an {@linkcode OutputError}: one line, exit
 *   status 3.
 * - **Staging directories**: an output directory that does not exist yet is written
 *   whole as `.<dir>-<prefix>.<tag>.tmp` beside it and moved into place with one rename.
 * - **Commit**: create-only (a hard link, then the temporary name removed), so that a
 *   file another run wrote meanwhile is reported, never replaced; a replacement only
 *   where the caller checked the target existed (and may be replaced).
 * - **Rollback**: {@linkcode OutputSet} removes what it wrote and the directories it made.
 * - **Leftovers** of a killed run: {@linkcode removeLeftovers},
 *   {@linkcode removeStaleStagingDirectories} and {@linkcode removeBatchLeftovers}
 *   recognise the names above.
 * - **Resume**: {@linkcode sameContent} and {@linkcode FileComparer} compare what is on
 *   disk with what a run would write.
 *
 * The pieces live in `src/file_protocol/`: `names.ts`, `write.ts`, `output_set.ts`,
 * `resume.ts`; this module is their one entry point.
 *
 * @module
 */

export {
  isBatchName,
  newRunTag,
  pathUnder,
  removeBatchLeftovers,
  removeLeftovers,
  removeLeftoversOf,
  removeStaged,
  removeStaleStagingDirectories,
  stagingDirectoryName,
  temporaryName,
} from "./file_protocol/names.ts";
export {
  commitStaged,
  commitStagingDirectory,
  KEY_MODE,
  moveInto,
  openProgressive,
  stageFile,
  writeError,
  writeNew,
} from "./file_protocol/write.ts";
export type { ProgressiveFile } from "./file_protocol/write.ts";
export { OutputSet } from "./file_protocol/output_set.ts";
export type { AddOptions } from "./file_protocol/output_set.ts";
export { FileComparer, sameContent } from "./file_protocol/resume.ts";

/** The (tool, subcommand) pairs of the vectors that nvsforge implements; each one's cases must all pass. */
export const IMPLEMENTED: ReadonlySet<string> = new Set([
  "nvs_partition_gen generate",
  "nvs_partition_gen encrypt",
  "nvs_partition_gen decrypt",
  "nvs_partition_gen generate-key",
  "mfg_gen generate",
  "mfg_gen generate-key",
]);

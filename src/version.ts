/** The nvsforge version (kept equal to deno.json's and package.json's by a test). */
export const VERSION = "0.1.0";

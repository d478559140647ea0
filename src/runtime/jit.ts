/**
 * The JIT policy of the compiled Bun executable (see {@linkcode normalJitPolicy}).
 *
 * @module
 */

/**
 * Gives the JIT its usual eagerness back. The compiled Bun executable starts with a
 * reluctant one (`bun build --compile-jit-policy`, scripts/build_executables.ts): one
 * image is run-once code, which the interpreter runs sooner than the JIT compiles it.
 * A command that may run for long (every command but the fast path's one image, and
 * each worker thread) calls this first. Nothing under Deno, Node or `bun cli.ts`
 * (where the policy is already the usual one).
 */
export function normalJitPolicy(): void {
  const bun = (globalThis as { Bun?: { unsafe?: { setJITPolicy?(scale: number): void } } }).Bun;
  bun?.unsafe?.setJITPolicy?.(1);
}

/**
 * Node's built-in modules where the runtime has them, reached without an `import "node:…"`: the
 * tensor layer also runs in a browser (src/browser.ts), where these are undefined and each caller
 * falls back (WebAssembly bytes given to `initWasm`, one thread instead of a worker pool).
 * `process.getBuiltinModule` is Node's own way to do this (Node ≥ 20.16).
 *
 *   nodeBuiltin("node:os")?.availableParallelism() ?? 1
 */
import type * as Fs from "node:fs";
import type * as Os from "node:os";
import type * as V8 from "node:v8";
import type * as WorkerThreads from "node:worker_threads";

interface Builtins {
  "node:fs": typeof Fs;
  "node:os": typeof Os;
  "node:v8": typeof V8;
  "node:worker_threads": typeof WorkerThreads;
}

interface NodeProcess {
  getBuiltinModule?: (name: string) => unknown;
  env?: Record<string, string | undefined>;
}

const nodeProcess = (globalThis as { process?: NodeProcess }).process;

/** The built-in module `name`, or undefined outside Node. */
export function nodeBuiltin<K extends keyof Builtins>(name: K): Builtins[K] | undefined {
  return nodeProcess?.getBuiltinModule?.(name) as Builtins[K] | undefined;
}

/** An environment variable, or undefined where there is no environment (a browser). */
export function envVar(name: string): string | undefined {
  return nodeProcess?.env?.[name];
}

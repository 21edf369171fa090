/**
 * The KV cache at work, step by step, for `run --show-cache` / `--no-cache` and the lab.
 *
 * With the cache, step t runs one token and reads the t keys and values already stored; without
 * it (`useCache: false`), step t runs all t tokens again. Each record says how many tokens the
 * forward pass ran, how many positions the cache holds after it, the bytes that takes, and the time.
 *
 *   step 0 (prefill)  ran 5  cached 5  …
 *   step 1            ran 1  cached 6  …        (no cache: ran 6)
 */
import type { GenerationObserver } from "../generation/observer.ts";

export interface CacheStep {
  step: number;
  /** Tokens the forward pass ran. */
  ran: number;
  /** Positions in the cache after the step. */
  cached: number;
  /** Bytes those positions take (cached × the bytes of one position's keys and values in every layer). */
  bytesUsed?: number;
  /** Bytes the whole cache holds (allocated for the full context). */
  bytesAllocated?: number;
  ms: number;
}

/** An observer that records every forward pass (prefill is step 0). */
export function recordCache(options: { contextLength?: number; onStep?: (step: CacheStep) => void } = {}): {
  observer: GenerationObserver;
  steps: CacheStep[];
} {
  const steps: CacheStep[] = [];
  const observer: GenerationObserver = {
    forward(info) {
      const perPosition =
        info.cacheBytes !== undefined && options.contextLength
          ? info.cacheBytes / options.contextLength
          : undefined;
      const step: CacheStep = {
        step: steps.length,
        ran: info.tokens,
        cached: info.position,
        bytesUsed: perPosition === undefined ? undefined : Math.round(perPosition * info.position),
        bytesAllocated: info.cacheBytes,
        ms: info.ms,
      };
      steps.push(step);
      options.onStep?.(step);
    },
  };
  return { observer, steps };
}

/** Several observers as one (e.g. sampling stages and cache steps together). */
export function combineObservers(...observers: (GenerationObserver | undefined)[]): GenerationObserver {
  const list = observers.filter((o): o is GenerationObserver => o !== undefined);
  return {
    stage: (name, scores) => {
      for (const o of list) o.stage?.(name, scores);
    },
    pick: (id) => {
      for (const o of list) o.pick?.(id);
    },
    forward: (info) => {
      for (const o of list) o.forward?.(info);
    },
  };
}

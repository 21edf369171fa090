/**
 * Inference with a KV cache: prefill, then decode.
 *
 * Prefill runs the whole prompt at once (n tokens → n rows of K and V stored per layer). Each decode
 * step then runs ONE token: its query attends to the cached keys and values, so a step costs the same
 * whatever came before it. Without the cache, every step re-runs the whole text so far.
 * Both ways give the same logits; the cache only saves work. The model is a tiny random Qwen2.
 * Run: npm run example -- kv-cache
 */
import { argmax } from "tongguan";
import { isMain, TINY_QWEN2, tinyQwen2 } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log, steps = 24) {
  const model = tinyQwen2();
  const c = TINY_QWEN2;
  const prompt = [1, 5, 9, 14, 2, 7, 3, 11];
  // With the cache.
  const session = model.newSession({ contextLength: prompt.length + steps });
  const kvBytes = () => session.cacheBytes;
  let t = performance.now();
  let logits = session.forward(prompt);
  const prefillMs = performance.now() - t;
  print(
    `prefill: ids [1, ${prompt.length}] → hidden [1, ${prompt.length}, ${c.hiddenSize}] → logits of the last token [1, ${c.vocabSize}]`,
  );
  print(
    `  K and V cached per layer: [${prompt.length}, ${c.numKvHeads} kv heads × ${c.headDim}] × ${c.numLayers} layers`,
  );
  const ids = [...prompt];
  const cached: Float32Array[] = [];
  t = performance.now();
  for (let s = 0; s < steps; s++) {
    const next = argmax(logits);
    ids.push(next);
    logits = session.forward([next]);
    cached.push(Float32Array.from(logits));
  }
  const cachedMs = performance.now() - t;
  print(
    `decode: each step ids [1, 1] → logits [1, ${c.vocabSize}]; after ${steps} steps the cache holds ${session.position} positions`,
  );
  // Without the cache: a fresh session re-runs all tokens so far at each step.
  let maxDiff = 0;
  t = performance.now();
  for (let s = 0; s < steps; s++) {
    const fresh = model.newSession({ contextLength: prompt.length + steps });
    const l = fresh.forward(ids.slice(0, prompt.length + s + 1));
    for (let i = 0; i < l.length; i++) maxDiff = Math.max(maxDiff, Math.abs(l[i] - cached[s][i]));
    fresh.release?.();
  }
  const uncachedMs = performance.now() - t;
  print(
    `time for ${steps} decode steps: with cache ${cachedMs.toFixed(1)} ms, without ${uncachedMs.toFixed(1)} ms (prefill ${prefillMs.toFixed(1)} ms)`,
  );
  print(
    `largest |logit difference| cache vs no cache: ${maxDiff.toExponential(2)}  (cache: ${kvBytes()} bytes)`,
  );
  return { maxDiff, position: session.position, cachedMs, uncachedMs };
}

if (isMain(import.meta.url)) main();

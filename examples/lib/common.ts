/**
 * What the examples share: a seeded random source, a tiny Qwen2-shaped model built from random
 * weights (through the engine's own constructor, under Hugging Face names), number formatting, and
 * "was this file run directly?" (an example prints when run, and returns its numbers when a test
 * imports it).
 */
import { fileURLToPath } from "node:url";
import { Llama, type ModelConfig, Tensor } from "tongguan";

/** True when `url` (import.meta.url) is the file node was asked to run. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(url) === process.argv[1];
}

/** Mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n numbers, uniform in [−scale, scale). */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() * 2 - 1) * scale;
  return out;
}

/** Numbers as a short, aligned list: [0.090, 0.245, 0.665]. */
export function fmt(xs: ArrayLike<number>, digits = 3): string {
  return `[${Array.from(xs, (x) => x.toFixed(digits).padStart(digits + 3)).join(", ")}]`;
}

/** Qwen2-0.5B's shape, shrunk: same diagram (GQA, q/k/v biases, RMSNorm, SwiGLU, RoPE θ = 1e6). */
export const TINY_QWEN2: ModelConfig = {
  architecture: "qwen2",
  vocabSize: 64,
  hiddenSize: 32,
  numLayers: 2,
  numHeads: 4,
  numKvHeads: 2,
  headDim: 8,
  intermediateSize: 48,
  contextLength: 64,
  norm: "rmsnorm",
  normEps: 1e-6,
  positions: "rope",
  ropeTheta: 1e6,
  ropeLayout: "neox",
  activation: "silu",
  tieWordEmbeddings: true,
  attentionBias: true,
  qkNorm: false,
  causal: true,
  typeVocabSize: 0,
  eosTokenIds: [],
};

/** The weights a Qwen2 checkpoint holds, by Hugging Face name and shape. */
export function qwen2WeightShapes(c: ModelConfig): Record<string, number[]> {
  const d = c.hiddenSize;
  const q = c.numHeads * c.headDim;
  const kv = c.numKvHeads * c.headDim;
  const f = c.intermediateSize;
  const spec: Record<string, number[]> = { "model.embed_tokens.weight": [c.vocabSize, d] };
  for (let i = 0; i < c.numLayers; i++) {
    const p = `model.layers.${i}.`;
    Object.assign(spec, {
      [`${p}input_layernorm.weight`]: [d],
      [`${p}self_attn.q_proj.weight`]: [q, d],
      [`${p}self_attn.q_proj.bias`]: [q],
      [`${p}self_attn.k_proj.weight`]: [kv, d],
      [`${p}self_attn.k_proj.bias`]: [kv],
      [`${p}self_attn.v_proj.weight`]: [kv, d],
      [`${p}self_attn.v_proj.bias`]: [kv],
      [`${p}self_attn.o_proj.weight`]: [d, q],
      [`${p}post_attention_layernorm.weight`]: [d],
      [`${p}mlp.gate_proj.weight`]: [f, d],
      [`${p}mlp.up_proj.weight`]: [f, d],
      [`${p}mlp.down_proj.weight`]: [d, f],
    });
  }
  spec["model.norm.weight"] = [d];
  return spec;
}

/** Random weights for `c` (norm weights near 1, the rest uniform, scaled by 1/√fan-in). */
export function randomQwen2Weights(c: ModelConfig = TINY_QWEN2, seed = 1): Map<string, Tensor> {
  const m = new Map<string, Tensor>();
  let s = seed;
  for (const [name, shape] of Object.entries(qwen2WeightShapes(c))) {
    const n = shape.reduce((a, b) => a * b, 1);
    const isNorm = name.endsWith("layernorm.weight") || name === "model.norm.weight";
    const fanIn = shape.length === 2 ? shape[1] : c.hiddenSize;
    const values = randomArray(n, s++, isNorm ? 0.1 : Math.sqrt(3 / fanIn));
    if (isNorm) for (let i = 0; i < n; i++) values[i] += 1;
    m.set(name, Tensor.from(values, shape));
  }
  return m;
}

/** A tiny Qwen2 the engine runs like a real one (random weights: its text is noise, its shapes are real). */
export function tinyQwen2(c: ModelConfig = TINY_QWEN2, seed = 1): Llama {
  return new Llama(c, randomQwen2Weights(c, seed), "tiny random qwen2");
}

/** The tokenizer tongguan ships (byte-level BPE, 3000 tokens): assets/tokenizers/tongguan-demo. */
export const DEMO_TOKENIZER = fileURLToPath(
  new URL("../../assets/tokenizers/tongguan-demo/tokenizer.json", import.meta.url),
);

/** The model tongguan ships (a 1M-parameter GPT-2 trained on the King James Bible): assets/default-model. */
export const DEFAULT_MODEL = fileURLToPath(new URL("../../assets/default-model", import.meta.url));

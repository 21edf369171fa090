/**
 * Write Qwen2 from scratch, in 7 steps, each checked against the engine's own model on the same
 * (tiny, random) weights. Only plain loops here — no engine code but the weights' Map.
 *
 *   1 embedding      x = embed_tokens[ids]                                     (n, d)
 *   2 attention      h = RMSNorm(x); q, k, v = h·Wᵀ + b                        (n, heads·hd), (n, kvHeads·hd)
 *   3 RoPE           rotate pairs (i, i + hd/2) of q and k by pos·θ^(−2i/hd)
 *   4 KV cache       append k, v; each query attends to cached keys 0..its position (GQA: heads share KV)
 *   5 block          x += o_proj(attn); x += down(SiLU(gate(h))·up(h)), h = RMSNorm(x)
 *   6 output head    logits = RMSNorm(x)·embed_tokensᵀ (tied)                  (n, vocab)
 *   7 generate       greedy: prefill the prompt, then one token at a time through the cache
 * Run: npm run example -- qwen2-from-scratch
 */
import { argmax, type Tensor, type TensorEvent } from "tongguan";
import { isMain, randomQwen2Weights, TINY_QWEN2, tinyQwen2 } from "./lib/common.ts";

const c = TINY_QWEN2;
const [d, heads, kvHeads, hd] = [c.hiddenSize, c.numHeads, c.numKvHeads, c.headDim];

/** y (n, out) = x (n, in) · Wᵀ (+ b). W is (out, in), as PyTorch stores it. */
function linear(x: Float32Array, n: number, w: Tensor, b?: Tensor): Float32Array {
  const [out, inDim] = w.shape;
  const W = w.data as Float32Array;
  const y = new Float32Array(n * out);
  for (let r = 0; r < n; r++)
    for (let o = 0; o < out; o++) {
      let s = b ? (b.data as Float32Array)[o] : 0;
      for (let i = 0; i < inDim; i++) s += x[r * inDim + i] * W[o * inDim + i];
      y[r * out + o] = s;
    }
  return y;
}

function rmsNorm(x: Float32Array, n: number, w: Tensor): Float32Array {
  const W = w.data as Float32Array;
  const y = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    let ss = 0;
    for (let i = 0; i < d; i++) ss += x[r * d + i] ** 2;
    const inv = 1 / Math.sqrt(ss / d + c.normEps);
    for (let i = 0; i < d; i++) y[r * d + i] = x[r * d + i] * inv * W[i];
  }
  return y;
}

/** Step 3: rotate (in place) row r of x, `h` heads, at position start + r ("neox" halves). */
function rope(x: Float32Array, n: number, h: number, start: number): void {
  const half = hd / 2;
  for (let r = 0; r < n; r++)
    for (let head = 0; head < h; head++)
      for (let i = 0; i < half; i++) {
        const angle = (start + r) * c.ropeTheta ** (-(2 * i) / hd);
        const o = r * h * hd + head * hd;
        const [a, b] = [x[o + i], x[o + i + half]];
        x[o + i] = a * Math.cos(angle) - b * Math.sin(angle);
        x[o + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
      }
}

/** Step 4's cache: per layer, the keys and values of every position so far. */
class Cache {
  keys: number[][] = Array.from({ length: c.numLayers }, () => []);
  values: number[][] = Array.from({ length: c.numLayers }, () => []);
  get length(): number {
    return this.keys[0].length / (kvHeads * hd);
  }
}

/** Causal grouped-query attention of q (n, heads·hd) at positions start.. over the cache. */
function attend(q: Float32Array, n: number, start: number, keys: number[], values: number[]): Float32Array {
  const out = new Float32Array(n * heads * hd);
  const kvDim = kvHeads * hd;
  for (let r = 0; r < n; r++)
    for (let h = 0; h < heads; h++) {
      const kvh = Math.floor(h / (heads / kvHeads));
      const visible = start + r + 1;
      const scores = new Float64Array(visible);
      for (let j = 0; j < visible; j++) {
        let s = 0;
        for (let e = 0; e < hd; e++) s += q[r * heads * hd + h * hd + e] * keys[j * kvDim + kvh * hd + e];
        scores[j] = s / Math.sqrt(hd);
      }
      const max = Math.max(...scores);
      let sum = 0;
      for (let j = 0; j < visible; j++) sum += scores[j] = Math.exp(scores[j] - max);
      for (let j = 0; j < visible; j++)
        for (let e = 0; e < hd; e++)
          out[r * heads * hd + h * hd + e] += (scores[j] / sum) * values[j * kvDim + kvh * hd + e];
    }
  return out;
}

/** The whole forward pass of `ids` at positions cache.length.., recording layer 0's stages. */
function forward(w: Map<string, Tensor>, ids: number[], cache: Cache) {
  const get = (name: string) => w.get(name)!;
  const n = ids.length;
  const start = cache.length;
  const stages: Record<string, Float32Array> = {};
  // 1 embedding
  const E = get("model.embed_tokens.weight").data as Float32Array;
  const x = new Float32Array(n * d);
  ids.forEach((id, r) => {
    x.set(E.subarray(id * d, (id + 1) * d), r * d);
  });
  stages.embed = Float32Array.from(x);
  for (let l = 0; l < c.numLayers; l++) {
    const p = `model.layers.${l}.`;
    // 2 attention projections
    const h = rmsNorm(x, n, get(`${p}input_layernorm.weight`));
    const q = linear(h, n, get(`${p}self_attn.q_proj.weight`), get(`${p}self_attn.q_proj.bias`));
    const k = linear(h, n, get(`${p}self_attn.k_proj.weight`), get(`${p}self_attn.k_proj.bias`));
    const v = linear(h, n, get(`${p}self_attn.v_proj.weight`), get(`${p}self_attn.v_proj.bias`));
    // 3 RoPE
    rope(q, n, heads, start);
    rope(k, n, kvHeads, start);
    // 4 KV cache, attention
    cache.keys[l].push(...k);
    cache.values[l].push(...v);
    const a = attend(q, n, start, cache.keys[l], cache.values[l]);
    // 5 the rest of the block
    const o = linear(a, n, get(`${p}self_attn.o_proj.weight`));
    for (let i = 0; i < x.length; i++) x[i] += o[i];
    const h2 = rmsNorm(x, n, get(`${p}post_attention_layernorm.weight`));
    const gate = linear(h2, n, get(`${p}mlp.gate_proj.weight`));
    const up = linear(h2, n, get(`${p}mlp.up_proj.weight`));
    for (let i = 0; i < gate.length; i++) gate[i] = (gate[i] / (1 + Math.exp(-gate[i]))) * up[i]; // SiLU(g)·u
    const down = linear(gate, n, get(`${p}mlp.down_proj.weight`));
    for (let i = 0; i < x.length; i++) x[i] += down[i];
    if (l === 0) Object.assign(stages, { q, k, attn_out: a, l_out: Float32Array.from(x) });
  }
  // 6 output head (tied: the embedding table is the output matrix)
  const logits = linear(rmsNorm(x, n, get("model.norm.weight")), n, get("model.embed_tokens.weight"));
  return { logits, stages };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

export function main(print: (line: string) => void = console.log, newTokens = 8) {
  const weights = randomQwen2Weights();
  const engine = tinyQwen2(); // the same seed: the same weights
  const prompt = [3, 14, 15, 9, 2];
  const events = new Map<string, Float32Array>();
  const hook = (e: TensorEvent) => {
    if (e.layer <= 0) events.set(e.name, Float32Array.from(e.tensor.data as Float32Array));
  };
  const theirs = engine
    .newSession({ cacheTypeK: "f32", cacheTypeV: "f32" })
    .forward(prompt, { allPositions: true, hook });
  const { logits, stages } = forward(weights, prompt, new Cache());
  const n = prompt.length;
  const diffs: Record<string, number> = {};
  const step = (label: string, key: string, ours: Float32Array, shape: number[]) => {
    diffs[key] = maxDiff(ours, events.get(key)!);
    print(
      `${label.padEnd(22)} [${shape.join(", ")}]`.padEnd(40) +
        `max |ours − engine| = ${diffs[key].toExponential(1)}`,
    );
  };
  step("1 embedding", "embed", stages.embed, [n, d]);
  step("2+3 q after RoPE", "q", stages.q, [n, heads * hd]);
  step("2+3 k after RoPE", "k", stages.k, [n, kvHeads * hd]);
  step("4 attention (cache)", "attn_out", stages.attn_out, [n, heads * hd]);
  step("5 block output", "l_out", stages.l_out, [n, d]);
  diffs.logits = maxDiff(logits, theirs);
  print(
    `${"6 output head".padEnd(22)} [${n}, ${c.vocabSize}]`.padEnd(40) +
      `max |ours − engine| = ${diffs.logits.toExponential(1)}`,
  );
  // 7 generate, greedily, both ways.
  // Each step's logits are kept too: with random weights greedy text repeats, the logits do not.
  const ourLogits: Float32Array[] = [];
  const engineLogits: Float32Array[] = [];
  const generateOurs = () => {
    const cache = new Cache();
    let l = forward(weights, prompt, cache).logits.subarray((n - 1) * c.vocabSize);
    const out: number[] = [];
    for (let i = 0; i < newTokens; i++) {
      out.push(argmax(l));
      l = forward(weights, [out[i]], cache).logits;
      ourLogits.push(l);
    }
    return out;
  };
  const generateEngine = () => {
    const s = engine.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }); // our cache keeps f32 too
    let l = s.forward(prompt);
    const out: number[] = [];
    for (let i = 0; i < newTokens; i++) {
      out.push(argmax(l));
      l = s.forward([out[i]]);
      engineLogits.push(Float32Array.from(l));
    }
    return out;
  };
  const ours = generateOurs();
  const theirsIds = generateEngine();
  diffs.decode = Math.max(...ourLogits.map((l, i) => maxDiff(l, engineLogits[i])));
  print(
    `7 generate (greedy)    ours   ${ours.join(" ")}\n                       engine ${theirsIds.join(" ")}`,
  );
  print(`  decode-step logits through the cache: max |ours − engine| = ${diffs.decode.toExponential(1)}`);
  return { diffs, ours, engine: theirsIds };
}

if (isMain(import.meta.url)) main();

/**
 * GGUF metadata → ModelConfig. llama.cpp names every hyper-parameter `<arch>.<key>`:
 *
 *   llama.embedding_length = 4096        → hiddenSize
 *   llama.block_count = 32               → numLayers
 *   llama.attention.head_count_kv = 8    → numKvHeads
 *   llama.rope.freq_base = 500000        → ropeTheta
 *
 * Facts that GGUF keeps in the tensor list rather than the metadata are read from there: tied
 * embeddings (no `output.weight`), q/k/v biases (`blk.0.attn_q.bias`), qwen3's q/k norms, bert's
 * token-type rows, Llama 3's RoPE scaling (`rope_freqs.weight`).
 *
 * chatglm (ChatGLM3) as llama.cpp's converter writes it: `chatglm.rope.dimension_count` = headDim/2
 * (the rotated part of each head), `chatglm.rope.freq_base` = 10000·rope_ratio, one fused
 * `blk.N.attn_qkv` with bias, and `blk.N.ffn_up` holding SwiGLU's gate and up rows together.
 */
import { fileError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import {
  type Activation,
  ARCHITECTURES,
  type Architecture,
  type ModelConfig,
  validateConfig,
} from "./config.ts";
import type { GgufFile } from "./gguf.ts";
import { llama3ScalingFromFactors } from "./rope-freqs.ts";

const POOLING: Record<number, ModelConfig["pooling"]> = { 0: "none", 1: "mean", 2: "cls", 3: "last" };

export function configFromGguf(g: GgufFile): ModelConfig {
  const arch = g.metadata.get("general.architecture");
  if (typeof arch !== "string")
    throw fileError(g.path, tr("formats.ggufConfig.metadataGeneralArchitectureIs"));
  if (!(ARCHITECTURES as readonly string[]).includes(arch)) {
    throw fileError(
      g.path,
      tr("formats.ggufConfig.architectureIsNotSupported", { arch, ARCHITECTURES: ARCHITECTURES.join(", ") }),
    );
  }
  const a = arch as Architecture;
  const num = (key: string, fallback?: number): number => {
    const v = g.metadata.get(`${a}.${key}`);
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== "number") {
      throw fileError(
        g.path,
        tr("formats.ggufConfig.metadataIs", {
          a,
          key,
          v3: tr(v === undefined ? "formats.ggufConfig.valueMissing" : "formats.ggufConfig.valueNotNumber"),
        }),
      );
    }
    return v;
  };
  const has = (name: string) => g.tensorInfo(name) !== undefined;
  const tokens = g.metadataLength("tokenizer.ggml.tokens"); // (the vocabulary itself is not read here)
  const embd = g.tensorInfo("token_embd.weight");
  if (!embd) throw fileError(g.path, tr("formats.ggufConfig.tensorTokenEmbdWeight"));
  const hiddenSize = num("embedding_length");
  const numHeads = num("attention.head_count");
  const rope = a === "llama" || a === "qwen2" || a === "qwen3" || a === "chatglm";
  const activation: Activation = rope ? "silu" : "gelu_tanh"; // llama.cpp's GELU is the tanh form
  const scalingType = g.metadata.get(`${a}.rope.scaling.type`);
  const c: ModelConfig = {
    architecture: a,
    vocabSize: num("vocab_size", tokens ?? embd.shape[0]),
    hiddenSize,
    numLayers: num("block_count"),
    numHeads,
    numKvHeads: num("attention.head_count_kv", numHeads),
    headDim: num("attention.key_length", hiddenSize / numHeads),
    intermediateSize: num("feed_forward_length"),
    contextLength: num("context_length"),
    norm: rope ? "rmsnorm" : "layernorm",
    normEps: rope ? num("attention.layer_norm_rms_epsilon") : num("attention.layer_norm_epsilon"),
    positions: rope ? "rope" : "learned",
    ropeTheta: rope ? num("rope.freq_base", 10000) : 0,
    // chatglm: llama.cpp's "normal" RoPE (adjacent pairs) on rope.dimension_count entries, as THUDM's code.
    ropeLayout: a === "chatglm" ? "interleaved" : "neox",
    activation,
    tieWordEmbeddings: a !== "bert" && !has("output.weight"),
    attentionBias: has("blk.0.attn_q.bias") || has("blk.0.attn_qkv.bias"),
    qkNorm: has("blk.0.attn_q_norm.weight"),
    causal: a !== "bert",
    typeVocabSize: a === "bert" ? (g.tensorInfo("token_types.weight")?.shape[0] ?? 0) : 0,
    eosTokenIds: [],
  };
  if (typeof scalingType === "string" && scalingType !== "none") {
    c.ropeScaling = { type: scalingType, factor: num("rope.scaling.factor", 1) };
    const orig = g.metadata.get(`${a}.rope.scaling.original_context_length`);
    if (typeof orig === "number") c.ropeScaling.originalMaxPositionEmbeddings = orig;
  }
  const freqs = g.tensorInfo("rope_freqs.weight");
  if (freqs && !c.ropeScaling) {
    // Llama 3.1+: llama.cpp stores the scaled frequencies' divisors instead of the parameters.
    const t = g.loadTensors([freqs.name], false).get(freqs.name)!;
    if (t.dtype !== "f32" || t.size !== c.headDim / 2) {
      throw fileError(g.path, tr("formats.ggufConfig.tensorRopeFreqsWeight", { v1: c.headDim / 2 }));
    }
    const fit = llama3ScalingFromFactors(t.data as Float32Array, c.ropeTheta, c.headDim);
    if (!fit) throw fileError(g.path, tr("formats.ggufConfig.tensorRopeFreqsWeight2"));
    c.ropeScaling = fit;
  }
  if (a === "chatglm") c.rotaryDim = num("rope.dimension_count", c.headDim / 2);
  if (a === "bert") c.pooling = POOLING[num("pooling_type", 0)] ?? "none";
  const md = (k: string) => g.metadata.get(`tokenizer.ggml.${k}`);
  // WordPiece vocabularies have no BOS/EOS; llama.cpp then uses [CLS] and [SEP].
  const bos = md("bos_token_id") ?? md("cls_token_id");
  const eos = md("eos_token_id") ?? md("seperator_token_id");
  if (typeof bos === "number") c.bosTokenId = bos;
  if (typeof eos === "number") c.eosTokenIds = [eos];
  const eot = md("eot_token_id");
  if (typeof eot === "number" && !c.eosTokenIds.includes(eot)) c.eosTokenIds.push(eot);
  const pad = md("padding_token_id");
  if (typeof pad === "number") c.padTokenId = pad;
  return validateConfig(g.path, c);
}

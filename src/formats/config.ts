/**
 * One typed description of a model's hyper-parameters, whatever file it came from.
 *
 * Hugging Face `config.json` spells the same idea differently per family (`n_embd` in GPT-2,
 * `hidden_size` elsewhere), GGUF prefixes keys with the architecture (`llama.block_count`), and
 * llama2.c stores seven int32s. `ModelConfig` is the one shape the models read.
 *
 * Example (Qwen2-0.5B's config.json):
 *   { architecture: "qwen2", hiddenSize: 896, numLayers: 24, numHeads: 14, numKvHeads: 2, headDim: 64,
 *     intermediateSize: 4864, vocabSize: 151936, contextLength: 32768, norm: "rmsnorm", normEps: 1e-6,
 *     positions: "rope", ropeTheta: 1000000, ropeLayout: "neox", activation: "silu",
 *     tieWordEmbeddings: true, attentionBias: true, qkNorm: false, … }
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileError, TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";

export type Architecture = "gpt2" | "bert" | "llama" | "qwen2" | "qwen3" | "chatglm";
export const ARCHITECTURES: readonly Architecture[] = ["gpt2", "bert", "llama", "qwen2", "qwen3", "chatglm"];

/**
 * Activation of the feed-forward network:
 *   "gelu"      — exact GELU, x·Φ(x) with the erf (BERT in transformers);
 *   "gelu_tanh" — the tanh approximation (GPT-2's "gelu_new"; also what llama.cpp computes for every GELU);
 *   "silu"      — x·σ(x), used gated (SwiGLU) by llama and qwen;
 *   "relu".
 */
export type Activation = "gelu" | "gelu_tanh" | "silu" | "relu";

/** `rope_scaling` from config.json, in camelCase. `type` is "linear", "dynamic", "yarn", "llama3", … */
export interface RopeScaling {
  type: string;
  factor: number;
  lowFreqFactor?: number;
  highFreqFactor?: number;
  originalMaxPositionEmbeddings?: number;
}

export interface ModelConfig {
  architecture: Architecture;
  vocabSize: number;
  /** Width of the residual stream, d_model. */
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  /** Key/value heads (grouped-query attention when fewer than numHeads). */
  numKvHeads: number;
  /** Per-head width; usually hiddenSize / numHeads, but Qwen3 sets it independently. */
  headDim: number;
  /** Inner width of the feed-forward network. */
  intermediateSize: number;
  /** Maximum positions the model was trained for. */
  contextLength: number;
  norm: "layernorm" | "rmsnorm";
  normEps: number;
  /** Learned absolute position embeddings (gpt2, bert) or rotary (llama, qwen). */
  positions: "learned" | "rope";
  /** RoPE base θ (0 for learned positions). */
  ropeTheta: number;
  ropeScaling?: RopeScaling;
  /**
   * Pairing of RoPE entries that the delivered q/k weights expect. loadCheckpoint always delivers
   * Hugging Face layout: "neox" (rotate halves) for llama/qwen whatever the file; "interleaved"
   * (adjacent pairs) for chatglm, whose own code rotates pairs (x[2i], x[2i+1]).
   */
  ropeLayout: "neox" | "interleaved";
  /** Leading entries of each head that RoPE rotates (partial rotary: chatglm rotates headDim/2); default headDim. */
  rotaryDim?: number;
  activation: Activation;
  /** The output projection (lm_head) is the token embedding matrix. */
  tieWordEmbeddings: boolean;
  /** q/k/v projections have biases (qwen2, gpt2, bert). */
  attentionBias: boolean;
  /** RMSNorm on each head of q and k before RoPE (qwen3). */
  qkNorm: boolean;
  /** Causal (decoder) attention; false for bert. */
  causal: boolean;
  /** bert: rows of the token-type embedding (2); 0 otherwise. */
  typeVocabSize: number;
  /** bert-style sentence embedding pooling, when the file says (GGUF `pooling_type`). */
  pooling?: "none" | "mean" | "cls" | "last";
  bosTokenId?: number;
  /** Every id that ends generation (generation_config.json may list several). */
  eosTokenIds: number[];
  padTokenId?: number;
}

type Json = Record<string, unknown>;

/** Reads a JSON file, with errors that name it. */
export function readJsonFile(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw fileError(path, t("formats.config.cannotRead", { message: (e as Error).message }));
  }
  try {
    const v = JSON.parse(text);
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not a JSON object");
    return v as Json;
  } catch (e) {
    throw fileError(path, t("formats.config.notValidJson", { message: (e as Error).message }));
  }
}

/** Field readers that name the file and the field when something is wrong. */
function fields(path: string, j: Json) {
  const num = (key: string, fallback?: number): number => {
    const v = j[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw fileError(path, t("formats.config.fieldIsMissing", { key }));
    }
    if (typeof v !== "number" || !Number.isFinite(v))
      throw fileError(path, t("formats.config.fieldIsNotA", { key }));
    return v;
  };
  const int = (key: string, fallback?: number): number => {
    const v = num(key, fallback);
    if (!Number.isInteger(v) || v < 0) throw fileError(path, t("formats.config.fieldMustBeA", { key, v }));
    return v;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = j[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "boolean") throw fileError(path, t("formats.config.fieldIsNotTrue", { key }));
    return v;
  };
  const str = (key: string, fallback: string): string => {
    const v = j[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "string") throw fileError(path, t("formats.config.fieldIsNotA2", { key }));
    return v;
  };
  return { num, int, bool, str };
}

function activationOf(path: string, name: string): Activation {
  switch (name) {
    case "gelu":
      return "gelu";
    case "gelu_new":
    case "gelu_pytorch_tanh":
    case "gelu_fast":
      return "gelu_tanh";
    case "silu":
    case "swish":
      return "silu";
    case "relu":
      return "relu";
    default:
      throw fileError(path, t("formats.config.activationIsNotSupported", { name }));
  }
}

function ids(v: unknown): number[] {
  if (typeof v === "number") return [v];
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === "number");
  return [];
}

/**
 * Parses a Hugging Face `config.json` (and, when given, `generation_config.json`, whose token ids
 * take precedence) into a ModelConfig. Unknown `model_type`s are rejected by name.
 */
export function parseHfConfig(path: string, json: Json, generation?: Json): ModelConfig {
  const f = fields(path, json);
  const modelType = f.str("model_type", "");
  if (!(ARCHITECTURES as readonly string[]).includes(modelType)) {
    throw fileError(
      path,
      t("formats.config.modelTypeIsNot", { modelType, ARCHITECTURES: ARCHITECTURES.join(", ") }),
    );
  }
  const arch = modelType as Architecture;
  let c: ModelConfig;
  if (arch === "gpt2") {
    const d = f.int("n_embd");
    const heads = f.int("n_head");
    c = {
      architecture: arch,
      vocabSize: f.int("vocab_size"),
      hiddenSize: d,
      numLayers: f.int("n_layer"),
      numHeads: heads,
      numKvHeads: heads,
      headDim: d / heads,
      intermediateSize: f.int("n_inner", 4 * d),
      contextLength: f.int("n_positions", f.int("n_ctx", 1024)),
      norm: "layernorm",
      normEps: f.num("layer_norm_epsilon", 1e-5),
      positions: "learned",
      ropeTheta: 0,
      ropeLayout: "neox",
      activation: activationOf(path, f.str("activation_function", "gelu_new")),
      tieWordEmbeddings: f.bool("tie_word_embeddings", true),
      attentionBias: true,
      qkNorm: false,
      causal: true,
      typeVocabSize: 0,
      eosTokenIds: [],
    };
  } else if (arch === "bert") {
    const heads = f.int("num_attention_heads");
    const d = f.int("hidden_size");
    c = {
      architecture: arch,
      vocabSize: f.int("vocab_size"),
      hiddenSize: d,
      numLayers: f.int("num_hidden_layers"),
      numHeads: heads,
      numKvHeads: heads,
      headDim: d / heads,
      intermediateSize: f.int("intermediate_size"),
      contextLength: f.int("max_position_embeddings", 512),
      norm: "layernorm",
      normEps: f.num("layer_norm_eps", 1e-12),
      positions: "learned",
      ropeTheta: 0,
      ropeLayout: "neox",
      activation: activationOf(path, f.str("hidden_act", "gelu")),
      tieWordEmbeddings: false,
      attentionBias: true,
      qkNorm: false,
      causal: false,
      typeVocabSize: f.int("type_vocab_size", 2),
      eosTokenIds: [],
    };
    const pe = f.str("position_embedding_type", "absolute");
    if (pe !== "absolute") throw fileError(path, t("formats.config.positionEmbeddingTypeIs", { pe }));
  } else if (arch === "chatglm") {
    c = parseChatGlmConfig(path, json);
  } else {
    const heads = f.int("num_attention_heads");
    const d = f.int("hidden_size");
    c = {
      architecture: arch,
      vocabSize: f.int("vocab_size"),
      hiddenSize: d,
      numLayers: f.int("num_hidden_layers"),
      numHeads: heads,
      numKvHeads: f.int("num_key_value_heads", heads),
      headDim: f.int("head_dim", d / heads),
      intermediateSize: f.int("intermediate_size"),
      contextLength: f.int("max_position_embeddings", 2048),
      norm: "rmsnorm",
      normEps: f.num("rms_norm_eps", 1e-6),
      positions: "rope",
      ropeTheta: f.num("rope_theta", 10000),
      ropeLayout: "neox",
      activation: activationOf(path, f.str("hidden_act", "silu")),
      tieWordEmbeddings: f.bool("tie_word_embeddings", arch !== "llama"),
      attentionBias: arch === "qwen2" ? true : f.bool("attention_bias", false),
      qkNorm: arch === "qwen3",
      causal: true,
      typeVocabSize: 0,
      eosTokenIds: [],
    };
    const rs = json.rope_scaling;
    if (rs !== undefined && rs !== null) c.ropeScaling = parseRopeScaling(path, rs);
    if (f.bool("mlp_bias", false)) throw fileError(path, t("formats.config.mlpBiasTrueIs"));
  }
  const bos = (generation?.bos_token_id ?? json.bos_token_id) as unknown;
  if (typeof bos === "number") c.bosTokenId = bos;
  c.eosTokenIds = ids(generation?.eos_token_id ?? json.eos_token_id);
  const pad = generation?.pad_token_id ?? json.pad_token_id;
  if (typeof pad === "number") c.padTokenId = pad;
  return validateConfig(path, c);
}

/**
 * ChatGLM2/3's config.json (THUDM's ChatGLMConfig) in its own words:
 *
 *   padded_vocab_size 65024 → vocabSize      kv_channels 128 → headDim     ffn_hidden_size 13696 → intermediateSize
 *   multi_query_group_num 2 → numKvHeads     seq_length 8192 → contextLength   layernorm_epsilon → normEps
 *   rope_ratio 1 → ropeTheta = 10000·rope_ratio (chatglm3-6b-32k: 50)       rotary on kv_channels/2 entries
 *
 * The variants its modeling code allows but ChatGLM3 never ships (LayerNorm instead of RMSNorm,
 * post-norm residuals, biases on every linear, no final norm) are refused by name.
 */
function parseChatGlmConfig(path: string, json: Json): ModelConfig {
  const f = fields(path, json);
  const heads = f.int("num_attention_heads");
  const d = f.int("hidden_size");
  const headDim = f.int("kv_channels", d / heads);
  const require = (key: string, want: boolean, fallback: boolean) => {
    if (f.bool(key, fallback) !== want)
      throw fileError(path, t("formats.config.isNotSupportedChatglm", { key, v2: !want, want }));
  };
  require("rmsnorm", true, true);
  require("post_layer_norm", true, true);
  require("add_bias_linear", false, false);
  require("apply_residual_connection_post_layernorm", false, false);
  return {
    architecture: "chatglm",
    vocabSize: f.int("padded_vocab_size", f.int("vocab_size", 0) || undefined),
    hiddenSize: d,
    numLayers: f.int("num_layers", f.int("num_hidden_layers", 0) || undefined),
    numHeads: heads,
    numKvHeads: f.bool("multi_query_attention", false) ? f.int("multi_query_group_num") : heads,
    headDim,
    intermediateSize: f.int("ffn_hidden_size"),
    contextLength: f.int("seq_length", 2048),
    norm: "rmsnorm",
    normEps: f.num("layernorm_epsilon", 1e-5),
    positions: "rope",
    ropeTheta: 10000 * f.num("rope_ratio", 1),
    ropeLayout: "interleaved",
    rotaryDim: headDim / 2,
    activation: "silu",
    tieWordEmbeddings: false,
    attentionBias: f.bool("add_qkv_bias", false),
    qkNorm: false,
    causal: true,
    typeVocabSize: 0,
    eosTokenIds: [],
  };
}

function parseRopeScaling(path: string, rs: unknown): RopeScaling {
  if (typeof rs !== "object" || rs === null) throw fileError(path, t("formats.config.fieldRopeScalingIs"));
  const r = rs as Json;
  const type = String(r.rope_type ?? r.type ?? "");
  if (!type) throw fileError(path, t("formats.config.ropeScalingHasNo"));
  const out: RopeScaling = { type, factor: typeof r.factor === "number" ? r.factor : 1 };
  if (typeof r.low_freq_factor === "number") out.lowFreqFactor = r.low_freq_factor;
  if (typeof r.high_freq_factor === "number") out.highFreqFactor = r.high_freq_factor;
  if (typeof r.original_max_position_embeddings === "number") {
    out.originalMaxPositionEmbeddings = r.original_max_position_embeddings;
  }
  return out;
}

/**
 * Reads `dir/config.json` and, if present, `dir/generation_config.json`; for BERT, also the
 * sentence-transformers pooling (`modules.json` → `1_Pooling/config.json`), which decides whether the
 * sentence embedding is the [CLS] vector (BGE) or the mean of all tokens (MiniLM).
 */
export function readHfConfig(dir: string): ModelConfig {
  const path = join(dir, "config.json");
  if (!existsSync(path)) throw new TongguanError(t("formats.config.noConfigJsonIn", { dir }));
  const gen = join(dir, "generation_config.json");
  const c = parseHfConfig(path, readJsonFile(path), existsSync(gen) ? readJsonFile(gen) : undefined);
  if (c.architecture === "bert") {
    const pooling = sentenceTransformersPooling(dir);
    if (pooling) c.pooling = pooling;
  }
  return c;
}

function sentenceTransformersPooling(dir: string): ModelConfig["pooling"] | undefined {
  let folder = "1_Pooling";
  const modulesPath = join(dir, "modules.json");
  if (existsSync(modulesPath)) {
    let modules: unknown;
    try {
      modules = JSON.parse(readFileSync(modulesPath, "utf8"));
    } catch (e) {
      throw fileError(modulesPath, t("formats.config.notValidJson2", { message: (e as Error).message }));
    }
    const m = Array.isArray(modules)
      ? modules.find((x) => typeof x?.type === "string" && x.type.endsWith("models.Pooling"))
      : undefined;
    if (m && typeof m.path === "string") folder = m.path;
  }
  const path = join(dir, folder, "config.json");
  if (!existsSync(path)) return undefined;
  const p = readJsonFile(path);
  if (p.pooling_mode_cls_token === true) return "cls";
  if (p.pooling_mode_mean_tokens === true) return "mean";
  if (p.pooling_mode_lasttoken === true) return "last";
  throw fileError(path, t("formats.config.poolingModeIsNot"));
}

/** Checks that the numbers make sense together; `source` names the file in errors. */
export function validateConfig(source: string, c: ModelConfig): ModelConfig {
  const positive: (keyof ModelConfig)[] = [
    "vocabSize",
    "hiddenSize",
    "numLayers",
    "numHeads",
    "numKvHeads",
    "headDim",
    "intermediateSize",
    "contextLength",
  ];
  for (const k of positive) {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v <= 0 || v > 1 << 30)
      throw fileError(source, t("formats.config.mustBeAPositive", { k, v }));
  }
  if (c.numHeads % c.numKvHeads !== 0) {
    throw fileError(
      source,
      t("formats.config.numheadsIsNotA", { numHeads: c.numHeads, numKvHeads: c.numKvHeads }),
    );
  }
  if (c.headDim % 2 !== 0 && c.positions === "rope")
    throw fileError(source, t("formats.config.headdimMustBeEven", { headDim: c.headDim }));
  const rot = c.rotaryDim;
  if (rot !== undefined && (!Number.isInteger(rot) || rot < 2 || rot % 2 !== 0 || rot > c.headDim))
    throw fileError(source, t("formats.config.theRotaryWidthMust", { rot, headDim: c.headDim }));
  if (!(c.normEps > 0 && c.normEps < 1)) {
    throw fileError(source, t("formats.config.normEpsilonIsNot", { normEps: c.normEps }));
  }
  if (c.positions === "rope" && !(c.ropeTheta > 1)) {
    throw fileError(source, t("formats.config.ropeBaseMustBe", { ropeTheta: c.ropeTheta }));
  }
  // Special token ids outside the vocabulary (some configs say -1 for "none") are dropped, not trusted.
  const inVocab = (id: number | undefined) =>
    id !== undefined && Number.isInteger(id) && id >= 0 && id < c.vocabSize;
  if (!inVocab(c.bosTokenId)) delete c.bosTokenId;
  if (!inVocab(c.padTokenId)) delete c.padTokenId;
  c.eosTokenIds = c.eosTokenIds.filter(inVocab);
  return c;
}

/** id2label of a folder's config.json, ordered by id (sequence-classification checkpoints), or undefined. */
export function readId2Label(dir: string): string[] | undefined {
  const file = join(dir, "config.json");
  if (!existsSync(file)) return undefined;
  const id2label = readJsonFile(file).id2label;
  if (typeof id2label !== "object" || id2label === null) return undefined;
  const entries = Object.entries(id2label as Record<string, unknown>).map(
    ([k, v]) => [Number(k), String(v)] as const,
  );
  entries.sort((a, b) => a[0] - b[0]);
  if (entries.some(([k], i) => k !== i))
    throw new TongguanError(t("formats.config.idLabelIdsMust", { file }));
  return entries.map(([, v]) => v);
}

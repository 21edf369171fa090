/**
 * Tiny random-weight Hugging Face folders for tests (safetensors + config.json + tokenizer.json),
 * written by our own writers: llama / qwen2 / qwen3, GPT-2 (with its Conv1D quirks), BERT. Seeded.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeSafetensors } from "../../src/formats/safetensors-writer.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { gaussian, randomTensor, TINY, tinyLlamaWeights } from "./tiny-models.ts";

/** A byte-level BPE tokenizer.json (GPT-2 style) over a handful of merges. */
export function tinyByteLevelTokenizerJson(): { json: object; vocabSize: number } {
  // GPT-2's byte → printable character map, for the 256 base tokens.
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++)
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  const vocab: Record<string, number> = {};
  bs.forEach((b, i) => {
    vocab[String.fromCodePoint(cs[i])] = b;
  });
  const merges = ["Ġ t", "h e", "Ġt he", "a t", "Ġ c", "Ġc at", "Ġ s", "Ġs at"];
  for (const m of merges) vocab[m.replace(" ", "")] = Object.keys(vocab).length;
  const eos = Object.keys(vocab).length;
  vocab["<|endoftext|>"] = eos;
  const json = {
    version: "1.0",
    added_tokens: [
      {
        id: eos,
        content: "<|endoftext|>",
        special: true,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
      },
    ],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: "ByteLevel" },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
  return { json, vocabSize: eos + 1 };
}

/**
 * A Hugging Face llama folder: config.json, generation_config.json, model.safetensors (HF layout,
 * f32), tokenizer.json (byte-level BPE). Returns the weights it wrote.
 */
export function writeTinyHfLlama(
  dir: string,
  seed = 1,
  arch: "llama" | "qwen2" | "qwen3" = "llama",
): Map<string, Tensor> {
  mkdirSync(dir, { recursive: true });
  const { dim, layers, heads, kvHeads, ffn, ctx } = TINY;
  const tok = tinyByteLevelTokenizerJson();
  // qwen3 sets head_dim independently of hidden_size / heads: here 32 × 4 heads = 128 ≠ 64.
  const hd = arch === "qwen3" ? 32 : dim / heads;
  const w = tinyLlamaWeights(tok.vocabSize, seed, hd);
  if (arch === "qwen3") {
    const r = gaussian(seed + 3);
    for (let l = 0; l < layers; l++) {
      w.set(`model.layers.${l}.self_attn.q_norm.weight`, randomTensor([hd], 0.1, r, 1));
      w.set(`model.layers.${l}.self_attn.k_norm.weight`, randomTensor([hd], 0.1, r, 1));
    }
  }
  if (arch === "qwen2") {
    const r = gaussian(seed + 7);
    for (let l = 0; l < layers; l++)
      for (const [p, n] of [
        ["q", heads],
        ["k", kvHeads],
        ["v", kvHeads],
      ] as const)
        w.set(`model.layers.${l}.self_attn.${p}_proj.bias`, randomTensor([(n * dim) / heads], 0.1, r));
  }
  writeSafetensors(join(dir, "model.safetensors"), w, { format: "pt" });
  const eos = tok.vocabSize - 1;
  const config = {
    architectures: [
      { llama: "LlamaForCausalLM", qwen2: "Qwen2ForCausalLM", qwen3: "Qwen3ForCausalLM" }[arch],
    ],
    model_type: arch,
    head_dim: hd,
    hidden_size: dim,
    intermediate_size: ffn,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    max_position_embeddings: ctx,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    vocab_size: tok.vocabSize,
    hidden_act: "silu",
    tie_word_embeddings: false,
    bos_token_id: eos,
    eos_token_id: eos,
    torch_dtype: "float32",
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  writeFileSync(
    join(dir, "generation_config.json"),
    JSON.stringify({ bos_token_id: eos, eos_token_id: eos }),
  );
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tok.json));
  return w;
}

/**
 * A Hugging Face GPT-2 folder: Conv1D weights stored (in, out) under `transformer.`, the causal-mask
 * buffers `attn.bias` that old checkpoints carry, a byte-level BPE tokenizer.json.
 */
export function writeTinyHfGpt2(dir: string, seed = 1): void {
  mkdirSync(dir, { recursive: true });
  const D = 64;
  const F = 4 * D;
  const L = 2;
  const ctx = 64;
  const tok = tinyByteLevelTokenizerJson();
  const V = tok.vocabSize;
  const r = gaussian(seed);
  const w = new Map<string, Tensor>();
  w.set("transformer.wte.weight", randomTensor([V, D], 1, r));
  w.set("transformer.wpe.weight", randomTensor([ctx, D], 0.3, r));
  for (let l = 0; l < L; l++) {
    const p = `transformer.h.${l}.`;
    for (const ln of ["ln_1", "ln_2"]) {
      w.set(`${p}${ln}.weight`, randomTensor([D], 0.1, r, 1));
      w.set(`${p}${ln}.bias`, randomTensor([D], 0.1, r));
    }
    w.set(`${p}attn.bias`, Tensor.zeros([1, 1, ctx, ctx]));
    w.set(`${p}attn.c_attn.weight`, randomTensor([D, 3 * D], 1 / Math.sqrt(D), r));
    w.set(`${p}attn.c_attn.bias`, randomTensor([3 * D], 0.1, r));
    w.set(`${p}attn.c_proj.weight`, randomTensor([D, D], 1 / Math.sqrt(D), r));
    w.set(`${p}attn.c_proj.bias`, randomTensor([D], 0.1, r));
    w.set(`${p}mlp.c_fc.weight`, randomTensor([D, F], 1 / Math.sqrt(D), r));
    w.set(`${p}mlp.c_fc.bias`, randomTensor([F], 0.1, r));
    w.set(`${p}mlp.c_proj.weight`, randomTensor([F, D], 1 / Math.sqrt(F), r));
    w.set(`${p}mlp.c_proj.bias`, randomTensor([D], 0.1, r));
  }
  w.set("transformer.ln_f.weight", randomTensor([D], 0.1, r, 1));
  w.set("transformer.ln_f.bias", randomTensor([D], 0.1, r));
  writeSafetensors(join(dir, "model.safetensors"), w, { format: "pt" });
  const eos = V - 1;
  const config = {
    model_type: "gpt2",
    n_embd: D,
    n_layer: L,
    n_head: 4,
    n_positions: ctx,
    vocab_size: V,
    layer_norm_epsilon: 1e-5,
    activation_function: "gelu_new",
    bos_token_id: eos,
    eos_token_id: eos,
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tok.json));
}

/** A Hugging Face BERT folder (BertModel names under `bert.`, old gamma/beta LayerNorm names, an NSP head to drop, a WordPiece tokenizer.json). */
export function writeTinyHfBert(dir: string, seed = 1, options: { mlm?: boolean } = {}): { vocab: string[] } {
  mkdirSync(dir, { recursive: true });
  const D = 32;
  const F = 128;
  const L = 2;
  const ctx = 64;
  const vocab = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "the",
    "cat",
    "sat",
    "on",
    "mat",
    "##s",
    "a",
    "dog",
    "##gy",
  ];
  const V = vocab.length;
  const r = gaussian(seed);
  const w = new Map<string, Tensor>();
  const p0 = "bert.";
  w.set(`${p0}embeddings.word_embeddings.weight`, randomTensor([V, D], 1, r));
  w.set(`${p0}embeddings.position_embeddings.weight`, randomTensor([ctx, D], 0.3, r));
  w.set(`${p0}embeddings.token_type_embeddings.weight`, randomTensor([2, D], 0.3, r));
  w.set(`${p0}embeddings.LayerNorm.gamma`, randomTensor([D], 0.1, r, 1));
  w.set(`${p0}embeddings.LayerNorm.beta`, randomTensor([D], 0.1, r));
  for (let l = 0; l < L; l++) {
    const p = `${p0}encoder.layer.${l}.`;
    for (const x of ["query", "key", "value"]) {
      w.set(`${p}attention.self.${x}.weight`, randomTensor([D, D], 1 / Math.sqrt(D), r));
      w.set(`${p}attention.self.${x}.bias`, randomTensor([D], 0.1, r));
    }
    w.set(`${p}attention.output.dense.weight`, randomTensor([D, D], 1 / Math.sqrt(D), r));
    w.set(`${p}attention.output.dense.bias`, randomTensor([D], 0.1, r));
    w.set(`${p}attention.output.LayerNorm.weight`, randomTensor([D], 0.1, r, 1));
    w.set(`${p}attention.output.LayerNorm.bias`, randomTensor([D], 0.1, r));
    w.set(`${p}intermediate.dense.weight`, randomTensor([F, D], 1 / Math.sqrt(D), r));
    w.set(`${p}intermediate.dense.bias`, randomTensor([F], 0.1, r));
    w.set(`${p}output.dense.weight`, randomTensor([D, F], 1 / Math.sqrt(F), r));
    w.set(`${p}output.dense.bias`, randomTensor([D], 0.1, r));
    w.set(`${p}output.LayerNorm.weight`, randomTensor([D], 0.1, r, 1));
    w.set(`${p}output.LayerNorm.bias`, randomTensor([D], 0.1, r));
  }
  w.set(`${p0}pooler.dense.weight`, randomTensor([D, D], 1 / Math.sqrt(D), r));
  w.set(`${p0}pooler.dense.bias`, randomTensor([D], 0.1, r));
  w.set("cls.seq_relationship.weight", randomTensor([2, D], 0.1, r));
  w.set("cls.seq_relationship.bias", randomTensor([2], 0.1, r));
  if (options.mlm) {
    // BertForMaskedLM's head; the decoder is tied to the word embeddings
    w.set("cls.predictions.transform.dense.weight", randomTensor([D, D], 1 / Math.sqrt(D), r));
    w.set("cls.predictions.transform.dense.bias", randomTensor([D], 0.1, r));
    w.set("cls.predictions.transform.LayerNorm.weight", randomTensor([D], 0.1, r, 1));
    w.set("cls.predictions.transform.LayerNorm.bias", randomTensor([D], 0.1, r));
    w.set("cls.predictions.bias", randomTensor([V], 0.1, r));
  }
  writeSafetensors(join(dir, "model.safetensors"), w, { format: "pt" });
  const config = {
    model_type: "bert",
    hidden_size: D,
    num_hidden_layers: L,
    num_attention_heads: 4,
    intermediate_size: F,
    max_position_embeddings: ctx,
    vocab_size: V,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    hidden_act: "gelu",
    pad_token_id: 0,
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  const special = (id: number) => ({
    id,
    content: vocab[id],
    special: true,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
  });
  const tokenizer = {
    version: "1.0",
    added_tokens: [0, 1, 2, 3, 4].map(special),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: null,
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tokenizer));
  return { vocab };
}

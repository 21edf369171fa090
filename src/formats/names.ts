/**
 * One set of tensor names for every format: Hugging Face's (transformers') names for the base model.
 *
 *   llama / qwen2 / qwen3   model.embed_tokens.weight, model.layers.{i}.self_attn.q_proj.weight, …, lm_head.weight
 *   gpt2                    wte.weight, wpe.weight, h.{i}.attn.c_attn.weight, …, ln_f.weight, lm_head.weight
 *   bert                    embeddings.word_embeddings.weight, encoder.layer.{i}.attention.self.query.weight, …
 *   chatglm                 embedding.word_embeddings.weight, encoder.layers.{i}.self_attention.query_key_value.weight,
 *                           …, encoder.final_layernorm.weight, output_layer.weight (THUDM's, `transformer.` dropped)
 *
 * This file only renames. The format quirks that change *values* (GPT-2's transposed Conv1D weights,
 * the GGUF/llama2.c Q/K row order for RoPE, tied embeddings) are fixed in checkpoint.ts, using the
 * helpers at the bottom of this file.
 */
import type { Architecture } from "./config.ts";

/** [GGUF name, HF name] templates; `{i}` is the layer index. */
const GGUF_TO_HF: Record<Architecture, [string, string][]> = {
  llama: [
    ["token_embd.weight", "model.embed_tokens.weight"],
    ["output_norm.weight", "model.norm.weight"],
    ["output.weight", "lm_head.weight"],
    ["blk.{i}.attn_norm.weight", "model.layers.{i}.input_layernorm.weight"],
    ["blk.{i}.attn_q.weight", "model.layers.{i}.self_attn.q_proj.weight"],
    ["blk.{i}.attn_k.weight", "model.layers.{i}.self_attn.k_proj.weight"],
    ["blk.{i}.attn_v.weight", "model.layers.{i}.self_attn.v_proj.weight"],
    ["blk.{i}.attn_q.bias", "model.layers.{i}.self_attn.q_proj.bias"],
    ["blk.{i}.attn_k.bias", "model.layers.{i}.self_attn.k_proj.bias"],
    ["blk.{i}.attn_v.bias", "model.layers.{i}.self_attn.v_proj.bias"],
    ["blk.{i}.attn_q_norm.weight", "model.layers.{i}.self_attn.q_norm.weight"],
    ["blk.{i}.attn_k_norm.weight", "model.layers.{i}.self_attn.k_norm.weight"],
    ["blk.{i}.attn_output.weight", "model.layers.{i}.self_attn.o_proj.weight"],
    ["blk.{i}.ffn_norm.weight", "model.layers.{i}.post_attention_layernorm.weight"],
    ["blk.{i}.ffn_gate.weight", "model.layers.{i}.mlp.gate_proj.weight"],
    ["blk.{i}.ffn_up.weight", "model.layers.{i}.mlp.up_proj.weight"],
    ["blk.{i}.ffn_down.weight", "model.layers.{i}.mlp.down_proj.weight"],
  ],
  qwen2: [],
  qwen3: [],
  // llama.cpp's gguf-py tensor_mapping.py, chatglm rows.
  chatglm: [
    ["token_embd.weight", "embedding.word_embeddings.weight"],
    ["output_norm.weight", "encoder.final_layernorm.weight"],
    ["output.weight", "output_layer.weight"],
    ["blk.{i}.attn_norm.weight", "encoder.layers.{i}.input_layernorm.weight"],
    ["blk.{i}.attn_qkv.weight", "encoder.layers.{i}.self_attention.query_key_value.weight"],
    ["blk.{i}.attn_qkv.bias", "encoder.layers.{i}.self_attention.query_key_value.bias"],
    ["blk.{i}.attn_output.weight", "encoder.layers.{i}.self_attention.dense.weight"],
    ["blk.{i}.ffn_norm.weight", "encoder.layers.{i}.post_attention_layernorm.weight"],
    ["blk.{i}.ffn_up.weight", "encoder.layers.{i}.mlp.dense_h_to_4h.weight"],
    ["blk.{i}.ffn_down.weight", "encoder.layers.{i}.mlp.dense_4h_to_h.weight"],
  ],
  gpt2: [
    ["token_embd.weight", "wte.weight"],
    ["position_embd.weight", "wpe.weight"],
    ["output_norm.weight", "ln_f.weight"],
    ["output_norm.bias", "ln_f.bias"],
    ["output.weight", "lm_head.weight"],
    ["blk.{i}.attn_norm.weight", "h.{i}.ln_1.weight"],
    ["blk.{i}.attn_norm.bias", "h.{i}.ln_1.bias"],
    ["blk.{i}.attn_qkv.weight", "h.{i}.attn.c_attn.weight"],
    ["blk.{i}.attn_qkv.bias", "h.{i}.attn.c_attn.bias"],
    ["blk.{i}.attn_output.weight", "h.{i}.attn.c_proj.weight"],
    ["blk.{i}.attn_output.bias", "h.{i}.attn.c_proj.bias"],
    ["blk.{i}.ffn_norm.weight", "h.{i}.ln_2.weight"],
    ["blk.{i}.ffn_norm.bias", "h.{i}.ln_2.bias"],
    ["blk.{i}.ffn_up.weight", "h.{i}.mlp.c_fc.weight"],
    ["blk.{i}.ffn_up.bias", "h.{i}.mlp.c_fc.bias"],
    ["blk.{i}.ffn_down.weight", "h.{i}.mlp.c_proj.weight"],
    ["blk.{i}.ffn_down.bias", "h.{i}.mlp.c_proj.bias"],
  ],
  bert: [
    ["token_embd.weight", "embeddings.word_embeddings.weight"],
    ["token_types.weight", "embeddings.token_type_embeddings.weight"],
    ["position_embd.weight", "embeddings.position_embeddings.weight"],
    ["token_embd_norm.weight", "embeddings.LayerNorm.weight"],
    ["token_embd_norm.bias", "embeddings.LayerNorm.bias"],
    ["blk.{i}.attn_q.weight", "encoder.layer.{i}.attention.self.query.weight"],
    ["blk.{i}.attn_q.bias", "encoder.layer.{i}.attention.self.query.bias"],
    ["blk.{i}.attn_k.weight", "encoder.layer.{i}.attention.self.key.weight"],
    ["blk.{i}.attn_k.bias", "encoder.layer.{i}.attention.self.key.bias"],
    ["blk.{i}.attn_v.weight", "encoder.layer.{i}.attention.self.value.weight"],
    ["blk.{i}.attn_v.bias", "encoder.layer.{i}.attention.self.value.bias"],
    ["blk.{i}.attn_output.weight", "encoder.layer.{i}.attention.output.dense.weight"],
    ["blk.{i}.attn_output.bias", "encoder.layer.{i}.attention.output.dense.bias"],
    ["blk.{i}.attn_output_norm.weight", "encoder.layer.{i}.attention.output.LayerNorm.weight"],
    ["blk.{i}.attn_output_norm.bias", "encoder.layer.{i}.attention.output.LayerNorm.bias"],
    ["blk.{i}.ffn_up.weight", "encoder.layer.{i}.intermediate.dense.weight"],
    ["blk.{i}.ffn_up.bias", "encoder.layer.{i}.intermediate.dense.bias"],
    ["blk.{i}.ffn_down.weight", "encoder.layer.{i}.output.dense.weight"],
    ["blk.{i}.ffn_down.bias", "encoder.layer.{i}.output.dense.bias"],
    ["blk.{i}.layer_output_norm.weight", "encoder.layer.{i}.output.LayerNorm.weight"],
    ["blk.{i}.layer_output_norm.bias", "encoder.layer.{i}.output.LayerNorm.bias"],
    // llama.cpp's sequence-classification head (HF BertForSequenceClassification's `classifier`).
    ["cls.weight", "classifier.weight"],
    ["cls.bias", "classifier.bias"],
  ],
};
GGUF_TO_HF.qwen2 = GGUF_TO_HF.llama;
GGUF_TO_HF.qwen3 = GGUF_TO_HF.llama;

function templateRegex(t: string): RegExp {
  return new RegExp(`^${t.replaceAll(".", "\\.").replace("{i}", "(\\d+)")}$`);
}

const compiled = new Map<Architecture, { gguf: RegExp; hf: RegExp; ggufT: string; hfT: string }[]>();
function rules(arch: Architecture) {
  let r = compiled.get(arch);
  if (!r) {
    r = GGUF_TO_HF[arch].map(([g, h]) => ({
      gguf: templateRegex(g),
      hf: templateRegex(h),
      ggufT: g,
      hfT: h,
    }));
    compiled.set(arch, r);
  }
  return r;
}

/** HF name of a GGUF tensor (`blk.3.attn_q.weight` → `model.layers.3.self_attn.q_proj.weight`), or undefined. */
export function ggufToHfName(arch: Architecture, name: string): string | undefined {
  for (const r of rules(arch)) {
    const m = r.gguf.exec(name);
    if (m) return r.hfT.replace("{i}", m[1] ?? "");
  }
  return undefined;
}

/** GGUF name of an HF tensor (the inverse of ggufToHfName), or undefined. */
export function hfToGgufName(arch: Architecture, name: string): string | undefined {
  for (const r of rules(arch)) {
    const m = r.hf.exec(name);
    if (m) return r.ggufT.replace("{i}", m[1] ?? "");
  }
  return undefined;
}

/**
 * Hugging Face checkpoints of one family still differ in prefixes and old spellings; this maps a
 * checkpoint's name onto the canonical one, or returns null for buffers that are not weights
 * (causal-mask `attn.bias`, `position_ids`, `rotary_emb.inv_freq`, BERT's next-sentence head).
 */
export function canonicalHfName(arch: Architecture, name: string): string | null {
  if (name.endsWith("rotary_emb.inv_freq") || name.endsWith("position_ids")) return null;
  if (arch === "chatglm") {
    // THUDM saves the RoPE frequencies as a buffer (recomputed from the config here).
    if (name.endsWith("rotary_pos_emb.inv_freq")) return null;
    return name.startsWith("transformer.") ? name.slice("transformer.".length) : name;
  }
  if (arch === "gpt2") {
    if (name.startsWith("transformer.")) name = name.slice("transformer.".length);
    if (/\.attn\.(masked_)?bias$/.test(name)) return null;
    return name;
  }
  if (arch === "bert") {
    // Keep the masked-LM head (cls.predictions.*), drop next-sentence prediction.
    if (name.startsWith("cls.seq_relationship.")) return null;
    if (name.startsWith("bert.")) name = name.slice("bert.".length);
    return name
      .replace(/LayerNorm\.gamma$/, "LayerNorm.weight")
      .replace(/LayerNorm\.beta$/, "LayerNorm.bias");
  }
  return name;
}

/** The token embedding and the output projection (lm_head) of an architecture, by canonical name. */
export function embeddingAndHeadNames(arch: Architecture): { embedding: string; head: string } {
  if (arch === "gpt2") return { embedding: "wte.weight", head: "lm_head.weight" };
  if (arch === "bert") return { embedding: "embeddings.word_embeddings.weight", head: "lm_head.weight" };
  if (arch === "chatglm")
    return { embedding: "embedding.word_embeddings.weight", head: "output_layer.weight" };
  return { embedding: "model.embed_tokens.weight", head: "lm_head.weight" };
}

/** GPT-2 stores these as Conv1D, (in, out): transposed relative to nn.Linear. */
export function isGpt2Conv1D(name: string): boolean {
  return /^h\.\d+\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.weight$/.test(name);
}

/**
 * Which rows to permute for RoPE layout, and with how many heads: q_proj uses numHeads, k_proj numKvHeads.
 * Returns undefined for every other tensor.
 */
export function ropeHeadsOf(name: string, numHeads: number, numKvHeads: number): number | undefined {
  if (/self_attn\.q_proj\.(weight|bias)$/.test(name)) return numHeads;
  if (/self_attn\.k_proj\.(weight|bias)$/.test(name)) return numKvHeads;
  return undefined;
}

/**
 * Row order between the two RoPE layouts, per head of width d (rows h·d … h·d + d − 1):
 *
 *   interleaved (Meta, llama2.c, GGUF llama): row 2i + t is pair i, member t
 *   halves (Hugging Face):                    row t·d/2 + i is pair i, member t
 *
 * `interleavedToHalves(n, d)[hfRow] = interleavedRow`: to build the HF matrix, HF row r takes
 * interleaved row perm[r]. This undoes `permute()` in llama.cpp's convert_hf_to_gguf.py. Example for
 * d = 4: HF rows [0,1,2,3] ← interleaved rows [0,2,1,3].
 */
export function interleavedToHalves(rows: number, headDim: number): Int32Array {
  const perm = new Int32Array(rows);
  const half = headDim / 2;
  for (let r = 0; r < rows; r++) {
    const h = Math.floor(r / headDim);
    const j = r % headDim;
    const t = j < half ? 0 : 1;
    const i = j % half;
    perm[r] = h * headDim + 2 * i + t;
  }
  return perm;
}

/** The inverse permutation: `halvesToInterleaved(n, d)[interleavedRow] = hfRow` (HF → GGUF, for convert). */
export function halvesToInterleaved(rows: number, headDim: number): Int32Array {
  const fwd = interleavedToHalves(rows, headDim);
  const inv = new Int32Array(rows);
  for (let r = 0; r < rows; r++) inv[fwd[r]] = r;
  return inv;
}

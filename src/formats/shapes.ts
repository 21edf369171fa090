/**
 * The tensors a config implies, with their shapes (Hugging Face names, linear weights (out, in)).
 * loadCheckpoint checks every file against this before trusting it; convert uses it to know what to write.
 */
import type { ModelConfig } from "./config.ts";

export interface ExpectedTensor {
  /** -1 stands for "any size" (e.g. the number of classifier labels). */
  shape: number[];
  /** May be absent (e.g. BERT's pooler). */
  optional?: boolean;
}

/** Does `shape` match `want` (where -1 matches any size)? */
export function shapeMatches(shape: number[], want: number[]): boolean {
  return shape.length === want.length && shape.every((d, i) => want[i] === -1 || d === want[i]);
}

export function expectedShapes(c: ModelConfig): Map<string, ExpectedTensor> {
  const m = new Map<string, ExpectedTensor>();
  const put = (name: string, shape: number[], optional = false) => m.set(name, { shape, optional });
  const D = c.hiddenSize;
  const F = c.intermediateSize;
  const V = c.vocabSize;
  const q = c.numHeads * c.headDim;
  const kv = c.numKvHeads * c.headDim;
  if (c.architecture === "gpt2") {
    put("wte.weight", [V, D]);
    put("wpe.weight", [c.contextLength, D]);
    for (let i = 0; i < c.numLayers; i++) {
      const p = `h.${i}.`;
      for (const ln of ["ln_1", "ln_2"]) {
        put(`${p}${ln}.weight`, [D]);
        put(`${p}${ln}.bias`, [D]);
      }
      put(`${p}attn.c_attn.weight`, [3 * D, D]);
      put(`${p}attn.c_attn.bias`, [3 * D]);
      put(`${p}attn.c_proj.weight`, [D, D]);
      put(`${p}attn.c_proj.bias`, [D]);
      put(`${p}mlp.c_fc.weight`, [F, D]);
      put(`${p}mlp.c_fc.bias`, [F]);
      put(`${p}mlp.c_proj.weight`, [D, F]);
      put(`${p}mlp.c_proj.bias`, [D]);
    }
    put("ln_f.weight", [D]);
    put("ln_f.bias", [D]);
    put("lm_head.weight", [V, D]);
  } else if (c.architecture === "bert") {
    put("embeddings.word_embeddings.weight", [V, D]);
    put("embeddings.position_embeddings.weight", [c.contextLength, D]);
    put("embeddings.token_type_embeddings.weight", [c.typeVocabSize, D]);
    put("embeddings.LayerNorm.weight", [D]);
    put("embeddings.LayerNorm.bias", [D]);
    for (let i = 0; i < c.numLayers; i++) {
      const p = `encoder.layer.${i}.`;
      for (const x of ["query", "key", "value"]) {
        put(`${p}attention.self.${x}.weight`, [D, D]);
        put(`${p}attention.self.${x}.bias`, [D]);
      }
      put(`${p}attention.output.dense.weight`, [D, D]);
      put(`${p}attention.output.dense.bias`, [D]);
      put(`${p}attention.output.LayerNorm.weight`, [D]);
      put(`${p}attention.output.LayerNorm.bias`, [D]);
      put(`${p}intermediate.dense.weight`, [F, D]);
      put(`${p}intermediate.dense.bias`, [F]);
      put(`${p}output.dense.weight`, [D, F]);
      put(`${p}output.dense.bias`, [D]);
      put(`${p}output.LayerNorm.weight`, [D]);
      put(`${p}output.LayerNorm.bias`, [D]);
    }
    put("pooler.dense.weight", [D, D], true);
    put("pooler.dense.bias", [D], true);
    // BertForSequenceClassification: one row per label (config id2label).
    put("classifier.weight", [-1, D], true);
    put("classifier.bias", [-1], true);
    // BertForMaskedLM / BertForPreTraining: the masked-LM head (its decoder is usually tied to the embedding).
    put("cls.predictions.transform.dense.weight", [D, D], true);
    put("cls.predictions.transform.dense.bias", [D], true);
    put("cls.predictions.transform.LayerNorm.weight", [D], true);
    put("cls.predictions.transform.LayerNorm.bias", [D], true);
    put("cls.predictions.decoder.weight", [V, D], true);
    put("cls.predictions.decoder.bias", [V], true);
    put("cls.predictions.bias", [V], true);
  } else if (c.architecture === "chatglm") {
    put("embedding.word_embeddings.weight", [V, D]);
    for (let i = 0; i < c.numLayers; i++) {
      const p = `encoder.layers.${i}.`;
      put(`${p}input_layernorm.weight`, [D]);
      put(`${p}self_attention.query_key_value.weight`, [q + 2 * kv, D]);
      if (c.attentionBias) put(`${p}self_attention.query_key_value.bias`, [q + 2 * kv]);
      put(`${p}self_attention.dense.weight`, [D, q]);
      put(`${p}post_attention_layernorm.weight`, [D]);
      put(`${p}mlp.dense_h_to_4h.weight`, [2 * F, D]); // rows: SwiGLU's gate, then up
      put(`${p}mlp.dense_4h_to_h.weight`, [D, F]);
    }
    put("encoder.final_layernorm.weight", [D]);
    put("output_layer.weight", [V, D]);
  } else {
    put("model.embed_tokens.weight", [V, D]);
    for (let i = 0; i < c.numLayers; i++) {
      const p = `model.layers.${i}.`;
      put(`${p}input_layernorm.weight`, [D]);
      put(`${p}self_attn.q_proj.weight`, [q, D]);
      put(`${p}self_attn.k_proj.weight`, [kv, D]);
      put(`${p}self_attn.v_proj.weight`, [kv, D]);
      put(`${p}self_attn.o_proj.weight`, [D, q]);
      if (c.attentionBias) {
        put(`${p}self_attn.q_proj.bias`, [q]);
        put(`${p}self_attn.k_proj.bias`, [kv]);
        put(`${p}self_attn.v_proj.bias`, [kv]);
      }
      if (c.qkNorm) {
        put(`${p}self_attn.q_norm.weight`, [c.headDim]);
        put(`${p}self_attn.k_norm.weight`, [c.headDim]);
      }
      put(`${p}post_attention_layernorm.weight`, [D]);
      put(`${p}mlp.gate_proj.weight`, [F, D]);
      put(`${p}mlp.up_proj.weight`, [F, D]);
      put(`${p}mlp.down_proj.weight`, [D, F]);
    }
    put("model.norm.weight", [D]);
    put("lm_head.weight", [V, D]);
  }
  return m;
}

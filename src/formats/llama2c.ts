/**
 * llama2.c checkpoints (Karpathy's `run.c` format): a 28-byte header of seven int32, then float32
 * arrays back to back with no names:
 *
 *   dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len
 *   token_embedding (vocab, dim) | rms_att (L, dim) | wq (L, dim, dim) | wk (L, kv_dim, dim)
 *   wv (L, kv_dim, dim) | wo (L, dim, dim) | rms_ffn (L, dim) | w1 (L, hidden, dim)
 *   w2 (L, dim, hidden) | w3 (L, hidden, dim) | rms_final (dim) | 2 × (seq_len · head_size / 2) RoPE tables
 *   [wcls (vocab, dim) — only when vocab_size is negative]
 *
 * Since nothing in the file says where an array ends, the header must predict the file size exactly;
 * that is checked before anything is trusted. Tensors are named here with Hugging Face llama names,
 * one per layer (`model.layers.3.self_attn.q_proj.weight` is the slice 3 of wq). The q/k rows are
 * still in Meta's interleaved RoPE order; checkpoint.ts converts them.
 */
import { closeSync } from "node:fs";
import { fileError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { type ModelConfig, validateConfig } from "./config.ts";
import { openForReading, withFileReader } from "./file-reader.ts";
import { readTensor } from "./tensor-storage.ts";

export interface Llama2cHeader {
  dim: number;
  hiddenDim: number;
  nLayers: number;
  nHeads: number;
  nKvHeads: number;
  /** As stored: negative means a separate classifier follows the weights. */
  vocabSize: number;
  seqLen: number;
}

export interface Llama2cTensorInfo {
  name: string;
  shape: number[];
  fileOffset: number;
  nbytes: number;
}

export interface Llama2cFile {
  path: string;
  header: Llama2cHeader;
  /** `true` when the classifier is the token embedding (vocab_size > 0). */
  sharedClassifier: boolean;
  tensors: Llama2cTensorInfo[];
  tensorInfo(name: string): Llama2cTensorInfo | undefined;
  loadTensor(name: string): Tensor;
  /** As GgufFile.loadTensors: `shared = false` reads into ordinary memory. */
  loadTensors(names: string[], shared?: boolean): Map<string, Tensor>;
}

const HEADER_BYTES = 28;

export function readLlama2c(path: string): Llama2cFile {
  const { header, size } = withFileReader(path, (r) => {
    if (r.size < HEADER_BYTES) throw fileError(path, tr("formats.llama2c.notALlamaC", { rSize: r.size }));
    const h: Llama2cHeader = {
      dim: r.i32("dim"),
      hiddenDim: r.i32("hidden_dim"),
      nLayers: r.i32("n_layers"),
      nHeads: r.i32("n_heads"),
      nKvHeads: r.i32("n_kv_heads"),
      vocabSize: r.i32("vocab_size"),
      seqLen: r.i32("seq_len"),
    };
    return { header: h, size: r.size };
  });
  const h = header;
  const bad = (problem: string) => fileError(path, tr("formats.llama2c.notAValidLlama", { problem }));
  for (const k of ["dim", "hiddenDim", "nLayers", "nHeads", "nKvHeads", "seqLen"] as const) {
    if (h[k] <= 0) throw bad(`header field ${k} is ${h[k]}`);
  }
  if (h.vocabSize === 0) throw bad("header field vocab_size is 0");
  if (h.dim % h.nHeads !== 0) throw bad(`dim ${h.dim} is not a multiple of n_heads ${h.nHeads}`);
  if (h.nHeads % h.nKvHeads !== 0)
    throw bad(`n_heads ${h.nHeads} is not a multiple of n_kv_heads ${h.nKvHeads}`);

  const vocab = Math.abs(h.vocabSize);
  const L = h.nLayers;
  const headSize = h.dim / h.nHeads;
  const kvDim = h.nKvHeads * headSize;
  const { dim, hiddenDim } = h;
  // Float counts of each section, in file order (plain numbers: the header fields are < 2^31).
  const sections: [string, number[], number][] = [
    ["tok", [vocab, dim], 1],
    ["rms_att", [dim], L],
    ["wq", [dim, dim], L],
    ["wk", [kvDim, dim], L],
    ["wv", [kvDim, dim], L],
    ["wo", [dim, dim], L],
    ["rms_ffn", [dim], L],
    ["w1", [hiddenDim, dim], L],
    ["w2", [dim, hiddenDim], L],
    ["w3", [hiddenDim, dim], L],
    ["rms_final", [dim], 1],
    ["rope", [h.seqLen * headSize], 1],
    ["wcls", [vocab, dim], h.vocabSize < 0 ? 1 : 0],
  ];
  let floats = 0;
  for (const [, shape, count] of sections) floats += shape.reduce((a, b) => a * b, 1) * count;
  const expected = HEADER_BYTES + 4 * floats;
  if (expected !== size) {
    throw fileError(
      path,
      tr("formats.llama2c.theHeaderDimHidden", {
        dim,
        hiddenDim,
        L,
        nHeads: h.nHeads,
        nKvHeads: h.nKvHeads,
        vocabSize: h.vocabSize,
        seqLen: h.seqLen,
        expected,
        size,
      }),
    );
  }

  const NAMES: Record<string, string> = {
    tok: "model.embed_tokens.weight",
    rms_att: "model.layers.{i}.input_layernorm.weight",
    wq: "model.layers.{i}.self_attn.q_proj.weight",
    wk: "model.layers.{i}.self_attn.k_proj.weight",
    wv: "model.layers.{i}.self_attn.v_proj.weight",
    wo: "model.layers.{i}.self_attn.o_proj.weight",
    rms_ffn: "model.layers.{i}.post_attention_layernorm.weight",
    w1: "model.layers.{i}.mlp.gate_proj.weight",
    w2: "model.layers.{i}.mlp.down_proj.weight",
    w3: "model.layers.{i}.mlp.up_proj.weight",
    rms_final: "model.norm.weight",
    wcls: "lm_head.weight",
  };
  const tensors: Llama2cTensorInfo[] = [];
  let offset = HEADER_BYTES;
  for (const [key, shape, count] of sections) {
    const nbytes = 4 * shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < count; i++) {
      const name = NAMES[key];
      if (name) tensors.push({ name: name.replace("{i}", String(i)), shape, fileOffset: offset, nbytes });
      offset += nbytes;
    }
  }
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const loadTensors = (names: string[], shared = true) => {
    const { fd } = openForReading(path);
    try {
      return new Map(
        names.map((n) => {
          const t = byName.get(n);
          if (!t) throw fileError(path, tr("formats.llama2c.noTensorNamed", { n }));
          return [n, readTensor(fd, path, t.fileOffset, t.nbytes, t.shape, "f32", `tensor '${n}'`, shared)];
        }),
      );
    } finally {
      closeSync(fd);
    }
  };
  return {
    path,
    header: h,
    sharedClassifier: h.vocabSize > 0,
    tensors,
    tensorInfo: (n) => byName.get(n),
    loadTensor: (n) => loadTensors([n]).get(n)!,
    loadTensors,
  };
}

/** The header as a ModelConfig: llama, RMSNorm eps 1e-5, RoPE base 10000 (run.c's constants), BOS 1, EOS 2. */
export function configFromLlama2c(f: Llama2cFile): ModelConfig {
  const h = f.header;
  return validateConfig(f.path, {
    architecture: "llama",
    vocabSize: Math.abs(h.vocabSize),
    hiddenSize: h.dim,
    numLayers: h.nLayers,
    numHeads: h.nHeads,
    numKvHeads: h.nKvHeads,
    headDim: h.dim / h.nHeads,
    intermediateSize: h.hiddenDim,
    contextLength: h.seqLen,
    norm: "rmsnorm",
    normEps: 1e-5,
    positions: "rope",
    ropeTheta: 10000,
    ropeLayout: "neox",
    activation: "silu",
    tieWordEmbeddings: f.sharedClassifier,
    attentionBias: false,
    qkNorm: false,
    causal: true,
    typeVocabSize: 0,
    bosTokenId: 1,
    eosTokenIds: [2],
  });
}

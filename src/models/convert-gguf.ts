/**
 * Hugging Face checkpoint folder → GGUF file, the inverse of loadCheckpoint:
 *
 *   HF names → GGUF names (../formats/names.ts); GPT-2's Conv1D (in, out) weights → (out, in);
 *   llama q/k rows → llama.cpp's interleaved RoPE order (the `permute` in convert_hf_to_gguf.py);
 *   weights → the chosen type (norms, biases and position/token-type embeddings stay F32, as in
 *   llama.cpp; a matrix whose rows are not whole blocks falls back to F16);
 *   config.json → `<arch>.*` keys (Llama 3 RoPE scaling → the `rope_freqs.weight` tensor);
 *   tokenizer.json → `tokenizer.ggml.*` keys.
 *
 * From a Hugging Face folder, tensors are read, converted and written one at a time through ordinary
 * (not wasm) memory, so converting never holds the model twice. A llama2.c `.bin` or a `.gguf` goes
 * through loadCheckpoint (HF layout) first, then the same path.
 *
 * It lives above formats and tokenizers because it needs both: tensors from the one, the tokenizer's
 * `tokenizer.ggml.*` keys from the other (src/tokenizers/gguf-export.ts).
 */
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileError, TongguanError } from "../errors.ts";
import { type CastTarget, castTensor } from "../formats/cast.ts";
import { type ModelConfig, readHfConfig, readId2Label } from "../formats/config.ts";
import { typedMetadata } from "../formats/gguf.ts";
import type { GgufTypedValue } from "../formats/gguf-types.ts";
import { type GgufTensorEntry, gv, writeGguf } from "../formats/gguf-writer.ts";
import { permuteRows, transpose2d } from "../formats/layout.ts";
import {
  canonicalHfName,
  halvesToInterleaved,
  hfToGgufName,
  isGpt2Conv1D,
  ropeHeadsOf,
} from "../formats/names.ts";
import { llama3RopeFactors } from "../formats/rope-freqs.ts";
import { shapeMatches } from "../formats/shapes.ts";
import { tensorBytes } from "../formats/tensor-storage.ts";
import { readWeightsFolder } from "../formats/weights-folder.ts";
import { t as tr } from "../messages/index.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { llama2cTokenizerGgufMetadata, tokenizerGgufMetadata } from "../tokenizers/gguf-export.ts";
import { expectedShapes } from "./architectures.ts";
import { loadCheckpoint } from "./checkpoint.ts";

export type GgufFileType = "f32" | "f16" | "q8_0" | "q4_0";
export const GGUF_FILE_TYPES: readonly GgufFileType[] = ["f32", "f16", "q8_0", "q4_0"];
/** llama.cpp's `general.file_type` (enum llama_ftype). */
const FTYPE: Record<GgufFileType, number> = { f32: 0, f16: 1, q4_0: 2, q8_0: 7 };
const BLOCK: Record<GgufFileType, number> = { f32: 1, f16: 1, q4_0: 32, q8_0: 32 };

export interface ConvertOptions {
  type: GgufFileType;
  /** llama2.c input only: its tokenizer .bin (tok512.bin, tokenizer.bin). */
  tokenizer?: string;
  /** Called after each tensor is written. */
  onTensor?: (name: string, index: number, count: number) => void;
}

/** The `<arch>.*` hyper-parameter keys for a config. */
export function ggufModelMetadata(
  c: ModelConfig,
  name: string,
  type: GgufFileType,
): Map<string, GgufTypedValue> {
  const a = c.architecture;
  const m = new Map<string, GgufTypedValue>();
  m.set("general.architecture", gv.str(a));
  m.set("general.name", gv.str(name));
  m.set("general.file_type", gv.u32(FTYPE[type]));
  m.set("general.quantization_version", gv.u32(2));
  m.set(`${a}.context_length`, gv.u32(c.contextLength));
  m.set(`${a}.embedding_length`, gv.u32(c.hiddenSize));
  m.set(`${a}.block_count`, gv.u32(c.numLayers));
  m.set(`${a}.feed_forward_length`, gv.u32(c.intermediateSize));
  m.set(`${a}.attention.head_count`, gv.u32(c.numHeads));
  m.set(`${a}.attention.head_count_kv`, gv.u32(c.numKvHeads));
  m.set(`${a}.vocab_size`, gv.u32(c.vocabSize));
  if (c.norm === "rmsnorm") m.set(`${a}.attention.layer_norm_rms_epsilon`, gv.f32(c.normEps));
  else m.set(`${a}.attention.layer_norm_epsilon`, gv.f32(c.normEps));
  if (c.positions === "rope") {
    m.set(`${a}.rope.freq_base`, gv.f32(c.ropeTheta));
    m.set(`${a}.rope.dimension_count`, gv.u32(c.rotaryDim ?? c.headDim)); // chatglm: half the head
    if (c.headDim * c.numHeads !== c.hiddenSize) {
      m.set(`${a}.attention.key_length`, gv.u32(c.headDim));
      m.set(`${a}.attention.value_length`, gv.u32(c.headDim));
    }
    const rs = c.ropeScaling;
    if (rs && rs.type !== "default" && rs.type !== "llama3") {
      if (rs.type !== "linear" && rs.type !== "yarn") {
        throw new TongguanError(tr("models.convertGguf.ropeScalingTypeIs", { rsType: rs.type }));
      }
      m.set(`${a}.rope.scaling.type`, gv.str(rs.type));
      m.set(`${a}.rope.scaling.factor`, gv.f32(rs.factor));
      if (rs.originalMaxPositionEmbeddings !== undefined) {
        m.set(`${a}.rope.scaling.original_context_length`, gv.u32(rs.originalMaxPositionEmbeddings));
      }
    }
  }
  if (a === "bert") {
    m.set("bert.attention.causal", gv.bool(false));
    m.set("bert.pooling_type", gv.u32({ none: 0, mean: 1, cls: 2, last: 3 }[c.pooling ?? "mean"]));
  }
  return m;
}

/** A tensor to write: its HF name, its shape as delivered by loadCheckpoint, and how to read it (HF layout). */
interface SourceTensor {
  hf: string;
  shape: number[];
  load(): Tensor;
}

/**
 * Converts a model into the GGUF file `out`; returns the config it used. `input` is a Hugging Face
 * folder (config.json + safetensors + tokenizer.json), a llama2.c `.bin` (give its tokenizer.bin as
 * `options.tokenizer`) or a `.gguf` (re-typed; its tokenizer keys are copied).
 */
export function convertToGguf(input: string, out: string, options: ConvertOptions): ModelConfig {
  if (existsSync(input) && statSync(input).isDirectory()) {
    const { config, tensors } = hfFolderSource(input);
    const tokenizer = tokenizerGgufMetadata(input, config);
    const labels = readId2Label(input);
    if (labels && tensors.some((t) => t.hf === "classifier.weight"))
      tokenizer.set(`${config.architecture}.classifier.output_labels`, gv.strings(labels));
    writeModelGguf(out, config, tensors, tokenizer, basename(resolve(input)), options);
    return config;
  }
  const ck = loadCheckpoint(input);
  let tokenizer: Map<string, GgufTypedValue>;
  if (ck.gguf) {
    const g = ck.gguf;
    tokenizer = new Map(
      [...g.metadata.keys()]
        .filter((k) => k.startsWith("tokenizer.") || k.endsWith(".classifier.output_labels"))
        .map((k) => [k, typedMetadata(g, k)!]),
    );
  } else if (options.tokenizer) {
    tokenizer = llama2cTokenizerGgufMetadata(options.tokenizer, ck.config.vocabSize);
  } else {
    throw new TongguanError(tr("models.convertGguf.aLlamaCCheckpoint", { input }));
  }
  const tensors: SourceTensor[] = [];
  for (const [hf, t] of ck.tensors) {
    if (hf === "lm_head.weight" && ck.config.tieWordEmbeddings) continue; // llama.cpp reuses token_embd
    tensors.push({ hf, shape: t.shape, load: () => t });
  }
  const name = basename(input).replace(/\.(gguf|bin)$/, "");
  writeModelGguf(out, ck.config, tensors, tokenizer, name, options);
  return ck.config;
}

/** The tensors of a Hugging Face folder, checked against its config.json before anything is read. */
function hfFolderSource(dir: string): { config: ModelConfig; tensors: SourceTensor[] } {
  const config = readHfConfig(dir);
  const st = readWeightsFolder(dir);
  const a = config.architecture;
  const expected = expectedShapes(config);
  const tensors: SourceTensor[] = [];
  for (const info of st.tensors) {
    const hf = canonicalHfName(a, info.name);
    if (hf === null) continue;
    if (hf === "lm_head.weight" && config.tieWordEmbeddings) continue; // llama.cpp reuses token_embd
    const transpose = a === "gpt2" && isGpt2Conv1D(hf);
    const shape = transpose ? [...info.shape].reverse() : info.shape;
    const want = expected.get(hf);
    if (!want)
      throw fileError(info.file, tr("models.convertGguf.unexpectedTensorForA", { infoName: info.name, a }));
    if (!shapeMatches(shape, want.shape)) {
      throw fileError(
        info.file,
        tr("models.convertGguf.tensorHasShapeBut", { infoName: info.name, shape, shape2: want.shape }),
      );
    }
    tensors.push({
      hf,
      shape,
      load: () => {
        const t = st.loadTensors([info.name], false).get(info.name)!;
        return transpose ? transpose2d(t, false) : t;
      },
    });
  }
  const have = new Set(tensors.map((i) => i.hf));
  for (const [name, e] of expected) {
    if (!e.optional && !have.has(name) && !(name === "lm_head.weight" && config.tieWordEmbeddings)) {
      throw fileError(st.path, tr("models.convertGguf.tensorIsMissing", { name }));
    }
  }
  return { config, tensors };
}

/** HF-layout tensors → GGUF names, llama's interleaved q/k rows, the chosen type; then writes the file. */
function writeModelGguf(
  out: string,
  config: ModelConfig,
  source: SourceTensor[],
  tokenizer: Map<string, GgufTypedValue>,
  name: string,
  options: ConvertOptions,
): void {
  const a = config.architecture;
  const items: (SourceTensor & { gguf: string })[] = [];
  for (const t of source) {
    const gguf = hfToGgufName(a, t.hf);
    if (gguf) items.push({ ...t, gguf });
    else if (!expectedShapes(config).get(t.hf)?.optional)
      throw new TongguanError(tr("models.convertGguf.tensorHasNoGguf", { hf: t.hf }));
    // else: e.g. BERT's pooler, for which llama.cpp has no slot
  }
  const typeOf = (it: { shape: number[]; gguf: string }): CastTarget => {
    const keepF32 = it.shape.length === 1 || /position_embd|token_types/.test(it.gguf);
    if (keepF32) return "f32";
    return (it.shape.at(-1) ?? 0) % BLOCK[options.type] === 0 ? options.type : "f16";
  };
  const entries: GgufTensorEntry[] = items.map((it, index) => ({
    name: it.gguf,
    shape: it.shape,
    dtype: typeOf(it),
    bytes: () => {
      let t = it.load();
      const heads = a === "llama" ? ropeHeadsOf(it.hf, config.numHeads, config.numKvHeads) : undefined;
      if (heads !== undefined) t = permuteRows(t, halvesToInterleaved(t.shape[0], t.shape[0] / heads), false);
      t = castTensor(t, typeOf(it), false);
      options.onTensor?.(it.gguf, index, items.length);
      return tensorBytes(t);
    },
  }));
  if (config.ropeScaling?.type === "llama3") {
    // llama.cpp wants Llama 3 scaling as one divisor per frequency, in the tensor rope_freqs.weight.
    const f = llama3RopeFactors(config.ropeTheta, config.headDim, config.ropeScaling);
    entries.push({
      name: "rope_freqs.weight",
      shape: [f.length],
      dtype: "f32",
      bytes: new Uint8Array(f.buffer),
    });
  }
  const metadata = ggufModelMetadata(config, name, options.type);
  for (const [k, v] of tokenizer) metadata.set(k, v);
  writeGguf(out, { metadata, tensors: entries });
}

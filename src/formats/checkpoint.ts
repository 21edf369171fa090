/**
 * `readCheckpoint(path, shapesOf)`: any supported model file → { config, tensors with Hugging Face
 * names }, checked against the shapes `shapesOf(config)` expects — which the models declare:
 * src/models/checkpoint.ts's `loadCheckpoint(path)` passes them.
 *
 *   const ckpt = loadCheckpoint("models/Qwen2-0.5B");          // folder: config.json + *.safetensors (or pytorch_model*.bin)
 *   const ckpt = loadCheckpoint("tiny-llama-q8_0.gguf");       // GGUF (metadata → config)
 *   const ckpt = loadCheckpoint("stories260K.bin");            // llama2.c
 *   ckpt.config.numLayers;                                     // 24
 *   ckpt.tensors.get("model.layers.0.self_attn.q_proj.weight"); // Tensor [896, 896]
 *
 * What every caller can rely on, whatever the format:
 *
 * - Names are transformers' base-model names (see names.ts), without the `transformer.`/`bert.` prefixes.
 * - Every linear weight is (out_features, in_features), so y = W·x reads row by row: GPT-2's Conv1D
 *   weights (stored (in, out) in safetensors) are transposed here.
 * - Shapes (D = hiddenSize, V = vocabSize, F = intermediateSize, H·hd = numHeads·headDim,
 *   KV·hd = numKvHeads·headDim):
 *     llama/qwen  embed_tokens [V, D]; q_proj [H·hd, D]; k_proj, v_proj [KV·hd, D]; o_proj [D, H·hd];
 *                 gate_proj, up_proj [F, D]; down_proj [D, F]; norms [D]; q_norm, k_norm [hd];
 *                 q/k/v biases [out]; lm_head [V, D]
 *     gpt2        wte [V, D]; wpe [ctx, D]; c_attn [3D, D] (rows q, then k, then v) and bias [3D];
 *                 attn.c_proj [D, D]; mlp.c_fc [F, D]; mlp.c_proj [D, F]; ln_* weight/bias [D]; lm_head [V, D]
 *     bert        word/position/token_type embeddings [V|ctx|types, D]; query/key/value/attention.output.dense
 *                 [D, D]; intermediate.dense [F, D]; output.dense [D, F]; LayerNorms and biases [D] or [F]
 * - RoPE: q_proj/k_proj rows (and biases) are in Hugging Face order, which rotates the two *halves*
 *   of each head (x[i], x[i + hd/2]) — config.ropeLayout is "neox". GGUF llama files and llama2.c
 *   store Meta's interleaved order (adjacent pairs); their rows are permuted back here. GGUF qwen2/qwen3
 *   already use halves (llama.cpp's NEOX mode) and are left alone.
 * - Tied embeddings: `lm_head.weight` is always present; when config.tieWordEmbeddings it is the very
 *   same Tensor object as the token embedding (no copy).
 * - dtypes are kept as stored (f32, f16, bf16, or a GGUF block type), unless `{ dtype: "f32" }` asks
 *   for everything dequantized. Data lives in the shared wasm memory.
 * - Shapes and dtypes are checked against the config before anything is returned: a wrong file fails
 *   with a TongguanError naming the file and the tensor.
 */
import { existsSync, statSync } from "node:fs";
import { fileError, TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { blockBytes, blockSize } from "../tensor/dtypes.ts";
import { allocatedBytes, memoryLimit, setWeightSpill } from "../tensor/memory.ts";
import type { DType, Tensor } from "../tensor/tensor.ts";
import { castTensor, isBlockDType } from "./cast.ts";
import { type ModelConfig, readHfConfig } from "./config.ts";
import { type GgufFile, readGguf } from "./gguf.ts";
import { configFromGguf } from "./gguf-config.ts";
import { permuteRows, transpose2d } from "./layout.ts";
import { configFromLlama2c, type Llama2cHeader, readLlama2c } from "./llama2c.ts";
import {
  canonicalHfName,
  embeddingAndHeadNames,
  ggufToHfName,
  interleavedToHalves,
  isGpt2Conv1D,
  ropeHeadsOf,
} from "./names.ts";
import { type ExpectedTensor, shapeMatches } from "./shapes.ts";
import { readWeightsFolder } from "./weights-folder.ts";

export type CheckpointFormat = "safetensors" | "gguf" | "llama2c";

export interface Checkpoint {
  format: CheckpointFormat;
  /** The folder, .gguf or .bin given. */
  path: string;
  config: ModelConfig;
  /** Hugging Face names → tensors (see the shapes above). */
  tensors: Map<string, Tensor>;
  /** GGUF: the parsed header, whose metadata holds the tokenizer (`tokenizer.ggml.*`). */
  gguf?: GgufFile;
  /** llama2.c: the raw header (its tokenizer is a separate file). */
  llama2c?: Llama2cHeader;
  /** safetensors folder: the folder, where tokenizer.json / tokenizer_config.json live. */
  dir?: string;
}

export interface LoadOptions {
  /** "f32": dequantize / widen every tensor to f32. Default: keep the stored dtype. */
  dtype?: "f32";
  /**
   * Called once the config and the tensors' bytes are known, before anything is allocated: may throw
   * (a model that does not fit), and says how many bytes of tensor memory 0 to keep free beside the
   * weights (KV caches, scratch) — past wasm32's 4 GiB the weights then go to weight memories.
   */
  beforeAlloc?: (config: ModelConfig, weightBytes: number) => { reserveBytes: number } | undefined;
  /** Called after each tensor with bytes loaded so far and in total. */
  onProgress?: (loadedBytes: number, totalBytes: number) => void;
}

/** One tensor to load: where it comes from and what must happen to it on the way. */
interface Plan {
  hfName: string;
  srcName: string;
  bytes: number;
  /** dtype as stored. */
  dtype: DType;
  /** Shape as delivered (after any transpose). */
  shape: number[];
  /** RoPE row un-permutation: the number of heads to permute over. */
  ropeHeads?: number;
  transpose?: boolean;
}

interface Source {
  loadTensors(names: string[], shared?: boolean): Map<string, Tensor>;
}

/** The tensors a config implies, by Hugging Face name (src/models/architectures.ts's expectedShapes). */
export type ShapesOf = (config: ModelConfig) => Map<string, ExpectedTensor>;

/** Loads a folder (config.json + safetensors), a `.gguf` or a llama2.c `.bin`. */
export function readCheckpoint(path: string, shapesOf: ShapesOf, options: LoadOptions = {}): Checkpoint {
  if (!existsSync(path)) throw new TongguanError(tr("formats.checkpoint.noSuchFileOr", { path }));
  if (statSync(path).isDirectory()) return loadHfFolder(path, shapesOf, options);
  if (path.endsWith(".gguf")) return loadGgufCheckpoint(path, shapesOf, options);
  if (path.endsWith(".bin")) return loadLlama2cCheckpoint(path, shapesOf, options);
  if (path.endsWith(".safetensors")) {
    throw fileError(path, tr("formats.checkpoint.giveTheFolderThat"));
  }
  throw fileError(path, tr("formats.checkpoint.unknownModelFormatExpected"));
}

function loadHfFolder(dir: string, shapesOf: ShapesOf, options: LoadOptions): Checkpoint {
  const config = readHfConfig(dir);
  const st = readWeightsFolder(dir);
  const plans: Plan[] = [];
  for (const info of st.tensors) {
    const hfName = canonicalHfName(config.architecture, info.name);
    if (hfName === null) continue;
    const transpose = config.architecture === "gpt2" && isGpt2Conv1D(hfName) && info.shape.length === 2;
    plans.push({
      hfName,
      srcName: info.name,
      bytes: info.nbytes,
      dtype: info.loadsAs,
      shape: transpose ? [...info.shape].reverse() : info.shape,
      transpose,
    });
  }
  const tensors = run(st.path, st, config, validate(st.path, config, plans, shapesOf), options);
  tieHead(config, tensors);
  return { format: "safetensors", path: dir, config, tensors, dir };
}

function loadGgufCheckpoint(path: string, shapesOf: ShapesOf, options: LoadOptions): Checkpoint {
  const gguf = readGguf(path);
  const splits = gguf.metadata.get("split.count");
  if (typeof splits === "number" && splits > 1) {
    throw fileError(path, tr("formats.checkpoint.isPartOfA", { splits }));
  }
  const config = configFromGguf(gguf);
  const plans: Plan[] = [];
  for (const info of gguf.tensors) {
    const hfName = ggufToHfName(config.architecture, info.name);
    if (hfName === undefined) continue; // e.g. rope_freqs.weight: recomputed from the config
    // llama.cpp's converter permutes llama's q/k rows into interleaved order; undo it.
    const ropeHeads =
      config.architecture === "llama" ? ropeHeadsOf(hfName, config.numHeads, config.numKvHeads) : undefined;
    plans.push({
      hfName,
      srcName: info.name,
      bytes: info.nbytes,
      dtype: info.dtype,
      shape: info.shape,
      ropeHeads,
    });
  }
  const tensors = run(path, gguf, config, validate(path, config, plans, shapesOf), options);
  tieHead(config, tensors);
  return { format: "gguf", path, config, tensors, gguf };
}

function loadLlama2cCheckpoint(path: string, shapesOf: ShapesOf, options: LoadOptions): Checkpoint {
  const file = readLlama2c(path);
  const config = configFromLlama2c(file);
  const plans: Plan[] = file.tensors.map((t) => ({
    hfName: t.name,
    srcName: t.name,
    bytes: t.nbytes,
    dtype: "f32",
    shape: t.shape,
    ropeHeads: ropeHeadsOf(t.name, config.numHeads, config.numKvHeads),
  }));
  const tensors = run(path, file, config, validate(path, config, plans, shapesOf), options);
  tieHead(config, tensors);
  return { format: "llama2c", path, config, tensors, llama2c: file.header };
}

/** Loads every planned tensor, one at a time, applying its fixes. */
function run(
  path: string,
  src: Source,
  config: ModelConfig,
  plans: Plan[],
  options: LoadOptions,
): Map<string, Tensor> {
  const total = plans.reduce((a, p) => a + p.bytes, 0);
  const needed = plans.reduce((a, p) => a + (options.dtype === "f32" ? f32Bytes(p) : p.bytes), 0);
  // The caller's fit check, before anything is allocated; then the weights go to memory 0 when they
  // fit there beside what the caller reserves (KV caches, scratch), else into weight memories.
  const reserve = options.beforeAlloc?.(config, needed)?.reserveBytes ?? 0;
  const spill = allocatedBytes() + needed + reserve > memoryLimit();
  setWeightSpill(spill);
  try {
    return loadPlans(path, src, plans, options, total);
  } finally {
    setWeightSpill(false);
  }
}

function loadPlans(
  path: string,
  src: Source,
  plans: Plan[],
  options: LoadOptions,
  total: number,
): Map<string, Tensor> {
  let loaded = 0;
  const out = new Map<string, Tensor>();
  for (const p of fusionOrder(plans)) {
    // The fixes this tensor needs, in order; the last one writes into shared memory.
    const steps: ((t: Tensor, shared: boolean) => Tensor)[] = [];
    const heads = p.ropeHeads;
    if (heads !== undefined) {
      steps.push((t, shared) => {
        const rows = t.shape[0];
        if (rows % heads !== 0 || (rows / heads) % 2 !== 0) {
          throw fileError(
            path,
            tr("formats.checkpoint.tensorRowsDoNot", { srcName: p.srcName, rows, heads }),
          );
        }
        return permuteRows(t, interleavedToHalves(rows, rows / heads), shared);
      });
    }
    if (p.transpose) steps.push(transpose2d);
    if (options.dtype === "f32" && p.dtype !== "f32" && p.dtype !== "i32")
      steps.push((t, shared) => castTensor(t, "f32", shared));
    // Tensors that will be rewritten are first read into temporary memory, so shared memory holds them once.
    let t = src.loadTensors([p.srcName], steps.length === 0).get(p.srcName)!;
    try {
      steps.forEach((step, i) => {
        t = step(t, i === steps.length - 1);
      });
    } catch (e) {
      if (e instanceof TongguanError) throw e;
      throw fileError(
        path,
        tr("formats.checkpoint.tensor", { srcName: p.srcName, message: (e as Error).message }),
      );
    }
    out.set(p.hfName, t);
    loaded += p.bytes;
    options.onProgress?.(loaded, total);
  }
  return out;
}

/**
 * Weights that read the same input, in the order the models stack their rows (nn/fused.ts): q, k, v
 * and gate, up. The loader allocates tensors one after the other, so loading each group back to back
 * lays it out as one matrix, and a decode step runs it as one matmul instead of three (or two).
 */
const FUSED_GROUPS = [
  ["self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight"],
  ["mlp.gate_proj.weight", "mlp.up_proj.weight"],
  ["attention.self.query.weight", "attention.self.key.weight", "attention.self.value.weight"],
];

/**
 * `plans` with each complete FUSED_GROUPS group moved together, in the group's order, to where its
 * first member was. Files list tensors in any order — Hugging Face's and llama.cpp's converters
 * write them alphabetically (k before q, ffn_norm between ffn_gate and ffn_up).
 */
export function fusionOrder<P extends { hfName: string }>(plans: P[]): P[] {
  const byName = new Map(plans.map((p) => [p.hfName, p]));
  const groupOf = (name: string): P[] | undefined => {
    for (const group of FUSED_GROUPS) {
      const member = group.find((suffix) => name.endsWith(suffix));
      if (!member) continue;
      const prefix = name.slice(0, name.length - member.length);
      const plans = group.map((suffix) => byName.get(prefix + suffix));
      if (plans.every((p) => p !== undefined)) return plans as P[];
    }
    return undefined;
  };
  const out: P[] = [];
  const placed = new Set<P>();
  for (const p of plans) {
    for (const q of groupOf(p.hfName) ?? [p]) {
      if (placed.has(q)) continue;
      placed.add(q);
      out.push(q);
    }
  }
  return out;
}

/** Bytes of a planned tensor once dequantized to f32. */
function f32Bytes(p: Plan): number {
  if (p.dtype === "f32" || p.dtype === "i32") return p.bytes;
  if (p.dtype === "f16" || p.dtype === "bf16") return p.bytes * 2;
  return (p.bytes / blockBytes(p.dtype)) * blockSize(p.dtype) * 4;
}

/**
 * Checks the planned tensors (names, final shapes, dtypes) against the config before any data is
 * read, and settles tied embeddings: a missing head means tied; a stored head of a tied model is skipped.
 */
function validate(path: string, config: ModelConfig, all: Plan[], shapesOf: ShapesOf): Plan[] {
  const head = embeddingAndHeadNames(config.architecture).head;
  const hasHead = all.some((p) => p.hfName === head);
  if (config.architecture !== "bert" && !hasHead) config.tieWordEmbeddings = true;
  const plans = config.tieWordEmbeddings ? all.filter((p) => p.hfName !== head) : all;
  // Each layer needs several tensors: a corrupt layer count must not make us enumerate billions of names.
  if (config.numLayers > plans.length) {
    throw fileError(
      path,
      tr("formats.checkpoint.theConfigSaysLayers", {
        numLayers: config.numLayers,
        plansLength: plans.length,
      }),
    );
  }
  const expected = shapesOf(config);
  if (config.tieWordEmbeddings) expected.delete(head);
  const byName = new Map<string, Plan>();
  for (const p of plans) {
    if (byName.has(p.hfName)) {
      throw fileError(
        path,
        tr("formats.checkpoint.twoTensorsMapTo", { hfName: p.hfName, srcName: p.srcName }),
      );
    }
    byName.set(p.hfName, p);
    if (!expected.has(p.hfName)) {
      throw fileError(
        path,
        tr("formats.checkpoint.unexpectedTensorForA", {
          srcName: p.srcName,
          architecture: config.architecture,
        }),
      );
    }
  }
  for (const [name, { shape, optional }] of expected) {
    const p = byName.get(name);
    if (!p) {
      if (optional) continue;
      throw fileError(
        path,
        tr("formats.checkpoint.tensorIsMissingThe", {
          name,
          architecture: config.architecture,
          numLayers: config.numLayers,
        }),
      );
    }
    if (!shapeMatches(p.shape, shape)) {
      throw fileError(
        path,
        tr("formats.checkpoint.tensorHasShapeBut", { srcName: p.srcName, shape: p.shape, shape2: shape }),
      );
    }
    if (p.dtype === "i32" || (shape.length === 1 && isBlockDType(p.dtype))) {
      throw fileError(
        path,
        tr("formats.checkpoint.tensorHasDtypeWhich", { srcName: p.srcName, dtype: p.dtype, shape }),
      );
    }
  }
  return plans;
}

/** After loading: a tied head is the embedding Tensor itself. */
function tieHead(config: ModelConfig, tensors: Map<string, Tensor>): void {
  if (config.architecture === "bert" || !config.tieWordEmbeddings) return;
  const { embedding, head } = embeddingAndHeadNames(config.architecture);
  const e = tensors.get(embedding);
  if (e) tensors.set(head, e);
}

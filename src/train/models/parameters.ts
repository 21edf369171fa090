/**
 * The parameters a training graph needs, by their Hugging Face names, with the file layout of
 * each: GPT-2 stores its linear layers as Conv1D `(in, out)`, everything else `nn.Linear`
 * `(out, in)`. Training keeps every matrix in the `(out, in)` layout that `linear` (x·Wᵀ) reads, so
 * Conv1D weights are transposed when a checkpoint is read and back when it is written — the quirk
 * is fixed at the file boundary, never inside the forward pass (nanoGPT's `from_pretrained` does
 * the same).
 */
import { TongguanError } from "../../errors.ts";
import type { ModelConfig } from "../../formats/config.ts";
import { t as tr } from "../../messages/index.ts";
import { allocF32 } from "../../tensor/index.ts";
import { Var } from "../autograd/index.ts";
import { transposeInto } from "../autograd/kernels.ts";
import type { Random } from "../random.ts";

export interface ParamSpec {
  name: string;
  /** Shape in training ((out, in) for every matrix). */
  shape: number[];
  /** Stored transposed in the file (GPT-2 Conv1D). */
  conv1d: boolean;
  /** How a fresh model starts: N(0, std²), or a constant. */
  init: { std: number } | { value: number };
}

/** Every parameter of `c`, in the order Hugging Face lists them. */
export function parameterSpecs(c: ModelConfig): ParamSpec[] {
  checkTrainable(c);
  const d = c.hiddenSize;
  const specs: ParamSpec[] = [];
  const std = 0.02;
  // GPT-2 scales the residual projections by 1/√(2·layers) (each layer adds two of them).
  const projStd = 0.02 / Math.sqrt(2 * c.numLayers);
  const add = (name: string, shape: number[], init: ParamSpec["init"], conv1d = false) =>
    specs.push({ name, shape, conv1d, init });
  if (c.architecture === "gpt2") {
    add("transformer.wte.weight", [c.vocabSize, d], { std });
    add("transformer.wpe.weight", [c.contextLength, d], { std: 0.01 });
    for (let l = 0; l < c.numLayers; l++) {
      const p = `transformer.h.${l}.`;
      add(`${p}ln_1.weight`, [d], { value: 1 });
      add(`${p}ln_1.bias`, [d], { value: 0 });
      add(`${p}attn.c_attn.weight`, [3 * d, d], { std }, true);
      add(`${p}attn.c_attn.bias`, [3 * d], { value: 0 });
      add(`${p}attn.c_proj.weight`, [d, d], { std: projStd }, true);
      add(`${p}attn.c_proj.bias`, [d], { value: 0 });
      add(`${p}ln_2.weight`, [d], { value: 1 });
      add(`${p}ln_2.bias`, [d], { value: 0 });
      add(`${p}mlp.c_fc.weight`, [c.intermediateSize, d], { std }, true);
      add(`${p}mlp.c_fc.bias`, [c.intermediateSize], { value: 0 });
      add(`${p}mlp.c_proj.weight`, [d, c.intermediateSize], { std: projStd }, true);
      add(`${p}mlp.c_proj.bias`, [d], { value: 0 });
    }
    add("transformer.ln_f.weight", [d], { value: 1 });
    add("transformer.ln_f.bias", [d], { value: 0 });
    if (!c.tieWordEmbeddings) add("lm_head.weight", [c.vocabSize, d], { std });
    return specs;
  }
  const qw = c.numHeads * c.headDim;
  const kw = c.numKvHeads * c.headDim;
  add("model.embed_tokens.weight", [c.vocabSize, d], { std });
  for (let l = 0; l < c.numLayers; l++) {
    const p = `model.layers.${l}.`;
    add(`${p}input_layernorm.weight`, [d], { value: 1 });
    add(`${p}self_attn.q_proj.weight`, [qw, d], { std });
    if (c.attentionBias) add(`${p}self_attn.q_proj.bias`, [qw], { value: 0 });
    add(`${p}self_attn.k_proj.weight`, [kw, d], { std });
    if (c.attentionBias) add(`${p}self_attn.k_proj.bias`, [kw], { value: 0 });
    add(`${p}self_attn.v_proj.weight`, [kw, d], { std });
    if (c.attentionBias) add(`${p}self_attn.v_proj.bias`, [kw], { value: 0 });
    add(`${p}self_attn.o_proj.weight`, [d, qw], { std: projStd });
    add(`${p}post_attention_layernorm.weight`, [d], { value: 1 });
    add(`${p}mlp.gate_proj.weight`, [c.intermediateSize, d], { std });
    add(`${p}mlp.up_proj.weight`, [c.intermediateSize, d], { std });
    add(`${p}mlp.down_proj.weight`, [d, c.intermediateSize], { std: projStd });
  }
  add("model.norm.weight", [d], { value: 1 });
  if (!c.tieWordEmbeddings) add("lm_head.weight", [c.vocabSize, d], { std });
  return specs;
}

/** Refuses, in one line, what the training graphs do not build. */
export function checkTrainable(c: ModelConfig): void {
  const what = `${c.architecture} checkpoint`;
  if (c.architecture === "bert") throw new TongguanError(tr("train.models.parameters.trainingBertIsAn"));
  if (c.architecture === "qwen3") throw new TongguanError(tr("train.models.parameters.trainingQwenQK"));
  if (c.architecture === "gpt2" && c.activation !== "gelu_tanh")
    throw new TongguanError(
      tr("train.models.parameters.trainingUsesActivationThe", { what, activation: c.activation }),
    );
  if (c.architecture !== "gpt2" && c.activation !== "silu")
    throw new TongguanError(
      tr("train.models.parameters.trainingUsesHiddenAct", { what, activation: c.activation }),
    );
  if (c.ropeScaling)
    throw new TongguanError(
      tr("train.models.parameters.trainingHasRopeScaling", { what, ropeScalingType: c.ropeScaling.type }),
    );
}

/** A Var in the shared tensor memory (the wasm kernels read parameters there without a copy). */
function sharedParam(spec: ParamSpec): Var {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  return Var.param(allocF32(n), spec.shape, spec.name);
}

/** Fresh parameters for a new model. */
export function initParameters(c: ModelConfig, rng: Random): Map<string, Var> {
  const params = new Map<string, Var>();
  for (const spec of parameterSpecs(c)) {
    const v = sharedParam(spec);
    if ("std" in spec.init) for (let i = 0; i < v.size; i++) v.data[i] = rng.normal(spec.init.std);
    else v.data.fill(spec.init.value);
    params.set(spec.name, v);
  }
  return params;
}

/**
 * Parameters from tensors in file layout (`get(name)` returns f32 data and its file shape, or
 * undefined). Missing or misshapen tensors are one-line errors naming the tensor.
 */
export function parametersFromFile(
  c: ModelConfig,
  source: string,
  get: (name: string) => { data: Float32Array; shape: readonly number[] } | undefined,
): Map<string, Var> {
  const params = new Map<string, Var>();
  for (const spec of parameterSpecs(c)) {
    const t = get(spec.name);
    if (!t)
      throw new TongguanError(tr("train.models.parameters.tensorIsMissing", { source, specName: spec.name }));
    const fileShape = spec.conv1d ? [spec.shape[1], spec.shape[0]] : spec.shape;
    if (t.shape.length !== fileShape.length || t.shape.some((s, i) => s !== fileShape[i]))
      throw new TongguanError(
        tr("train.models.parameters.tensorHasShapeThe", {
          source,
          specName: spec.name,
          shape: t.shape,
          fileShape,
        }),
      );
    const v = sharedParam(spec);
    if (spec.conv1d) transposeInto(v.data, t.data, fileShape[0], fileShape[1]);
    else v.data.set(t.data);
    params.set(spec.name, v);
  }
  return params;
}

/** Each parameter (or its gradient: `pick`) in file layout, ready for safetensors. */
export function toFileLayout(
  c: ModelConfig,
  params: Map<string, Var>,
  pick: (v: Var) => Float32Array = (v) => v.data,
): Map<string, { data: Float32Array; shape: number[] }> {
  const out = new Map<string, { data: Float32Array; shape: number[] }>();
  for (const spec of parameterSpecs(c)) {
    const v = params.get(spec.name)!;
    const src = pick(v);
    if (spec.conv1d) {
      const [rows, k] = spec.shape;
      const data = new Float32Array(rows * k);
      transposeInto(data, src, rows, k);
      out.set(spec.name, { data, shape: [k, rows] });
    } else out.set(spec.name, { data: Float32Array.from(src), shape: spec.shape });
  }
  return out;
}

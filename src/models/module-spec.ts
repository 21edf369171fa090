/**
 * A model's parameters, declared once, as PyTorch's module tree: each module with its class name,
 * each parameter with its Hugging Face name and shape. A model file declares its tree (e.g.
 * `llamaModules(config)`), and two things read that one declaration:
 *
 *   expectedShapes(spec)   name → shape: what the loader checks a file against before reading it
 *   moduleTree(model)      the tree `tongguan inspect` prints, each parameter bound to the tensor the
 *                          model loaded under that name (module-tree.ts)
 *
 *   module("model", "LlamaModel", [
 *     embedding("embed_tokens", V, D),                      // model.embed_tokens.weight  [V, D]
 *     moduleList("layers", L, (i) => module(String(i), "LlamaDecoderLayer", [
 *       module("self_attn", "LlamaAttention", [linear("q_proj", D, H·hd, false), …]),  // model.layers.0.self_attn.q_proj.weight
 *     ])),
 *   ])
 */
import type { ExpectedTensor } from "../formats/shapes.ts";

export interface ParamSpec {
  /** Under its module: "weight", "bias". */
  name: string;
  /** -1 stands for any size (the number of classifier labels). */
  shape: number[];
  optional?: boolean;
  /** Where the file leaves this parameter out, it is this one (a tied head), by full name. */
  tiedTo?: string;
}

export interface ModuleSpec {
  /** As PyTorch prints it: "q_proj", "0" inside a ModuleList, "" for the root. */
  name: string;
  /** PyTorch's class name: "Linear", "LlamaDecoderLayer". */
  type: string;
  /** What its parameters' names start with: its name, or "" where the names leave it out (GPT-2's `transformer.`). */
  path: string;
  /** What a leaf prints inside its parentheses, from its parameters' shapes as loaded. */
  args?: (shapes: number[][]) => string;
  params: ParamSpec[];
  children: ModuleSpec[];
  /** Present only when the file holds its tensors (BERT's pooler, classifier, masked-LM head). */
  optional?: boolean;
}

export function module(
  name: string,
  type: string,
  children: ModuleSpec[],
  options: { path?: string; optional?: boolean; params?: ParamSpec[] } = {},
): ModuleSpec {
  const { path = name, optional, params = [] } = options;
  return { name, type, path, params, children, optional };
}

/** nn.Linear(in, out): weight (out, in), and bias (out) when `bias`; a head's weight may be `tiedTo` the embedding. */
export function linear(
  name: string,
  inFeatures: number,
  outFeatures: number,
  bias: boolean,
  tiedTo?: string,
): ModuleSpec {
  const params: ParamSpec[] = [{ name: "weight", shape: [outFeatures, inFeatures], tiedTo }];
  if (bias) params.push({ name: "bias", shape: [outFeatures] });
  return leaf(name, "Linear", params, linearArgs);
}

/** What nn.Linear prints: "in_features=64, out_features=64, bias=False". */
export function linearArgs([w, bias]: number[][]): string {
  return `in_features=${w[1]}, out_features=${w[0]}, bias=${bias ? "True" : "False"}`;
}

/** nn.Embedding(count, dim): weight (count, dim). */
export function embedding(name: string, count: number, dim: number): ModuleSpec {
  return leaf(name, "Embedding", [{ name: "weight", shape: [count, dim] }], ([w]) => `${w[0]}, ${w[1]}`);
}

/** RMSNorm(dim): weight (dim); `type` is the class name of the family ("LlamaRMSNorm"). */
export function rmsNorm(name: string, type: string, dim: number, eps: number): ModuleSpec {
  return leaf(name, type, [{ name: "weight", shape: [dim] }], ([w]) => `(${w[0]},), eps=${pyFloat(eps)}`);
}

/** nn.LayerNorm(dim): weight and bias (dim). */
export function layerNorm(name: string, dim: number, eps: number): ModuleSpec {
  const params = [
    { name: "weight", shape: [dim] },
    { name: "bias", shape: [dim] },
  ];
  return leaf(name, "LayerNorm", params, ([w]) => `(${w[0]},), eps=${pyFloat(eps)}, elementwise_affine=True`);
}

/** A module without parameters: an activation, a rotary embedding. */
export function stateless(name: string, type: string): ModuleSpec {
  return leaf(name, type, [], () => "");
}

/** nn.ModuleList of `count` layers, named "0", "1", …. */
export function moduleList(name: string, count: number, layer: (i: number) => ModuleSpec): ModuleSpec {
  const layers: ModuleSpec[] = [];
  for (let i = 0; i < count; i++) layers.push(layer(i));
  return module(name, "ModuleList", layers);
}

export function leaf(
  name: string,
  type: string,
  params: ParamSpec[],
  args: (shapes: number[][]) => string,
): ModuleSpec {
  return { name, type, path: name, params, children: [], args };
}

/** A float as Python prints it: 1e-05, 1e-12, 0.5. */
function pyFloat(x: number): string {
  const v = Number(x.toPrecision(6));
  return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential().replace(/e([+-])(\d)$/, "e$10$2") : String(v);
}

/** Every parameter of the tree by full name ("model.layers.0.self_attn.q_proj.weight"), in tree order. */
export function expectedShapes(root: ModuleSpec): Map<string, ExpectedTensor> {
  const out = new Map<string, ExpectedTensor>();
  const visit = (s: ModuleSpec, prefix: string, optional: boolean) => {
    const p = s.path ? `${prefix}${s.path}.` : prefix;
    const opt = optional || !!s.optional;
    for (const q of s.params) out.set(p + q.name, { shape: q.shape, optional: opt || !!q.optional });
    for (const c of s.children) visit(c, p, opt);
  };
  visit(root, "", false);
  return out;
}

/**
 * A model as PyTorch prints it — the module tree — with each leaf's weight shapes, dtypes, parameter
 * count and memory, for `tongguan inspect`.
 *
 *   LlamaForCausalLM(
 *     (model): LlamaModel(
 *       (embed_tokens): Embedding(512, 64)                       32.8K params  f32  128.0 KiB
 *       (layers): ModuleList(
 *         (0-4): 5 x LlamaDecoderLayer(
 *           (self_attn): LlamaAttention(
 *             (q_proj): Linear(in_features=64, out_features=64, bias=False)    4.1K params  f32  16.0 KiB
 *   …
 * Identical layers are folded into one "(0-4): 5 x …" entry, as PyTorch does; their counts are per layer.
 */
import type { Embedding } from "../nn/embedding.ts";
import type { GeluMLP, SwiGLU } from "../nn/ffn.ts";
import type { LayerNorm } from "../nn/layer-norm.ts";
import type { Linear } from "../nn/linear.ts";
import type { RMSNorm } from "../nn/rms-norm.ts";
import { bytesPerRow, type Tensor } from "../tensor/index.ts";
import type { Bert } from "./bert.ts";
import { ChatGlm } from "./chatglm.ts";
import { Gpt2 } from "./gpt2.ts";
import type { Model } from "./index.ts";
import { Llama } from "./llama.ts";

export interface Param {
  shape: number[];
  dtype: string;
  bytes: number;
  /** The same storage as another parameter (a tied head): counted once in totals. */
  shared?: object;
}

export interface ModuleNode {
  name: string;
  type: string;
  /** What goes inside the parentheses of a leaf: "in_features=64, out_features=64, bias=False". */
  args?: string;
  params: Param[];
  children: ModuleNode[];
  /** Folded repeats: "(0-4): 5 x …", and the layers folded (for totals). */
  repeat?: number;
  group?: ModuleNode[];
  note?: string;
}

const node = (
  name: string,
  type: string,
  children: ModuleNode[] = [],
  args?: string,
  params: Param[] = [],
): ModuleNode => ({
  name,
  type,
  args,
  params,
  children,
});

function tensorParam(t: Tensor): Param {
  const k = t.shape[t.shape.length - 1];
  const rows = t.size / k;
  return { shape: t.shape, dtype: t.dtype, bytes: rows * bytesPerRow(t.dtype, k), shared: t.data };
}
const f32Param = (a: Float32Array): Param => ({ shape: [a.length], dtype: "f32", bytes: a.byteLength });
const py = (b: boolean) => (b ? "True" : "False");
/** A float as Python prints it: 1e-05, 1e-12, 0.5. */
function pyFloat(x: number): string {
  const v = Number(x.toPrecision(6));
  return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential().replace(/e([+-])(\d)$/, "e$10$2") : String(v);
}

function linear(name: string, l: Linear): ModuleNode {
  const params = [tensorParam(l.weight)];
  if (l.bias) params.push(f32Param(l.bias));
  return node(
    name,
    "Linear",
    [],
    `in_features=${l.inFeatures}, out_features=${l.outFeatures}, bias=${py(!!l.bias)}`,
    params,
  );
}
function embedding(name: string, e: Embedding): ModuleNode {
  return node(name, "Embedding", [], `${e.count}, ${e.dim}`, [tensorParam(e.table)]);
}
function rmsNorm(name: string, type: string, n: RMSNorm): ModuleNode {
  return node(name, type, [], `(${n.dim},), eps=${pyFloat(n.eps)}`, [f32Param(n.weight)]);
}
function layerNorm(name: string, n: LayerNorm): ModuleNode {
  return node(name, "LayerNorm", [], `(${n.dim},), eps=${pyFloat(n.eps)}, elementwise_affine=True`, [
    f32Param(n.weight),
    f32Param(n.bias),
  ]);
}
const act = (name: string, type: string) => node(name, type, [], "");

function llamaTree(m: Llama): ModuleNode {
  const P = { llama: "Llama", qwen2: "Qwen2", qwen3: "Qwen3" }[m.architecture] ?? "Llama";
  const layers = m.layers.map((l, i) => {
    const a = l.attn.p;
    const attn = [
      linear("q_proj", a.q!),
      linear("k_proj", a.k!),
      linear("v_proj", a.v!),
      linear("o_proj", a.o),
    ];
    if (a.qNorm) attn.push(rmsNorm("q_norm", `${P}RMSNorm`, a.qNorm));
    if (a.kNorm) attn.push(rmsNorm("k_norm", `${P}RMSNorm`, a.kNorm));
    const f = l.ffn as SwiGLU;
    return node(String(i), `${P}DecoderLayer`, [
      node("self_attn", `${P}Attention`, attn),
      node("mlp", `${P}MLP`, [
        linear("gate_proj", f.gate),
        linear("up_proj", f.up),
        linear("down_proj", f.down),
        act("act_fn", "SiLU"),
      ]),
      rmsNorm("input_layernorm", `${P}RMSNorm`, l.attnNorm),
      rmsNorm("post_attention_layernorm", `${P}RMSNorm`, l.ffnNorm),
    ]);
  });
  return node("", `${P}ForCausalLM`, [
    node("model", `${P}Model`, [
      embedding("embed_tokens", m.embedTokens),
      node("layers", "ModuleList", fold(layers)),
      rmsNorm("norm", `${P}RMSNorm`, m.norm),
      node("rotary_emb", `${P}RotaryEmbedding`, [], ""),
    ]),
    linear("lm_head", m.lmHead),
  ]);
}

function gpt2Tree(m: Gpt2): ModuleNode {
  const blocks = m.blocks.map((b, i) => {
    const mlp = b.mlp as GeluMLP;
    return node(String(i), "GPT2Block", [
      layerNorm("ln_1", b.ln1),
      node("attn", "GPT2Attention", [linear("c_attn", b.attn.p.qkv!), linear("c_proj", b.attn.p.o)]),
      layerNorm("ln_2", b.ln2),
      node("mlp", "GPT2MLP", [
        linear("c_fc", mlp.up),
        linear("c_proj", mlp.down),
        act("act", "NewGELUActivation"),
      ]),
    ]);
  });
  return node("", "GPT2LMHeadModel", [
    node("transformer", "GPT2Model", [
      embedding("wte", m.wte),
      embedding("wpe", m.wpe),
      node("h", "ModuleList", fold(blocks)),
      layerNorm("ln_f", m.lnF),
    ]),
    linear("lm_head", m.lmHead),
  ]);
}

function bertTree(m: Bert): ModuleNode {
  const layers = m.layers.map((l, i) => {
    const a = l.attn.p;
    const f = l.ffn as GeluMLP;
    return node(String(i), "BertLayer", [
      node("attention", "BertAttention", [
        node("self", "BertSelfAttention", [
          linear("query", a.q!),
          linear("key", a.k!),
          linear("value", a.v!),
        ]),
        node("output", "BertSelfOutput", [linear("dense", a.o), layerNorm("LayerNorm", l.attnNorm)]),
      ]),
      node("intermediate", "BertIntermediate", [
        linear("dense", f.up),
        act("intermediate_act_fn", "GELUActivation"),
      ]),
      node("output", "BertOutput", [linear("dense", f.down), layerNorm("LayerNorm", l.ffnNorm)]),
    ]);
  });
  const emb = [embedding("word_embeddings", m.word), embedding("position_embeddings", m.position)];
  if (m.tokenType) emb.push(embedding("token_type_embeddings", m.tokenType));
  emb.push(layerNorm("LayerNorm", m.embedNorm));
  const bert = [
    node("embeddings", "BertEmbeddings", emb),
    node("encoder", "BertEncoder", [node("layer", "ModuleList", fold(layers))]),
  ];
  if (m.pooler)
    bert.push(node("pooler", "BertPooler", [linear("dense", m.pooler), act("activation", "Tanh")]));
  const top = [node("bert", "BertModel", bert)];
  if (m.classifier) top.push(linear("classifier", m.classifier));
  if (m.mlm) {
    top.push(
      node("cls", "BertOnlyMLMHead", [
        node("predictions", "BertLMPredictionHead", [
          node("transform", "BertPredictionHeadTransform", [
            linear("dense", m.mlm.dense),
            layerNorm("LayerNorm", m.mlm.norm),
          ]),
          linear("decoder", m.mlm.decoder),
        ]),
      ]),
    );
  }
  const type = m.classifier ? "BertForSequenceClassification" : m.mlm ? "BertForMaskedLM" : "BertModel";
  return type === "BertModel" ? { ...top[0], name: "" } : node("", type, top);
}

/** THUDM's ChatGLMForConditionalGeneration; dense_h_to_4h is shown whole (gate and up rows). */
function chatGlmTree(m: ChatGlm): ModuleNode {
  const layers = m.layers.map((l, i) => {
    const a = l.selfAttention.p;
    const f = l.mlp;
    const rms = (name: string, n: RMSNorm) => rmsNorm(name, "RMSNorm", n);
    return node(String(i), "GLMBlock", [
      rms("input_layernorm", l.inputLayernorm),
      node("self_attention", "SelfAttention", [linear("query_key_value", a.qkv!), linear("dense", a.o)]),
      rms("post_attention_layernorm", l.postAttentionLayernorm),
      node("mlp", "MLP", [
        node(
          "dense_h_to_4h",
          "Linear",
          [],
          `in_features=${f.dim}, out_features=${2 * f.hidden}, bias=False`,
          [tensorParam(f.gate.weight), tensorParam(f.up.weight)],
        ),
        linear("dense_4h_to_h", f.down),
      ]),
    ]);
  });
  return node("", "ChatGLMForConditionalGeneration", [
    node("transformer", "ChatGLMModel", [
      node("embedding", "Embedding", [embedding("word_embeddings", m.wordEmbeddings)]),
      node("rotary_pos_emb", "RotaryEmbedding", [], ""),
      node("encoder", "GLMTransformer", [
        node("layers", "ModuleList", fold(layers)),
        rmsNorm("final_layernorm", "RMSNorm", m.finalLayernorm),
      ]),
      linear("output_layer", m.lmHead),
    ]),
  ]);
}

export function moduleTree(m: Model): ModuleNode {
  if (m instanceof Llama) return llamaTree(m);
  if (m instanceof ChatGlm) return chatGlmTree(m);
  if (m instanceof Gpt2) return gpt2Tree(m);
  return bertTree(m as Bert);
}

/** The structure of a node without its parameters' identity: equal signatures fold together. */
function signature(n: ModuleNode): string {
  return `${n.type}(${n.args ?? ""})[${n.params.map((p) => `${p.dtype}${p.shape}`).join()}]{${n.children.map(signature).join()}}`;
}

/** Folds runs of identical consecutive layers into "(a-b): k x Layer". */
function fold(layers: ModuleNode[]): ModuleNode[] {
  const out: ModuleNode[] = [];
  let i = 0;
  while (i < layers.length) {
    let j = i + 1;
    const sig = signature(layers[i]);
    while (j < layers.length && signature(layers[j]) === sig) j++;
    const count = j - i;
    out.push(
      count === 1
        ? layers[i]
        : { ...layers[i], name: `${i}-${j - 1}`, repeat: count, group: layers.slice(i, j) },
    );
    i = j;
  }
  return out;
}

export interface Totals {
  parameters: number;
  bytes: number;
  byDtype: Map<string, { parameters: number; bytes: number }>;
}

/** Parameters and bytes of the whole model, a tied tensor counted once. */
export function totals(root: ModuleNode): Totals {
  const seen = new Set<object>();
  const t: Totals = { parameters: 0, bytes: 0, byDtype: new Map() };
  const visit = (n: ModuleNode) => {
    if (n.group) {
      n.group.forEach(visit);
      return;
    }
    for (const p of n.params) {
      if (p.shared) {
        if (seen.has(p.shared)) continue;
        seen.add(p.shared);
      }
      const count = p.shape.reduce((a, b) => a * b, 1);
      t.parameters += count;
      t.bytes += p.bytes;
      const d = t.byDtype.get(p.dtype) ?? { parameters: 0, bytes: 0 };
      d.parameters += count;
      d.bytes += p.bytes;
      t.byDtype.set(p.dtype, d);
    }
    for (const c of n.children) visit(c);
  };
  visit(root);
  return t;
}

/** Parameters under a node (one copy of a folded layer), tied tensors included. */
function subtreeParams(n: ModuleNode, each = false): { count: number; bytes: number; dtypes: Set<string> } {
  const r = { count: 0, bytes: 0, dtypes: new Set<string>() };
  const seen = new Set<object>();
  const visit = (m: ModuleNode, top: boolean) => {
    if (m.group && !(top && each)) {
      for (const g of m.group) visit({ ...g, group: undefined }, false);
      return;
    }
    for (const p of m.params) {
      if (p.shared) {
        if (seen.has(p.shared)) continue;
        seen.add(p.shared);
      }
      r.count += p.shape.reduce((a, b) => a * b, 1);
      r.bytes += p.bytes;
      r.dtypes.add(p.dtype);
    }
    for (const c of m.children) visit(c, false);
  };
  visit(n, true);
  return r;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

export function formatBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  if (b >= 2 ** 10) return `${(b / 2 ** 10).toFixed(1)} KiB`;
  return `${b} B`;
}

/** The tree in PyTorch's print format, each module annotated with its parameters, dtypes and memory. */
export function printTree(root: ModuleNode): string {
  const lines: [string, string][] = [];
  const annotate = (n: ModuleNode) => {
    const s = subtreeParams(n, true);
    if (s.count === 0) return "";
    const per = n.repeat ? " each" : "";
    return `${formatCount(s.count)} params${per}  ${[...s.dtypes].join("/")}  ${formatBytes(s.bytes)}${per}`;
  };
  const visit = (n: ModuleNode, indent: string) => {
    const label = `${n.name ? `(${n.name}): ` : ""}${n.repeat ? `${n.repeat} x ` : ""}${n.type}`;
    if (n.children.length === 0) {
      lines.push([`${indent}${label}(${n.args ?? ""})`, annotate(n)]);
      return;
    }
    lines.push([`${indent}${label}(`, annotate(n)]);
    for (const c of n.children) visit(c, `${indent}  `);
    lines.push([`${indent})`, ""]);
  };
  visit(root, "");
  const width = Math.min(100, Math.max(...lines.map(([l]) => l.length)) + 2);
  return lines.map(([l, a]) => (a ? `${l.padEnd(width)}# ${a}` : l)).join("\n");
}

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
 * The tree is the one each model file declares (module-spec.ts), bound to the tensors it loaded.
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { bytesPerRow } from "../tensor/index.ts";
import { modulesOf } from "./architectures.ts";
import type { Model } from "./index.ts";
import type { ModuleSpec } from "./module-spec.ts";
import type { Loaded } from "./weights.ts";

export interface Param {
  shape: number[];
  dtype: string;
  bytes: number;
  /** Its storage: a parameter met twice (a tied head) is counted once in totals. */
  shared: object;
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
}

function param(x: Loaded): Param {
  if (x instanceof Float32Array) return { shape: [x.length], dtype: "f32", bytes: x.byteLength, shared: x };
  const k = x.shape[x.shape.length - 1];
  const rows = x.size / k;
  return { shape: x.shape, dtype: x.dtype, bytes: rows * bytesPerRow(x.dtype, k), shared: x.data };
}

/** The model's declared module tree (architectures.ts), bound to the parameters it loaded. */
export function moduleTree(m: Model): ModuleNode {
  const loaded = m.parameters;
  const root = bindTree(
    modulesOf(m.config, (name) => loaded.has(name)),
    (name) => loaded.get(name),
  );
  if (!root)
    throw new TongguanError(tr("models.moduleTree.noParametersLoaded", { architecture: m.architecture }));
  return root;
}

/**
 * The declared tree with each parameter bound to what `lookup` returns for its full name (or for
 * its `tiedTo`), identical layers folded. A leaf none of whose parameters was loaded is left out
 * (BERT without token types), and so is an optional module with nothing loaded beneath it.
 */
function bindTree(spec: ModuleSpec, lookup: (name: string) => Loaded | undefined): ModuleNode | undefined {
  const visit = (s: ModuleSpec, prefix: string): ModuleNode | undefined => {
    const p = s.path ? `${prefix}${s.path}.` : prefix;
    const params: Param[] = [];
    for (const q of s.params) {
      const x = lookup(p + q.name) ?? (q.tiedTo === undefined ? undefined : lookup(q.tiedTo));
      if (x) params.push(param(x));
    }
    if (s.children.length === 0 && s.params.length > 0 && params.length === 0) return undefined;
    let children = s.children.map((c) => visit(c, p)).filter((c) => c !== undefined);
    if (s.optional && params.length === 0 && !children.some(holdsParams)) return undefined;
    if (s.type === "ModuleList") children = fold(children);
    const args = s.args?.(params.map((x) => x.shape));
    return { name: s.name, type: s.type, args, params, children };
  };
  return visit(spec, "");
}

function holdsParams(n: ModuleNode): boolean {
  return n.params.length > 0 || n.children.some(holdsParams);
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

/**
 * `tongguan trace MODEL "text" [--layer L] [--head H] [--tensor NAME] [--json]` — inside one
 * forward pass: the attention of a layer's head as a heatmap with the tokens as labels (the causal
 * mask visible), every head of that layer as small multiples, and per layer how large the residual
 * stream and each sub-layer's output are. `--tensor` prints any named tensor as JSON.
 *
 *   tongguan trace stories260K.bin "Once upon a time" --tokenizer tok512.bin --layer 2 --head 1
 *   tongguan trace tiny-qwen2-f32.gguf "Hello" --tensor attn_probs --layer 0 > probs.json
 *
 * The numbers are the model's own (src/instruments/attention-trace.ts reads its TensorHook).
 */
import type { Command } from "commander";
import { TongguanError } from "../../errors.ts";
import { traceFromCapture } from "../../instruments/attention-trace.ts";
import { captureTensors, pickTensor, toNested } from "../../instruments/capture.ts";
import { t as msg } from "../../messages/index.ts";
import { numberArg } from "../flags.ts";
import { bar, chipLabel, renderHeatmap, renderSmallMultiples } from "../views/heatmap.ts";
import { openForInstruments } from "../views/open-for-instruments.ts";

interface TraceFlags {
  layer?: number;
  head?: number;
  tensor?: string;
  tokenizer?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("trace")
    .description(msg("cli.trace.description"))
    .argument("<model>", msg("cli.trace.arg.model"))
    .argument("<text>", msg("cli.trace.arg.text"))
    .option("--layer <l>", msg("cli.trace.opt.layer"), numberArg("--layer", true))
    .option("--head <h>", msg("cli.trace.opt.head"), numberArg("--head", true))
    .option("--tensor <name>", msg("cli.trace.opt.tensor"))
    .option("--tokenizer <path>", msg("cli.trace.opt.tokenizer"))
    .option("--json", msg("cli.trace.opt.json"))
    .action(async (model: string, text: string, flags: TraceFlags) => trace(model, text, flags));
}

function checkRange(flag: string, value: number | undefined, count: number, what: string): number {
  const v = value ?? 0;
  if (v < 0 || v >= count)
    throw new TongguanError(msg("cli.trace.isOutsideTheModel", { flag, v, v3: count - 1, count, what }));
  return v;
}

async function trace(modelArg: string, text: string, flags: TraceFlags): Promise<void> {
  const { model, tokenizer } = await openForInstruments(modelArg, flags.tokenizer);
  const ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
  if (ids.length === 0) throw new TongguanError(msg("cli.trace.textItIsEmpty"));
  const capture = captureTensors(model, ids);
  if (flags.tensor !== undefined) {
    if (flags.layer !== undefined)
      checkRange("--layer", flags.layer, capture.layers, msg("cli.trace.layers"));
    const t = pickTensor(capture, flags.tensor, flags.layer);
    const out = { name: t.name, layer: t.layer, shape: t.shape, ids, data: toNested(t) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const layer = checkRange("--layer", flags.layer, capture.layers, msg("cli.trace.layers"));
  const tr = traceFromCapture(model.architecture, capture, ids, { tokenizer, layers: [layer] });
  const head = checkRange("--head", flags.head, tr.heads, msg("cli.trace.heads"));
  if (flags.json) {
    const shown =
      flags.head === undefined
        ? tr
        : {
            ...tr,
            attention: tr.attention.map((a) => ({
              ...a,
              probs: [a.probs[head]],
              scores: [a.scores[head]],
              head,
            })),
          };
    process.stdout.write(`${JSON.stringify(shown)}\n`);
    return;
  }
  const labels = ids.map((id, i) => chipLabel(tr.tokens?.[i], id, 10));
  const a = tr.attention[0];
  const out: string[] = [];
  const header = msg("cli.trace.header", {
    architecture: tr.architecture,
    tokens: ids.length,
    layers: tr.layers,
    heads: tr.heads,
    kv: tr.kvHeads !== tr.heads ? msg("cli.trace.kvHeads", { kvHeads: tr.kvHeads }) : "",
    headDim: tr.headDim,
    mask: msg(tr.causal ? "cli.trace.causal" : "cli.trace.bidirectional"),
  });
  out.push(`${header}\n`);
  out.push(`${msg("cli.trace.tokens", { tokens: labels.map((l, i) => `${i}:[${l}]`).join(" ") })}\n\n`);
  out.push(`${msg("cli.trace.heatmapTitle", { layer, head, last: ids.length - 1 })}\n`);
  out.push(renderHeatmap(a.probs[head], labels, tr.causal));
  out.push(msg("cli.trace.allHeads", { layer, heads: tr.heads }));
  out.push(renderSmallMultiples(a.probs, tr.causal));
  out.push(msg("cli.trace.normsTitle"));
  const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : 0);
  const rows = tr.norms.map((n) => [mean(n.residual), mean(n.attention), mean(n.ffn)]);
  const max = Math.max(...rows.flat(), mean(tr.embedNorms));
  out.push(`  embed    ‖x‖ ${mean(tr.embedNorms).toFixed(3).padStart(9)} ${bar(mean(tr.embedNorms), max)}\n`);
  rows.forEach(([r, at, f], l) => {
    out.push(
      `  layer ${String(l).padEnd(2)} ‖x‖ ${r.toFixed(3).padStart(9)} ${bar(r, max)}  attn ${at.toFixed(3).padStart(8)} ${bar(at, max, 10)}  ffn ${f.toFixed(3).padStart(8)} ${bar(f, max, 10)}\n`,
    );
  });
  out.push(msg("cli.trace.namedTensors", { names: capture.names.join(", ") }));
  process.stdout.write(out.join(""));
}

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
    .description("look inside one forward pass: attention heatmaps, per-layer norms, any named tensor")
    .argument("<model>", "a model folder, .gguf, llama2.c .bin or hub id")
    .argument("<text>", "the text to run")
    .option("--layer <l>", "the layer to show (default 0)", numberArg("--layer", true))
    .option("--head <h>", "the attention head to draw large (default 0)", numberArg("--head", true))
    .option(
      "--tensor <name>",
      "print this named tensor as JSON (attn_norm, q, k, v, attn_probs, ffn_out, l_out, …)",
    )
    .option("--tokenizer <path>", "the tokenizer (default: the model's own)")
    .option("--json", "print the whole trace (or the --tensor) as JSON")
    .action(async (model: string, text: string, flags: TraceFlags) => trace(model, text, flags));
}

function checkRange(flag: string, value: number | undefined, count: number, what: string): number {
  const v = value ?? 0;
  if (v < 0 || v >= count)
    throw new TongguanError(`${flag}: ${v} is outside 0..${count - 1} (the model has ${count} ${what})`);
  return v;
}

async function trace(modelArg: string, text: string, flags: TraceFlags): Promise<void> {
  const { model, tokenizer } = await openForInstruments(modelArg, flags.tokenizer);
  const ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
  if (ids.length === 0) throw new TongguanError("text: it is empty and the tokenizer added no tokens");
  const capture = captureTensors(model, ids);
  if (flags.tensor !== undefined) {
    if (flags.layer !== undefined) checkRange("--layer", flags.layer, capture.layers, "layers");
    const t = pickTensor(capture, flags.tensor, flags.layer);
    const out = { name: t.name, layer: t.layer, shape: t.shape, ids, data: toNested(t) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const layer = checkRange("--layer", flags.layer, capture.layers, "layers");
  const tr = traceFromCapture(model.architecture, capture, ids, { tokenizer, layers: [layer] });
  const head = checkRange("--head", flags.head, tr.heads, "heads per layer");
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
  out.push(
    `${tr.architecture}: ${ids.length} tokens, ${tr.layers} layers × ${tr.heads} heads` +
      (tr.kvHeads !== tr.heads ? ` (${tr.kvHeads} key/value heads)` : "") +
      `, head size ${tr.headDim}; ${tr.causal ? "causal (· = masked: a token cannot see later ones)" : "bidirectional"}\n`,
  );
  out.push(`tokens: ${labels.map((l, i) => `${i}:[${l}]`).join(" ")}\n\n`);
  out.push(
    `layer ${layer}, head ${head} — row i: how token i spreads its attention over tokens 0..${ids.length - 1} (each row sums to 1)\n`,
  );
  out.push(renderHeatmap(a.probs[head], labels, tr.causal));
  out.push(`\nlayer ${layer}, all ${tr.heads} heads:\n`);
  out.push(renderSmallMultiples(a.probs, tr.causal));
  out.push(
    "\nnorms per layer (mean over positions): residual stream ‖x‖, attention output, feed-forward output\n",
  );
  const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : 0);
  const rows = tr.norms.map((n) => [mean(n.residual), mean(n.attention), mean(n.ffn)]);
  const max = Math.max(...rows.flat(), mean(tr.embedNorms));
  out.push(`  embed    ‖x‖ ${mean(tr.embedNorms).toFixed(3).padStart(9)} ${bar(mean(tr.embedNorms), max)}\n`);
  rows.forEach(([r, at, f], l) => {
    out.push(
      `  layer ${String(l).padEnd(2)} ‖x‖ ${r.toFixed(3).padStart(9)} ${bar(r, max)}  attn ${at.toFixed(3).padStart(8)} ${bar(at, max, 10)}  ffn ${f.toFixed(3).padStart(8)} ${bar(f, max, 10)}\n`,
    );
  });
  out.push(`\nnamed tensors (--tensor NAME --layer L --json): ${capture.names.join(", ")}\n`);
  process.stdout.write(out.join(""));
}

/**
 * `tongguan inspect MODEL [--json]` — what is inside a model: its module tree as PyTorch prints it,
 * each module with its parameter count, dtypes and memory, then the totals, the KV cache cost, and
 * the hyper-parameters.
 *
 *   tongguan inspect stories260K.bin
 *   LlamaForCausalLM(
 *     (model): LlamaModel(
 *       (embed_tokens): Embedding(512, 64)        # 32.8K params  f32  128.0 KiB
 *   …
 *   parameters: 260.1K (f32 260.1K) · weights: 1.0 MiB · KV cache: 1.3 KiB per token, 640.0 KiB for 512 tokens
 */
import type { Command } from "commander";
import { t as tr } from "../../messages/index.ts";
import { Bert, loadModel } from "../../models/index.ts";
import { formatBytes, formatCount, moduleTree, printTree, totals } from "../../models/module-tree.ts";
import { localModelPath } from "../model-path.ts";

export function register(program: Command): void {
  program
    .command("inspect")
    .description(tr("cli.inspect.description"))
    .argument("<model>", tr("cli.inspect.arg.model"))
    .option("--json", tr("cli.inspect.opt.json"))
    .action(async (model: string, flags: { json?: boolean }) => inspect(model, flags));
}

async function inspect(path: string, flags: { json?: boolean }): Promise<void> {
  const model = await loadModel(await localModelPath(path));
  const tree = moduleTree(model);
  const t = totals(tree);
  const cfg = model.config;
  // K and V, every layer, f32: bytes one more token of context costs.
  const kvPerToken = model instanceof Bert ? 0 : 2 * cfg.numLayers * cfg.numKvHeads * cfg.headDim * 4;
  const byDtype = Object.fromEntries([...t.byDtype].map(([d, v]) => [d, v]));
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ architecture: model.architecture, parameters: t.parameters, bytes: t.bytes, byDtype, kvCacheBytesPerToken: kvPerToken, contextLength: model.contextLength, config: cfg })}\n`,
    );
    return;
  }
  const lines = [printTree(tree), ""];
  const dtypes = [...t.byDtype].map(([d, v]) => `${d} ${formatCount(v.parameters)}`).join(", ");
  lines.push(
    tr("cli.inspect.parameters", {
      count: formatCount(t.parameters),
      exact: t.parameters.toLocaleString("en-US"),
      dtypes,
    }),
  );
  lines.push(tr("cli.inspect.weights", { size: formatBytes(t.bytes) }));
  if (kvPerToken > 0) {
    lines.push(
      tr("cli.inspect.kvCache", {
        perToken: formatBytes(kvPerToken),
        total: formatBytes(kvPerToken * model.contextLength),
        context: model.contextLength,
      }),
    );
  }
  const shape = tr("cli.inspect.shape", {
    architecture: cfg.architecture,
    layers: cfg.numLayers,
    hidden: cfg.hiddenSize,
    heads: cfg.numHeads,
    kv: cfg.numKvHeads !== cfg.numHeads ? tr("cli.inspect.kvHeads", { kvHeads: cfg.numKvHeads }) : "",
    headDim: cfg.headDim,
    ffn: cfg.intermediateSize,
    vocab: cfg.vocabSize,
    context: model.contextLength,
    positions:
      cfg.positions === "rope"
        ? tr("cli.inspect.rope", { theta: cfg.ropeTheta })
        : tr("cli.inspect.learnedPositions"),
    norm: cfg.norm,
    eps: Number(cfg.normEps.toPrecision(6)),
    activation: cfg.activation,
  });
  lines.push(shape);
  process.stdout.write(`${lines.join("\n")}\n`);
}

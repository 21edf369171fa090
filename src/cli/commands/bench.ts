/**
 * `tongguan bench MODEL [--threads N] [--prompt-tokens 128] [--gen-tokens 128] [--json]` — how fast
 * this machine runs a model: prefill and decode tokens per second, time to first token, peak memory.
 *
 *   tongguan bench qwen2-0.5b-q8_0.gguf --threads 2 --json
 *   {"engine":"tongguan","prefill_tok_s":151.2,"decode_tok_s":38.4,"ttft_ms":846.5,"peak_rss_mb":702.1,…}
 *
 * The prompt is random token ids and decoding is greedy with EOS ignored, so any model — even one
 * with random weights — runs exactly the asked number of tokens. MODEL is a folder, a .gguf, a
 * llama2.c .bin or a hub id. `npm run bench:generate` compares these numbers with llama.cpp's.
 */
import type { Command } from "commander";
import { benchTongguan } from "../../bench/measure.ts";
import { t } from "../../messages/index.ts";
import { shutdownPool } from "../../tensor/index.ts";
import { numberArg, threadsArg } from "../flags.ts";

interface BenchFlags {
  threads?: number;
  promptTokens: number;
  genTokens: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("bench")
    .description(t("cli.bench.description"))
    .argument("<model>", t("cli.bench.arg.model"))
    .option("--threads <n>", t("cli.bench.opt.threads"), threadsArg())
    .option(
      "--prompt-tokens <n>",
      t("cli.bench.opt.promptTokens"),
      numberArg("--prompt-tokens", "positive integer"),
      128,
    )
    .option(
      "--gen-tokens <n>",
      t("cli.bench.opt.genTokens"),
      numberArg("--gen-tokens", "positive integer"),
      128,
    )
    .option("--json", t("cli.bench.opt.json"))
    .action(async (model: string, flags: BenchFlags) => bench(model, flags));
}

async function bench(modelPath: string, flags: BenchFlags): Promise<void> {
  const { availableParallelism } = await import("node:os");
  const options = {
    threads: flags.threads ?? availableParallelism(),
    promptTokens: flags.promptTokens,
    genTokens: flags.genTokens,
  };
  try {
    const r = await benchTongguan(modelPath, options);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      return;
    }
    const mb = (b: number) => (b / 2 ** 20).toFixed(1);
    process.stdout.write(
      [
        t("cli.bench.summary", {
          model: modelPath,
          size: mb(r.model_bytes),
          threads: r.threads,
          ms: r.load_ms.toFixed(0),
        }),
        t("cli.bench.prefill", { tokens: r.prompt_tokens, speed: r.prefill_tok_s.toFixed(1) }),
        t("cli.bench.decode", { tokens: r.gen_tokens, speed: r.decode_tok_s.toFixed(1) }),
        t("cli.bench.ttft", { ms: r.ttft_ms.toFixed(1) }),
        t("cli.bench.peakRss", {
          mb: r.peak_rss_mb.toFixed(1),
          ratio: (r.peak_rss_mb / (r.model_bytes / 2 ** 20)).toFixed(2),
        }),
        "",
      ].join("\n"),
    );
  } finally {
    await shutdownPool();
  }
}

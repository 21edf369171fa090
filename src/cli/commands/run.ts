/**
 * `tongguan run MODEL "prompt"` — generate text from a prompt.
 *
 *   tongguan run stories260K.bin "Once upon a time" --tokenizer tok512.bin --temperature 0
 *   tongguan run models/qwen2 "The capital of France is" --max-tokens 20 --top-p 0.9 --seed 1
 *   tongguan run stories260K.bin "" --tokenizer tok512.bin --temperature 1 --top-p 0.9 --seed 133742 --llama2c-rng --json
 *
 * The text streams to standard output as it is generated, then the speed goes to standard error.
 * With --json, one object: {"prompt_tokens": [...], "generated_tokens": [...], "text": "...", "stop": "eos|length|stop_string"}
 * (generated_tokens without the token that ended generation; text is the generated text only).
 * For llama2.c checkpoints the prompt is encoded as run.c does (BOS, the dummy-prefix space, its
 * merges) and a sampled BOS ends generation; `--max-tokens` = run.c's steps − prompt tokens + 1.
 */
import type { Command } from "commander";
import { streamGenerate } from "../../generation/generate.ts";
import { openModel } from "../../generation/open-model.ts";
import { t as tr } from "../../messages/index.ts";
import type { CacheType } from "../../nn/kv-cache.ts";
import { modelAndPrompt } from "../default-model.ts";
import {
  addCacheTypeFlags,
  addCtxFlag,
  addSamplingFlags,
  addThreadsFlag,
  addTokenizerFlag,
  applyThreads,
  checkSampling,
  memoryFromFlags,
  type SamplingFlags,
  samplingFromFlags,
} from "../flags.ts";
import { localModelPath, localTokenizerPath } from "../model-path.ts";
import { addInstrumentFlags, checkCtx, type InstrumentFlags, instruments } from "../views/generation-view.ts";

interface RunFlags extends SamplingFlags, InstrumentFlags {
  tokenizer?: string;
  ctx?: number;
  cacheTypeK?: CacheType;
  cacheTypeV?: CacheType;
  threads?: number;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command("run")
    .description(tr("cli.run.description"))
    .argument("[model]", tr("cli.run.arg.model"))
    .argument("[prompt]", tr("cli.run.arg.prompt"));
  addTokenizerFlag(cmd, tr("cli.run.tokenizerDefault"));
  addSamplingFlags(cmd, { maxTokens: "256", temperature: "1" });
  addCtxFlag(cmd, tr("cli.flags.ctxDefault"));
  addCacheTypeFlags(cmd);
  addThreadsFlag(cmd)
    .option("--json", tr("cli.run.opt.json"))
    .action(async (first: string | undefined, second: string | undefined, flags: RunFlags) => {
      const { model, prompt } = modelAndPrompt(first, second);
      await run(model, prompt, flags);
    });
  addInstrumentFlags(cmd, ["probs", "cache"]); // the learner's instruments (views/generation-view.ts)
}

async function run(modelPath: string, prompt: string, flags: RunFlags): Promise<void> {
  const options = samplingFromFlags(flags);
  checkSampling(options); // bad flags fail before a model is loaded
  await applyThreads(flags);
  const opened = await openModel(await localModelPath(modelPath), {
    tokenizer: flags.tokenizer && (await localTokenizerPath(flags.tokenizer)),
    ...memoryFromFlags(flags),
  });
  if (opened.memoryNote) process.stderr.write(`tongguan: ${opened.memoryNote}\n`);
  // --show-probs / --show-cache / --no-cache, and a prompt longer than --ctx named as such
  const promptLength = opened.tokenizer.encode(prompt, { addSpecialTokens: true }).ids.length;
  if (flags.ctx !== undefined) checkCtx(opened.model, flags.ctx, promptLength);
  const session = flags.showCache ? opened.model.newSession() : undefined;
  const live = flags.showProbs && !flags.json ? (text: string) => process.stdout.write(text) : undefined;
  const inst = instruments(flags, opened.tokenizer, session?.contextLength, live);
  const stream = streamGenerate(opened.model, opened.tokenizer, prompt, {
    ...options,
    stopTokens: opened.stopTokens,
    addSpecialTokens: true,
    session,
    observer: inst.observer,
    useCache: inst.useCache ? undefined : false,
  });
  if (flags.json) {
    const r = await stream.result;
    const out = {
      prompt_tokens: r.promptTokens,
      generated_tokens: r.generatedTokens,
      text: r.text,
      stop: r.stop,
      ...inst.json(),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  if (!live) process.stdout.write(prompt);
  for await (const chunk of stream) if (!live) process.stdout.write(chunk.text);
  const r = await stream.result;
  if (live) process.stdout.write(`\n${prompt}${r.text}`);
  process.stdout.write(inst.cacheReport() ? `\n${inst.cacheReport()}` : "");
  const t = r.timings;
  process.stdout.write("\n");
  process.stderr.write(
    `${tr("cli.run.summary", {
      prompt: r.promptTokens.length,
      generated: r.generatedTokens.length,
      stop: r.stop,
      seed: r.seed === undefined ? "" : tr("cli.run.seed", { seed: r.seed }),
      prefill: t.prefillTokensPerSecond.toFixed(1),
      decode: t.decodeTokensPerSecond.toFixed(1),
      ttft: t.ttftMs.toFixed(0),
    })}\n`,
  );
}

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
import { localModelPath } from "../model-path.ts";
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
    .description("generate text from a prompt (streams it; --json for tokens and text)")
    .argument(
      "[model]",
      "a model folder, a .gguf, or a llama2.c .bin checkpoint (default: the shipped model)",
    )
    .argument("[prompt]", "the prompt (default: empty, which for llama2.c means just BOS)");
  addTokenizerFlag(cmd, "the model's own; for a llama2.c .bin, tokenizer.bin beside it");
  addSamplingFlags(cmd, { maxTokens: "256", temperature: "1" });
  addCtxFlag(cmd, "the longest the free memory holds, at most the model's");
  addCacheTypeFlags(cmd);
  addThreadsFlag(cmd)
    .option(
      "--json",
      'print one JSON object {"prompt_tokens", "generated_tokens", "text", "stop"} instead of streaming',
    )
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
    tokenizer: flags.tokenizer,
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
    `[${r.promptTokens.length} prompt tokens, ${r.generatedTokens.length} generated, stop: ${r.stop}` +
      (r.seed === undefined ? "" : `, seed ${r.seed}`) +
      `] prefill ${t.prefillTokensPerSecond.toFixed(1)} tok/s, decode ${t.decodeTokensPerSecond.toFixed(1)} tok/s, ` +
      `first token after ${t.ttftMs.toFixed(0)} ms\n`,
  );
}

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
import { InvalidArgumentError } from "commander";
import { TongguanError } from "../../errors.ts";
import { streamGenerate } from "../../generation/generate.ts";
import {
  type GenerateOptions,
  GenerationOptionError,
  OPTION_FLAGS,
  validateGenerateOptions,
} from "../../generation/generation-options.ts";
import { openModel, setThreadCount } from "../../generation/open-model.ts";
import { threadsArg } from "../threads.ts";

interface RunFlags {
  tokenizer?: string;
  maxTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  typicalP?: number;
  repetitionPenalty?: number;
  noRepeatNgramSize?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  stop?: string[];
  threads?: number;
  llama2cRng?: boolean;
  json?: boolean;
}

export function numberArg(flag: string, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(`${flag} needs ${integer ? "an integer" : "a number"}, got "${value}"`);
    return n;
  };
}

/** Checks the options, naming the command-line flag ("--top-p: 1.5 is not in (0, 1]") when one is wrong. */
export function validateFlags(options: GenerateOptions): void {
  try {
    validateGenerateOptions(options);
  } catch (err) {
    if (err instanceof GenerationOptionError && OPTION_FLAGS[err.option])
      throw new TongguanError(
        `${OPTION_FLAGS[err.option]}: ${err.problem.replace(/llama2cRng/g, "--llama2c-rng")}`,
      );
    throw err;
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program
    .command("run")
    .description("generate text from a prompt (streams it; --json for tokens and text)")
    .argument("<model>", "a model folder, a .gguf, or a llama2.c .bin checkpoint")
    .argument("[prompt]", "the prompt (default: empty, which for llama2.c means just BOS)", "")
    .option(
      "--tokenizer <path>",
      "the tokenizer (default: the model's own; for a llama2.c .bin, tokenizer.bin beside it)",
    )
    .option("-n, --max-tokens <n>", "stop after N new tokens (default 256)", numberArg("--max-tokens", true))
    .option("--temperature <t>", "0 = greedy; higher = more random (default 1)", numberArg("--temperature"))
    .option("--top-k <k>", "sample only from the K most likely tokens", numberArg("--top-k", true))
    .option(
      "--top-p <p>",
      "nucleus sampling: the smallest set of tokens with probability ≥ P, in (0, 1]",
      numberArg("--top-p"),
    )
    .option("--min-p <p>", "drop tokens less likely than P × the most likely one", numberArg("--min-p"))
    .option("--typical-p <p>", "locally typical sampling mass, in (0, 1]", numberArg("--typical-p"))
    .option(
      "--repetition-penalty <r>",
      "Hugging Face repetition penalty (> 1 discourages repeats)",
      numberArg("--repetition-penalty"),
    )
    .option(
      "--no-repeat-ngram-size <n>",
      "never repeat an n-gram of this size",
      numberArg("--no-repeat-ngram-size", true),
    )
    .option("--presence-penalty <p>", "OpenAI presence penalty, in [-2, 2]", numberArg("--presence-penalty"))
    .option(
      "--frequency-penalty <p>",
      "OpenAI frequency penalty, in [-2, 2]",
      numberArg("--frequency-penalty"),
    )
    .option("--seed <s>", "random seed, for repeatable sampling", numberArg("--seed", true))
    .option("--stop <text>", "stop when the text contains this (repeatable)", collect)
    .option("--threads <n>", "worker threads for the matrix products", threadsArg())
    .option(
      "--llama2c-rng",
      "sample exactly as llama2.c's run.c (its xorshift RNG and top-p); only --temperature, --top-p, --seed",
    )
    .option(
      "--json",
      'print one JSON object {"prompt_tokens", "generated_tokens", "text", "stop"} instead of streaming',
    )
    .action(async (model: string, prompt: string, flags: RunFlags) => run(model, prompt, flags));
}

async function run(modelPath: string, prompt: string, flags: RunFlags): Promise<void> {
  const options: GenerateOptions = {
    maxNewTokens: flags.maxTokens,
    temperature: flags.temperature,
    topK: flags.topK,
    topP: flags.topP,
    minP: flags.minP,
    typicalP: flags.typicalP,
    repetitionPenalty: flags.repetitionPenalty,
    noRepeatNgramSize: flags.noRepeatNgramSize,
    presencePenalty: flags.presencePenalty,
    frequencyPenalty: flags.frequencyPenalty,
    seed: flags.seed,
    stopStrings: flags.stop,
    llama2cRng: flags.llama2cRng,
  };
  validateFlags(options); // bad flags fail before a model is loaded
  if (flags.threads !== undefined) await setThreadCount(flags.threads);
  const opened = await openModel(modelPath, { tokenizer: flags.tokenizer });
  const stream = streamGenerate(opened.model, opened.tokenizer, prompt, {
    ...options,
    stopTokens: opened.stopTokens,
    addSpecialTokens: true,
  });
  if (flags.json) {
    const r = await stream.result;
    const out = {
      prompt_tokens: r.promptTokens,
      generated_tokens: r.generatedTokens,
      text: r.text,
      stop: r.stop,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  process.stdout.write(prompt);
  for await (const chunk of stream) process.stdout.write(chunk.text);
  const r = await stream.result;
  const t = r.timings;
  process.stdout.write("\n");
  process.stderr.write(
    `[${r.promptTokens.length} prompt tokens, ${r.generatedTokens.length} generated, stop: ${r.stop}` +
      (r.seed === undefined ? "" : `, seed ${r.seed}`) +
      `] prefill ${t.prefillTokensPerSecond.toFixed(1)} tok/s, decode ${t.decodeTokensPerSecond.toFixed(1)} tok/s, ` +
      `first token after ${t.ttftMs.toFixed(0)} ms\n`,
  );
}

/**
 * `tongguan chat MODEL [--system TEXT]` — talk with a model in the terminal.
 *
 * Every turn renders the whole conversation with the model's own chat template; the KV cache is
 * kept, so only the new message is prefilled. The reply streams as it is generated, followed by
 * the speed: prefill (prompt tokens per second) and decode (new tokens per second).
 * Commands: /reset forgets the conversation, /exit (or Ctrl-D) quits. A model without a template
 * (llama2.c, the tiny test GGUFs) can be given one with --chat-template FILE.
 */
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import pc from "picocolors";
import { fileError, TongguanError } from "../../errors.ts";
import { ChatSession } from "../../generation/chat-session.ts";
import { ChatTemplate } from "../../generation/chat-template.ts";
import type { SamplingOptions } from "../../generation/generation-options.ts";
import { openModel, setThreadCount } from "../../generation/open-model.ts";
import { threadsArg } from "../threads.ts";
import { numberArg, validateFlags } from "./run.ts";

interface ChatFlags {
  system?: string;
  tokenizer?: string;
  chatTemplate?: string;
  maxTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  repetitionPenalty?: number;
  seed?: number;
  threads?: number;
}

export function register(program: Command): void {
  program
    .command("chat")
    .description("chat with a model in the terminal, through its chat template (/reset, /exit)")
    .argument("<model>", "a model folder or a .gguf with a chat_template")
    .option("--system <text>", "a system message")
    .option("--tokenizer <path>", "the tokenizer (default: the model's own)")
    .option(
      "--chat-template <file>",
      "a Jinja chat template file, for a model without one (or to replace it)",
    )
    .option(
      "-n, --max-tokens <n>",
      "new tokens per reply at most (default 512)",
      numberArg("--max-tokens", true),
    )
    .option("--temperature <t>", "0 = greedy (default 1)", numberArg("--temperature"))
    .option("--top-k <k>", "sample only from the K most likely tokens", numberArg("--top-k", true))
    .option("--top-p <p>", "nucleus sampling, in (0, 1]", numberArg("--top-p"))
    .option("--min-p <p>", "drop tokens less likely than P × the most likely one", numberArg("--min-p"))
    .option("--repetition-penalty <r>", "Hugging Face repetition penalty", numberArg("--repetition-penalty"))
    .option("--seed <s>", "random seed (turn k uses seed + k)", numberArg("--seed", true))
    .option("--threads <n>", "worker threads for the matrix products", threadsArg())
    .action(async (model: string, flags: ChatFlags) => chat(model, flags));
}

async function readTemplate(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    throw fileError(path, "cannot read the chat template file");
  }
}

async function chat(modelPath: string, flags: ChatFlags): Promise<void> {
  const sampling: SamplingOptions = {
    temperature: flags.temperature,
    topK: flags.topK,
    topP: flags.topP,
    minP: flags.minP,
    repetitionPenalty: flags.repetitionPenalty,
    seed: flags.seed,
  };
  validateFlags({ ...sampling, maxNewTokens: flags.maxTokens }); // fail before loading a model
  if (flags.threads !== undefined) await setThreadCount(flags.threads);
  const opened = await openModel(modelPath, { tokenizer: flags.tokenizer });
  const session = new ChatSession(opened.model, opened.tokenizer, {
    system: flags.system,
    sampling,
    maxNewTokens: flags.maxTokens,
    stopTokens: opened.stopTokens,
    template:
      flags.chatTemplate === undefined ? undefined : new ChatTemplate(await readTemplate(flags.chatTemplate)),
  });
  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  const say = (s: string) => process.stdout.write(s);
  if (interactive) say(pc.dim(`${opened.model.architecture} · /reset forgets, /exit quits\n`));
  const prompt = () => interactive && rl.prompt();
  rl.setPrompt(pc.bold("> "));
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === "/exit") break;
    if (text === "/reset") {
      session.reset();
      say(pc.dim("(conversation reset)\n"));
    } else if (text !== "") {
      if (!interactive) say(`> ${text}\n`);
      try {
        const stream = session.reply(text);
        for await (const chunk of stream) say(chunk.text);
        const r = await stream.result;
        const t = r.timings;
        say(
          pc.dim(
            `\n[prefill ${t.prefillTokens} tok at ${t.prefillTokensPerSecond.toFixed(1)} tok/s · ` +
              `decode ${r.generatedTokens.length} tok at ${t.decodeTokensPerSecond.toFixed(1)} tok/s · stop: ${r.stop}]\n`,
          ),
        );
      } catch (err) {
        if (!(err instanceof TongguanError)) throw err;
        say(pc.red(`\n${err.message}\n`));
      }
    }
    prompt();
  }
  rl.close();
}

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
import { openModel } from "../../generation/open-model.ts";
import type { CacheType } from "../../nn/kv-cache.ts";
import { modelOrDefault } from "../default-model.ts";
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
import { addInstrumentFlags, type InstrumentFlags, instruments } from "../views/generation-view.ts";
import { addTemplateFlags, printPrompt, type TemplateFlags } from "../views/template-view.ts";

interface ChatFlags extends SamplingFlags, InstrumentFlags, TemplateFlags {
  printPrompt?: boolean;
  system?: string;
  ctx?: number;
  cacheTypeK?: CacheType;
  cacheTypeV?: CacheType;
  tokenizer?: string;
  chatTemplate?: string;
  threads?: number;
}

export function register(program: Command): void {
  const cmd = program
    .command("chat")
    .description("chat with a model in the terminal, through its chat template (/reset, /exit)")
    .argument("[model]", "a model folder or a .gguf with a chat_template (default: the shipped model)")
    .option("--system <text>", "a system message");
  addTokenizerFlag(cmd).option(
    "--chat-template <file>",
    "a Jinja chat template file, for a model without one (or to replace it)",
  );
  addSamplingFlags(cmd, { maxTokens: "512", temperature: "1", seed: "turn k uses seed + k" });
  addCtxFlag(cmd, "the longest the free memory holds, at most the model's");
  addCacheTypeFlags(cmd);
  addThreadsFlag(cmd).action(async (model: string | undefined, flags: ChatFlags) =>
    chat(modelOrDefault(model), flags),
  );
  // the learner's instruments (views/): --print-prompt with --user/--messages, --show-probs
  cmd.option("--print-prompt", "print the rendered prompt and its token ids for the messages, then exit");
  addTemplateFlags(cmd);
  addInstrumentFlags(cmd, ["probs"]);
}

async function readTemplate(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    throw fileError(path, "cannot read the chat template file");
  }
}

async function chat(modelPath: string, flags: ChatFlags): Promise<void> {
  const { maxNewTokens, stopStrings, ...sampling } = samplingFromFlags(flags);
  checkSampling({ ...sampling, maxNewTokens, stopStrings }); // fail before loading a model
  await applyThreads(flags);
  const opened = await openModel(await localModelPath(modelPath), {
    tokenizer: flags.tokenizer,
    ...memoryFromFlags(flags),
  });
  if (opened.memoryNote) process.stderr.write(`tongguan: ${opened.memoryNote}\n`);
  if (flags.printPrompt) {
    const text = flags.chatTemplate === undefined ? undefined : await readTemplate(flags.chatTemplate);
    return printPrompt(opened.tokenizer, flags, modelPath, text);
  }
  const live = flags.showProbs ? (text: string) => process.stdout.write(`\n${text}`) : undefined;
  const inst = instruments(flags, opened.tokenizer, undefined, live);
  const session = new ChatSession(opened.model, opened.tokenizer, {
    system: flags.system,
    sampling: { ...sampling, observer: inst.observer },
    maxNewTokens,
    stopStrings,
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

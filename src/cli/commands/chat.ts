/**
 * `tongguan chat MODEL [--system TEXT]` — talk with a model in the terminal.
 *
 * Every turn renders the whole conversation with the model's own chat template; the KV cache is
 * kept, so only the new message is prefilled. The reply streams as it is generated, followed by
 * the speed — prefill (prompt tokens per second), decode (new tokens per second) — and the sampling.
 *
 * - A model without a chat template (GPT-2, llama2.c, any base model) chats through tongguan's plain
 *   "User: … / Assistant:" transcript, announced at the start; --chat-template FILE picks another.
 * - Sampling starts from the model's generation_config.json, else temperature 0.7 / top-p 0.9;
 *   the sampling flags override either.
 * - Ctrl-C stops the reply being written (the conversation keeps it); at the prompt, a second
 *   Ctrl-C (or /exit, or Ctrl-D) quits.
 * - A conversation longer than the context drops its oldest turns, and says so.
 * - A line ending in \ continues on the next; `"""` opens and closes a block of lines.
 */
import { readFile } from "node:fs/promises";
import { createInterface, type Interface } from "node:readline";
import type { Command } from "commander";
import pc from "picocolors";
import { fileError, TongguanError } from "../../errors.ts";
import { ChatInterrupted, ChatSession } from "../../generation/chat-session.ts";
import { ChatTemplate } from "../../generation/chat-template.ts";
import type { SamplingOptions } from "../../generation/generation-options.ts";
import { openModel } from "../../generation/open-model.ts";
import { PLAIN_CHAT_STOP_STRINGS, PLAIN_CHAT_TEMPLATE } from "../../generation/plain-chat-template.ts";
import { describeSampling, samplingDefaults } from "../../generation/sampling-defaults.ts";
import { t as tr } from "../../messages/index.ts";
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
import { localModelPath, localTokenizerPath } from "../model-path.ts";
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
    .description(tr("cli.chat.description"))
    .argument("[model]", tr("cli.chat.arg.model"))
    .option("--system <text>", tr("cli.chat.opt.system"));
  addTokenizerFlag(cmd).option("--chat-template <file>", tr("cli.chat.opt.chatTemplate"));
  addSamplingFlags(cmd, {
    maxTokens: "512",
    temperature: tr("cli.chat.temperatureDefault"),
    topP: tr("cli.chat.topPDefault"),
    seed: tr("cli.chat.seedUse"),
  });
  addCtxFlag(cmd, tr("cli.flags.ctxDefault"));
  addCacheTypeFlags(cmd);
  addThreadsFlag(cmd).action(async (model: string | undefined, flags: ChatFlags) =>
    chat(modelOrDefault(model), flags),
  );
  // the learner's instruments (views/): --print-prompt with --user/--messages, --show-probs
  cmd.option("--print-prompt", tr("cli.chat.opt.printPrompt"));
  addTemplateFlags(cmd);
  addInstrumentFlags(cmd, ["probs"]);
}

async function readTemplate(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    throw fileError(path, tr("cli.chat.cannotReadTheChat"));
  }
}

/** The sampling options the user typed (undefined ones left out, so they do not hide the defaults). */
function given(sampling: SamplingOptions): SamplingOptions {
  return Object.fromEntries(Object.entries(sampling).filter(([, v]) => v !== undefined));
}

async function chat(modelPath: string, flags: ChatFlags): Promise<void> {
  const { maxNewTokens, stopStrings, ...typed } = samplingFromFlags(flags);
  checkSampling({ ...typed, maxNewTokens, stopStrings }); // fail before loading a model
  await applyThreads(flags);
  const note = (s: string) => process.stderr.write(pc.dim(`${s}\n`));
  note(tr("cli.chat.loading", { modelPath }));
  const opened = await openModel(await localModelPath(modelPath), {
    tokenizer: flags.tokenizer && (await localTokenizerPath(flags.tokenizer)),
    ...memoryFromFlags(flags),
  });
  if (opened.memoryNote) process.stderr.write(`tongguan: ${opened.memoryNote}\n`);
  if (flags.printPrompt) {
    const text = flags.chatTemplate === undefined ? undefined : await readTemplate(flags.chatTemplate);
    return printPrompt(opened.tokenizer, flags, modelPath, text);
  }
  const live = flags.showProbs ? (text: string) => process.stdout.write(`\n${text}`) : undefined;
  const inst = instruments(flags, opened.tokenizer, undefined, live);

  const defaults = samplingDefaults(opened.modelPath);
  const flagsGiven = given(typed);
  const sampling = { ...defaults.sampling, ...flagsGiven };
  const origin = defaults.source === "default" ? tr("cli.chat.defaultOrigin") : defaults.source;
  const overridden = Object.keys(flagsGiven).some((k) => k !== "seed" && k !== "llama2cRng");
  const samplingNote = `${describeSampling(sampling)} (${overridden ? tr("cli.chat.flagsOver", { origin }) : origin})`;

  let template: ChatTemplate | undefined;
  let plain = false;
  if (flags.chatTemplate !== undefined) template = new ChatTemplate(await readTemplate(flags.chatTemplate));
  else if (!opened.tokenizer.chatTemplate) {
    plain = true;
    template = new ChatTemplate(PLAIN_CHAT_TEMPLATE);
    note(tr("cli.chat.plainTemplate", { architecture: opened.model.architecture }));
  }
  const say = (s: string) => process.stdout.write(s);
  const session = new ChatSession(opened.model, opened.tokenizer, {
    system: flags.system,
    sampling: { ...sampling, observer: inst.observer },
    maxNewTokens,
    stopStrings: plain ? [...(stopStrings ?? []), ...PLAIN_CHAT_STOP_STRINGS] : stopStrings,
    stopTokens: opened.stopTokens,
    template,
    addSpecialTokens: plain,
    onDrop: (n) => say(pc.yellow(`${tr("cli.chat.dropped", { n })}\n`)),
  });

  const interactive = process.stdin.isTTY === true;
  const input = new LineReader(
    createInterface({ input: process.stdin, output: process.stdout, terminal: interactive }),
    interactive,
  );
  if (interactive)
    say(
      pc.dim(
        `${tr("cli.chat.banner", { architecture: opened.model.architecture, sampling: samplingNote })}\n`,
      ),
    );

  for (;;) {
    const message = await input.read();
    if (message === null) break;
    const text = message.trim();
    if (text === "") continue;
    if (text.startsWith("/") && !text.includes("\n")) {
      const [command, ...rest] = text.split(/\s+/);
      const arg = text.slice(command.length).trim();
      if (command === "/exit" || command === "/quit") break;
      if (command === "/help") say(`${tr("cli.chat.help")}\n`);
      else if (command === "/reset") {
        session.reset();
        say(pc.dim(`${tr("cli.chat.reset")}\n`));
      } else if (command === "/system") {
        if (rest.length === 0)
          say(
            pc.dim(`${tr("cli.chat.systemShow", { system: session.system ?? tr("cli.chat.systemNone") })}\n`),
          );
        else {
          session.setSystem(arg === '""' ? "" : arg);
          say(
            pc.dim(`${tr(session.system === undefined ? "cli.chat.systemRemoved" : "cli.chat.systemSet")}\n`),
          );
        }
      } else say(pc.yellow(`${tr("cli.chat.unknownCommand", { command })}\n`));
      continue;
    }
    if (!interactive) say(`> ${text}\n`);
    const stop = new AbortController();
    input.onInterrupt = () => stop.abort();
    try {
      const stream = session.reply(text, { signal: stop.signal });
      for await (const chunk of stream) say(pc.cyan(chunk.text));
      const r = await stream.result;
      const t = r.timings;
      say(
        pc.dim(
          `\n${tr("cli.chat.stats", {
            prefillTokens: t.prefillTokens,
            prefill: t.prefillTokensPerSecond.toFixed(1),
            decodeTokens: r.generatedTokens.length,
            decode: t.decodeTokensPerSecond.toFixed(1),
            stop: r.stop,
            sampling: samplingNote,
          })}\n`,
        ),
      );
    } catch (err) {
      if (err instanceof ChatInterrupted) say(pc.yellow(`\n${tr("cli.chat.interrupted")}\n`));
      else if (err instanceof TongguanError) say(pc.red(`\n${err.message}\n`));
      else throw err;
    } finally {
      input.onInterrupt = undefined;
    }
  }
  input.close();
}

/**
 * Lines from the terminal (or a pipe), joined into messages: a trailing \ continues a line, and
 * `"""` opens and closes a block. Ctrl-C goes to `onInterrupt` while a reply is written; at the
 * prompt the first one says how to quit and the second quits.
 */
class LineReader {
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private closed = false;
  private armed = false;
  onInterrupt: (() => void) | undefined;

  constructor(
    private readonly rl: Interface,
    private readonly interactive: boolean,
  ) {
    rl.on("line", (line) => {
      this.armed = false;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else this.lines.push(line);
    });
    rl.on("close", () => {
      this.closed = true;
      this.waiting?.(null);
      this.waiting = undefined;
    });
    const interrupt = () => {
      if (this.onInterrupt) return this.onInterrupt();
      if (this.armed || !this.interactive) return rl.close();
      this.armed = true;
      process.stdout.write(pc.dim(tr("cli.chat.quitHint")));
      this.prompt(pc.bold(pc.green("> ")));
    };
    rl.on("SIGINT", interrupt); // the terminal in raw mode: Ctrl-C arrives as a key
    process.on("SIGINT", interrupt); // a pipe: the signal itself
  }

  private prompt(text: string): void {
    if (!this.interactive) return;
    this.rl.setPrompt(text);
    this.rl.prompt();
  }

  private next(): Promise<string | null> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift() as string);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** The next message, or null at the end of the input. */
  async read(): Promise<string | null> {
    this.prompt(pc.bold(pc.green("> ")));
    const first = await this.next();
    if (first === null) return null;
    if (first.trim().startsWith('"""')) {
      const block = [first.trim().slice(3)];
      for (;;) {
        this.prompt(pc.dim("… "));
        const line = await this.next();
        if (line === null) return null; // the input ended (Ctrl-D, or Ctrl-C twice) inside the block: quit, sending nothing
        if (line.trim().endsWith('"""')) {
          block.push(line.trim().slice(0, -3));
          return block.join("\n").trim();
        }
        block.push(line);
      }
    }
    let text = first;
    while (text.endsWith("\\")) {
      this.prompt(pc.dim("… "));
      const line = await this.next();
      if (line === null) return null;
      text = `${text.slice(0, -1)}\n${line}`;
    }
    return text;
  }

  close(): void {
    this.rl.close();
  }
}

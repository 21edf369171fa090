/**
 * Chat templates: a model's own Jinja template turns a conversation into the exact text it was
 * trained on. Qwen2's (ChatML) renders [{role: "user", content: "Hi"}] with add_generation_prompt as
 *
 *     <|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n
 *
 * The template comes from `tokenizer_config.json` (`chat_template`) or GGUF metadata
 * (`tokenizer.chat_template`); `@huggingface/jinja` runs it, with the variables and functions that
 * Hugging Face's `apply_chat_template` provides: messages, add_generation_prompt, bos_token,
 * eos_token, tools, raise_exception(msg), strftime_now(fmt).
 */
import { Environment, Interpreter, Template } from "@huggingface/jinja";
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import { strftime } from "./strftime.ts";

export interface ChatMessage {
  role: string;
  content: string;
  [key: string]: unknown;
}

export interface ChatTemplateOptions {
  /** End with the header of an assistant turn, so the model writes the reply. Default true. */
  addGenerationPrompt?: boolean;
  bosToken?: string;
  eosToken?: string;
  /** Tool (function) descriptions for templates that support them. */
  tools?: unknown[];
  /** Any further template variables (e.g. `date_string`, `enable_thinking`). */
  extra?: Record<string, unknown>;
  /** The clock for strftime_now (tests pass a fixed date). */
  now?: () => Date;
}

/** The globals @huggingface/jinja's own render() sets up, besides the two functions defined below. */
const JINJA_GLOBALS: Record<string, unknown> = {
  true: true,
  false: false,
  none: null,
  True: true,
  False: false,
  None: null,
  range: (start: number, stop?: number, step = 1) => {
    if (stop === undefined) [start, stop] = [0, start];
    if (step === 0) throw new TongguanError(t("generation.chatTemplate.chatTemplateRangeStep"));
    const out: number[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
    return out;
  },
};

/** A parsed template, reusable for every turn of a conversation. */
export class ChatTemplate {
  private readonly template: Template;

  constructor(readonly source: string) {
    try {
      this.template = new Template(source);
    } catch (err) {
      throw new TongguanError(
        t("generation.chatTemplate.chatTemplateCannotParse", { message: (err as Error).message }),
        {
          cause: err,
        },
      );
    }
  }

  render(messages: ChatMessage[], options: ChatTemplateOptions = {}): string {
    const now = options.now ?? (() => new Date());
    const context: Record<string, unknown> = {
      ...options.extra,
      messages,
      add_generation_prompt: options.addGenerationPrompt ?? true,
      bos_token: options.bosToken ?? "",
      eos_token: options.eosToken ?? "",
      raise_exception: (message: unknown) => {
        throw new TongguanError(
          t("generation.chatTemplate.chatTemplateTheTemplate", { message: String(message) }),
        );
      },
      strftime_now: (format: unknown) => strftime(now(), String(format)),
    };
    if (options.tools !== undefined) context.tools = options.tools;
    try {
      // Template.render() would declare its own raise_exception/strftime_now (a plain Error, the
      // machine's locale), which cannot be replaced; so build the environment here instead.
      const env = new Environment();
      for (const [name, value] of Object.entries({ ...JINJA_GLOBALS, ...context })) env.set(name, value);
      return new Interpreter(env).run(this.template.parsed).value as string;
    } catch (err) {
      if (err instanceof TongguanError) throw err;
      throw new TongguanError(
        t("generation.chatTemplate.chatTemplateRenderingFailed", { message: (err as Error).message }),
        { cause: err },
      );
    }
  }
}

/** The tokenizer's template with its BOS/EOS strings filled in; a clear error when the model has none. */
export function chatTemplateFor(tokenizer: Tokenizer, where = "the model"): ChatTemplate {
  if (!tokenizer.chatTemplate)
    throw new TongguanError(t("generation.chatTemplate.hasNoChatTemplate", { where }));
  return new ChatTemplate(tokenizer.chatTemplate);
}

/** bos_token / eos_token strings of a tokenizer, as templates expect them. */
export function specialTokenStrings(tokenizer: Tokenizer): { bosToken?: string; eosToken?: string } {
  const { bos, eos } = tokenizer.specialTokens;
  return {
    bosToken: bos === undefined ? undefined : tokenizer.idToToken(bos),
    eosToken: eos === undefined ? undefined : tokenizer.idToToken(eos),
  };
}

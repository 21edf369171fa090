/**
 * A conversation with a model: the history goes through the model's chat template every turn, and
 * the KV cache is kept between turns, so only the new part of the conversation is prefilled.
 *
 *   const chat = new ChatSession(model, tokenizer, { system: "Be brief.", sampling: { temperature: 0.7 } });
 *   for await (const { text } of chat.reply("What is a KV cache?")) process.stdout.write(text);
 *
 * Turn by turn: render all messages with add_generation_prompt → encode (the template already
 * holds BOS and the special tokens, so the tokenizer adds none) → generate, reusing the cached
 * prefix → add the reply to the history.
 */
import type { CausalLM, CausalLMSession } from "../models/types.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import {
  type ChatMessage,
  type ChatTemplate,
  chatTemplateFor,
  specialTokenStrings,
} from "./chat-template.ts";
import {
  defaultStopTokens,
  type GenerationChunk,
  type GenerationResult,
  type GenerationStream,
  streamGenerate,
  toGenerationStream,
} from "./generate.ts";
import { type SamplingOptions, validateGenerateOptions } from "./generation-options.ts";

export interface ChatSessionOptions {
  /** A system message at the start of the conversation. */
  system?: string;
  sampling?: SamplingOptions;
  /** New tokens per reply (default 512). */
  maxNewTokens?: number;
  /** Texts that end a reply (the reply stops before them). */
  stopStrings?: string[];
  /** Ids that end a reply (default: the tokenizer's EOS / end-of-turn ids). */
  stopTokens?: number[];
  /** The template (default: the tokenizer's own chat_template). */
  template?: ChatTemplate;
  /** Context length of the session (and its KV cache); default the model's, capped. */
  contextLength?: number;
}

export class ChatSession {
  readonly messages: ChatMessage[] = [];
  private readonly template: ChatTemplate;
  private session: CausalLMSession;
  /** The tokens in the session's KV cache. */
  private cached: number[] = [];
  /** Replies so far; with a seed, turn k samples with seed + k (repeatable, but not the same coins every turn). */
  private turns = 0;

  constructor(
    readonly model: CausalLM,
    readonly tokenizer: Tokenizer,
    readonly options: ChatSessionOptions = {},
  ) {
    validateGenerateOptions({
      ...options.sampling,
      maxNewTokens: options.maxNewTokens,
      stopTokens: options.stopTokens,
      stopStrings: options.stopStrings,
    });
    this.template = options.template ?? chatTemplateFor(tokenizer);
    this.session = model.newSession({ contextLength: options.contextLength });
    this.reset();
  }

  /**
   * Forgets the conversation (the system message stays). The cache is left as it is: the next turn
   * reuses whatever prefix still matches (the system prompt) and drops the rest.
   */
  reset(): void {
    this.messages.length = 0;
    if (this.options.system !== undefined)
      this.messages.push({ role: "system", content: this.options.system });
  }

  /** The prompt ids for the conversation so far, ending with the assistant's header. */
  promptIds(): number[] {
    const text = this.template.render(this.messages, {
      addGenerationPrompt: true,
      ...specialTokenStrings(this.tokenizer),
    });
    return this.tokenizer.encode(text, { addSpecialTokens: false }).ids;
  }

  /** Adds the user's message and streams the reply; the reply joins the history when it ends. */
  reply(userText: string): GenerationStream {
    return toGenerationStream(() => this.turn(userText));
  }

  private async *turn(userText: string): AsyncGenerator<GenerationChunk, GenerationResult> {
    this.messages.push({ role: "user", content: userText });
    let result: GenerationResult | undefined;
    try {
      const sampling = this.options.sampling ?? {};
      const inner = streamGenerate(this.model, this.tokenizer, this.promptIds(), {
        ...sampling,
        seed: sampling.seed === undefined ? undefined : sampling.seed + this.turns,
        maxNewTokens: this.options.maxNewTokens ?? 512,
        stopTokens: this.options.stopTokens ?? defaultStopTokens(this.tokenizer),
        stopStrings: this.options.stopStrings,
        session: this.session,
        cachedTokens: this.cached,
      });
      for await (const chunk of inner) yield chunk;
      result = await inner.result;
    } finally {
      if (result === undefined) {
        // an error, or the caller stopped reading: the turn did not happen. Take the message back;
        // the cache may hold part of it, so start it afresh.
        this.messages.pop();
        this.session.truncate(0);
        this.cached = [];
      }
    }
    this.cached = result.cachedTokens;
    this.turns++;
    this.messages.push({ role: "assistant", content: result.text });
    return result;
  }
}

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
 *
 * When the conversation no longer fits the context (with room left for a reply), the oldest turns
 * are dropped — the system message stays — and `onDrop` says how many. A reply stopped through its
 * `signal` (Ctrl-C in the terminal) keeps what was written so far, as the assistant's turn.
 */

import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
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
  /** Let the tokenizer add its special tokens (BOS) to the rendered text: for a template without them (the plain one). */
  addSpecialTokens?: boolean;
  /** Called when the oldest turns were dropped to make room (how many messages). */
  onDrop?: (messages: number) => void;
}

/** A reply stopped before its end (`reply(text, { signal })`); `text` is what was written, kept in the history. */
export class ChatInterrupted extends Error {
  constructor(readonly text: string) {
    super("the reply was interrupted");
    this.name = "ChatInterrupted";
  }
}

export class ChatSession {
  readonly messages: ChatMessage[] = [];
  private readonly template: ChatTemplate;
  private session: CausalLMSession;
  /** The tokens in the session's KV cache. */
  private cached: number[] = [];
  /** Replies so far; with a seed, turn k samples with seed + k (repeatable, but not the same coins every turn). */
  private turns = 0;
  private systemText: string | undefined;

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
    this.systemText = options.system;
    this.reset();
  }

  /**
   * Forgets the conversation (the system message stays). The cache is left as it is: the next turn
   * reuses whatever prefix still matches (the system prompt) and drops the rest.
   */
  reset(): void {
    this.messages.length = 0;
    if (this.system !== undefined) this.messages.push({ role: "system", content: this.system });
  }

  /** The system message now in use. */
  get system(): string | undefined {
    return this.systemText;
  }

  /** Replaces the system message (undefined or "" removes it); the rest of the conversation stays. */
  setSystem(text: string | undefined): void {
    this.systemText = text === "" ? undefined : text;
    if (this.messages[0]?.role === "system") this.messages.shift();
    if (this.systemText !== undefined) this.messages.unshift({ role: "system", content: this.systemText });
  }

  /** The prompt ids for the conversation so far, ending with the assistant's header. */
  promptIds(): number[] {
    const text = this.template.render(this.messages, {
      addGenerationPrompt: true,
      ...specialTokenStrings(this.tokenizer),
    });
    return this.tokenizer.encode(text, { addSpecialTokens: this.options.addSpecialTokens ?? false }).ids;
  }

  /** Adds the user's message and streams the reply; the reply joins the history when it ends. */
  reply(userText: string, options: { signal?: AbortSignal } = {}): GenerationStream {
    return toGenerationStream(() => this.turn(userText, options.signal));
  }

  /**
   * The prompt for the conversation, the oldest turns dropped until it leaves room for a reply of
   * min(maxNewTokens, a quarter of the context) tokens. Throws when even the newest message alone does not fit.
   */
  private fittingPromptIds(): number[] {
    const context = this.session.contextLength;
    const room = Math.min(this.options.maxNewTokens ?? 512, Math.floor(context / 4));
    let dropped = 0;
    for (;;) {
      const ids = this.promptIds();
      if (ids.length + room <= context) {
        if (dropped > 0) this.options.onDrop?.(dropped);
        return ids;
      }
      const first = this.messages[0]?.role === "system" ? 1 : 0;
      if (this.messages.length - first <= 1)
        throw new TongguanError(
          t("generation.chatSession.theMessageIsTokens", { idsLength: ids.length, context, room }),
        );
      // drop the oldest user message and the reply to it
      const n = this.messages[first + 1]?.role === "assistant" ? 2 : 1;
      this.messages.splice(first, n);
      dropped += n;
    }
  }

  private async *turn(
    userText: string,
    signal?: AbortSignal,
  ): AsyncGenerator<GenerationChunk, GenerationResult> {
    this.messages.push({ role: "user", content: userText });
    let result: GenerationResult | undefined;
    let written = "";
    let interrupted = false;
    try {
      const sampling = this.options.sampling ?? {};
      const inner = streamGenerate(this.model, this.tokenizer, this.fittingPromptIds(), {
        ...sampling,
        seed: sampling.seed === undefined ? undefined : sampling.seed + this.turns,
        maxNewTokens: this.options.maxNewTokens ?? 512,
        stopTokens: this.options.stopTokens ?? defaultStopTokens(this.tokenizer),
        stopStrings: this.options.stopStrings,
        session: this.session,
        cachedTokens: this.cached,
      });
      for await (const chunk of inner) {
        if (signal?.aborted) break;
        written += chunk.text;
        yield chunk;
      }
      interrupted = signal?.aborted === true;
      if (!interrupted) result = await inner.result;
    } finally {
      if (interrupted) {
        // Stopped by the user: the turn happened as far as it went. The cache holds more than the
        // history says, so the next turn starts it afresh.
        this.messages.push({ role: "assistant", content: written });
        this.turns++;
      }
      if (result === undefined) {
        // an error, or the caller stopped reading: the turn did not happen. Take the message back;
        // the cache may hold part of it, so start it afresh.
        if (!interrupted) this.messages.pop();
        this.session.truncate(0);
        this.cached = [];
      }
    }
    if (interrupted || result === undefined) throw new ChatInterrupted(written);
    this.cached = result.cachedTokens;
    this.turns++;
    this.messages.push({ role: "assistant", content: result.text });
    return result;
  }
}

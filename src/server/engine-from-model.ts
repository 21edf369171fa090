/**
 * The server's Engine built from a tongguan model and tokenizer: the chat template, the generation
 * loop (src/generation) and, when asked, each token's log-probability under the model.
 *
 * Memory is owned, not allocated per request: the engine holds one session (its KV cache and
 * logits buffer in the tensor memory) per slot, made up front by `reserve`, and hands them out in
 * turn. So thousands of requests leave the tensor memory where the first one left it, and a
 * `--parallel` that does not fit is refused at start, not discovered by the 50th client.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { TongguanError } from "../errors.ts";
import { specialTokenStrings } from "../generation/chat-template.ts";
import { ChatTemplate, streamGenerate } from "../generation/index.ts";
import { t as tr } from "../messages/index.ts";
import type { CausalLM, CausalLMSession } from "../models/types.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import { encodeChat } from "./chat-encoding.ts";
import type { Engine, GenerationSummary, TokenStep, TopLogprob } from "./engine.ts";
import type { ChatMessage, SamplingParams } from "./params.ts";

export interface EngineOptions {
  modelId: string;
  model: CausalLM;
  tokenizer: Tokenizer;
  /** Ids that end generation (default: the tokenizer's EOS ids). */
  stopTokens?: number[];
  /** Context per request (KV cache size); default the model's, capped by the model. */
  contextLength?: number;
  /** A chat template to use when the model has none. */
  chatTemplate?: string;
  /** Sessions made up front (one per slot); more are made on demand. Default 1. */
  parallel?: number;
  /**
   * Special-token text inside message content becomes control tokens (the template's markup
   * always does). Default false: content is plain text, so a user cannot write `<|im_start|>system`.
   */
  rawContent?: boolean;
  /** Longest stretch of prefill between two turns of the event loop, ms (default 25). */
  prefillSliceMs?: number;
}

export function createEngine(options: EngineOptions): Engine {
  const { model, tokenizer } = options;
  const contextLength = Math.min(options.contextLength ?? model.contextLength, model.contextLength);
  if (!Number.isInteger(contextLength) || contextLength < 2)
    throw new TongguanError(tr("server.engineFromModel.ctxNeedAnInteger", { contextLength }));
  const template = options.chatTemplate ? new ChatTemplate(options.chatTemplate) : undefined;
  const specials = specialTokenStrings(tokenizer);
  const sliceMs = options.prefillSliceMs ?? 25;
  const free: CausalLMSession[] = [];
  let maxTokenChars: number | undefined;

  const engine: Engine = {
    modelId: options.modelId,
    contextLength,
    vocabSize: model.vocabSize,
    get maxPromptChars() {
      maxTokenChars ??= longestToken(tokenizer);
      return contextLength * maxTokenChars;
    },
    tokenize: (text, addSpecialTokens) => tokenizer.encode(text, { addSpecialTokens }).ids,
    tokenString: (id) => tokenizer.decode([id]),
    detokenize: (ids) => tokenizer.decode(ids),
    renderChat(messages: ChatMessage[]) {
      return chatTemplate().render(
        messages.map((m) => ({ role: m.role, content: m.content })),
        { addGenerationPrompt: true, ...specials },
      );
    },
    tokenizeChat(messages: ChatMessage[]) {
      const rendered = engine.renderChat(messages);
      return options.rawContent
        ? tokenizer.encode(rendered, { addSpecialTokens: false }).ids
        : encodeChat(tokenizer, rendered, messages);
    },
    reserve,
    generate: (prompt, params, signal) => run(prompt, params, signal),
  };
  reserve(options.parallel ?? 1);
  warmUp(free[0]);
  return engine;

  /**
   * One short prefill and one decode step at start: the first multi-token pass starts the worker
   * pool and sizes the scratch buffers (half a second on a small model), which would otherwise
   * stall the first client and the event loop with it.
   */
  function warmUp(session: CausalLMSession): void {
    const n = Math.min(32, contextLength - 1);
    const id = tokenizer.specialTokens.bos ?? tokenizer.specialTokens.eos ?? 0;
    session.truncate(0);
    session.forward(Array.from({ length: n }, () => id));
    session.forward([id]);
    session.truncate(0);
  }

  function reserve(n: number): void {
    for (let made = free.length; made < n; made++) {
      try {
        free.push(model.newSession({ contextLength }));
      } catch (err) {
        if (!(err instanceof TongguanError) || !/out of tensor memory/.test(err.message)) throw err;
        throw new TongguanError(
          tr("server.engineFromModel.parallelWithCtxOnly", { n, contextLength, made, v4: Math.max(1, made) }),
        );
      }
    }
  }

  function chatTemplate(): ChatTemplate {
    if (template) return template;
    if (!tokenizer.chatTemplate)
      throw new TongguanError(tr("server.engineFromModel.theModelHasNo", { modelId: options.modelId }));
    return new ChatTemplate(tokenizer.chatTemplate);
  }

  async function* run(
    prompt: number[],
    params: SamplingParams,
    signal: AbortSignal,
  ): AsyncGenerator<TokenStep, GenerationSummary> {
    const session = free.pop() ?? model.newSession({ contextLength });
    try {
      return yield* generateIn(session, prompt, params, signal);
    } finally {
      free.push(session);
    }
  }

  /** Prefills all but the last prompt token in slices of at most ~sliceMs, yielding between them. */
  async function prefill(session: CausalLMSession, prompt: number[], signal: AbortSignal): Promise<void> {
    session.truncate(0);
    let slice = 8;
    for (let at = 0; at < prompt.length - 1 && !signal.aborted; ) {
      const n = Math.min(slice, prompt.length - 1 - at);
      const t0 = performance.now();
      session.forward(prompt.slice(at, at + n));
      const ms = performance.now() - t0;
      at += n;
      // Grow or shrink the slice so the next one takes about sliceMs.
      slice = Math.max(1, Math.min(512, Math.floor((n * sliceMs) / Math.max(ms, 0.1))));
      await yieldToEventLoop();
    }
  }

  async function* generateIn(
    session: CausalLMSession,
    prompt: number[],
    params: SamplingParams,
    signal: AbortSignal,
  ): AsyncGenerator<TokenStep, GenerationSummary> {
    await prefill(session, prompt, signal);
    if (signal.aborted)
      return { finishReason: "stop", promptTokens: prompt.length, completionTokens: 0, tail: "" };
    const wantLogprobs = params.topLogprobs !== undefined;
    // The generation loop samples from the logits of the latest forward pass, then yields that
    // token: so when a token arrives, `latest` holds the distribution it was drawn from.
    let latest: Float32Array | undefined;
    const observed: CausalLMSession = wantLogprobs
      ? {
          get position() {
            return session.position;
          },
          get contextLength() {
            return session.contextLength;
          },
          forward(ids, opts) {
            const logits = session.forward(ids, opts);
            latest = logits.subarray(-model.vocabSize);
            return logits;
          },
          truncate: (n) => session.truncate(n),
        }
      : session;
    const stream = streamGenerate(model, tokenizer, prompt, {
      maxNewTokens: params.maxTokens ?? contextLength - prompt.length,
      temperature: params.temperature ?? 1,
      topP: params.topP,
      topK: params.topK,
      minP: params.minP,
      repetitionPenalty: params.repetitionPenalty,
      presencePenalty: params.presencePenalty,
      frequencyPenalty: params.frequencyPenalty,
      seed: params.seed,
      stopStrings: params.stop,
      stopTokens: options.stopTokens,
      session: observed,
      cachedTokens: prompt.slice(0, session.position),
    });
    let completionTokens = 0;
    let tail = "";
    for await (const chunk of stream) {
      if (signal.aborted) break;
      if (chunk.id === null) {
        tail += chunk.text;
        continue;
      }
      completionTokens++;
      const { logprob, top } = latest ? logprobsOf(latest, chunk.id, params.topLogprobs ?? 0) : NO_LOGPROBS;
      yield { id: chunk.id, text: chunk.text, token: tokenizer.decode([chunk.id]), logprob, top };
    }
    if (signal.aborted) return { finishReason: "stop", promptTokens: prompt.length, completionTokens, tail };
    const result = await stream.result;
    return {
      finishReason: result.stop === "length" ? "length" : "stop",
      promptTokens: prompt.length,
      completionTokens: result.generatedTokens.length,
      tail,
    };
  }

  /** log softmax(logits)[id] and the k most likely tokens, as OpenAI reports them. */
  function logprobsOf(logits: Float32Array, id: number, k: number): { logprob: number; top: TopLogprob[] } {
    let max = Number.NEGATIVE_INFINITY;
    for (const x of logits) if (x > max) max = x;
    let sum = 0;
    for (const x of logits) sum += Math.exp(x - max);
    const logZ = max + Math.log(sum);
    // The k best ids by insertion into a short sorted list: one pass over the vocabulary, no full sort.
    const best: number[] = [];
    for (let t = 0; k > 0 && t < logits.length; t++) {
      if (best.length === k && logits[t] <= logits[best[k - 1]]) continue;
      let i = best.length < k ? best.length : k - 1;
      while (i > 0 && logits[best[i - 1]] < logits[t]) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = t;
    }
    const top = best.map((t) => ({ token: tokenizer.decode([t]), logprob: logits[t] - logZ }));
    return { logprob: logits[id] - logZ, top };
  }
}

/** The most characters one vocabulary entry stands for (at least 16): bounds a prompt's length. */
function longestToken(tokenizer: Tokenizer): number {
  let longest = 16;
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    const t = tokenizer.idToToken(id);
    if (t !== undefined && t.length > longest) longest = t.length;
  }
  return longest;
}

const NO_LOGPROBS = { logprob: 0, top: [] as TopLogprob[] };

/**
 * The server's Engine built from a tongguan model and tokenizer: the chat template, the generation
 * loop (src/generation) and, when asked, each token's log-probability under the model.
 */
import { specialTokenStrings } from "../generation/chat-template.ts";
import { ChatTemplate, chatTemplateFor, streamGenerate } from "../generation/index.ts";
import type { CausalLM, CausalLMSession } from "../models/types.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
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
}

export function createEngine(options: EngineOptions): Engine {
  const { model, tokenizer } = options;
  const contextLength = Math.min(options.contextLength ?? model.contextLength, model.contextLength);
  const template = options.chatTemplate ? new ChatTemplate(options.chatTemplate) : undefined;
  const specials = specialTokenStrings(tokenizer);

  return {
    modelId: options.modelId,
    contextLength,
    tokenize: (text, addSpecialTokens) => tokenizer.encode(text, { addSpecialTokens }).ids,
    tokenString: (id) => tokenizer.decode([id]),
    detokenize: (ids) => tokenizer.decode(ids),
    renderChat(messages: ChatMessage[]) {
      const t = template ?? chatTemplateFor(tokenizer, options.modelId);
      return t.render(
        messages.map((m) => ({ role: m.role, content: m.content })),
        { addGenerationPrompt: true, ...specials },
      );
    },
    generate: (prompt, params, signal) => run(prompt, params, signal),
  };

  async function* run(
    prompt: number[],
    params: SamplingParams,
    signal: AbortSignal,
  ): AsyncGenerator<TokenStep, GenerationSummary> {
    const session = model.newSession({ contextLength });
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
            latest = logits.slice(-model.vocabSize);
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
    });
    let completionTokens = 0;
    let tail = "";
    try {
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
      if (signal.aborted)
        return { finishReason: "stop", promptTokens: prompt.length, completionTokens, tail };
      const result = await stream.result;
      return {
        finishReason: result.stop === "length" ? "length" : "stop",
        promptTokens: prompt.length,
        completionTokens: result.generatedTokens.length,
        tail,
      };
    } finally {
      session.release?.();
    }
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

const NO_LOGPROBS = { logprob: 0, top: [] as TopLogprob[] };

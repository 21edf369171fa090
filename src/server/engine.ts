/**
 * What the HTTP layer needs from a model: tokenize, render a chat, and generate token by token.
 * `createEngine` (engine-from-model.ts) builds one from a tongguan model + tokenizer; tests may too.
 */
import type { ChatMessage, SamplingParams } from "./params.ts";

export interface TopLogprob {
  token: string;
  logprob: number;
}

/** One generated token as the server reports it. */
export interface TokenStep {
  id: number;
  /** The text this token adds (may be "" while a UTF-8 character or a possible stop string is incomplete). */
  text: string;
  /** The token's own string (for logprobs), and its log-probability under the model. */
  token: string;
  logprob: number;
  top: TopLogprob[];
}

export interface GenerationSummary {
  finishReason: "stop" | "length";
  promptTokens: number;
  completionTokens: number;
  /** Text held back at the end (flushed bytes) that no step carried yet. */
  tail: string;
}

export interface Engine {
  readonly modelId: string;
  readonly contextLength: number;
  readonly vocabSize: number;
  /**
   * Longer text than this cannot fit the context whatever it tokenizes to (context × the longest
   * vocabulary entry), so it is refused before the tokenizer spends time on it.
   */
  readonly maxPromptChars: number;
  /** Generation engines only: false for an encoder that serves /v1/embeddings. */
  readonly generates?: boolean;
  tokenize(text: string, addSpecialTokens: boolean): number[];
  tokenString(id: number): string;
  detokenize(ids: number[]): string;
  /** The model's own chat template applied, with the generation prompt added. */
  renderChat(messages: ChatMessage[]): string;
  /**
   * The rendered chat's token ids; special-token text inside message content stays plain text
   * (only the template's markup makes control tokens). Default: tokenize(renderChat(…)).
   */
  tokenizeChat?(messages: ChatMessage[]): number[];
  /** Makes `n` sessions up front (one per slot), or throws a clear error when they do not fit. */
  reserve?(n: number): void;
  /** An encoder's sentence embeddings, one per text (for /v1/embeddings). */
  embed?(texts: string[]): { embedding: Float32Array; tokens: number }[];
  /**
   * Generates from `prompt` (token ids). Yields each token; returns the summary. Stops at EOS, a stop
   * string, `maxTokens`, or the end of the context, and as soon as `signal` aborts.
   */
  generate(
    prompt: number[],
    params: SamplingParams,
    signal: AbortSignal,
  ): AsyncGenerator<TokenStep, GenerationSummary>;
}

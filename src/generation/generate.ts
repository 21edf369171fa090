/**
 * The generation loop: prefill, then decode.
 *
 *   prefill  the whole prompt goes through the model at once (matrix-matrix work), filling the KV
 *            cache and giving the scores for the token after the prompt;
 *   decode   pick a token, feed just that one token (the cache holds the rest), repeat —
 *
 * until a stop token (EOS), a stop string, `maxNewTokens`, or a full context.
 *
 *   const stream = streamGenerate(model, tokenizer, "Once upon a time", { temperature: 0, maxNewTokens: 20 });
 *   for await (const { text } of stream) process.stdout.write(text);
 *   const result = await stream.result;   // tokens, text, stop reason, speed
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { CausalLM, CausalLMSession } from "../models/types.ts";
import { createStreamDecoder } from "../tokenizers/stream-decoder.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import { type GenerateOptions, validateGenerateOptions } from "./generation-options.ts";
import { StopStringMatcher } from "./stop-strings.ts";
import { createTokenSampler } from "./token-sampler.ts";

export type StopReason = "eos" | "length" | "stop_string";

/** One streamed piece: the token just generated and the text it released (maybe "": an unfinished character, or a possible stop string held back). */
export interface GenerationChunk {
  /** The token id; null for the last chunk that only releases held-back text when generation ends. */
  id: number | null;
  text: string;
}

export interface GenerationTimings {
  /** Prompt tokens actually run in prefill (fewer than the prompt when a cached prefix was reused). */
  prefillTokens: number;
  prefillMs: number;
  prefillTokensPerSecond: number;
  /** Single-token forward passes after the first token. */
  decodeTokens: number;
  decodeMs: number;
  decodeTokensPerSecond: number;
  /** Time to first token: from the call to the first sampled token. */
  ttftMs: number;
  totalMs: number;
}

export interface GenerationResult {
  promptTokens: number[];
  /** The sampled tokens, without the stop token that ended generation. */
  generatedTokens: number[];
  /** The generated text (not the prompt), cut before a stop string. */
  text: string;
  stop: StopReason;
  /** The stop token that ended generation (stop "eos"). */
  stopToken?: number;
  /** The random seed used; undefined for greedy decoding. */
  seed?: number;
  timings: GenerationTimings;
  /** The session used (its cache holds `cachedTokens`), to continue a conversation. */
  session: CausalLMSession;
  /** The tokens now in the session's cache: the prompt and all but the last generated token. */
  cachedTokens: number[];
}

export interface GenerationStream extends AsyncIterable<GenerationChunk> {
  /**
   * Settles when generation ends. Iterate the stream and read this afterwards; reading it before
   * iterating runs the whole generation without streaming (and the stream can no longer be iterated).
   */
  readonly result: Promise<GenerationResult>;
}

/** Stop tokens when none are given: the tokenizer's EOS ids. */
export function defaultStopTokens(tokenizer: Tokenizer): number[] {
  const s = tokenizer.specialTokens;
  if (s.eosIds && s.eosIds.length > 0) return [...s.eosIds];
  return s.eos === undefined ? [] : [s.eos];
}

/** Runs generation, streaming; see the file comment. */
export function streamGenerate(
  model: CausalLM,
  tokenizer: Tokenizer,
  prompt: string | readonly number[],
  options: GenerateOptions = {},
): GenerationStream {
  validateGenerateOptions(options);
  return toGenerationStream(() => loop(model, tokenizer, prompt, options));
}

/**
 * Wraps a generator of chunks that returns a result as a GenerationStream: iterate it for the
 * chunks, await `result` for the end. (Also used by ChatSession to add its bookkeeping.)
 */
export function toGenerationStream(
  make: () => AsyncGenerator<GenerationChunk, GenerationResult>,
): GenerationStream {
  let resolve!: (r: GenerationResult) => void;
  let reject!: (e: unknown) => void;
  const result = new Promise<GenerationResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  result.catch(() => {}); // the iterator rethrows; avoid an unhandled rejection when only iterating
  let started = false;
  const start = () => {
    if (started) throw new Error("a generation stream runs only once: iterate it, or await its result");
    started = true;
    return settle(make(), resolve, reject);
  };
  return {
    get result() {
      if (!started)
        void (async () => {
          try {
            for await (const _ of start());
          } catch {} // reported through `result`
        })();
      return result;
    },
    [Symbol.asyncIterator]: start,
  };
}

/** Runs generation to the end and returns the result (no streaming). */
export async function generate(
  model: CausalLM,
  tokenizer: Tokenizer,
  prompt: string | readonly number[],
  options: GenerateOptions = {},
): Promise<GenerationResult> {
  const stream = streamGenerate(model, tokenizer, prompt, options);
  for await (const _ of stream);
  return stream.result;
}

async function* settle(
  generator: AsyncGenerator<GenerationChunk, GenerationResult>,
  resolve: (r: GenerationResult) => void,
  reject: (e: unknown) => void,
): AsyncGenerator<GenerationChunk> {
  let settled = false;
  try {
    const r = yield* generator;
    settled = true;
    resolve(r);
  } catch (err) {
    settled = true;
    reject(err);
    throw err;
  } finally {
    // the consumer left the loop early (break): there is no complete result to give
    if (!settled) reject(new TongguanError(t("generation.generate.generationWasStoppedBefore")));
  }
}

/** Bytes the session's KV cache holds, when the session says (a DecoderSession does). */
function cacheBytesOf(session: CausalLMSession): number | undefined {
  const bytes = (session as { cacheBytes?: unknown }).cacheBytes;
  return typeof bytes === "number" ? bytes : undefined;
}

async function* loop(
  model: CausalLM,
  tokenizer: Tokenizer,
  prompt: string | readonly number[],
  options: GenerateOptions,
): AsyncGenerator<GenerationChunk, GenerationResult> {
  const t0 = performance.now();
  const promptTokens =
    typeof prompt === "string"
      ? tokenizer.encode(prompt, { addSpecialTokens: options.addSpecialTokens ?? true }).ids
      : [...prompt];
  if (promptTokens.length === 0) throw new TongguanError(t("generation.generate.promptItIsEmpty"));
  for (const id of promptTokens) {
    if (!Number.isInteger(id) || id < 0 || id >= model.vocabSize)
      throw new TongguanError(t("generation.generate.promptTokenIdIs", { id, v2: model.vocabSize - 1 }));
  }
  const session = options.session ?? model.newSession();
  if (promptTokens.length > session.contextLength)
    throw new TongguanError(
      t("generation.generate.promptTokensDoNot", {
        promptTokensLength: promptTokens.length,
        contextLength: session.contextLength,
      }),
    );
  const maxNewTokens = options.maxNewTokens ?? 256;
  const stopTokens = new Set(options.stopTokens ?? defaultStopTokens(tokenizer));
  const sampler = createTokenSampler(options);

  // Reuse the part of the cache that equals the start of this prompt (a chat's earlier turns);
  // at least the last prompt token is run again, because its logits are needed.
  const cached = options.cachedTokens ?? [];
  if (options.session && cached.length !== session.position)
    throw new TongguanError(
      t("generation.generate.generationOptionCachedtokensLists", {
        cachedLength: cached.length,
        position: session.position,
      }),
    );
  let reuse = 0;
  while (reuse < cached.length && reuse < promptTokens.length - 1 && cached[reuse] === promptTokens[reuse])
    reuse++;
  if (session.position !== reuse) session.truncate(reuse);

  const observer = options.observer;
  const useCache = options.useCache ?? true;
  const tPrefill = performance.now();
  let logits = session.forward(promptTokens.slice(reuse));
  const prefillMs = performance.now() - tPrefill;
  observer?.forward?.({
    tokens: promptTokens.length - reuse,
    position: session.position,
    cacheBytes: cacheBytesOf(session),
    ms: prefillMs,
  });

  const tokens = [...promptTokens]; // prompt + generated, what the processors look at
  const generated: number[] = [];
  // UTF-8-safe streaming text (see tokenizers/stream-decoder.ts). The end of the prompt goes in first,
  // as context only, so that the first new piece decodes as a continuation ("▁were" → " were", not
  // "were" as the first piece of a text would).
  const decoder = createStreamDecoder(tokenizer);
  for (const id of promptTokens.slice(-4)) decoder.push(id);
  const stops = new StopStringMatcher(options.stopStrings ?? []);
  let text = "";
  let stop: StopReason = "length";
  let stopToken: number | undefined;
  let ttftMs = 0;
  let decodeMs = 0;
  let decodeTokens = 0;

  for (;;) {
    const id = sampler.sample(logits, { tokens, promptLength: promptTokens.length });
    if (generated.length === 0) ttftMs = performance.now() - t0;
    if (stopTokens.has(id)) {
      stop = "eos";
      stopToken = id;
      break;
    }
    generated.push(id);
    tokens.push(id);
    const released = stops.push(decoder.push(id));
    text += released.text;
    yield { id, text: released.text };
    if (released.stopped) {
      stop = "stop_string";
      break;
    }
    if (generated.length >= maxNewTokens || session.position >= session.contextLength) break;
    await yieldToEventLoop(); // let timers, signals and I/O run between tokens
    const tDecode = performance.now();
    if (useCache) logits = session.forward([id]);
    else {
      // No cache: forget every key and value and run the whole sequence again (same logits, more work).
      session.truncate(0);
      logits = session.forward(tokens);
    }
    const stepMs = performance.now() - tDecode;
    decodeMs += stepMs;
    decodeTokens++;
    observer?.forward?.({
      tokens: useCache ? 1 : tokens.length,
      position: session.position,
      cacheBytes: cacheBytesOf(session),
      ms: stepMs,
    });
  }
  if (stop !== "stop_string") {
    const tail = stops.push(decoder.flush());
    const rest = tail.stopped ? tail.text : tail.text + stops.flush();
    if (tail.stopped) stop = "stop_string";
    if (rest.length > 0) {
      text += rest;
      yield { id: null, text: rest };
    }
  }
  const totalMs = performance.now() - t0;
  const prefillTokens = promptTokens.length - reuse;
  return {
    promptTokens,
    generatedTokens: generated,
    text,
    stop,
    stopToken,
    seed: sampler.seed,
    session,
    cachedTokens: tokens.slice(0, session.position),
    timings: {
      prefillTokens,
      prefillMs,
      prefillTokensPerSecond: prefillMs > 0 ? (prefillTokens * 1000) / prefillMs : 0,
      decodeTokens,
      decodeMs,
      decodeTokensPerSecond: decodeMs > 0 ? (decodeTokens * 1000) / decodeMs : 0,
      ttftMs,
      totalMs,
    },
  };
}

/**
 * Lets timers, signals and I/O run between tokens: Node's setImmediate (after pending I/O), else
 * (a browser) a zero-delay timeout.
 */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

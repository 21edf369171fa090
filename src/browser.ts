/**
 * The part of tongguan that runs in a browser (or any JavaScript runtime without Node's built-ins):
 * import it as `tongguan/browser`. Nothing reachable from here imports `node:*` — a test walks the
 * imports to keep it so. Give it data, not paths: a tokenizer.json object, a rank file, logits.
 *
 *   tokenizers      tokenizerFromJson(json), tiktokenFromRanks(file), encode/decode, the stream decoder
 *   models          initWasm(url) first (the kernels' WebAssembly), tensorsFromSafetensors(bytes),
 *                   new Llama(config, tensors, name) / new Gpt2(…), newSession().forward(ids), generate
 *   sampling        the logits processors, samplers, seedable RNGs, softmax, chat templates (Jinja)
 *   instruments     token chips (byte pieces as <e9 80>), BPE/WordPiece traces, sampling stages
 *   messages        the language of errors and messages: setLocale("zh-CN"), t(key, params)
 *
 * Node-only (the main entry `tongguan`): reading files (loadTokenizer, loadModel, readHfConfig),
 * the hub client, the server. In a browser a model runs on one thread (no worker pool), in shared
 * WebAssembly memory: the page must be cross-origin isolated (COOP/COEP headers), see docs/library.md.
 */

export { TongguanError } from "./errors.ts";
export type { ModelConfig } from "./formats/config.ts";
export { tensorsFromSafetensors } from "./formats/safetensors-bytes.ts";
export {
  type ChatMessage,
  ChatTemplate,
  type ChatTemplateOptions,
  chatTemplateFor,
} from "./generation/chat-template.ts";
export { argmax, logSoftmax, softmax } from "./generation/distribution.ts";
export {
  type GenerationChunk,
  type GenerationResult,
  type GenerationStream,
  generate,
  type StopReason,
  streamGenerate,
} from "./generation/generate.ts";
export type { GenerateOptions, SamplingOptions } from "./generation/generation-options.ts";
export {
  DEFAULT_PROCESSOR_ORDER,
  type LogitsProcessor,
  type ProcessorContext,
  type ProcessorName,
} from "./generation/logits-processor.ts";
export type { GenerationObserver } from "./generation/observer.ts";
export { MinPProcessor } from "./generation/processors/min-p.ts";
export { NoRepeatNgramProcessor } from "./generation/processors/no-repeat-ngram.ts";
export { PresenceFrequencyPenaltyProcessor } from "./generation/processors/presence-frequency-penalty.ts";
export { RepetitionPenaltyProcessor } from "./generation/processors/repetition-penalty.ts";
export { TemperatureProcessor } from "./generation/processors/temperature.ts";
export { TopKProcessor } from "./generation/processors/top-k.ts";
export { TopPProcessor } from "./generation/processors/top-p.ts";
export { TypicalPProcessor } from "./generation/processors/typical-p.ts";
export { Pcg32, type Rng, XorShift64Star } from "./generation/rng.ts";
export { greedySample, multinomialSample } from "./generation/samplers.ts";
export { buildProcessors, createTokenSampler, type TokenSampler } from "./generation/token-sampler.ts";
export { type CacheStep, combineObservers, recordCache } from "./instruments/cache-steps.ts";
export {
  probabilities,
  recordSampling,
  type SamplingStage,
  type SamplingStep,
} from "./instruments/sampling-stages.ts";
export { bytesLabel, type TokenPiece, tokenBytes, tokenPieces } from "./instruments/token-pieces.ts";
export { type TokenizerTrace, traceTokenizer, type WordTrace } from "./instruments/tokenizer-trace.ts";
export { displayWidth, padEndWidth, padStartWidth } from "./messages/display-width.ts";
export {
  getLocale,
  LOCALES,
  type Locale,
  localeFromEnvironment,
  type MessageKey,
  parseLocale,
  setLocale,
  t,
} from "./messages/index.ts";
export { DecoderLM, DecoderSession } from "./models/decoder.ts";
export { Gpt2 } from "./models/gpt2.ts";
export { Llama } from "./models/llama.ts";
export type { CausalLM, CausalLMSession } from "./models/types.ts";
export { Tensor } from "./tensor/tensor.ts";
export { initWasm, WASM_FILES, type WasmFetcher } from "./tensor/wasm/wasm-source.ts";
export { encodeIds, encodeStream } from "./tokenizers/encode-stream.ts";
export { HfTokenizer } from "./tokenizers/hf-tokenizer.ts";
export { tokenizerFromJson } from "./tokenizers/load-tokenizer-json.ts";
export { createStreamDecoder, type StreamDecoder } from "./tokenizers/stream-decoder.ts";
export { tiktokenFromRanks } from "./tokenizers/tiktoken.ts";
export type { DecodeOptions, EncodeOptions, Encoding, Tokenizer } from "./tokenizers/types.ts";

/**
 * tongguan as a library (Node): `import { loadModel, generate } from "tongguan"`.
 *
 *   const model = await loadModel("openai-community/gpt2");     // a folder, .gguf, llama2.c .bin or hub id
 *   const tokenizer = await loadTokenizer("openai-community/gpt2");
 *   const r = await generate(model, tokenizer, "The capital of France is", { maxNewTokens: 8, temperature: 0 });
 *   console.log(r.text);
 *
 * The browser-safe part (tokenizers from data, sampling, the instruments' pure functions) is also
 * `tongguan/browser`; see docs/library.md for which is which. Deep imports (`tongguan/dist/…`) are
 * not part of the API and the package's `exports` refuses them.
 */
import { resolveModelPath } from "./hub/index.ts";
import { type LoadModelOptions, loadModel as loadModelFromPath, type Model } from "./models/index.ts";
import { loadTokenizer as loadTokenizerFromPath } from "./tokenizers/index.ts";
import type { Tokenizer } from "./tokenizers/types.ts";

export * from "./browser.ts";

/** A model from a folder, a `.gguf`, a llama2.c `.bin`, or a hub id (ORG/NAME, downloaded and cached). */
export async function loadModel(pathOrId: string, options: LoadModelOptions = {}): Promise<Model> {
  return loadModelFromPath(await resolveModelPath(pathOrId), options);
}

/**
 * A tokenizer from a folder or file (tokenizer.json, vocab files, tokenizer.model, .gguf, llama2.c
 * tokenizer.bin), an OpenAI encoding name (`cl100k_base`, `o200k_base`, `gpt2`), or a hub id.
 */
export async function loadTokenizer(pathOrIdOrName: string): Promise<Tokenizer> {
  const looksLikeHubId = /^[\w.-]+\/[\w.-]+$/.test(pathOrIdOrName);
  if (looksLikeHubId) {
    const { existsSync } = await import("node:fs");
    if (!existsSync(pathOrIdOrName)) return loadTokenizerFromPath(await resolveModelPath(pathOrIdOrName));
  }
  return loadTokenizerFromPath(pathOrIdOrName);
}

export {
  corpusFromSentences, // Word2Vec: sentences of words → vocabulary and ids
  isMostlyCjk, // does a text need word segmentation (Chinese)?
  KeyedVectors,
  loadDefaultVectors,
  loadKeyedVectors,
  pca,
  segmentWords, // Chinese text → words with Intl.Segmenter
  sentencesFromLines, // lines → sentences of words, segmented when mostly Chinese
  trainWord2Vec, // skip-gram / CBOW with negative sampling
} from "./embeddings/index.ts";
export type { ModelConfig } from "./formats/config.ts";
export { tensorsFromSafetensors } from "./formats/safetensors-bytes.ts";
export { ChatSession, type ChatSessionOptions } from "./generation/chat-session.ts";
export {
  type GenerationChunk,
  type GenerationResult,
  type GenerationStream,
  generate,
  type StopReason,
  streamGenerate,
} from "./generation/generate.ts";
export type { GenerateOptions, SamplingOptions } from "./generation/generation-options.ts";
export { Llama2cSampler } from "./generation/llama2c-sampler.ts";
export {
  hubConfig, // the hub's settings from HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, HF_HOME
  resolveModelPath,
} from "./hub/index.ts";
export { repoApiUrl, resolveUrl } from "./hub/metadata.ts"; // the URLs a download asks the hub (or HF_ENDPOINT's mirror) for
export * from "./instruments/index.ts";
export {
  Bert,
  DecoderLM,
  DecoderSession,
  Gpt2,
  Llama,
  type LoadModelOptions,
  type Model,
} from "./models/index.ts";
export type { CausalLM, CausalLMSession } from "./models/types.ts";
export { Embedding } from "./nn/embedding.ts";
export { GeluMLP, SwiGLU } from "./nn/ffn.ts";
export { emit, type TensorEvent, type TensorHook } from "./nn/hooks.ts";
export { KvCache } from "./nn/kv-cache.ts";
export { LayerNorm } from "./nn/layer-norm.ts";
export { Linear } from "./nn/linear.ts";
export { sinusoidalPositions } from "./nn/positions.ts";
export { RMSNorm } from "./nn/rms-norm.ts";
export { Rope } from "./nn/rope.ts";
export { SelfAttention } from "./nn/self-attention.ts";
export { createModel as createSeq2SeqModel } from "./seq2seq/checkpoint.ts"; // a fresh seq2seq model of a config
export { greedy as greedyDecode } from "./seq2seq/decode.ts"; // seq2seq: the most likely token each step
export { heatmap as attentionHeatmap } from "./seq2seq/heatmap.ts"; // an attention matrix as terminal shades
export { modelConfig as seq2seqModelConfig } from "./seq2seq/model-config.ts"; // `seq2seq train --model NAME --dim D`'s config
export { Params } from "./seq2seq/params.ts"; // seq2seq's named parameters (PyTorch names)
export { Recurrent } from "./seq2seq/recurrent.ts"; // nn.RNN / GRU / LSTM
export { RnnSeq2Seq } from "./seq2seq/rnn-seq2seq.ts"; // the RNN encoder-decoder, with or without attention
export { reverseTask } from "./seq2seq/tasks/index.ts"; // the toy task "hello" → "olleh"
export {
  evaluate as evaluateSeq2Seq, // exact-match accuracy on the test split
  train as trainSeq2Seq, // teacher-forced cross-entropy, AdamW
} from "./seq2seq/trainer.ts";
export { TransformerSeq2Seq } from "./seq2seq/transformer-seq2seq.ts"; // the paper's encoder-decoder Transformer
export { CharVocab } from "./seq2seq/vocab.ts"; // seq2seq: one id per character after <pad> <s> </s>
export { createApiServer } from "./server/app.ts"; // the OpenAI-compatible HTTP server
export { createEngine } from "./server/engine-from-model.ts"; // a model + tokenizer as the server's engine
export { scaledDotProductAttention } from "./tensor/attention.ts";
export { Tensor } from "./tensor/tensor.ts";
export { initWasm, WASM_FILES, type WasmFetcher } from "./tensor/wasm/wasm-source.ts";
export { encodeIds, encodeStream } from "./tokenizers/encode-stream.ts";
export { loadTiktoken } from "./tokenizers/tiktoken.ts";
export { Var } from "./train/autograd/variable.ts"; // a tensor that records its gradient (autograd)

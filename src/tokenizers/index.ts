/**
 * Tokenizers: text ↔ token ids, exactly as the reference implementations do it.
 *
 *   const tok = await loadTokenizer("fixtures/tokenizers/gpt2");   // a folder, a file, a .gguf, a tokenizer.bin
 *   tok.encode("Hello world").ids                                   // [15496, 995]
 *   tok.encode("Hello world").tokens                                // ["Hello", "Ġworld"]
 *   tok.decode([15496, 995])                                        // "Hello world"
 *
 * How the parts fit (one idea per file):
 *
 *   hf-tokenizer.ts        the Hugging Face pipeline: added tokens → normalizer → pre-tokenizer → model → post-processor
 *   added-tokens.ts        `<|endoftext|>`, `[MASK]` … found in the text before anything else
 *   normalizers.ts         NFC/NFKC, lowercase, strip accents, BERT clean-up, prepend/replace
 *   pre-tokenizers.ts      regex split (GPT-2, Llama 3, Qwen2), byte-level, BERT, Metaspace, digits
 *   models/bpe.ts          merges by rank (GPT-2, Llama 3, Qwen2)      models/wordpiece.ts  greedy `##` (BERT)
 *   models/scored-bpe.ts   merges by piece score (SentencePiece)     models/unigram.ts    Viterbi
 *   post-processors.ts     `[CLS] … [SEP]`, `<s> …`                  decoders.ts          tokens → text
 *   piece.ts               text that remembers its offsets in the original
 *   load-*.ts, tokenizer-config.ts, sentencepiece/, gguf-tokenizer.ts, llama2c-tokenizer.ts: the file formats
 *   stream-decoder.ts      text as ids arrive, never half a character
 *   chunked-encode.ts      long texts window by window (the same ids, bounded memory); encode-stream.ts: files, streams
 */
export { cleanUpTokenization } from "./decoders.ts";
export { encodeIds, encodeStream, type StreamEncodeOptions } from "./encode-stream.ts";
export { HfTokenizer } from "./hf-tokenizer.ts";
export { Llama2cTokenizer } from "./llama2c-tokenizer.ts";
export { loadTokenizer } from "./load-tokenizer.ts";
export { tokenizerFromJson } from "./load-tokenizer-json.ts";
export { SentencePieceTokenizer } from "./sentencepiece/tokenizer.ts";
export { createStreamDecoder, type StreamDecoder } from "./stream-decoder.ts";
export type { DecodeOptions, EncodeOptions, Encoding, Tokenizer } from "./types.ts";

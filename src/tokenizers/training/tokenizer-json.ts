/**
 * Writes a trained BPE as a Hugging Face `tokenizer.json`, the format Rust `tokenizers`,
 * tokenizers.js, transformers.js and tongguan's `loadTokenizer` all read. The pipeline is Llama 3's
 * and Qwen2's:
 *
 *   pre_tokenizer: Split(split regex, Isolated) then ByteLevel (bytes → printable characters, no regex)
 *   model:         BPE with `vocab` ("Ġthe" → id) and `merges` ([["Ġt","he"], …], lowest rank first)
 *   decoder:       ByteLevel (characters → bytes → UTF-8)
 *   added_tokens:  the special tokens, matched in the text before anything else runs
 *
 * No normalizer and no post-processor: encoding adds nothing the text did not contain.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pairKey } from "./pairs.ts";
import { byteLevelString, type TrainedBpe } from "./trained-bpe.ts";

export function toTokenizerJson(model: TrainedBpe): object {
  const vocab: Record<string, number> = {};
  model.tokenBytes.forEach((bytes, id) => {
    vocab[byteLevelString(bytes)] = id;
  });
  // A pair learned twice (possible only after two merges spelled the same token) is written once,
  // with its first rank: readers differ on which rank a repeated merge line gets.
  const seen = new Set<number>();
  const merges: [string, string][] = [];
  for (const m of model.merges) {
    const key = pairKey(m.left, m.right);
    if (seen.has(key)) continue;
    seen.add(key);
    merges.push([model.tokenString(m.left), model.tokenString(m.right)]);
  }
  const byteLevel = { type: "ByteLevel", add_prefix_space: false, trim_offsets: false, use_regex: false };
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: model.specialTokens.map((s) => ({
      id: s.id,
      content: s.content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: model.pattern }, behavior: "Isolated", invert: false },
        byteLevel,
      ],
    },
    post_processor: null,
    decoder: byteLevel,
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}

/** Writes `DIR/tokenizer.json` (creating DIR) and returns its path. */
export function writeTokenizerJson(dir: string, model: TrainedBpe): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "tokenizer.json");
  writeFileSync(path, `${JSON.stringify(toTokenizerJson(model), null, 1)}\n`);
  return path;
}

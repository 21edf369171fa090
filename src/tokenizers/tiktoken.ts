/**
 * OpenAI's encodings by name — `gpt2` (r50k), `cl100k_base` (GPT-3.5/4), `o200k_base` (GPT-4o) —
 * built from the rank files that the js-tiktoken package ships (read as data: a regex and a list
 * of base64 tokens in rank order). The encoding itself is tongguan's own pipeline:
 *
 *   special tokens → regex split (the encoding's pat_str) → bytes as GPT-2's byte characters
 *   → rank BPE (models/rank-bpe.ts) → ids;     decode: byte characters → bytes → UTF-8
 *
 *   const t = await loadTiktoken("cl100k_base");  t.encode("hello world").ids  // [15339, 1917]
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { ByteLevelDecoder } from "./decoders.ts";
import { HfTokenizer } from "./hf-tokenizer.ts";
import { RankBpeModel } from "./models/rank-bpe.ts";
import { ByteLevelPreTokenizer, PreTokenizerSequence, Split } from "./pre-tokenizers.ts";
import { BYTE_TO_CHAR } from "./unicode.ts";

export const TIKTOKEN_ENCODINGS = ["gpt2", "r50k_base", "p50k_base", "cl100k_base", "o200k_base"] as const;
export type TiktokenEncoding = (typeof TIKTOKEN_ENCODINGS)[number];

export function isTiktokenEncoding(name: string): name is TiktokenEncoding {
  return (TIKTOKEN_ENCODINGS as readonly string[]).includes(name);
}

/** js-tiktoken's rank file: `pat_str`, `special_tokens` and `bpe_ranks` lines "! OFFSET tok tok …". */
interface RankFile {
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}

/** base64 → bytes → GPT-2 byte characters ("IQ==" → "!"). */
function byteLevelOf(base64: string): string {
  let s = "";
  const binary = atob(base64); // one character per byte
  for (let i = 0; i < binary.length; i++) s += BYTE_TO_CHAR[binary.charCodeAt(i)];
  return s;
}

/** Parses a rank file into a tokenizer. */
export function tiktokenFromRanks(file: RankFile, name: string): HfTokenizer {
  const ranks = new Map<string, number>();
  for (const line of file.bpe_ranks.split("\n")) {
    if (line === "") continue;
    const [, offsetText, ...tokens] = line.split(" ");
    const offset = Number.parseInt(offsetText, 10);
    if (!Number.isInteger(offset)) throw new TongguanError(tr("tokenizers.tiktoken.aRankLineHas", { name }));
    tokens.forEach((t, i) => {
      ranks.set(byteLevelOf(t), offset + i);
    });
  }
  const special = Object.entries(file.special_tokens).map(([content, id]) => ({
    id,
    content,
    special: true,
    lstrip: false,
    rstrip: false,
    normalized: false,
    singleWord: false,
  }));
  const eot = file.special_tokens["<|endoftext|>"];
  return new HfTokenizer({
    model: new RankBpeModel(ranks),
    preTokenizer: new PreTokenizerSequence([
      new Split(new RegExp(file.pat_str, "gu"), "Isolated"),
      new ByteLevelPreTokenizer(false, false),
    ]),
    decoder: new ByteLevelDecoder(),
    addedTokens: special,
    specialTokens: eot === undefined ? {} : { eos: eot, bos: eot },
  });
}

const loaded = new Map<string, Promise<HfTokenizer>>();

/** An OpenAI encoding by name (its ranks are imported from js-tiktoken on first use, ~1–2 MB). */
export function loadTiktoken(name: TiktokenEncoding): Promise<HfTokenizer> {
  let p = loaded.get(name);
  if (!p) {
    const file = name === "gpt2" ? "r50k_base" : name;
    p = import(`js-tiktoken/ranks/${file}`).then(
      (m: { default: RankFile }) => tiktokenFromRanks(m.default, name),
      () => {
        throw new TongguanError(tr("tokenizers.tiktoken.itsRankFileComes", { name }));
      },
    );
    loaded.set(name, p);
  }
  return p;
}

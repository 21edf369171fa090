/**
 * `tokenizer_config.json`, the transformers side of a tokenizer folder: the chat template, the
 * names of BOS/EOS/PAD/UNK, `add_bos_token`, the class (`Qwen2Tokenizer`, `BertTokenizer`, …).
 */
import { type AddedToken, addedTokenFromJson } from "./added-tokens.ts";
import type { Tokenizer } from "./types.ts";

export interface TokenizerConfig {
  tokenizerClass?: string;
  chatTemplate?: string;
  /** null when the config says `"bos_token": null` (Qwen2: no BOS at all). */
  bosToken?: string | null;
  eosToken?: string | null;
  padToken?: string | null;
  unkToken?: string | null;
  addBosToken?: boolean;
  addEosToken?: boolean;
  doLowerCase?: boolean;
  addPrefixSpace?: boolean;
  addedTokens: AddedToken[];
}

// biome-ignore lint/suspicious/noExplicitAny: JSON
function tokenName(v: any): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v.content === "string") return v.content;
  return undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON
export function parseTokenizerConfig(json: any): TokenizerConfig {
  const j = json ?? {};
  let chatTemplate: string | undefined;
  if (typeof j.chat_template === "string") chatTemplate = j.chat_template;
  else if (Array.isArray(j.chat_template))
    // Newer files: a list of named templates; "default" is the one to use.
    chatTemplate = (j.chat_template.find((t: { name: string }) => t.name === "default") ?? j.chat_template[0])
      ?.template;
  const addedTokens: AddedToken[] = Object.entries(j.added_tokens_decoder ?? {}).map(([id, t]) =>
    addedTokenFromJson(Number(id), t),
  );
  return {
    tokenizerClass: j.tokenizer_class,
    chatTemplate,
    bosToken: j.bos_token === null ? null : tokenName(j.bos_token),
    eosToken: j.eos_token === null ? null : tokenName(j.eos_token),
    padToken: j.pad_token === null ? null : tokenName(j.pad_token),
    unkToken: j.unk_token === null ? null : tokenName(j.unk_token),
    addBosToken: j.add_bos_token,
    addEosToken: j.add_eos_token,
    doLowerCase: j.do_lower_case,
    addPrefixSpace: j.add_prefix_space,
    addedTokens,
  };
}

/** Tokens that end a turn in common chat formats; generation stops on any of them. */
const END_OF_TURN = [
  "<|eot_id|>",
  "<|im_end|>",
  "<|end_of_text|>",
  "<|endoftext|>",
  "</s>",
  "<end_of_turn>",
  "<|end|>",
];

/**
 * BOS/EOS/PAD/UNK ids. A name in the config is looked up anywhere; `null` in the config means
 * "none"; without a config entry the usual names are tried among the added (special) tokens only,
 * since a byte-level vocabulary can hold "</s>" as ordinary text. `eosIds` lists EOS and every
 * end-of-turn token the added tokens have.
 */
export function resolveSpecialTokens(
  config: TokenizerConfig | undefined,
  lookup: (token: string) => number | undefined,
  lookupAdded: (token: string) => number | undefined,
): Tokenizer["specialTokens"] {
  const pick = (configured: string | null | undefined, guesses: string[]) => {
    if (configured === null) return undefined;
    if (configured !== undefined) return lookup(configured);
    for (const g of guesses) {
      const id = lookupAdded(g);
      if (id !== undefined) return id;
    }
    return undefined;
  };
  const bos = pick(config?.bosToken, ["<s>", "<|begin_of_text|>", "[CLS]", "<bos>"]);
  const eos = pick(config?.eosToken, ["</s>", "<|end_of_text|>", "<|endoftext|>", "[SEP]", "<eos>"]);
  const pad = pick(config?.padToken, ["[PAD]", "<pad>", "<|padding|>"]);
  const unk = pick(config?.unkToken, ["<unk>", "[UNK]"]);
  const eosIds: number[] = [];
  if (eos !== undefined) eosIds.push(eos);
  for (const n of END_OF_TURN) {
    const id = lookupAdded(n);
    if (id !== undefined && !eosIds.includes(id)) eosIds.push(id);
  }
  const out: Tokenizer["specialTokens"] = {};
  if (bos !== undefined) out.bos = bos;
  if (eos !== undefined) out.eos = eos;
  if (pad !== undefined) out.pad = pad;
  if (unk !== undefined) out.unk = unk;
  if (eosIds.length > 0) out.eosIds = eosIds;
  return out;
}

/**
 * llama.cpp's pre-tokenizers: a GGUF names one with `tokenizer.ggml.pre`, and llama.cpp cuts the
 * text with that list of regexes, one after the other: each regex cuts every current word into
 * the parts it matches and the parts between (all kept). These are the patterns of llama.cpp's
 * llama-vocab.cpp, which reproduce the models' Hugging Face pre-tokenizers.
 */
const LLAMA3 =
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const QWEN2 =
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
const CJK = "[一-龥ࠀ-一가-퟿]+";
const DEEPSEEK_LLM_LETTERS =
  "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝ\u1F5F-\u1F7Dᾀ-ᾴᾶ-ᾼ\u1FBEῂ-ῄῆ-ῌ\u1FD0-\u1FD3\u1FD6-\u1FDBῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝ\u2124\u2126\u2128\u212A-\u212Dℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ\\u{10400}-\\u{1044f}𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+";
const PORO = " ?[^(\\s|.,!?…。，、।۔،)]+";

/** `pre` name → regex list (Oniguruma-style sources; see regex.ts) and whether BPE ignores merges. */
export interface LlamaCppPre {
  regexes: string[];
  ignoreMerges: boolean;
}

const TABLE: [string[], LlamaCppPre][] = [
  [
    [
      "llama3",
      "llama-v3",
      "llama-bpe",
      "falcon3",
      "falcon-h1",
      "pixtral",
      "midm-2.0",
      "lfm2",
      "dbrx",
      "smaug-bpe",
      "chatglm-bpe",
    ],
    { regexes: [LLAMA3], ignoreMerges: true },
  ],
  [
    ["deepseek-llm"],
    {
      regexes: ["[\\r\\n]", DEEPSEEK_LLM_LETTERS, "\\s?[!-/:-~！-／：-～‘-‟　-。]+", "\\s+$", CJK, "\\p{N}+"],
      ignoreMerges: false,
    },
  ],
  [
    ["deepseek-coder"],
    { regexes: ["[\\r\\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", CJK, "\\p{N}"], ignoreMerges: false },
  ],
  [
    ["deepseek-v3", "hunyuan-dense"],
    {
      regexes: [
        "\\p{N}{1,3}",
        "[一-龥぀-ゟ゠-ヿ]+",
        "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
      ],
      ignoreMerges: false,
    },
  ],
  [["falcon"], { regexes: ["[\\p{P}\\$\\+<=>\\^~\\|`]+", GPT2, "[0-9][0-9][0-9]"], ignoreMerges: false }],
  [
    ["starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b"],
    { regexes: ["\\p{N}", GPT2], ignoreMerges: false },
  ],
  [
    [
      "gpt-2",
      "phi-2",
      "mpt",
      "olmo",
      "jais",
      "trillion",
      "granite-docling",
      "jina-es",
      "jina-de",
      "gigachat",
    ],
    { regexes: [GPT2], ignoreMerges: false },
  ],
  [
    ["qwen2", "stablelm2", "hunyuan", "deepseek-r1-qwen", "megrez"],
    { regexes: [QWEN2], ignoreMerges: false },
  ],
  [["poro-chat", "bloom", "gpt3-finnish"], { regexes: [PORO], ignoreMerges: false }],
  [["viking"], { regexes: [PORO, "\\p{N}"], ignoreMerges: false }],
  [
    ["tekken"],
    {
      regexes: [
        "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
      ],
      ignoreMerges: false,
    },
  ],
  [
    ["seed-coder"],
    {
      regexes: [
        "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
      ],
      ignoreMerges: false,
    },
  ],
];

/** llama.cpp's default (a GGUF without `pre`, or "default"). */
const DEFAULT: LlamaCppPre = {
  regexes: ["[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, "\\p{N}+", "[0-9][0-9][0-9]"],
  ignoreMerges: false,
};

export function llamaCppPre(name: string | undefined): LlamaCppPre | undefined {
  if (name === undefined || name === "default") return DEFAULT;
  for (const [names, pre] of TABLE) if (names.includes(name)) return pre;
  return undefined;
}

/** The shape every tokenizer in tongguan has, whatever file it came from. */
export interface Encoding {
  /** Token ids. */
  ids: number[];
  /** The token strings as in the vocabulary (`Ġworld`, `##ing`, `▁Hello`, `<0x0A>`). */
  tokens: string[];
  /** [start, end) offsets of each token in the input text, in UTF-16 code units. */
  offsets: [number, number][];
}

export interface EncodeOptions {
  /** Run the post-processor (BOS, `[CLS] … [SEP]`). Default false. */
  addSpecialTokens?: boolean;
  /**
   * Match special-token text written in the input (`<|im_start|>` → its id). Default true; false
   * reads it as plain text (what untrusted text such as a chat message's content needs).
   */
  parseSpecial?: boolean;
}

export interface DecodeOptions {
  /** Drop special tokens from the text. Default false. */
  skipSpecialTokens?: boolean;
}

export interface Tokenizer {
  encode(text: string, options?: EncodeOptions): Encoding;
  decode(ids: number[], options?: DecodeOptions): string;
  /** Token string → id, or undefined. */
  tokenToId(token: string): number | undefined;
  /** Id → token string, or undefined. */
  idToToken(id: number): string | undefined;
  readonly vocabSize: number;
  /** Ids of special tokens (BOS, EOS, PAD, …) as the file names them. */
  readonly specialTokens: { bos?: number; eos?: number; pad?: number; unk?: number; eosIds?: number[] };
  /** The Jinja chat template from tokenizer_config.json or GGUF metadata, if any. */
  readonly chatTemplate?: string;
}

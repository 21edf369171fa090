/**
 * Streaming detokenization: a model produces one id at a time, and the text should appear as it
 * comes, but one token can hold half a character (byte-level BPE splits `你` = E4 BD A0 across
 * tokens; Llama spells it `<0xE4><0xBD><0xA0>`). Decoding just the new token would print garbage.
 *
 * The trick (as in Hugging Face's text-generation-inference): decode the last few tokens twice,
 * with and without the new one, and emit the difference, but only once it no longer ends with
 * U+FFFD (an incomplete character). Decoding with the previous tokens as context also keeps rules
 * like "the first token loses its leading space" right.
 */
import type { DecodeOptions, Tokenizer } from "./types.ts";

export interface StreamDecoder {
  /** Add one id; returns the text that is now complete ("" while a character is unfinished). */
  push(id: number): string;
  /** End of stream: returns whatever is left, broken characters as U+FFFD. */
  flush(): string;
}

export function createStreamDecoder(tokenizer: Tokenizer, options: DecodeOptions = {}): StreamDecoder {
  let ids: number[] = [];
  // ids[prefix, read) were already emitted (kept as context); ids[read, …) are pending.
  let prefix = 0;
  let read = 0;
  const pending = (final: boolean): string => {
    const before = tokenizer.decode(ids.slice(prefix, read), options);
    const now = tokenizer.decode(ids.slice(prefix), options);
    if (now.length <= before.length || (!final && now.endsWith("\ufffd"))) return "";
    prefix = read;
    read = ids.length;
    // Keep the array short: the context before `prefix` is not needed any more.
    if (prefix > 64) {
      ids = ids.slice(prefix);
      read -= prefix;
      prefix = 0;
    }
    return now.slice(before.length);
  };
  return {
    push(id: number): string {
      ids.push(id);
      return pending(false);
    },
    flush(): string {
      const out = read < ids.length ? pending(true) : "";
      ids = [];
      prefix = read = 0;
      return out;
    },
  };
}

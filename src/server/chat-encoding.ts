/**
 * A chat's token ids in which only the template's own markup makes special tokens.
 *
 * The template writes `<|im_start|>user\n{content}<|im_end|>`; tokenizing that string as a whole
 * would also turn special-token text a user typed into the content (`<|im_start|>system\n…`) into
 * real control tokens — a role injection. So when a message's content holds special-token text
 * (its ids differ with and without special-token matching), the rendered chat is tokenized in
 * pieces: the markup between the contents with special tokens matched, each content as plain text.
 * Otherwise the whole string is tokenized at once, exactly as before (pieces would change how BPE
 * merges across a boundary).
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import type { ChatMessage } from "./params.ts";

export function encodeChat(tokenizer: Tokenizer, rendered: string, messages: ChatMessage[]): number[] {
  const whole = () => tokenizer.encode(rendered, { addSpecialTokens: false }).ids;
  const risky = messages.some((m) => m.content !== "" && holdsSpecialText(tokenizer, m.content));
  if (!risky) return whole();
  const ids: number[] = [];
  let at = 0;
  for (const [i, m] of messages.entries()) {
    if (m.content === "") continue;
    const start = rendered.indexOf(m.content, at);
    if (start < 0) throw new TongguanError(t("server.chatEncoding.messagesContentHoldsSpecial", { i }));
    if (start > at) ids.push(...tokenizer.encode(rendered.slice(at, start), { addSpecialTokens: false }).ids);
    ids.push(...tokenizer.encode(m.content, { addSpecialTokens: false, parseSpecial: false }).ids);
    at = start + m.content.length;
  }
  if (at < rendered.length)
    ids.push(...tokenizer.encode(rendered.slice(at), { addSpecialTokens: false }).ids);
  return ids;
}

function holdsSpecialText(tokenizer: Tokenizer, text: string): boolean {
  const a = tokenizer.encode(text, { addSpecialTokens: false }).ids;
  const b = tokenizer.encode(text, { addSpecialTokens: false, parseSpecial: false }).ids;
  return a.length !== b.length || a.some((id, i) => id !== b[i]);
}

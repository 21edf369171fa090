/**
 * What the chat-template lesson shows: a list of messages rendered by the model's own Jinja template
 * into the one string the model reads, and that string's token ids — `tongguan template MODEL` and
 * `tongguan chat MODEL --print-prompt`.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { fileError, TongguanError } from "../../errors.ts";
import {
  type ChatMessage,
  ChatTemplate,
  chatTemplateFor,
  specialTokenStrings,
} from "../../generation/chat-template.ts";
import { tokenPieces } from "../../instruments/token-pieces.ts";
import { t } from "../../messages/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import { collect } from "../flags.ts";

export interface TemplateFlags {
  system?: string;
  user?: string[];
  messages?: string;
  chatTemplate?: string;
  noGenerationPrompt?: boolean;
  json?: boolean;
}

/** --user (repeatable) and --messages FILE; `chat` has --system and --chat-template already. */
export function addTemplateFlags(cmd: Command): Command {
  return cmd
    .option("--user <text>", t("cli.templateView.opt.user"), collect)
    .option("--messages <file>", t("cli.templateView.opt.messages"));
}

function readMessages(path: string): ChatMessage[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw fileError(path, t("cli.templateView.messagesNotAReadable", { message: (err as Error).message }));
  }
  if (!Array.isArray(json) || json.some((m) => typeof m?.role !== "string" || typeof m?.content !== "string"))
    throw fileError(path, t("cli.templateView.messagesExpectedAList"));
  return json as ChatMessage[];
}

/** The messages the flags describe. */
export function messagesOf(flags: TemplateFlags): ChatMessage[] {
  if (flags.messages !== undefined) {
    if (flags.user || flags.system !== undefined)
      throw new TongguanError(t("cli.templateView.messagesCannotBeCombined"));
    return readMessages(flags.messages);
  }
  const out: ChatMessage[] = [];
  if (flags.system !== undefined) out.push({ role: "system", content: flags.system });
  for (const u of flags.user ?? ["Hello!"]) out.push({ role: "user", content: u });
  return out;
}

/** Renders the messages and prints the prompt, its chips and ids (or JSON). */
export function printPrompt(
  tokenizer: Tokenizer,
  flags: TemplateFlags,
  where: string,
  templateText?: string,
): void {
  const template =
    templateText === undefined ? chatTemplateFor(tokenizer, where) : new ChatTemplate(templateText);
  const messages = messagesOf(flags);
  const prompt = template.render(messages, {
    addGenerationPrompt: !flags.noGenerationPrompt,
    ...specialTokenStrings(tokenizer),
  });
  const ids = tokenizer.encode(prompt, { addSpecialTokens: false }).ids;
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ messages, prompt, ids, tokens: tokenPieces(tokenizer, ids).map((p) => p.label) })}\n`,
    );
    return;
  }
  const chips = tokenPieces(tokenizer, ids)
    .map((p) => `[${p.label.replace(/\n/g, "↵")}]`)
    .join("");
  process.stdout.write(
    `${prompt}${prompt.endsWith("\n") ? "" : "\n"}── ${ids.length} tokens ──\n${chips}\nids: [${ids.join(", ")}]\n`,
  );
}

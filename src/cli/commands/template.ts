/**
 * `tongguan template MODEL [--system TEXT] [--user TEXT]… [--messages FILE] [--json]` — the model's
 * chat template at work: the messages rendered into the prompt string the model reads, then that
 * string's tokens and ids. Only the tokenizer files are read (no weights).
 *
 *   tongguan template Qwen/Qwen2.5-0.5B-Instruct --system "Be brief." --user "Hi"
 *   <|im_start|>system↵Be brief.<|im_end|>↵<|im_start|>user↵Hi<|im_end|>↵<|im_start|>assistant↵
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { fileError } from "../../errors.ts";
import { resolveModelPath } from "../../hub/index.ts";
import { t } from "../../messages/index.ts";
import { loadTokenizer } from "../../tokenizers/index.ts";
import { addTemplateFlags, printPrompt, type TemplateFlags } from "../views/template-view.ts";

export function register(program: Command): void {
  addTemplateFlags(
    program
      .command("template")
      .description(t("cli.template.description"))
      .argument("<model>", t("cli.template.arg.model"))
      .option("--system <text>", t("cli.template.opt.system"))
      .option("--chat-template <file>", t("cli.template.opt.chatTemplate"))
      .option("--no-generation-prompt", t("cli.template.opt.noGenerationPrompt"))
      .option("--json", t("cli.template.opt.json")),
  ).action(async (model: string, flags: TemplateFlags & { generationPrompt?: boolean }) => {
    const path = await resolveModelPath(model);
    const tokenizer = await loadTokenizer(path);
    let text: string | undefined;
    if (flags.chatTemplate !== undefined) {
      const file = flags.chatTemplate;
      text = await readFile(file, "utf8").catch(() => {
        throw fileError(file, t("cli.template.chatTemplateCannotRead"));
      });
    }
    printPrompt(tokenizer, { ...flags, noGenerationPrompt: flags.generationPrompt === false }, model, text);
  });
}

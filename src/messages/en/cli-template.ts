/** The messages of src/cli/commands/template.ts. */
export const cliTemplate = {
  "cli.template.opt.json": 'print {"messages", "prompt", "ids", "tokens"}',
  "cli.template.opt.noGenerationPrompt": "do not end with the assistant's header",
  "cli.template.opt.chatTemplate": "a Jinja chat template file instead of the model's own",
  "cli.template.opt.system": "a system message",
  "cli.template.arg.model": "a model folder, a .gguf or a hub id (its tokenizer and chat_template are read)",
  "cli.template.description":
    "render messages with a model's chat template: the prompt string and its token ids",
  "cli.template.chatTemplateCannotRead": "--chat-template: cannot read the file",
} as const;

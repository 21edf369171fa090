/** The messages of src/cli/commands/chat.ts. */
export const cliChat = {
  "cli.chat.opt.system": "a system message",
  "cli.chat.arg.model":
    "a model folder, a .gguf, a llama2.c .bin, or a hub id ORG/NAME (default: the shipped model)",
  "cli.chat.description":
    "chat with a model in the terminal, through its chat template (/help lists the commands)",
  "cli.chat.opt.chatTemplate":
    "a Jinja chat template file (default: the model's own; without one, a plain User:/Assistant: transcript)",
  "cli.chat.opt.printPrompt": "print the rendered prompt and its token ids for the messages, then exit",
  "cli.chat.cannotReadTheChat": "cannot read the chat template file",
  "cli.chat.temperatureDefault": "the model's generation_config.json, else 0.7",
  "cli.chat.topPDefault": "generation_config.json, else 0.9",
  "cli.chat.seedUse": "turn k uses seed + k",
  "cli.chat.quitHint": "\n(Ctrl-C again, /exit or Ctrl-D to quit)\n",
  "cli.chat.help":
    'commands:\n  /help           this list\n  /reset          forget the conversation (the system message stays)\n  /system [TEXT]  set the system message (no TEXT: show it; /system "" removes it)\n  /exit           quit (also Ctrl-D, or Ctrl-C twice at the prompt)\ninput: end a line with \\ to go on to the next; """ on a line of its own opens and closes a block.\nCtrl-C while the model writes stops the reply; the conversation keeps it.',
  "cli.chat.defaultOrigin": "tongguan's default",
  "cli.chat.flagsOver": "flags over {origin}",
  "cli.chat.loading": "loading {modelPath}…",
  "cli.chat.plainTemplate":
    '{architecture} has no chat template: using tongguan\'s plain "User: … / Assistant:" transcript (--chat-template FILE picks another)',
  "cli.chat.dropped": "(the context is full: the oldest {n} {n|message|messages} were dropped)",
  "cli.chat.banner": "{architecture} · {sampling} · /help lists the commands",
  "cli.chat.reset": "(conversation reset)",
  "cli.chat.systemShow": "(system: {system})",
  "cli.chat.systemNone": "none",
  "cli.chat.systemRemoved": "(system message removed)",
  "cli.chat.systemSet": "(system message set)",
  "cli.chat.unknownCommand": "unknown command {command}: /help lists them",
  "cli.chat.stats":
    "[prefill {prefillTokens} tok at {prefill} tok/s · decode {decodeTokens} tok at {decode} tok/s · stop: {stop} · {sampling}]",
  "cli.chat.interrupted": "(interrupted: the reply so far stays in the conversation)",
} as const;

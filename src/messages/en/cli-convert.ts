/** The messages of src/cli/commands/convert.ts. */
export const cliConvert = {
  "cli.convert.opt.quiet": "no progress output",
  "cli.convert.opt.tokenizer": "llama2.c input: its tokenizer .bin",
  "cli.convert.opt.out": "output file (default: <dir>-<type>.gguf)",
  "cli.convert.opt.type": "weight type: {GGUF_FILE_TYPES}",
  "cli.convert.opt.to": "output format (only gguf)",
  "cli.convert.arg.dir": "checkpoint folder (or a llama2.c .bin, or a .gguf)",
  "cli.convert.description":
    "convert a Hugging Face checkpoint folder (safetensors + config.json + tokenizer.json) to GGUF",
  "cli.convert.toOnlyGgufIs": "--to {to}: only 'gguf' is supported",
  "cli.convert.typeExpectedOneOf": "--type {flagsType}: expected one of {GGUF_FILE_TYPES}",
  "cli.convert.wrote": "wrote",
  "cli.convert.summary": "{out}: {architecture}, {layers} layers, {type}, {size} MiB in {seconds} s",
} as const;

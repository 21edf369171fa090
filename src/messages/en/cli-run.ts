/** The messages of src/cli/commands/run.ts. */
export const cliRun = {
  "cli.run.arg.prompt": "the prompt (default: empty, which for llama2.c means just BOS)",
  "cli.run.arg.model": "a model folder, a .gguf, or a llama2.c .bin checkpoint (default: the shipped model)",
  "cli.run.description": "generate text from a prompt (streams it; --json for tokens and text)",
  "cli.run.opt.json":
    'print one JSON object {"prompt_tokens", "generated_tokens", "text", "stop"} instead of streaming',
  "cli.run.tokenizerDefault": "the model's own; for a llama2.c .bin, tokenizer.bin beside it",
  "cli.run.summary":
    "[{prompt} prompt tokens, {generated} generated, stop: {stop}{seed}] prefill {prefill} tok/s, decode {decode} tok/s, first token after {ttft} ms",
  "cli.run.seed": ", seed {seed}",
} as const;

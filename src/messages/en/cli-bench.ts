/** The messages of src/cli/commands/bench.ts. */
export const cliBench = {
  "cli.bench.opt.json": "print one JSON object",
  "cli.bench.opt.genTokens": "tokens to decode after the prompt",
  "cli.bench.opt.promptTokens": "prompt length for the prefill",
  "cli.bench.opt.threads": "compute threads (default: all cores)",
  "cli.bench.arg.model": "a model folder, .gguf, llama2.c .bin or hub id (ORG/NAME)",
  "cli.bench.description": "measure prefill and decode speed (tok/s), time to first token and peak memory",
  "cli.bench.summary": "{model}: {size} MiB, {threads} {threads|thread|threads}, loaded in {ms} ms",
  "cli.bench.prefill": "  prefill  {tokens} tokens   {speed} tok/s",
  "cli.bench.decode": "  decode   {tokens} tokens   {speed} tok/s",
  "cli.bench.ttft": "  time to first token  {ms} ms",
  "cli.bench.peakRss": "  peak RSS  {mb} MiB ({ratio} × the model)",
} as const;

/** The messages of src/cli/commands/inspect.ts. */
export const cliInspect = {
  "cli.inspect.opt.json": "print the totals and config as JSON",
  "cli.inspect.arg.model": "a model folder, .gguf, llama2.c .bin or hub id (ORG/NAME)",
  "cli.inspect.description": "the module tree of a model with shapes, dtypes, parameter counts and memory",
  "cli.inspect.parameters": "parameters: {count} ({exact}; {dtypes})",
  "cli.inspect.weights": "weights in memory: {size}",
  "cli.inspect.kvCache": "KV cache (f32): {perToken} per token, {total} for the full {context}-token context",
  "cli.inspect.shape":
    "{architecture}: {layers} layers, hidden {hidden}, {heads} heads{kv} of {headDim}, ffn {ffn}, vocab {vocab}, context {context}{positions}, {norm} ε={eps}, {activation}",
  "cli.inspect.kvHeads": " ({kvHeads} kv heads)",
  "cli.inspect.rope": ", RoPE θ={theta}",
  "cli.inspect.learnedPositions": ", learned positions",
} as const;

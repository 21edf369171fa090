/** The messages of src/cli/commands/trace.ts. */
export const cliTrace = {
  "cli.trace.opt.json": "print the whole trace (or the --tensor) as JSON",
  "cli.trace.opt.tokenizer": "the tokenizer (default: the model's own)",
  "cli.trace.opt.tensor":
    "print this named tensor as JSON (attn_norm, q, k, v, attn_probs, ffn_out, l_out, …)",
  "cli.trace.opt.head": "the attention head to draw large (default 0)",
  "cli.trace.opt.layer": "the layer to show (default 0)",
  "cli.trace.arg.text": "the text to run",
  "cli.trace.arg.model": "a model folder, .gguf, llama2.c .bin or hub id",
  "cli.trace.description":
    "look inside one forward pass: attention heatmaps, per-layer norms, any named tensor",
  "cli.trace.isOutsideTheModel": "{flag}: {v} is outside 0..{v3} (the model has {count} {what})",
  "cli.trace.textItIsEmpty": "text: it is empty and the tokenizer added no tokens",
  "cli.trace.header":
    "{architecture}: {tokens} tokens, {layers} layers × {heads} heads{kv}, head size {headDim}; {mask}",
  "cli.trace.kvHeads": " ({kvHeads} key/value heads)",
  "cli.trace.causal": "causal (· = masked: a token cannot see later ones)",
  "cli.trace.bidirectional": "bidirectional",
  "cli.trace.tokens": "tokens: {tokens}",
  "cli.trace.heatmapTitle":
    "layer {layer}, head {head} — row i: how token i spreads its attention over tokens 0..{last} (each row sums to 1)",
  "cli.trace.allHeads": "\nlayer {layer}, all {heads} heads:\n",
  "cli.trace.normsTitle":
    "\nnorms per layer (mean over positions): residual stream ‖x‖, attention output, feed-forward output\n",
  "cli.trace.namedTensors": "\nnamed tensors (--tensor NAME --layer L --json): {names}\n",
  "cli.trace.layers": "layers",
  "cli.trace.heads": "heads",
} as const;

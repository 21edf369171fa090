/** The messages of src/bench/. */
export const bench = {
  "bench.llamaCpp.tensorTokenEmbdWeight": "{path}: tensor 'token_embd.weight' is missing",
  "bench.peers.isNotInstalledNpm":
    "{name} is not installed: npm run bench:setup installs the peers into bench/node_modules",
  "bench.measure.noSuchFileOr": "no such file or folder",
  "bench.measure.needAWholeNumber": "{flag}: need a whole number ≥ {min}, got {v}",
  "bench.measure.promptTokensGenTokens":
    "--prompt-tokens + --gen-tokens = {need} exceeds the model's context of {contextLength} tokens",
} as const;

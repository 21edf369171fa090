/** The messages of src/server/. */
export const server = {
  "server.embeddingEngine.isAnEncoderIt":
    "'{modelId}' is an encoder: it makes embeddings (/v1/embeddings), not chats",
  "server.embeddingEngine.inputIsTokensThis":
    "input{v1} is {idsLength} tokens; this model reads at most {contextLength}",
  "server.embeddingEngine.isAnEncoderIt2": "'{modelId}' is an encoder: it makes embeddings, not text",
  "server.chatEncoding.messagesContentHoldsSpecial":
    "messages[{i}].content holds special-token text and the chat template changes the content, so it cannot be kept as plain text: remove the special-token text",
  "server.engineFromModel.ctxNeedAnInteger":
    "--ctx: need an integer ≥ 2 (a prompt token and a new one), got {contextLength}",
  "server.engineFromModel.parallelWithCtxOnly":
    "--parallel {n} with --ctx {contextLength}: only {made} KV caches fit the 4 GiB tensor memory beside the model (use --parallel {v4} or a shorter --ctx)",
  "server.engineFromModel.theModelHasNo":
    "the model '{modelId}' has no chat template: start the server with --chat-template FILE, or use /v1/completions",
} as const;

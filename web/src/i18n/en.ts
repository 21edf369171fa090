/** The lab's page strings in English: every key the pages use. zh-CN.ts holds the same keys. */
export const en = {
  "app.title": "tongguan lab",
  "app.model": "model: {name} ({arch})",
  "app.switchLanguage": "切换到中文 / switch to Chinese",
  "app.pages": "Pages",
  "app.coming": "coming",
  "app.comingLong": "This page is coming.",
  "app.loading": "Loading…",
  "error.network":
    "The lab server cannot be reached: is `tongguan lab` still running? Start it again, then reload the page.",
  "error.server": "Error: {message}",

  "page.tokens": "Tokens",
  "page.embeddings": "Embeddings",
  "page.attention": "Attention",
  "page.positions": "Positions",
  "page.nextToken": "Next token",
  "page.generation": "Generation",
  "page.model": "Model",
  "page.training": "Training",

  "tokens.lead":
    "A model never sees letters: a tokenizer cuts the text into tokens, each an id in its vocabulary. Grey-bordered chips are pieces of a character: bytes, written in hex.",
  "tokens.text": "Text",
  "tokens.tokenizers": "Tokenizers side by side",
  "tokens.showIds": "show ids",
  "tokens.summary": "{chars} characters, {bytes} UTF-8 bytes",
  "tokens.count": "{n} tokens",
  "tokens.ids": "ids",
  "tokens.mergesTitle": "BPE, merge by merge",
  "tokens.mergesLead":
    "Byte-pair encoding starts from single bytes (or characters) and keeps joining the adjacent pair with the lowest rank in its merge list, until no pair is in the list.",
  "tokens.word": "Word or short text",
  "tokens.tokenizer": "Tokenizer",
  "tokens.start": "start: one symbol per byte or character",
  "tokens.merge": "join “{left}” + “{right}” (rank {rank})",
  "tokens.wordpieceTried": "longest match in the vocabulary ({n} longer candidates tried: {tried})",
  "tokens.noSteps": "This tokenizer's steps are not traced: the final pieces are shown.",

  "embeddings.lead":
    "Words as vectors: words used in similar contexts get nearby vectors, and some directions carry meaning.",
  "embeddings.source": "Vectors: {source}, {dim} dimensions.",
  "embeddings.neighbours": "Nearest neighbours",
  "embeddings.word": "Word",
  "embeddings.cosine": "cosine similarity",
  "embeddings.analogy": "Analogies: a − b + c",
  "embeddings.analogyHow":
    "3CosAdd: the words nearest (by cosine) to unit(a) − unit(b) + unit(c), the three input words left out.",
  "embeddings.score": "cosine with a − b + c",
  "embeddings.scatter": "Words on a plane (PCA) and their cosines",
  "embeddings.words": "Words (separated by commas or spaces)",
  "embeddings.needTwo": "Give at least two words.",
  "embeddings.variance": "The two main directions of these words (PCA): {a}% and {b}% of their variance",
  "embeddings.matrix": "cosine similarity of each pair",

  "positions.modelLearned":
    "{name} learns a table of {n} position vectors (learned positions, as GPT-2 and BERT): the pictures below show the two formulas other models use instead.",
  "positions.modelRope":
    "{name} rotates its queries and keys (RoPE, θ = {theta}, head width {dim}): the pictures below start from its numbers.",
  "positions.sinusoidal": "Sinusoidal encoding (Vaswani et al. 2017)",
  "positions.sinusoidalHow":
    "PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)): each pair of dimensions is a clock, the first ones fast, the last ones slow. Rows are positions, columns dimensions.",
  "positions.count": "positions",
  "positions.dim": "dimensions d",
  "positions.heatmapLabel": "PE (positions × dimensions), blue −1 … red +1",
  "positions.rope": "RoPE: rotating pairs (Su et al. 2021)",
  "positions.ropeHow":
    "RoPE cuts a query or key into pairs and turns pair i of the token at position p by the angle p·θᵢ, θᵢ = base^(−2i/d). Pick a pair: the first pairs turn fast, the last ones barely move.",
  "positions.headDim": "head width d",
  "positions.pair": "pair i = {i} (of {n})",
  "positions.ropeCircle": "the pair (1, 0) turned to each position p",
  "positions.freq": "θᵢ = {theta} radians per position",
  "positions.angle": "angle p·θᵢ",
  "positions.distance": "q·k against distance",
  "positions.distanceHow":
    "Sinusoidal: PE[o]·PE[o+Δ]. RoPE: q·k with q = k = (1,…,1)/√d turned to positions o and o+Δ (d = {dim}). Both depend on Δ only: change the offset o, the curves stay.",
  "positions.offset": "offset o",
  "positions.maxDistance": "largest distance Δ",
  "positions.sinDot": "sinusoidal PE[o]·PE[o+Δ]",
  "positions.ropeDot": "RoPE q·k (long-term decay)",

  "model.totals": "{name} ({arch}): {params} parameters ({exact}), {bytes} of weights.",
  "model.tree": "Module tree",
  "model.config": "Config",
  "model.residual": "The residual stream through the layers",
  "model.residualHow":
    "Each layer adds its attention and feed-forward outputs to the residual stream x. ‖x‖ per token after the embeddings and after each layer, read from the model's own forward pass.",
  "model.text": "Text",
  "model.residualHeatmap": "‖x‖ (layers × tokens)",
  "model.residualMean": "mean over tokens: ‖x‖ and what each sub-layer adds",
} as const;

export type MessageKey = keyof typeof en;

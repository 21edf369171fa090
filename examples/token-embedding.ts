/**
 * token → id → embedding vector. The tokenizer turns text into ids (rows of the vocabulary); the
 * embedding layer is a table of vocabSize rows, and a token's vector is simply row `id` of it.
 * Nothing is computed: it is a lookup, the same as multiplying a one-hot vector by the table.
 * The tokenizer is tongguan's demo BPE (assets/); the table is random, 3000 × 8.
 * Run: npm run example -- token-embedding
 */
import { Embedding, loadTokenizer, Tensor } from "tongguan";
import { DEMO_TOKENIZER, fmt, isMain, randomArray } from "./lib/common.ts";

export async function main(print: (line: string) => void = console.log) {
  const tokenizer = await loadTokenizer(DEMO_TOKENIZER);
  const dim = 8;
  const table = Tensor.from(randomArray(tokenizer.vocabSize * dim, 4), [tokenizer.vocabSize, dim]);
  const embedding = new Embedding(table, "embed_tokens");
  const text = "Hello, world";
  const { ids, tokens } = tokenizer.encode(text);
  const vectors = new Float32Array(ids.length * dim); // (tokens, dim)
  embedding.forward(vectors, ids);
  print(
    `"${text}" → ${ids.length} tokens; table [${table.shape.join(", ")}] → vectors [${ids.length}, ${dim}]`,
  );
  for (let i = 0; i < ids.length; i++) {
    print(
      `  ${JSON.stringify(tokens[i]).padEnd(10)} id ${String(ids[i]).padStart(4)} → ${fmt(vectors.subarray(i * dim, (i + 1) * dim))}`,
    );
  }
  // The same row through a one-hot product: e_id · table.
  const first = ids[0];
  const oneHot = new Float32Array(dim);
  for (let r = 0; r < tokenizer.vocabSize; r++) {
    const x = r === first ? 1 : 0;
    for (let c = 0; c < dim; c++) oneHot[c] += x * table.data[r * dim + c];
  }
  print(`one-hot(${first}) · table = ${fmt(oneHot)}  (the same row)`);
  return { ids, tokens, vectors, table, oneHot, dim };
}

if (isMain(import.meta.url)) await main();

/**
 * The output head: the last hidden vector → one score (logit) per vocabulary token → softmax.
 *
 *   logits = LayerNorm(h_last) · Wᵀ        W: (vocab, d); GPT-2 reuses the token-embedding table
 *   p = softmax(logits)                    ("tied" weights: scoring a token = comparing with its embedding)
 *
 * Written by hand on tongguan's shipped GPT-2 (d = 128, vocabulary 2048), compared with the logits
 * the model computes, then the five most likely next tokens.
 * Run: npm run example -- output-head
 */
import { embeddingRows, softmax } from "tongguan";
import { fmt, isMain } from "./lib/common.ts";
import { captureDefault } from "./lib/default-model.ts";

export async function main(
  print: (line: string) => void = console.log,
  prompt = "In the beginning God created the",
) {
  const { model, ids, get, tokenizer } = await captureDefault(prompt);
  const final = get("result_norm"); // (n, d): the last LayerNorm's output for every token
  const engine = get("logits"); // (1, vocab): the engine scores the last position only
  const [n, d] = final.shape;
  const h = final.data.subarray((n - 1) * d, n * d); // the last token's hidden vector
  const vocab = model.vocabSize;
  const table = embeddingRows(
    model,
    Array.from({ length: vocab }, (_, i) => i),
  ).rows; // W, (vocab, d)
  const logits = table.map((row) => row.values.reduce((s, w, i) => s + w * h[i], 0)); // h · Wᵀ
  let maxDiff = 0;
  logits.forEach((z, j) => {
    maxDiff = Math.max(maxDiff, Math.abs(z - engine.data[j]));
  });
  print(`"${prompt}": ${n} tokens; the last one's hidden vector h (d = ${d}): ${fmt(h.subarray(0, 5))} …`);
  print(
    `logits = h · Wᵀ: ${vocab} scores, ${fmt(logits.slice(0, 5))} …; the engine's: ${fmt(engine.data.subarray(0, 5))} …`,
  );
  print(`largest difference from the engine: ${maxDiff.toExponential(1)}`);
  const p = Array.from(softmax(logits));
  const top = p
    .map((q, id) => ({ id, q }))
    .sort((a, b) => b.q - a.q)
    .slice(0, 5);
  print("the five most likely next tokens:");
  for (const { id, q } of top)
    print(
      `  ${JSON.stringify(tokenizer.decode([id])).padEnd(12)} logit ${logits[id].toFixed(2).padStart(6)}   p ${q.toFixed(3)}`,
    );
  return { logits, engine: engine.data, maxDiff, top, ids, d, vocab };
}

if (isMain(import.meta.url)) await main();

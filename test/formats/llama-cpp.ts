/** Runs a GGUF through llama.cpp (node-llama-cpp's prebuilt CPU build) and returns next-token probabilities. */
import { getLlama, type Llama, type Token } from "node-llama-cpp";

let llama: Promise<Llama> | undefined;

/** Probabilities (vocab-sized, by token id) of the token after `tokens`, as llama.cpp computes them. */
export async function evaluateWithLlamaCpp(
  path: string,
  tokens: number[],
  vocabSize: number,
): Promise<Float64Array> {
  llama ??= getLlama({ build: "never", gpu: false, logLevel: "error" as never });
  const model = await (await llama).loadModel({ modelPath: path });
  try {
    // An F32 KV cache, as in the gguf-tiny reference runs (llama.cpp's default F16 cache rounds K and V).
    const ctx = await model.createContext({
      contextSize: 64,
      threads: 1,
      flashAttention: false,
      experimentalKvCacheKeyType: "F32",
      experimentalKvCacheValueType: "F32",
    });
    try {
      const it = ctx.getSequence().evaluateWithMetadata(tokens as Token[], { probabilities: true });
      const first = await it.next();
      await it.return();
      if (first.done) throw new Error("llama.cpp produced no output");
      const probs = new Float64Array(vocabSize);
      for (const [id, p] of first.value.probabilities) probs[id] = p;
      return probs;
    } finally {
      await ctx.dispose();
    }
  } finally {
    await model.dispose();
  }
}

/** llama.cpp's tokenization of `text`, special tokens written in it parsed (as its chat path does). */
export async function tokenizeWithLlamaCpp(path: string, text: string): Promise<number[]> {
  llama ??= getLlama({ build: "never", gpu: false, logLevel: "error" as never });
  const model = await (await llama).loadModel({ modelPath: path });
  try {
    return [...model.tokenize(text, true)].map(Number);
  } finally {
    await model.dispose();
  }
}

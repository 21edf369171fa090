/**
 * Residual connections (He et al. 2016): each sub-layer adds to the stream instead of replacing it.
 *
 *   x ← x + Attention(LN(x))
 *   x ← x + FFN(LN(x))            (GPT-2's pre-norm block)
 *
 * So the output of block l is its input plus two updates: the vector is a "residual stream" that
 * each block edits, and gradients flow straight back through the additions. On tongguan's shipped
 * GPT-2 (4 layers, d = 128): the sum checked by hand, the size of each update, and how much of its
 * input each block keeps (the cosine of in and out). Layer 0's FFN writes a vector far larger than
 * the embedding (GPT-2's first MLP is known to act as a second embedding); after it, each block's
 * updates are small next to the stream, and the output points nearly where the input did.
 * Run: npm run example -- residual
 */
import { isMain } from "./lib/common.ts";
import { captureDefault } from "./lib/default-model.ts";

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: Float32Array, b: Float32Array) =>
  a.reduce((s, x, i) => s + x * b[i], 0) / (norm(a) * norm(b));

export async function main(
  print: (line: string) => void = console.log,
  prompt = "And God said, Let there be light",
) {
  const { ids, get, capture } = await captureDefault(prompt);
  const n = ids.length;
  const last = (t: { shape: number[]; data: Float32Array }) =>
    t.data.subarray((n - 1) * t.shape[1], n * t.shape[1]);
  let x = last(get("embed")); // the last token's stream: token + position embedding
  const rows: {
    layer: number;
    maxDiff: number;
    stream: number;
    attn: number;
    ffn: number;
    out: number;
    keep: number;
  }[] = [];
  print(`"${prompt}", the last token's vector through ${capture.layers} blocks:`);
  print("layer  ‖x in‖   ‖attn‖   ‖ffn‖    ‖x out‖  cos(in, out)  x out = x in + attn + ffn");
  for (let l = 0; l < capture.layers; l++) {
    const attn = last(get("attn_proj", l));
    const ffn = last(get("ffn_out", l));
    const out = last(get("l_out", l));
    let maxDiff = 0;
    for (let i = 0; i < x.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(x[i] + attn[i] + ffn[i] - out[i]));
    const row = {
      layer: l,
      maxDiff,
      stream: norm(x),
      attn: norm(attn),
      ffn: norm(ffn),
      out: norm(out),
      keep: cosine(x, out),
    };
    rows.push(row);
    print(
      `${String(l).padStart(5)}  ${row.stream.toFixed(2).padStart(6)}  ${row.attn.toFixed(2).padStart(6)}  ${row.ffn.toFixed(2).padStart(6)}  ` +
        `${row.out.toFixed(2).padStart(7)}  ${row.keep.toFixed(3).padStart(12)}  ` +
        `(largest difference ${maxDiff.toExponential(1)})`,
    );
    x = out;
  }
  return { rows };
}

if (isMain(import.meta.url)) await main();

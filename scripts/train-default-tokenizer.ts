/**
 * Rebuilds tongguan's own demo tokenizer, assets/tokenizers/tongguan-demo/tokenizer.json: a
 * byte-level BPE with 3000 tokens trained by tongguan's trainer on tongguan's own text (the
 * README, docs/*.md and the TypeScript sources under src/), one document per file, separated by
 * <|endoftext|>. It is the default of `tongguan tokenize`.
 *
 *   node --import tsx scripts/train-default-tokenizer.ts
 *
 * The corpus is the repository as it is when the script runs, so a rebuild after the sources changed
 * gives slightly different merges; the folder's README.md records the corpus it was built from.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { TrainedBpeEncoder, trainBpeFast, writeTokenizerJson } from "../src/tokenizers/training/index.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(root, "assets", "tokenizers", "tongguan-demo");
const VOCAB_SIZE = 3000;
const SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, ext));
    else if (name.endsWith(ext)) out.push(p);
  }
  return out;
}

const files = [
  ...(existsSync(join(root, "README.md")) ? [join(root, "README.md")] : []),
  ...filesUnder(join(root, "docs"), ".md"),
  ...filesUnder(join(root, "src"), ".ts"),
];
const text = files.map((f) => readFileSync(f, "utf8")).join("\n<|endoftext|>\n");
const bytes = Buffer.byteLength(text);
const sha256 = createHash("sha256").update(text).digest("hex");
console.log(`corpus: ${files.length} files, ${bytes} bytes, sha256 ${sha256.slice(0, 16)}…`);

const started = performance.now();
const model = trainBpeFast(text, { vocabSize: VOCAB_SIZE, specialTokens: SPECIAL_TOKENS });
const path = writeTokenizerJson(outDir, model);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const sample = "export function encode(text: string): number[] // 通关";
const encoder = new TrainedBpeEncoder(model);
const ids = encoder.encode(sample);
console.log(`wrote ${relative(root, path)} (${statSync(path).size} bytes) in ${seconds} s`);
console.log(`${JSON.stringify(sample)} -> ${ids.length} tokens: ${JSON.stringify(encoder.tokens(ids))}`);

writeFileSync(
  join(outDir, "README.md"),
  `# tongguan-demo tokenizer

tongguan's own tokenizer, the default of \`tongguan tokenize\`. Made by tongguan, for the course:
byte-level BPE, ${model.size + model.specialTokens.length} tokens (256 bytes + ${model.size - 256} merged tokens + ${model.specialTokens.length} special: ${SPECIAL_TOKENS.map((s) => `\`${s}\``).join(", ")}),
GPT-4-style split regex, written as a Hugging Face \`tokenizer.json\` (Rust \`tokenizers\` and tokenizers.js load it too).

Trained by \`scripts/train-default-tokenizer.ts\` (\`node --import tsx scripts/train-default-tokenizer.ts\`) with
tongguan's fast BPE trainer on tongguan's own text: README.md, docs/*.md and src/**/*.ts,
${files.length} files, ${bytes} bytes, one document per file separated by \`<|endoftext|>\`
(corpus sha256 \`${sha256}\`). Rebuilding after the sources change gives slightly different merges.

It knows code and English words of this project; other text (Chinese, for one) falls back to smaller
pieces, down to single bytes — which is itself worth seeing in the visualizer.

License: MIT, as the repository.
`,
);

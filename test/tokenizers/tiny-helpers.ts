/** Tiny tokenizer files written by the tests themselves (in os.tmpdir()). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HfTokenizer } from "../../src/tokenizers/hf-tokenizer.ts";
import { tokenizerFromJson } from "../../src/tokenizers/index.ts";
import { BYTE_TO_CHAR } from "../../src/tokenizers/unicode.ts";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "tongguan-tok-"));
}

export function writeFile(dir: string, name: string, data: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

/** A tokenizer.json object around a model, with optional parts. */
// biome-ignore lint/suspicious/noExplicitAny: JSON under test
export function tinyJson(model: any, parts: Record<string, any> = {}): any {
  return {
    version: "1.0",
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: null,
    ...parts,
    model,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON under test
export function fromJson(json: any): HfTokenizer {
  return tokenizerFromJson(json, "tiny/tokenizer.json");
}

/** A byte-level BPE whose vocabulary is the 256 byte characters (id = byte) plus `extra` merges. */
export function byteLevelJson(merges: [string, string][] = []) {
  const vocab: Record<string, number> = {};
  BYTE_TO_CHAR.forEach((c, b) => {
    vocab[c] = b;
  });
  for (const [a, b] of merges) vocab[a + b] = Object.keys(vocab).length;
  return tinyJson(
    { type: "BPE", vocab, merges: merges.map(([a, b]) => `${a} ${b}`) },
    {
      pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, use_regex: true },
      decoder: { type: "ByteLevel" },
    },
  );
}

/** Protobuf writer for a tiny SentencePiece ModelProto (the inverse of sentencepiece/model-proto.ts). */
export function sentencePieceModel(
  pieces: [string, number, number][],
  trainer: Record<number, number>,
  normalizer: { name: string; addDummyPrefix: boolean; removeExtraWhitespaces: boolean },
): Uint8Array {
  const out: number[] = [];
  const varint = (buf: number[], v: number) => {
    while (v >= 0x80) {
      buf.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    buf.push(v);
  };
  const bytesField = (buf: number[], field: number, bytes: ArrayLike<number>) => {
    varint(buf, field * 8 + 2);
    varint(buf, bytes.length);
    for (let i = 0; i < bytes.length; i++) buf.push(bytes[i]);
  };
  const enc = new TextEncoder();
  for (const [piece, score, type] of pieces) {
    const m: number[] = [];
    bytesField(m, 1, enc.encode(piece));
    varint(m, 2 * 8 + 5);
    const f = new Uint8Array(new Float32Array([score]).buffer);
    m.push(...f);
    varint(m, 3 * 8);
    varint(m, type);
    bytesField(out, 1, m);
  }
  const t: number[] = [];
  for (const [field, v] of Object.entries(trainer)) {
    varint(t, Number(field) * 8);
    varint(t, v);
  }
  bytesField(out, 2, t);
  const n: number[] = [];
  bytesField(n, 1, enc.encode(normalizer.name));
  varint(n, 3 * 8);
  varint(n, normalizer.addDummyPrefix ? 1 : 0);
  varint(n, 4 * 8);
  varint(n, normalizer.removeExtraWhitespaces ? 1 : 0);
  bytesField(out, 3, n);
  return Uint8Array.from(out);
}

// ChatGLM3: the model against a plain float64 reference of THUDM's code; the same weights as a GGUF
// and as every Hugging Face folder form (safetensors, sharded, pytorch .bin, sharded .bin) give the
// same logits; its tokenizer and chat format from tokenizer.model and from GGUF metadata agree.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ChatTemplate } from "../../src/generation/chat-template.ts";
import { loadCheckpoint } from "../../src/models/checkpoint.ts";
import { convertToGguf } from "../../src/models/convert-gguf.ts";
import { type ChatGlm, type DecoderLM, loadCausalLM } from "../../src/models/index.ts";
import { type ModuleNode, moduleTree } from "../../src/models/module-tree.ts";
import { loadTokenizer } from "../../src/tokenizers/load-tokenizer.ts";
import {
  GLM,
  type GlmFolderForm,
  tinyChatGlmVocab,
  tinyChatGlmWeights,
  writeTinyChatGlmFolder,
  writeTinyChatGlmGguf,
} from "../formats/tiny-chatglm.ts";
import { fixturesMissing } from "../helpers/fixtures.ts";
import { logSoftmax } from "./helpers.ts";
import { referenceChatGlmLogits } from "./reference-chatglm.ts";

const skip = fixturesMissing("tokenizers/llama2/tokenizer.model");
const PROMPT = "[gMASK]sop<|user|>\n Hello world, 你好<|assistant|>";

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("chatglm", { skip }, () => {
  let dir: string;
  let gguf: string;
  let ids: number[];
  let model: DecoderLM;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tongguan-chatglm-"));
    gguf = join(dir, "tiny-chatglm-f32.gguf");
    writeTinyChatGlmGguf(gguf);
    ids = (await loadTokenizer(gguf)).encode(PROMPT).ids;
    model = await loadCausalLM(gguf);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the GGUF's config reads as ChatGLM3's", () => {
    const c = loadCheckpoint(gguf).config;
    assert.equal(c.architecture, "chatglm");
    assert.equal(c.numKvHeads, GLM.groups);
    assert.equal(c.headDim, GLM.hd);
    assert.equal(c.rotaryDim, GLM.hd / 2);
    assert.equal(c.ropeLayout, "interleaved");
    assert.equal(c.ropeTheta, 10000 * GLM.ropeRatio);
    assert.equal(c.attentionBias, true);
  });

  test("logits equal a float64 reference of THUDM's forward pass", async () => {
    const vocab = tinyChatGlmVocab().tokens.length;
    const want = logSoftmax(referenceChatGlmLogits(GLM, tinyChatGlmWeights(vocab), ids));
    const got = logSoftmax(model.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }).forward(ids));
    assert.ok(maxDiff(got, want) < 1e-4, `max |Δ log-prob| ${maxDiff(got, want)}`);
  });

  test("decoding token by token (KV cache) equals the whole prompt at once", async () => {
    const whole = model.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }).forward(ids).slice();
    const s = model.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" });
    let last: Float32Array = new Float32Array(0);
    for (const id of ids) last = s.forward([id]);
    assert.ok(maxDiff(last, whole) < 1e-4, `max |Δ logit| ${maxDiff(last, whole)}`);
  });

  for (const form of ["safetensors", "sharded", "bin", "sharded-bin"] as GlmFolderForm[]) {
    test(`a ChatGLM3 folder (${form}) gives the GGUF's logits`, async () => {
      const folder = join(dir, form);
      writeTinyChatGlmFolder(folder, form);
      const want = model.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }).forward(ids).slice();
      const got = (await loadCausalLM(folder))
        .newSession({ cacheTypeK: "f32", cacheTypeV: "f32" })
        .forward(ids);
      assert.ok(maxDiff(got, want) < 1e-5, `max |Δ logit| ${maxDiff(got, want)}`);
    });
  }

  test("the folder's tokenizer (tokenizer.model + ChatGLMTokenizer) and the GGUF's agree", async () => {
    const folder = join(dir, "tok");
    writeTinyChatGlmFolder(folder, "safetensors");
    const hf = await loadTokenizer(folder);
    const gg = await loadTokenizer(gguf);
    const sp = tinyChatGlmVocab().spCount;
    assert.equal(hf.tokenToId("[gMASK]"), sp + 1);
    assert.equal(hf.tokenToId("<|assistant|>"), sp + 7);
    for (const text of [PROMPT, "Hello world", " two  spaces\nand a line", "<|system|>\n You are 通关."]) {
      assert.deepEqual(hf.encode(text).ids, gg.encode(text).ids, text);
    }
    // Plain text gets the [gMASK] sop prefix, as ChatGLMTokenizer.build_inputs_with_special_tokens adds it.
    assert.deepEqual(hf.encode("Hi", { addSpecialTokens: true }).ids.slice(0, 2), [sp + 1, sp + 3]);
    // The model ends a turn by writing the next role token.
    for (const t of [hf, gg]) {
      assert.ok(t.specialTokens.eosIds?.includes(t.tokenToId("<|user|>")!));
      assert.ok(t.specialTokens.eosIds?.includes(t.tokenToId("<|observation|>")!));
    }
    assert.equal(hf.decode(hf.encode(PROMPT).ids, { skipSpecialTokens: true }), "\n Hello world, 你好");
  });

  test("the built-in chat template lays a conversation out as ChatGLM3's build_chat_input", async () => {
    const t = await loadTokenizer(gguf);
    const rendered = new ChatTemplate(t.chatTemplate!).render([
      { role: "system", content: "You are a helpful assistant" },
      { role: "user", content: "Hello" },
    ]);
    assert.equal(rendered, "[gMASK]sop<|system|>\n You are a helpful assistant<|user|>\n Hello<|assistant|>");
    const id = (s: string) => t.tokenToId(s)!;
    // [<|user|>] + encode("\n") + encode("Hello"): each SentencePiece encoding with its own leading ▁.
    const tail = t.encode("<|user|>\n Hello<|assistant|>").ids;
    assert.deepEqual(tail, [id("<|user|>"), id("▁"), id("<0x0A>"), id("▁Hello"), id("<|assistant|>")]);
  });

  test("convert re-types a chatglm GGUF and keeps its RoPE (half of each head, base 10000·rope_ratio)", async () => {
    const out = join(dir, "retyped-q8_0.gguf");
    convertToGguf(gguf, out, { type: "q8_0" });
    const c = loadCheckpoint(out).config;
    assert.deepEqual(
      [c.rotaryDim, c.ropeTheta, c.ropeLayout],
      [GLM.hd / 2, 10000 * GLM.ropeRatio, "interleaved"],
    );
    const q8 = logSoftmax(
      (await loadCausalLM(out)).newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }).forward(ids),
    );
    const f32 = logSoftmax(model.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }).forward(ids));
    assert.ok(maxDiff(q8, f32) < 0.5, `q8_0 vs f32 max |Δ log-prob| ${maxDiff(q8, f32)}`);
  });

  test("inspect prints THUDM's module tree", async () => {
    const m = model as ChatGlm;
    const names: string[] = [];
    const walk = (n: ModuleNode) => {
      names.push(n.name, n.type);
      n.children.forEach(walk);
    };
    walk(moduleTree(m));
    const tree = names.join(" ");
    for (const name of [
      "ChatGLMForConditionalGeneration",
      "query_key_value",
      "dense_h_to_4h",
      "output_layer",
    ])
      assert.ok(tree.includes(name), name);
  });
});

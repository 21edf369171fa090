// A tiny ChatGLM3 GGUF (llama.cpp's `chatglm` architecture, Llama 2's SentencePiece vocabulary plus
// ChatGLM's special tokens) written by our writer: llama.cpp and tongguan read the same model —
// the same tokens for a chat prompt and the same next-token log-probabilities, within the tolerances
// of ../shared/fixtures/gguf-tiny/README.md.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { CastTarget } from "../../src/formats/cast.ts";
import { loadCausalLM } from "../../src/models/index.ts";
import { loadTokenizer } from "../../src/tokenizers/load-tokenizer.ts";
import { fixturesMissing } from "../helpers/fixtures.ts";
import { peerMissing } from "../helpers/peers.ts";
import { logSoftmax } from "../models/helpers.ts";
import { writeTinyChatGlmGguf } from "./tiny-chatglm.ts";

// node-llama-cpp is a peer that may be absent from an install: then these tests say so and skip.
const skip = fixturesMissing("tokenizers/llama2/tokenizer.model") || peerMissing("node-llama-cpp");
const peer = skip ? undefined : await import("./llama-cpp.ts");

const PROMPT = "[gMASK]sop<|system|>\n You are 通关.<|user|>\n Hello world, the cat sat<|assistant|>";

describe("chatglm GGUF against llama.cpp", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "tongguan-chatglm-llama-cpp-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the same tokens for a chat prompt", async () => {
    const path = join(dir, "tok.gguf");
    writeTinyChatGlmGguf(path, "f32");
    const tok = await loadTokenizer(path);
    for (const text of [PROMPT, "Hello world", "  two spaces\n\nnew lines 你好"]) {
      assert.deepEqual(tok.encode(text).ids, await peer!.tokenizeWithLlamaCpp(path, text), text);
    }
  });

  // f16: llama.cpp rounds activations to f16 (README: ~1e-2); q8_0: it quantizes activations too,
  // which tongguan reproduces with numerics "llama.cpp".
  const cases: [CastTarget, number][] = [
    ["f32", 1e-3],
    ["f16", 5e-2],
    ["q8_0", 1e-3],
  ];
  for (const [type, tol] of cases) {
    test(`${type}: next-token log-probs equal llama.cpp's within ${tol}`, async (t) => {
      const path = join(dir, `tiny-chatglm-${type}.gguf`);
      writeTinyChatGlmGguf(path, type);
      const ids = (await loadTokenizer(path)).encode(PROMPT).ids;
      const m = await loadCausalLM(path, { numerics: type === "q8_0" ? "llama.cpp" : "plain" });
      const ours = logSoftmax(m.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }).forward(ids));
      const probs = await peer!.evaluateWithLlamaCpp(path, ids, m.vocabSize);
      let worst = 0;
      for (let i = 0; i < probs.length; i++) {
        if (probs[i] > 1e-30) worst = Math.max(worst, Math.abs(Math.log(probs[i]) - ours[i]));
      }
      t.diagnostic(`max |Δ log-prob| ${worst.toExponential(2)} over ${probs.length} tokens`);
      assert.ok(worst < tol, `max |Δ log-prob| ${worst}`);
      // The same most likely token.
      const top = (a: ArrayLike<number>) => Array.prototype.indexOf.call(a, Math.max(...Array.from(a)));
      assert.equal(top(ours), top(probs));
    });
  }
});

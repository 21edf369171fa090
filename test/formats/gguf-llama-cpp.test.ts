// A GGUF written by our writer loads and evaluates in llama.cpp (through node-llama-cpp).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { peerMissing } from "../helpers/peers.ts";
import { evaluateWithLlamaCpp } from "./llama-cpp.ts";
import { writeTinyLlamaGguf } from "./tiny-models.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-gguf-llama-"));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const type of ["f32", "f16", "q8_0", "q4_0"] as const) {
  test(`our ${type} llama GGUF evaluates in node-llama-cpp`, {
    skip: peerMissing("node-llama-cpp"),
  }, async () => {
    const path = join(dir, `tiny-${type}.gguf`);
    writeTinyLlamaGguf(path, type);
    const probs = await evaluateWithLlamaCpp(path, [1, 260, 261, 262], 276);
    assert.equal(probs.length, 276);
    const sum = probs.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-3, `probabilities sum to ${sum}`);
    // Random weights of this scale give a peaked, not a uniform, distribution.
    assert.ok(Math.max(...probs) > 5 / probs.length);
  });
}

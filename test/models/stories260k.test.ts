/**
 * Acceptance: stories260K (llama2.c) against run.c's own outputs — first-step logits within 1e-4 and
 * every greedy run equal token for token (see fixtures/llama2c/README.md).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { loadCausalLM } from "../../src/models/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { greedyLikeRunC } from "./helpers.ts";

const skip = fixturesMissing("llama2c/stories260K.bin");

interface Case {
  prompt?: string;
  steps: number;
  prompt_tokens: number[];
  generated_tokens: number[];
  stop: string;
  top5_first_step: [number, number][];
  top1_logits: number[];
  logits_first_step?: number[];
}

const cases = (): Case[] =>
  readFileSync(fixture("llama2c", "expected.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

test("stories260K loads as a Llama with run.c's hyper-parameters", { skip }, async () => {
  const m = await loadCausalLM(fixture("llama2c", "stories260K.bin"));
  assert.equal(m.architecture, "llama");
  assert.equal(m.vocabSize, 512);
  assert.equal(m.contextLength, 512);
  assert.equal(m.numLayers, 5);
  assert.equal(m.kvDim, 32); // 4 kv heads of 8: grouped-query
});

test("stories260K: first-step logits within 1e-4 of run.c", { skip }, async () => {
  const m = await loadCausalLM(fixture("llama2c", "stories260K.bin"));
  let checkedFull = 0;
  for (const c of cases()) {
    const logits = m.newSession().forward(c.prompt_tokens);
    for (const [id, want] of c.top5_first_step) {
      assert.ok(
        Math.abs(logits[id] - want) < 1e-4,
        `${JSON.stringify(c.prompt)}: logit ${id} ${logits[id]} vs ${want}`,
      );
    }
    if (c.logits_first_step) {
      checkedFull++;
      for (let i = 0; i < 512; i++)
        assert.ok(Math.abs(logits[i] - c.logits_first_step[i]) < 1e-4, `logit ${i}`);
    }
  }
  assert.ok(checkedFull > 0);
});

test("stories260K: every greedy run of expected.jsonl equal token for token", { skip }, async () => {
  const m = await loadCausalLM(fixture("llama2c", "stories260K.bin"));
  const all = cases();
  assert.equal(all.length, 9);
  for (const c of all) {
    const session = m.newSession();
    const run = greedyLikeRunC(session, c.prompt_tokens, c.steps);
    assert.deepEqual(run.generated, c.generated_tokens, JSON.stringify(c.prompt));
    assert.equal(run.stop, c.stop);
    for (let i = 0; i < c.top1_logits.length; i++) {
      assert.ok(Math.abs(run.topLogits[i] - c.top1_logits[i]) < 1e-4, `step ${i}`);
    }
  }
});

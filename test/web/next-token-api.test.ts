// The Next-token page's bars are the sampling pipeline's own numbers: the top-1 probability equals
// `tongguan logits`', each stage removes what its processor removes, in Hugging Face's order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nextTokenView } from "../../src/web/routes/next-token.ts";
import { runCli } from "../helpers/cli.ts";
import { DEFAULT_MODEL, defaultModel } from "./lab-model.ts";

const TEXT = "And God said, Let there be";

test("next token: the raw top-1 probability equals `tongguan logits`", async () => {
  const { model, tokenizer } = await defaultModel();
  const view = await nextTokenView(model, tokenizer, { text: TEXT, temperature: 0 });
  const r = await runCli(["logits", DEFAULT_MODEL, TEXT, "--top", "3", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const cli = JSON.parse(r.stdout) as { top: [number, number, number][] };
  assert.deepEqual(
    view.bars.slice(0, 3).map((b) => b.id),
    cli.top.map((t) => t[0]),
  );
  assert.ok(
    Math.abs(view.bars[0].p[0] - Math.exp(cli.top[0][2])) < 1e-5,
    `${view.bars[0].p[0]} vs ${cli.top[0][2]}`,
  );
  // greedy: only the raw stage, and the pick is the most likely token
  assert.deepEqual(
    view.stages.map((s) => s.name),
    ["raw"],
  );
  assert.equal(view.pick.id, cli.top[0][0]);
  assert.equal(view.seed, undefined);
  assert.equal(view.continued, tokenizer.decode([...view.ids, view.pick.id]));
});

test("next token: stages in order, each removes what its processor removes", async () => {
  const { model, tokenizer } = await defaultModel();
  const settings = { temperature: 1.5, topK: 5, topP: 0.9, minP: 0.05, seed: 7, top: 10 };
  const view = await nextTokenView(model, tokenizer, { text: TEXT, ...settings });
  assert.deepEqual(
    view.stages.map((s) => s.name),
    ["raw", "temperature", "top_k", "top_p", "min_p"],
  );
  const k = view.stages.findIndex((s) => s.name === "top_k");
  assert.equal(view.stages[k].kept, 5);
  // temperature keeps the order, so top-k keeps exactly the five best raw bars
  assert.deepEqual(
    view.bars.filter((b) => b.p[k] > 0).map((b) => b.id),
    view.bars.slice(0, 5).map((b) => b.id),
  );
  for (const b of view.bars) {
    assert.equal(b.p.length, view.stages.length);
    for (let s = 1; s < b.p.length; s++)
      if (b.p[s - 1] === 0) assert.equal(b.p[s], 0, "a removed token stays removed");
  }
  // a temperature above 1 flattens: the best token loses probability to the rest
  assert.ok(view.bars[0].p[1] < view.bars[0].p[0]);
  // the pick survived the last stage, and its p is the last stage's
  const pick = view.bars.find((b) => b.id === view.pick.id)!;
  assert.ok(pick.p.at(-1)! > 0);
  assert.equal(pick.p.at(-1), view.pick.p);
  assert.equal(view.seed, 7);
  // the same seed draws the same token
  const again = await nextTokenView(model, tokenizer, { ids: view.ids, ...settings });
  assert.equal(again.pick.id, view.pick.id);
  // the penalties run first (Hugging Face's order)
  const penalised = await nextTokenView(model, tokenizer, {
    text: TEXT,
    ...settings,
    repetitionPenalty: 1.3,
  });
  assert.deepEqual(penalised.stages.map((s) => s.name).slice(0, 3), [
    "raw",
    "repetition_penalty",
    "temperature",
  ]);
});

test("next token: a full context and bad values are one-line errors", async () => {
  const { model, tokenizer } = await defaultModel();
  const ids = Array.from({ length: model.contextLength }, (_, i) => 100 + i);
  await assert.rejects(
    nextTokenView(model, tokenizer, { ids }),
    /text: 64 tokens is more than fits the model's context/,
  );
  await assert.rejects(
    nextTokenView(model, tokenizer, { text: TEXT, temperature: -1 }),
    /temperature: -1 is not a number/,
  );
  await assert.rejects(
    nextTokenView(model, tokenizer, { text: TEXT, topK: 2.5 }),
    /topK: 2.5 is not an integer/,
  );
});

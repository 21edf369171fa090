// The Generation page's stream: with the cache every decode step runs one token and the cache grows
// by one position; without it every step runs the whole sequence; both pick the same tokens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HttpError } from "../../src/server/http-error.ts";
import type { GenerationEvent } from "../../src/web/page-answers.ts";
import { streamGenerations } from "../../src/web/routes/generation.ts";
import { takeSlot } from "../../src/web/routes/one-at-a-time.ts";
import { defaultModel } from "./lab-model.ts";

const TEXT = "In the beginning God created";

test("generation: cache steps grow by one position, no-cache steps rerun everything, same tokens", async () => {
  const { model, tokenizer } = await defaultModel();
  const events: GenerationEvent[] = [];
  await streamGenerations(
    model,
    tokenizer,
    { text: TEXT, maxNewTokens: 8 },
    (e) => events.push(e),
    new AbortController().signal,
  );
  assert.equal(events.at(-1)?.type, "end");
  const prompt = tokenizer.encode(TEXT, { addSpecialTokens: true }).ids.length;
  const steps = (run: string) =>
    events.flatMap((e) => (e.type === "step" && e.run === run && e.step ? [e.step] : []));
  const cache = steps("cache");
  const nocache = steps("nocache");
  assert.equal(cache.length, 8);
  assert.equal(nocache.length, 8);
  cache.forEach((s, t) => {
    assert.equal(s.ran, t === 0 ? prompt : 1);
    assert.equal(s.cached, prompt + t);
    if (t > 0) assert.ok(s.bytesUsed! > cache[t - 1].bytesUsed!, "the cache's bytes grow");
  });
  nocache.forEach((s, t) => {
    assert.equal(s.ran, prompt + t, "no cache: the whole sequence again");
  });
  const done = (run: string) =>
    events.find((e) => e.type === "done" && e.run === run) as Extract<GenerationEvent, { type: "done" }>;
  assert.equal(done("cache").generated.length, 8);
  assert.deepEqual(done("nocache").generated, done("cache").generated);
  // the two runs take turns: the first two steps are one of each
  const order = events.filter((e) => e.type === "step").map((e) => (e as { run: string }).run);
  assert.deepEqual(order.slice(0, 2), ["cache", "nocache"]);
  const text = events
    .filter((e) => e.type === "step" && e.run === "cache")
    .map((e) => (e as { text: string }).text)
    .join("");
  assert.equal(text, tokenizer.decode(done("cache").generated));
});

test("generation: a closed connection stops both runs; bad input and a busy lab are one-line errors", async () => {
  const { model, tokenizer } = await defaultModel();
  const abort = new AbortController();
  const events: GenerationEvent[] = [];
  await streamGenerations(
    model,
    tokenizer,
    { text: TEXT, maxNewTokens: 50 },
    (e) => {
      events.push(e);
      if (events.filter((x) => x.type === "step").length === 4) abort.abort();
    },
    abort.signal,
  );
  assert.equal(events.filter((e) => e.type === "step").length, 4);
  assert.ok(!events.some((e) => e.type === "done" || e.type === "end"));
  await assert.rejects(
    streamGenerations(model, tokenizer, { text: TEXT, maxNewTokens: 999 }, () => {}, abort.signal),
    /maxNewTokens: 999 is not an integer in \[1, 256\]/,
  );
  await assert.rejects(
    streamGenerations(model, tokenizer, { text: TEXT, runs: ["fast"] }, () => {}, abort.signal),
    /runs: expected a list of "cache" and\/or "nocache"/,
  );
  const lab = {};
  const release = takeSlot(lab, "a generation");
  assert.throws(
    () => takeSlot(lab, "a training run"),
    (e: unknown) =>
      e instanceof HttpError && e.status === 409 && /busy: a generation is running/.test(e.message),
  );
  release();
  takeSlot(lab, "a training run")();
});

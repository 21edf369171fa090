// The generation loop on a table-driven fake model (see fakes.ts): ids 0 <eos>, 1 <bos>, 2 "a",
// 3 "b", 4 " ", 5 "c", 6/7 the two bytes of "é", 8 "STOP", 9 "\n".
import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { generate, streamGenerate } from "../../src/generation/generate.ts";
import { FakeTokenizer, prefer, TableModel } from "./fakes.ts";

const tok = new FakeTokenizer();

test("greedy: prefill once, then one token per decode step, until EOS (not included)", async () => {
  // after <bos>→a, a→b, b→é(6), 6→7, 7→<eos>
  const model = new TableModel({ 1: prefer(2), 2: prefer(3), 3: prefer(6), 6: prefer(7), 7: prefer(0) });
  const r = await generate(model, tok, "", { temperature: 0 });
  assert.deepEqual(r.promptTokens, [1]);
  assert.deepEqual(r.generatedTokens, [2, 3, 6, 7]);
  assert.equal(r.text, "abé");
  assert.equal(r.stop, "eos");
  assert.equal(r.stopToken, 0);
  // prefill [1], then each generated token fed once; EOS is never fed
  assert.deepEqual(model.calls, [[1], [2], [3], [6], [7]]);
  assert.equal(r.timings.prefillTokens, 1);
  assert.equal(r.timings.decodeTokens, 4);
  assert.ok(r.timings.ttftMs >= 0 && r.timings.totalMs >= r.timings.ttftMs);
});

test("max new tokens: stop 'length', the last token is not fed to the model", async () => {
  const model = new TableModel({ 1: prefer(2), 2: prefer(2) });
  const r = await generate(model, tok, [1], { temperature: 0, maxNewTokens: 3 });
  assert.deepEqual(r.generatedTokens, [2, 2, 2]);
  assert.equal(r.stop, "length");
  assert.deepEqual(model.calls, [[1], [2], [2]]);
  assert.deepEqual(r.cachedTokens, [1, 2, 2]);
});

test("a full context ends generation with 'length'", async () => {
  const model = new TableModel({ 1: prefer(2), 2: prefer(2) }, 4);
  const r = await generate(model, tok, [1, 2], { temperature: 0, maxNewTokens: 100 });
  // context 4: prompt 2 + fed 2 generated; the third generated token is sampled but cannot be fed
  assert.deepEqual(r.generatedTokens, [2, 2, 2]);
  assert.equal(r.stop, "length");
});

test("several stop tokens; the tokenizer's EOS is the default", async () => {
  const model = new TableModel({ 1: prefer(2), 2: prefer(5), 5: prefer(0) });
  const r = await generate(model, tok, [1], { temperature: 0, stopTokens: [9, 5] });
  assert.deepEqual(r.generatedTokens, [2]);
  assert.equal(r.stopToken, 5);
  assert.equal(r.stop, "eos");
});

test("stop strings: text cut before them, streamed text never shows a partial stop string", async () => {
  // a, " ", S T O P via "STOP" token, then more
  const model = new TableModel({ 1: prefer(2), 2: prefer(4), 4: prefer(8), 8: prefer(3) });
  const stream = streamGenerate(model, tok, [1], { temperature: 0, stopStrings: [" STOP"] });
  const chunks: { id: number | null; text: string }[] = [];
  for await (const c of stream) chunks.push(c);
  const r = await stream.result;
  assert.equal(r.stop, "stop_string");
  assert.equal(r.text, "a");
  // " " was held back (it could start " STOP"), then dropped with the stop string
  assert.deepEqual(chunks, [
    { id: 2, text: "a" },
    { id: 4, text: "" },
    { id: 8, text: "" },
  ]);
  assert.deepEqual(r.generatedTokens, [2, 4, 8]);
  // held-back text that turns out not to be a stop string is released at the end
  const m2 = new TableModel({ 1: prefer(2), 2: prefer(4), 4: prefer(0) });
  const r2 = await generate(m2, tok, [1], { temperature: 0, stopStrings: [" STOP"] });
  assert.equal(r2.text, "a ");
  assert.equal(r2.stop, "eos");
});

test("streaming yields UTF-8-safe text whose concatenation is the result text", async () => {
  const model = new TableModel({ 1: prefer(6), 6: prefer(7), 7: prefer(2), 2: prefer(0) });
  const stream = streamGenerate(model, tok, [1], { temperature: 0 });
  const texts: string[] = [];
  for await (const c of stream) texts.push(c.text);
  assert.deepEqual(texts, ["", "é", "a"]);
  assert.equal((await stream.result).text, texts.join(""));
});

test("the first new piece keeps its leading space after a prompt (decoded with the prompt as context)", async () => {
  const spTok = new FakeTokenizer(undefined, true); // " " alone decodes to "", "a" + " " to "a "
  const model = new TableModel({ 2: prefer(4), 4: prefer(3), 3: prefer(0) });
  const r = await generate(model, spTok, [1, 2], { temperature: 0 });
  assert.deepEqual(r.generatedTokens, [4, 3]);
  assert.equal(r.text, " b");
});

test("sampling is repeatable with a seed, and the seed is reported", async () => {
  const flat = new TableModel({});
  const a = await generate(flat, tok, [1], { seed: 7, maxNewTokens: 12, stopTokens: [] });
  const b = await generate(new TableModel({}), tok, [1], { seed: 7, maxNewTokens: 12, stopTokens: [] });
  assert.deepEqual(a.generatedTokens, b.generatedTokens);
  assert.equal(a.seed, 7);
  assert.ok(new Set(a.generatedTokens).size > 1);
});

test("processors see prompt and generated tokens: no-repeat 1-gram never repeats a token", async () => {
  const flat = new TableModel({});
  const r = await generate(flat, tok, [1, 2], {
    seed: 3,
    maxNewTokens: 7,
    noRepeatNgramSize: 1,
    stopTokens: [],
  });
  const all = [...r.promptTokens, ...r.generatedTokens];
  assert.equal(new Set(all).size, all.length);
});

test("a reused session keeps the common prefix in the cache", async () => {
  const model = new TableModel({ 1: prefer(2), 2: prefer(3), 3: prefer(0), 5: prefer(0) });
  const first = await generate(model, tok, [1, 5, 2], { temperature: 0 });
  assert.deepEqual(first.cachedTokens, [1, 5, 2, 3]);
  model.calls.length = 0;
  const second = await generate(model, tok, [1, 5, 2, 3, 5], {
    temperature: 0,
    session: first.session,
    cachedTokens: first.cachedTokens,
  });
  assert.deepEqual(model.calls[0], [5]); // only the new token is prefilled
  assert.equal(second.timings.prefillTokens, 1);
  // a prompt that diverges earlier truncates the cache to the common prefix [1, 5]
  model.calls.length = 0;
  await generate(model, tok, [1, 5, 3], {
    temperature: 0,
    session: second.session,
    cachedTokens: second.cachedTokens,
  });
  assert.deepEqual(model.calls[0], [3]);
});

test("bad input is a TongguanError", async () => {
  const model = new TableModel({}, 4);
  await assert.rejects(generate(model, tok, [1, 2, 3, 4, 5]), TongguanError); // longer than the context
  await assert.rejects(generate(model, tok, [99]), TongguanError); // outside the vocabulary
  await assert.rejects(generate(model, tok, "", { addSpecialTokens: false }), TongguanError); // empty
  assert.throws(() => streamGenerate(model, tok, [1], { topP: 2 }), TongguanError);
});

test("awaiting the result alone runs the whole generation", async () => {
  const model = new TableModel({ 1: prefer(2), 2: prefer(0) });
  const r = await streamGenerate(model, tok, [1], { temperature: 0 }).result;
  assert.deepEqual(r.generatedTokens, [2]);
});

test("breaking out of the stream early rejects the result with a clear error", async () => {
  const model = new TableModel({ 1: prefer(2), 2: prefer(2) });
  const stream = streamGenerate(model, tok, [1], { temperature: 0, maxNewTokens: 10 });
  for await (const _ of stream) break;
  await assert.rejects(
    stream.result,
    (e: unknown) => e instanceof TongguanError && /stopped before/.test(e.message),
  );
  assert.deepEqual(model.calls, [[1]]); // nothing ran after the break
});

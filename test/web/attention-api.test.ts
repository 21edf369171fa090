// The Attention page's numbers are the engine's: a heatmap cell equals traceAttention's value and
// `tongguan trace --json`'s, rows are softmax(scores), the causal mask is null, bad input is one line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { traceAttention } from "../../src/instruments/attention-trace.ts";
import { ATTENTION_MAX_TOKENS, attentionView } from "../../src/web/routes/attention.ts";
import { runCli } from "../helpers/cli.ts";
import { DEFAULT_MODEL, defaultModel } from "./lab-model.ts";

const TEXT = "And God said, Let there be light";

test("attention view: every cell equals traceAttention's, the mask is null, rows are softmax(scores)", async () => {
  const { model, tokenizer } = await defaultModel();
  const view = attentionView(model, tokenizer, { text: TEXT, layer: 1 });
  const n = view.ids.length;
  assert.ok(n > 4, `${n} tokens`);
  assert.deepEqual(view.ids, tokenizer.encode(TEXT, { addSpecialTokens: true }).ids);
  assert.equal(view.tokens.length, n);
  assert.deepEqual(view.shapes.q, [n, view.heads, view.headDim]);
  assert.deepEqual(view.shapes.scores, [view.heads, n, n]);
  const tr = traceAttention(model, view.ids, { layers: [1] });
  assert.deepEqual(view.probs, tr.attention[0].probs);
  assert.deepEqual(view.scores, tr.attention[0].scores);
  for (let h = 0; h < view.heads; h++)
    for (let i = 0; i < n; i++) {
      assert.equal(view.scores[h][i][i + 1] ?? null, null, "a causal model hides later tokens");
      const row = view.scores[h][i].slice(0, i + 1) as number[];
      const max = Math.max(...row);
      const z = row.reduce((s, x) => s + Math.exp(x - max), 0);
      row.forEach((x, j) => {
        assert.ok(Math.abs(Math.exp(x - max) / z - view.probs[h][i][j]) < 1e-4);
      });
    }
  // another layer draws another picture
  const other = attentionView(model, tokenizer, { ids: view.ids, layer: 0 });
  assert.notDeepEqual(other.probs, view.probs);
});

test("attention view: a cell equals `tongguan trace --json`'s", async () => {
  const { model, tokenizer } = await defaultModel();
  const view = attentionView(model, tokenizer, { text: TEXT, layer: 2 });
  const r = await runCli(["trace", DEFAULT_MODEL, TEXT, "--layer", "2", "--head", "3", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const cli = JSON.parse(r.stdout);
  assert.deepEqual(cli.ids, view.ids);
  const n = view.ids.length;
  assert.equal(cli.attention[0].probs[0][n - 1][2], view.probs[3][n - 1][2]);
  assert.deepEqual(cli.attention[0].probs[0], view.probs[3]);
  assert.deepEqual(cli.attention[0].scores[0], view.scores[3]);
});

test("attention view: bad input is a one-line error naming the field", async () => {
  const { model, tokenizer } = await defaultModel();
  assert.throws(
    () => attentionView(model, tokenizer, { text: TEXT, layer: 9 }),
    /^TongguanError: layer: 9 is outside 0\.\.3/,
  );
  assert.throws(
    () => attentionView(model, tokenizer, { text: TEXT, layer: -1 }),
    /layer: -1 is not an integer/,
  );
  assert.throws(
    () => attentionView(model, tokenizer, { ids: [1, 99999] }),
    /ids: expected a list of token ids in 0\.\.2047/,
  );
  const limit = Math.min(ATTENTION_MAX_TOKENS, model.contextLength);
  assert.throws(
    () => attentionView(model, tokenizer, { text: "the day and the night ".repeat(40) }),
    new RegExp(`text: \\d+ tokens is more than this page takes \\(at most ${limit}\\)`),
  );
  assert.throws(() => attentionView(model, tokenizer, "hello"), /request body: expected a JSON object/);
});
